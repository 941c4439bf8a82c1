"""`citynet import pairs CSV`: city pairs from a list into cities and agreements."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli.common import NoCache, Root, command_group, emit, format_option, settings
from citynet.inert import inert
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Shape

import_app = command_group("Import records from outside data.")

FORMATS = Offer(Shape.TEXT, Shape.DATA)


def _text(summary: dict[str, Any]) -> str:
    verb = "would create" if summary["dry_run"] else "created"
    lines = [
        f"{summary['rows']} rows read",
        f"cities: {verb} {summary[CITIES.folder]['created']}, matched "
        f"{summary[CITIES.folder]['matched']} already in the registry",
        f"agreements: {verb} {summary[AGREEMENTS.folder]['created']}, "
        f"{summary[AGREEMENTS.folder]['existing']} already in the registry, "
        f"{summary[AGREEMENTS.folder]['confirmed_by_both']} confirmed by both sides "
        "(listed both ways), "
        f"{summary[AGREEMENTS.folder]['repeated_in_file']} rows repeating a pair the same way",
        f"skipped: {summary['skipped']['rows']} rows",
    ]
    for reason, count in sorted(summary["skipped"]["reasons"].items(), key=lambda i: -i[1]):
        lines.append(f"  {count:>5}  {inert(reason)}")
    return "\n".join(lines) + "\n"


@import_app.command("pairs", epilog="Example: citynet import pairs twin-cities.csv --dry-run")
def pairs(
    ctx: typer.Context,
    csv_file: Annotated[Path, typer.Argument(metavar="CSV", help="city1,country1,city2,country2 "
                                             "and optionally lat1,lng1,lat2,lng2.",
                                             show_default=False)],
    kind: Annotated[str, typer.Option(help="The kind of the agreements made (the list does not "
                                      "say).", metavar="KIND")] = "twinning",
    source: Annotated[str | None, typer.Option(metavar="TITLE", help="The title every new record "
                                               "cites (default: the file's name).")] = None,
    source_url: Annotated[str | None, typer.Option(metavar="URL",
                                                   help="The source's address.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; say what would "
                                          "change.")] = False,
    format: Annotated[str, format_option(FORMATS, help="The summary as text or JSON.")] = AUTO,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Import city pairs: match or create cities, create one agreement per pair."""
    from citynet.edit.importer import import_pairs

    folder = settings(ctx).registry_root()
    progress = None
    bar: Any = None
    if sys.stderr.isatty():
        from rich.progress import Progress

        bar = Progress(transient=True)
        task = bar.add_task("importing", total=None)

        def progress(done: int, total: int) -> None:
            if done % 200 == 0 or done == total:
                bar.update(task, completed=done, total=total)

        bar.start()
    try:
        summary = import_pairs(folder, csv_file, kind=kind, source=source, source_url=source_url,
                               dry_run=dry_run, progress=progress).as_dict()
    finally:
        if bar is not None:
            bar.stop()
    emit(FORMATS, format, Output({Shape.TEXT: lambda: _text(summary),
                                  Shape.DATA: lambda: summary}))


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
