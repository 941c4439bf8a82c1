"""`citynet export`: the whole registry as JSON, CSV, SQLite or GeoJSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import out, settings, warn


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    SQLITE = "sqlite"
    GEOJSON = "geojson"


def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="json (one document), csv (a folder of tables), sqlite, "
        "or geojson (cities as points, agreements as lines).")],
    output: Annotated[Path, typer.Option(help="The file (or, for csv, the folder) to write.",
                                         metavar="PATH")],
    force: Annotated[bool, typer.Option("--force", help="Replace the output if it exists.")
                     ] = False,
) -> None:
    """Export every valid record for analysis in other tools."""
    from citynet.publish.export import EXPORTERS
    from citynet.store.registry import load_checked

    registry, problems = load_checked(settings(ctx).registry_root(), settings(ctx).use_cache)
    counts = EXPORTERS[format.value](registry, output, force)
    out(f"{output}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + "\n")
    broken = {p.path for p in problems if str(p.severity) == "error"}
    if broken:
        warn(f"warning: {len(broken)} file(s) have errors and were left out; "
             "run 'citynet validate' to see them")
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet export --format sqlite --output citynet.db")(export)
