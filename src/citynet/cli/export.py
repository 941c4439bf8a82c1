"""`citynet export`: the whole registry as JSON, CSV, SQLite or GeoJSON."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli.common import EXIT_PROBLEMS, fail, out, tell_omissions, warn
from citynet.cli.loading import Rev, load_registry


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
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1, nothing written) if a record is left out because it "
        "has errors or names a record that is missing or has errors.")] = False,
    rev: Rev = None,
    history: Annotated[bool, typer.Option(
        "--history", help="sqlite: add a record_versions table, each commit's change to each "
        "record, from git history (up to --rev).")] = False,
) -> None:
    """Export every valid record for analysis in other tools."""
    from citynet.errors import BadOption
    from citynet.publish.export import EXPORTERS, select
    from citynet.store.output import plain_errors

    to_stdout = str(output) == "-"
    if to_stdout and format.value not in ("json", "geojson", "quickstatements"):
        raise BadOption("--output - (standard output) takes json, geojson or quickstatements, "
                        f"not {format.value}")
    if history and format is not ExportFormat.SQLITE:
        raise BadOption(f"--history takes --format sqlite, not {format.value}")
    from citynet.store.index import Wanted

    registry, problems = load_registry(ctx, rev, wanted=Wanted.of())
    selection = select(registry)
    # Files that are no record at all (a link, a stray file) are left out too.
    said = {o.path for o in selection.omitted} | {e.path for f in registry.entries.values()
                                                 for e in f.values()}
    others = sorted({p.path for p in problems if str(p.severity) == "error"} - said)
    for path in others:
        warn(f"{'error' if strict else 'warning'}: {path} has errors (run 'citynet validate'); "
             "left out of the export")
    tell_omissions(selection.omitted, "left out of the export", "left out of the export", strict)
    if strict and others:
        fail(f"error: {len(others)} file(s) with errors; nothing was published (--strict)",
             EXIT_PROBLEMS)
    if history:
        from citynet.publish.export import export_sqlite
        from citynet.query.history import record_versions

        versions = record_versions(registry.root, rev or "HEAD")
        with plain_errors("--output", output):
            counts = export_sqlite(selection, output, force, versions)
    elif to_stdout:
        with plain_errors("--output", output):  # the temporary copy can meet a full disk too
            counts = _to_stdout(EXPORTERS[format.value], selection)
    else:
        with plain_errors("--output", output):
            counts = EXPORTERS[format.value](selection, output, force)
    summary = f"{output}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + "\n"
    (sys.stderr.write if to_stdout else out)(summary)
    sys.stdout.flush()


def _to_stdout(exporter: Any, selection: Any) -> dict[str, int]:
    """Export into a private temporary folder, then copy the file to standard output."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="citynet-export.") as folder:
        path = Path(folder) / "export"
        counts = exporter(selection, path, False)
        sys.stdout.flush()
        with open(path, "rb") as stream:
            shutil.copyfileobj(stream, sys.stdout.buffer)
    return counts


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet export --format sqlite --output citynet.db")(export)
