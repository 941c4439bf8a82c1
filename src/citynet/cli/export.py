"""`citynet export`: the whole registry as JSON, CSV, SQLite, GeoJSON …"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import (
    EXIT_PROBLEMS,
    NoCache,
    Rev,
    Root,
    fail,
    format_option,
    out,
    settings,
    tell_omissions,
    warn,
)
from citynet.cli.loading import load_registry
from citynet.inert import inert
from citynet.publish.formats import WRITERS, Form, Offer
from citynet.publish.shapes import Shape

FORMATS = Offer(Shape.DATA, Shape.TABLES, Shape.FEATURES, Shape.STATEMENTS, Shape.PACKAGE,
               Shape.POPOLO)
LICENSE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")
"""An SPDX licence identifier (CC-BY-4.0, ODbL-1.0, CC0-1.0 …)."""


def export(
    ctx: typer.Context,
    format: Annotated[str, format_option(
        FORMATS, help="json (one document), csv (a folder of tables), sqlite, datapackage (a "
        "folder: the CSV tables and datapackage.json), popolo (organizations, memberships, "
        "posts, areas), geojson (cities as points, agreements and projects as lines), or "
        "quickstatements (Wikidata).")],
    output: Annotated[Path, typer.Option(
        help="The file (or, for csv and datapackage, the folder) to write; - for standard "
        "output (json, popolo, geojson, quickstatements).", metavar="PATH")],
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output if it exists (a folder only if citynet made it).")
    ] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail (exit 1, nothing written) if a record is left out because it "
        "has errors or names a record that is missing or has errors.")] = False,
    rev: Rev = None,
    history: Annotated[bool, typer.Option(
        "--history", help="Tables (sqlite, csv, datapackage): add a record_versions table, "
        "each commit's change to each record, from git history (up to --rev).")] = False,
    license: Annotated[list[str] | None, typer.Option(
        "--license", metavar="SPDX", show_default=False,
        help="datapackage: a licence the data is published under, by its SPDX id "
        "(CC-BY-4.0, ODbL-1.0 …); repeatable. Without it the package names none.")] = None,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Export every valid record for analysis in other tools."""
    from citynet.errors import BadOption
    from citynet.publish.export import Export, check_target, save, select
    from citynet.store.output import plain_errors

    way = FORMATS.way(format)
    to_stdout = str(output) == "-"
    if to_stdout and way.form is not Form.TEXT:
        text = ", ".join(n for n in FORMATS.writers if FORMATS.way(n).form is Form.TEXT)
        raise BadOption(f"--output - (standard output) takes {text}, not {format}")
    tabular = (Shape.TABLES, Shape.PACKAGE)
    if history and way.shape not in tabular:
        tables = ", ".join(n for n in FORMATS.writers if FORMATS.way(n).shape in tabular)
        raise BadOption(f"--history takes a format of tables ({tables}), not {format}")
    if license and way.shape is not Shape.PACKAGE:
        raise BadOption(f"--license applies to datapackage, not {format}")
    for name in license or ():
        if not LICENSE.match(name):
            raise BadOption(f"--license {name!r} is not an SPDX licence id, such as "
                            "CC-BY-4.0")
    from citynet.store.index import Wanted

    current = settings(ctx)
    folder = current.registry_root()
    if not to_stdout:
        with plain_errors("--output", output):
            check_target(output, way.form, force, folder)
    registry, problems = load_registry(ctx, root=folder, wanted=Wanted.of())
    selection = select(registry)
    # Files that are no record at all (a link, a stray file) are left out too.
    said = {o.path for o in selection.omitted} | {e.path for f in registry.entries.values()
                                                 for e in f.values()}
    others = sorted({p.path for p in problems if str(p.severity) == "error"} - said)
    for path in others:
        warn(f"{'error' if strict else 'warning'}: {inert(path)} has errors (run 'citynet "
             "validate'); left out of the export")
    tell_omissions(selection.omitted, "left out of the export", "left out of the export", strict)
    if strict and others:
        fail(f"error: {len(others)} file(s) with errors; nothing was published (--strict)",
             EXIT_PROBLEMS)
    versions = None
    if history:
        from citynet.query.history import record_versions

        versions = record_versions(registry.root, current.rev or "HEAD")
    licenses = [{"name": name, "path": f"https://spdx.org/licenses/{name}.html"}
                for name in license or ()]
    exported = Export(selection, versions, licenses)
    with plain_errors("--output", output):
        written = FORMATS.write(format, exported.output())
        if to_stdout:
            out(written, made_inert=WRITERS[FORMATS.choose(format)].made_inert)
        else:
            save(written, output, force, folder, made_by=f"citynet export --format {format}")
    summary = f"{inert(output)}: " + ", ".join(f"{n} {kind}" for kind, n in
                                               exported.counts.items())
    (warn if to_stdout else out)(summary if to_stdout else summary + "\n")
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet export --format sqlite --output citynet.db")(export)
