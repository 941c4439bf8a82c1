"""`citynet export`: the whole registry as JSON, CSV, SQLite or GeoJSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli.common import out, settings, warn


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    SQLITE = "sqlite"
    GEOJSON = "geojson"
    QUICKSTATEMENTS = "quickstatements"


def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option(
        "--format", "-f", help="json (one document), csv (a folder of tables), sqlite, "
        "geojson (cities as points, agreements as lines), or quickstatements (Wikidata "
        "P190).")],
    output: Annotated[Path, typer.Option(
        help="The file (or, for csv, the folder) to write; - for standard output (json, "
        "geojson, quickstatements).", metavar="PATH")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output if it exists (a folder only if citynet made it).")
    ] = False,
) -> None:
    """Export every valid record for analysis in other tools."""
    from citynet.errors import BadOption
    from citynet.publish.export import EXPORTERS
    from citynet.store.output import plain_errors
    from citynet.store.registry import load_checked

    to_stdout = str(output) == "-"
    if to_stdout and format.value not in ("json", "geojson", "quickstatements"):
        raise BadOption("--output - (standard output) takes json, geojson or quickstatements, "
                        f"not {format.value}")
    registry, problems = load_checked(settings(ctx).registry_root(), settings(ctx).use_cache)
    if to_stdout:
        counts = _to_stdout(EXPORTERS[format.value], registry)
    else:
        with plain_errors("--output", output):
            counts = EXPORTERS[format.value](registry, output, force)
    summary = f"{output}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + "\n"
    (sys.stderr.write if to_stdout else out)(summary)
    broken = {p.path for p in problems if str(p.severity) == "error"}
    if broken:
        warn(f"warning: {len(broken)} file(s) have errors and were left out; "
             "run 'citynet validate' to see them")
    sys.stdout.flush()


def _to_stdout(exporter: Any, registry: Any) -> dict[str, int]:
    """Export into a private temporary folder, then copy the file to standard output."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="citynet-export.") as folder:
        path = Path(folder) / "export"
        counts = exporter(registry, path, False)
        sys.stdout.flush()
        with open(path, "rb") as stream:
            shutil.copyfileobj(stream, sys.stdout.buffer)
    return counts


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet export --format sqlite --output citynet.db")(export)
