"""`citynet fmt`: rewrite records in the canonical form, comments and values kept."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import EXIT_OK, EXIT_PROBLEMS, NoCache, Root, out, settings, shown, warn
from citynet.inert import inert


def fmt(
    ctx: typer.Context,
    paths: Annotated[list[Path] | None, typer.Argument(metavar="PATHS",
        help="Only these files or folders (default: every record).", show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Write nothing; exit 1 and name the "
                                        "files that are not canonical.")] = False,
    diff: Annotated[bool, typer.Option("--diff", help="Write nothing; print what would change "
                                       "as a unified diff.")] = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Rewrite record files in the canonical form (key order, indentation, quoting).

    Comments and values are kept exactly; a file that cannot be formatted
    safely is reported and left untouched. Idempotent.
    """
    from citynet.edit.fmt import format_registry

    folder = settings(ctx).registry_root()
    outcomes = format_registry(folder, paths or [], write=not (check or diff), want_diff=diff)
    changed = [o for o in outcomes if o.changed]
    unread = [o for o in outcomes if not o.read]
    failed = [o for o in outcomes if o.problem and o.read]
    lines = []
    for outcome in unread + failed:
        assert outcome.problem
        warn(f"{inert(shown(folder, outcome.path))}: error [{outcome.problem.code}] "
             f"{inert(outcome.problem.message)}")
    if diff:
        out(inert("".join(o.diff for o in changed), lines=True))
    verb = "would reformat" if (check or diff) else "reformatted"
    if not diff:
        lines += [f"{verb} {inert(shown(folder, o.path))}" for o in changed]
    summary = f"{len(changed)} file{'s' if len(changed) != 1 else ''} {verb}, " \
              f"{len(outcomes) - len(changed) - len(failed) - len(unread)} unchanged"
    if failed:
        summary += f", {len(failed)} could not be formatted"
    if unread:
        summary += f", {len(unread)} path{'s' if len(unread) != 1 else ''} not read"
    lines.append(summary)
    (warn if diff else out)("\n".join(lines) + ("" if diff else "\n"))
    problems = bool(failed) or bool(unread) or ((check or diff) and bool(changed) and check)
    raise typer.Exit(EXIT_PROBLEMS if problems else EXIT_OK)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet fmt --check --diff")(fmt)
