"""`citynet export`: the whole registry for analysts' own tools.

Four writers of the same records: JSON (one document, records as `list
--format json` prints them), CSV (a folder: one file per kind plus long-format
tables for the many-valued parts), SQLite (a table per kind with primary and
foreign keys, and the same long tables) and GeoJSON (cities as points,
agreements as lines). Every file is written atomically; nothing existing is
replaced without `force`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import AGREEMENTS, CITIES, KINDS, Kind
from citynet.publish.formats import csv_safe, dumps
from citynet.query.rows import export_row, flat, records
from citynet.store.atomic import write_atomic
from citynet.store.registry import Registry

GENERAL_TABLES: dict[str, list[str]] = {
    "names": ["kind", "id", "lang", "name"],
    "sources": ["kind", "id", "position", "title", "url", "as_of", "note"],
}
"""Long tables every kind has a share in; each kind declares its own besides."""


def long_tables() -> dict[str, list[str]]:
    """Every long table's name and columns: the general ones, then each kind's."""
    return GENERAL_TABLES | {t.name: list(t.columns) for k in KINDS.values()
                             for t in k.long_tables}


def foreign_keys(kind: Kind) -> dict[str, str]:
    """Export column -> target folder, for each column that holds a declared reference."""
    return {c.name: target for c in kind.export if (target := kind.target(c.source))}


def _records(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    return {folder: records(registry.of_kind(folder)) for folder in KINDS}


def long_rows(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[list[Any]]]:
    tables: dict[str, list[list[Any]]] = {name: [] for name in long_tables()}
    for folder, items in records.items():
        kind = KINDS[folder]
        for record in items:
            for lang, name in (record.get("names") or {}).items():
                tables["names"].append([kind.name, record["id"], lang, name])
            for position, source in enumerate(record.get("sources") or [], start=1):
                tables["sources"].append([kind.name, record["id"], position, source.get("title"),
                                          source.get("url"), flat(source.get("as_of")),
                                          source.get("note")])
            for table in kind.long_tables:
                tables[table.name].extend([flat(v) for v in row] for row in table.rows(record))
    return tables


def _check_target(path: Path, force: bool, root: Path, kind: str = "file") -> None:
    from citynet.store.output import check_output

    check_output(path, kind=kind, force=force, root=root)


def export_json(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    _check_target(path, force, registry.root)
    stored = _records(registry)
    write_atomic(path, dumps(stored))
    return {k: len(v) for k, v in stored.items()}


def _csv(header: list[str], rows: Any) -> str:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else csv_safe(v) if isinstance(v, str)
                         else ("true" if v is True else "false" if v is False else v)
                         for v in row])
    return buffer.getvalue()


def export_csv(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    from citynet.store.atomic import staging_folder

    _check_target(path, force, registry.root, "folder")
    stored = _records(registry)
    staging = staging_folder(path)
    try:
        for folder, items in stored.items():
            kind = KINDS[folder]
            write_atomic(staging / f"{folder}.csv", _csv([c.name for c in kind.export],
                                                         (export_row(kind, r) for r in items)),
                         durable=False)
        tables = long_tables()
        for name, rows in long_rows(stored).items():
            write_atomic(staging / f"{name}.csv", _csv(tables[name], rows), durable=False)
        _replace_folder(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {k: len(v) for k, v in stored.items()}


def _replace_folder(staging: Path, target: Path) -> None:
    from citynet.store.atomic import replace_folder
    from citynet.store.output import check_output

    check_output(target, kind="folder", force=True, label="--output")  # still ours?
    replace_folder(staging, target, made_by="citynet export --format csv")


def _sqlite_bytes(stored: dict[str, list[dict[str, Any]]], folder: Path) -> bytes:
    """The database, built in a scratch file (SQLite needs one) and read back whole."""
    import sqlite3

    scratch = Path(tempfile.mkdtemp(prefix=".export.", dir=folder))
    try:
        connection = sqlite3.connect(scratch / "db")
        with connection:
            for folder_name, kind in KINDS.items():
                columns = [f'"{c.name}" {c.sql}' + (" PRIMARY KEY" if c.name == "id" else "")
                           for c in kind.export]
                columns.append('"record" TEXT')
                for column, target in foreign_keys(kind).items():
                    columns.append(f'FOREIGN KEY ("{column}") REFERENCES "{target}" ("id")')
                connection.execute(f'CREATE TABLE "{folder_name}" ({", ".join(columns)})')
                marks = ", ".join("?" * (len(kind.export) + 1))
                connection.executemany(
                    f'INSERT INTO "{folder_name}" VALUES ({marks})',
                    [[*export_row(kind, record), dumps(record, pretty=False)]
                     for record in stored[folder_name]],
                )
            references = {t.name: dict(t.references) for k in KINDS.values()
                          for t in k.long_tables}
            tables = long_tables()
            for name, rows in long_rows(stored).items():
                columns = [f'"{c}"' for c in tables[name]]
                columns += [f'FOREIGN KEY ("{c}") REFERENCES "{t}" ("id")'
                            for c, t in references.get(name, {}).items()]
                connection.execute(f'CREATE TABLE "{name}" ({", ".join(columns)})')
                marks = ", ".join("?" * len(tables[name]))
                connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        connection.close()
        return (scratch / "db").read_bytes()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def export_sqlite(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    _check_target(path, force, registry.root)
    stored = _records(registry)
    write_atomic(path, _sqlite_bytes(stored, path.parent))
    return {k: len(v) for k, v in stored.items()}


def export_geojson(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    _check_target(path, force, registry.root)
    points: dict[str, list[float]] = {}
    features = []
    for entry in registry.of_kind(CITIES.folder):
        location = entry.raw.get("location")
        if not location:
            continue
        point = [location["lon"], location["lat"]]
        points[entry.id] = point
        features.append({
            "type": "Feature", "id": entry.id,
            "geometry": {"type": "Point", "coordinates": point},
            "properties": {"kind": CITIES.name, "id": entry.id, "name": entry.raw["names"]["en"],
                           "country": entry.raw["country"], "capital": bool(entry.raw.get("capital"))},
        })
    lines = 0
    for entry in registry.of_kind(AGREEMENTS.folder):
        a, b = entry.raw["parties"]
        if a in points and b in points:
            lines += 1
            features.append({
                "type": "Feature", "id": entry.id,
                "geometry": {"type": "LineString", "coordinates": [points[a], points[b]]},
                "properties": {"kind": AGREEMENTS.name, "id": entry.id,
                               AGREEMENTS.name: entry.raw["kind"], "parties": [a, b],
                               "signed": flat(entry.raw.get("signed"))},
            })
    write_atomic(path, dumps({"type": "FeatureCollection", "features": features},
                             pretty=False) + "\n")
    return {CITIES.folder: len(points), AGREEMENTS.folder: lines}


def export_quickstatements(registry: Registry, path: Path, force: bool = False
                           ) -> dict[str, int]:
    """Wikidata P190 statements for agreements between cities with Q-ids (publish/wikidata.py)."""
    from citynet.publish.wikidata import export_quickstatements as write

    return write(registry, path, force)


EXPORTERS: dict[str, Callable[[Registry, Path, bool], dict[str, int]]] = {
    "json": export_json,
    "csv": export_csv,
    "sqlite": export_sqlite,
    "geojson": export_geojson,
    "quickstatements": export_quickstatements,
}
