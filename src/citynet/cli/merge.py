"""`citynet merge KEEP DROP`: two records of one city become one, and KEEP remembers DROP."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import NoCache, Root, out, settings, shown, warn
from citynet.inert import inert
from citynet.model.kinds import CITIES


class Prefer(StrEnum):
    KEEP = "keep"
    DROP = "drop"


def merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="KEEP", show_default=False,
                                        help="The city that stays.",
                                        autocompletion=complete.ids(CITIES.folder))],
    drop: Annotated[str, typer.Argument(metavar="DROP", show_default=False,
                                        help="The city merged into it, then deleted.",
                                        autocompletion=complete.ids(CITIES.folder))],
    prefer: Annotated[Prefer | None, typer.Option(
        "--prefer", show_default=False, metavar="[" + "|".join(Prefer) + "]",
        help="Whose value wins where both have a field: keep or drop.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; print the edits "
                                          "as a unified diff.")] = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Merge the city DROP into KEEP: references, names, sources and fields.

    Every reference to DROP is rewritten to KEEP; KEEP takes the names,
    sources and fields it lacks (a field both have with different values
    stops the merge unless --prefer). DROP is deleted and its id goes to
    KEEP's aliases, so later imports map it to KEEP; inside git every change is staged.
    Agreements or memberships that would be recorded twice stop it. The
    result is validated before anything is written.
    """
    from citynet.edit.merge import merge as merge_cities

    current = settings(ctx)
    folder = current.registry_root()
    plan = merge_cities(folder, keep, drop,
                        prefer=prefer.value if prefer else None, dry_run=dry_run,
                        use_cache=current.use_cache)
    if dry_run:
        out(inert(plan.diff(), lines=True))
        return
    lines = []
    for change in plan.changes:
        verb = "deleted" if change.deleted else "renamed" if change.moved else "edited "
        target = f" -> {inert(shown(folder, change.new_path))}" \
            if change.moved and not change.deleted else ""
        lines.append(f"{verb} {inert(shown(folder, change.path))}{target}")
    lines.append(f"city {inert(drop)} is merged into {inert(keep)}: {len(plan.changes)} file"
                 f"{'s' if len(plan.changes) != 1 else ''} changed")
    out("\n".join(lines) + "\n")
    if plan.index_left:
        warn(f"warning: {plan.index_left}")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet merge lodz odz --prefer keep --dry-run")(merge)
