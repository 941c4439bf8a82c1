"""`citynet export`: the whole registry as JSON, CSV, SQLite or GeoJSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli.common import out, warn
from citynet.cli.loading import Rev, load_registry


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
    output: Annotated[Path, typer.Option(
        help="The file (or, for csv, the folder) to write; - for standard output (json, "
        "geojson).", metavar="PATH")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output if it exists (a folder only if citynet made it).")
    ] = False,
    rev: Rev = None,
    history: Annotated[bool, typer.Option(
        "--history", help="sqlite: add a record_versions table, each commit's change to each "
        "record, from git history (up to --rev).")] = False,
) -> None:
    """Export every valid record for analysis in other tools."""
    from citynet.errors import BadOption
    from citynet.publish.export import EXPORTERS
    from citynet.store.output import plain_errors

    to_stdout = str(output) == "-"
    if to_stdout and format.value not in ("json", "geojson"):
        raise BadOption(f"--output - (standard output) takes json or geojson, not {format.value}")
    if history and format is not ExportFormat.SQLITE:
        raise BadOption(f"--history takes --format sqlite, not {format.value}")
    registry, problems = load_registry(ctx, rev)
    if history:
        from citynet.publish.export import export_sqlite
        from citynet.query.history import record_versions

        versions = record_versions(registry.root, rev or "HEAD")
        with plain_errors("--output", output):
            counts = export_sqlite(registry, output, force, versions)
    elif to_stdout:
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
