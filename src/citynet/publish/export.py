"""`citynet export`: the whole registry for analysts' own tools.

Four writers of the same records: JSON (one document, records as `list
--format json` prints them), CSV (a folder: one file per kind plus long-format
tables for the many-valued parts), SQLite (a table per kind with primary and
foreign keys, and the same long tables) and GeoJSON (cities as points,
agreements as lines). Every file is written atomically; nothing existing is
replaced without `force`.

Nothing is published on a broken reference: `select()` leaves out every record
whose file has errors and every record that names one missing or left out, and
returns those omissions for the command to say.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model.kinds import AGREEMENTS, CITIES, KINDS, Kind
from citynet.publish.formats import csv_safe, dumps
from citynet.query.omissions import Omission, publishable
from citynet.query.rows import export_row, flat, records
from citynet.store.atomic import write_atomic
from citynet.store.registry import Entry, Registry

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


@dataclass(frozen=True)
class Selection:
    """What an export publishes: the registry's root, the records kept, those left out."""

    root: Path
    entries: dict[str, list[Entry]]
    omitted: list[Omission]

    def of_kind(self, folder: str) -> list[Entry]:
        """The kept records of a kind, in id order, as `Registry.of_kind` gives them."""
        return sorted(self.entries[folder], key=lambda entry: entry.id)


def select(registry: Registry) -> Selection:
    """The records an export may publish, and each one left out with the reason."""
    entries, omitted = publishable(registry)
    return Selection(registry.root, entries, omitted)


def _records(selection: Selection) -> dict[str, list[dict[str, Any]]]:
    return {folder: records(selection.entries[folder]) for folder in KINDS}


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


def export_json(selection: Selection, path: Path, force: bool = False) -> dict[str, int]:
    _check_target(path, force, selection.root)
    stored = _records(selection)
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


def export_csv(selection: Selection, path: Path, force: bool = False) -> dict[str, int]:
    from citynet.store.atomic import staged_folder

    _check_target(path, force, selection.root, "folder")
    stored = _records(selection)
    with staged_folder(path) as staging:
        for folder, items in stored.items():
            kind = KINDS[folder]
            write_atomic(staging / f"{folder}.csv", _csv([c.name for c in kind.export],
                                                         (export_row(kind, r) for r in items)),
                         durable=False)
        tables = long_tables()
        for name, rows in long_rows(stored).items():
            write_atomic(staging / f"{name}.csv", _csv(tables[name], rows), durable=False)
        _replace_folder(staging, path)
    return {k: len(v) for k, v in stored.items()}


def _replace_folder(staging: Path, target: Path) -> None:
    from citynet.store.atomic import replace_folder
    from citynet.store.output import check_output

    check_output(target, kind="folder", force=True, label="--output")  # still ours?
    replace_folder(staging, target, made_by="citynet export --format csv")


VERSION_COLUMNS = ["kind", "id", "commit", "committed_at", "author", "change", "record"]
"""`record_versions`: each commit's change to each record (export --history)."""


def _sqlite_bytes(stored: dict[str, list[dict[str, Any]]], target: Path,
                  versions: list[Any] | None = None) -> bytes:
    """The database, built in a scratch file (SQLite needs one) and read back whole."""
    import sqlite3

    from citynet.store.atomic import staged_folder

    with staged_folder(target) as scratch:
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
            if versions is not None:
                _versions_table(connection, versions)
        connection.close()
        return (scratch / "db").read_bytes()


def _versions_table(connection: Any, versions: list[Any]) -> None:
    connection.execute('CREATE TABLE "record_versions" ('
                       + ", ".join(f'"{c}" TEXT' for c in VERSION_COLUMNS) + ")")
    connection.executemany(
        f'INSERT INTO "record_versions" VALUES ({", ".join("?" * len(VERSION_COLUMNS))})',
        [[v.kind, v.id, v.commit, v.committed_at, v.author, v.change,
          None if v.record is None else dumps(v.record, pretty=False)] for v in versions])
    connection.execute('CREATE INDEX "record_versions_by_id" ON "record_versions" '
                       '("kind", "id", "committed_at")')


def export_sqlite(selection: Selection, path: Path, force: bool = False,
                  versions: list[Any] | None = None) -> dict[str, int]:
    """The database; with `versions` (query.history.record_versions), a `record_versions`
    table of each record's history as well."""
    _check_target(path, force, selection.root)
    stored = _records(selection)
    write_atomic(path, _sqlite_bytes(stored, path, versions))
    counts = {k: len(v) for k, v in stored.items()}
    return counts | ({"record_versions": len(versions)} if versions is not None else {})


def export_geojson(selection: Selection, path: Path, force: bool = False) -> dict[str, int]:
    _check_target(path, force, selection.root)
    points: dict[str, list[float]] = {}
    features = []
    for entry in selection.entries[CITIES.folder]:
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
    for entry in selection.entries[AGREEMENTS.folder]:
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


def export_quickstatements(selection: Selection, path: Path, force: bool = False
                           ) -> dict[str, int]:
    """Wikidata P190 statements for agreements between cities with Q-ids (publish/wikidata.py)."""
    from citynet.publish.wikidata import export_quickstatements as write

    return write(selection, path, force)


EXPORTERS: dict[str, Callable[[Selection, Path, bool], dict[str, int]]] = {
    "json": export_json,
    "csv": export_csv,
    "sqlite": export_sqlite,
    "geojson": export_geojson,
    "quickstatements": export_quickstatements,
}
