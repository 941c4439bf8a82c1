"""`citynet succeed NEW --from OLD`: municipalities merged into another, or renamed as it."""

from __future__ import annotations

from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import NoCache, Root, out, settings, shown
from citynet.cli.steps import Date, DryRun, Source, SourceAsOf, SourceUrl
from citynet.inert import inert
from citynet.model.kinds import CITIES


def succeed(
    ctx: typer.Context,
    new: Annotated[str, typer.Argument(metavar="NEW", help="The city that succeeded them.",
                                       show_default=False,
                                       autocompletion=complete.ids(CITIES.folder))],
    olds: Annotated[list[str], typer.Option(
        "--from", metavar="OLD", show_default=False, autocompletion=complete.ids(CITIES.folder),
        help="A city it succeeded (repeatable, or comma-separated).")],
    date: Date,
    source: Source,
    renamed: Annotated[bool, typer.Option("--renamed", help="NEW is OLD renamed, not a "
                                          "merger.")] = False,
    source_url: SourceUrl = None,
    source_as_of: SourceAsOf = None,
    dry_run: DryRun = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Record that cities merged into another (or were renamed as it) on a date.

    NEW carries on their agreements still in force on that date: `list agreements --city
    NEW` and `report partners NEW` include them, marked as inherited.
    """
    from citynet.edit.succeed import succeed as record
    from citynet.model.terms import Succession

    current = settings(ctx)
    folder = current.registry_root()
    change = record(folder, new, olds, date, source,
                    how=Succession.RENAMED if renamed else Succession.MERGED,
                    source_url=source_url, source_as_of=source_as_of, dry_run=dry_run,
                    use_cache=current.use_cache)
    if dry_run:
        out(change.diff())
        return
    out(f"{inert(change.id)} succeeded {inert(', '.join(dict.fromkeys(olds)))} ({change.step}) "
        f"on {inert(change.date)}: {inert(shown(folder, change.path))}\n")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet succeed cherbourg-en-cotentin --from "
                "cherbourg-octeville --from tourlaville --date 2016-01-01 --source "
                "'Partnerstadt Cherbourg-en-Cotentin'")(succeed)
