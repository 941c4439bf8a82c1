"""`citynet rename KIND OLD NEW`: a record's new id, and every reference to it with it."""

from __future__ import annotations

from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import NoCache, Root, out, settings, shown, warn
from citynet.inert import inert


def rename(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", show_default=False,
                                        help="The record's kind: city, organisation …",
                                        autocompletion=complete.kind_singulars)],
    old: Annotated[str, typer.Argument(metavar="OLD", help="Its id now.", show_default=False,
                                      autocompletion=complete.ids_of_kind_given)],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new id (a slug).",
                                       show_default=False)],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; print the edits "
                                          "as a unified diff.")] = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Rename a record: its file, its id, and every reference to it in every record.

    Agreements and memberships whose ids are made from the old id are renamed
    too. Each file is edited only where the id is written, so comments and
    layout stay. The result is validated before anything is written, and
    written whole or not at all; inside git every change is staged.
    """
    from citynet.edit.rename import rename as rename_record

    current = settings(ctx)
    folder = current.registry_root()
    plan = rename_record(folder, kind, old, new, dry_run=dry_run,
                         use_cache=current.use_cache)
    if dry_run:
        out(inert(plan.diff(), lines=True))
        return
    lines = []
    for change in plan.changes:
        if change.moved:
            lines.append(f"renamed {inert(shown(folder, change.path))} -> "
                         f"{inert(shown(folder, change.new_path))}")
        else:
            lines.append(f"edited  {inert(shown(folder, change.path))}")
    edited = sum(1 for c in plan.changes if c.before != c.after or c.moved)
    lines.append(f"{plan.kind.name} {inert(old)} is now {inert(new)}: {edited} file"
                 f"{'s' if edited != 1 else ''} changed")
    out("\n".join(lines) + "\n")
    if plan.index_left:
        warn(f"warning: {plan.index_left}")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet rename city taipei taipei-city --dry-run")(rename)
