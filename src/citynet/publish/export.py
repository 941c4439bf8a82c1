"""`citynet export`: the whole registry for analysts' own tools.

The same records in the shapes the writers read (`citynet.publish.formats`):
plain data (`--format json`: records as `list --format json` prints them, every
date as text), tables (`csv`, a folder: one file per kind plus long-format
tables for the many-valued parts, lifecycles' steps and cities' predecessors
among them; `sqlite`, a table per kind with primary and foreign keys, and the
same long tables), a data package (`datapackage`: the CSV tables described by
Table Schemas, with the sources and licences), Popolo (`popolo`), features
(`geojson`: cities as points, agreements as lines) and QuickStatements
(Wikidata). Every file is written atomically; nothing existing is replaced
without `force`.

Nothing is published on a broken reference: `select()` leaves out every record
whose file has errors and every record that names one missing or left out, and
returns those omissions for the command to say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model.kinds import AGREEMENTS, CITIES, KINDS, PROJECTS, Kind
from citynet.publish.formats import Form, dumps, flat
from citynet.publish.shapes import Folder, Output, Package, Shape, Table
from citynet.query.omissions import Omission, publishable
from citynet.query.rows import records, value_at
from citynet.store.registry import Entry, Registry

GENERAL_TABLES: dict[str, list[str]] = {
    "names": ["kind", "id", "lang", "name"],
    "sources": ["kind", "id", "position", "title", "url", "as_of", "note"],
}
"""Long tables every kind has a share in; each kind declares its own besides."""
GENERAL_KEYS = {"names": ("kind", "id", "lang"), "sources": ("kind", "id", "position")}


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
    """Each kind's records as stored, every date as text (a bare year "1968" as "2017-03"
    is): one type a column for typed readers (DuckDB, pandas)."""
    from citynet.model.paths import dates_as_text

    return {folder: [dates_as_text(record, kind.date_paths)
                     for record in records(selection.entries[folder])]
            for folder, kind in KINDS.items()}


def export_row(kind: Kind, record: dict[str, Any]) -> list[Any]:
    """One record's flat export row, in the order of the kind's export columns."""
    return [flat(column.derive(record) if column.derive else value_at(record, column.source))
            for column in kind.export]


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


VERSION_COLUMNS = ["kind", "id", "commit", "committed_at", "author", "change", "record"]
"""`record_versions`: each commit's change to each record (export --history)."""


def tables(stored: dict[str, list[dict[str, Any]]], versions: list[Any] | None = None
           ) -> list[Table]:
    """A table per kind (its export columns and the record as JSON), the long tables, and with
    `versions` (query.history.record_versions) a `record_versions` table."""
    found = []
    for folder, kind in KINDS.items():
        found.append(Table(folder, [c.name for c in kind.export],
                           [export_row(kind, record) for record in stored[folder]],
                           types=[c.sql for c in kind.export], key=("id",),
                           references=foreign_keys(kind),
                           records=[dumps(record, pretty=False) for record in stored[folder]]))
    references = {t.name: dict(t.references) for k in KINDS.values() for t in k.long_tables}
    keys = GENERAL_KEYS | {t.name: t.key for k in KINDS.values() for t in k.long_tables}
    columns = long_tables()
    found += [Table(name, columns[name], rows, references=references.get(name, {}),
                    key=keys.get(name, ()))
              for name, rows in long_rows(stored).items()]
    if versions is not None:
        found.append(Table("record_versions", VERSION_COLUMNS, [
            [v.kind, v.id, v.commit, v.committed_at, v.author, v.change,
             None if v.record is None else dumps(v.record, pretty=False)] for v in versions],
            types=["TEXT"] * len(VERSION_COLUMNS),
            index=("record_versions_by_id", ("kind", "id", "committed_at"))))
    return found


def features(selection: Selection) -> dict[str, Any]:
    """Cities with a location as points (with the cities they succeeded), agreements between
    two of them as lines (with their state and steps), and projects as lines from the
    provider to each recipient."""
    from citynet.model.lifecycle import end_date, status
    from citynet.model.paths import dates_as_text

    points: dict[str, list[float]] = {}
    found = []
    for entry in selection.entries[CITIES.folder]:
        location = entry.raw.get("location")
        if not location:
            continue
        point = [location["lon"], location["lat"]]
        points[entry.id] = point
        predecessors = [held[CITIES.name] for held in entry.raw.get("predecessors") or ()]
        found.append({
            "type": "Feature", "id": entry.id,
            "geometry": {"type": "Point", "coordinates": point},
            "properties": {"kind": CITIES.name, "id": entry.id, "name": entry.raw["names"]["en"],
                           "country": entry.raw["country"],
                           "capital": bool(entry.raw.get("capital")),
                           **({"predecessors": predecessors} if predecessors else {})},
        })
    for entry in selection.entries[AGREEMENTS.folder]:
        a, b = entry.raw["parties"]
        if a in points and b in points:
            record = dates_as_text(entry.raw, AGREEMENTS.date_paths)
            found.append({
                "type": "Feature", "id": entry.id,
                "geometry": _line(points[a], points[b]),
                "properties": {"kind": AGREEMENTS.name, "id": entry.id,
                               AGREEMENTS.name: entry.raw["kind"], "parties": [a, b],
                               "signed": flat(entry.raw.get("signed")),
                               "ended": end_date(entry.raw), "status": status(entry.raw),
                               "lifecycle": record.get("lifecycle") or []},
            })
    for entry in selection.entries[PROJECTS.folder]:
        provider = entry.raw["provider"]
        for city in entry.raw.get("recipients") or ():
            if provider in points and city in points:
                found.append({
                    "type": "Feature", "id": f"{entry.id}/{city}",
                    "geometry": {"type": "LineString",
                                 "coordinates": [points[provider], points[city]]},
                    "properties": {"kind": PROJECTS.name, "id": entry.id,
                                   "name": entry.raw["names"]["en"], "provider": provider,
                                   "recipient": city, "sector": entry.raw.get("sector"),
                                   "since": flat(entry.raw.get("since")),
                                   "until": flat(entry.raw.get("until"))}})
    return {"type": "FeatureCollection", "features": found}


def _line(a: list[float], b: list[float]) -> dict[str, Any]:
    """The shorter way from `a` to `b`: one LineString, or a MultiLineString cut at 180°."""
    from citynet.publish.geo import split_at_antimeridian

    parts = split_at_antimeridian((a[0], a[1]), (b[0], b[1]))
    if len(parts) == 1:
        return {"type": "LineString", "coordinates": [a, b]}
    return {"type": "MultiLineString", "coordinates": [[list(p) for p in part] for part in parts]}


def cited(stored: dict[str, list[dict[str, Any]]]) -> list[dict[str, str]]:
    """Every source the records cite (and their steps and successions), once each, as a data
    package lists them: `{title, path}` (path: its URL, when it has one)."""
    found: dict[tuple[str, str | None], dict[str, str]] = {}
    for records_of_kind in stored.values():
        for record in records_of_kind:
            held = [*(record.get("sources") or ()),
                    *(s.get("source") for s in record.get("lifecycle") or ()),
                    *(p.get("source") for p in record.get("predecessors") or ())]
            for source in held:
                if source:
                    key = (source["title"], source.get("url"))
                    found.setdefault(key, {"title": key[0], **({"path": key[1]} if key[1]
                                                               else {})})
    return [found[key] for key in sorted(found, key=lambda k: (k[0], k[1] or ""))]


class Export:
    """A selection in every shape an export writes, and what the shape written holds."""

    def __init__(self, selection: Selection, versions: list[Any] | None = None,
                 licenses: list[dict[str, str]] | None = None) -> None:
        self.selection = selection
        self.versions = versions
        self.licenses = licenses or []
        self.counts: dict[str, int] = {}
        """What the shape made last holds: records by kind, features, statements."""

    def output(self) -> Output:
        return Output({Shape.DATA: self._data, Shape.RECORDS: self._stream,
                       Shape.TABLES: self._tables, Shape.FEATURES: self._features,
                       Shape.STATEMENTS: self._statements, Shape.PACKAGE: self._package,
                       Shape.POPOLO: self._popolo})

    def _stream(self) -> list[dict[str, Any]]:
        """Each record as `{"kind": "city", "record": {…}}`, kind after kind: the record
        whole as `json` holds it, and its kind beside it, never inside (an agreement has a
        `kind` of its own)."""
        return [{"kind": KINDS[folder].name, "record": record}
                for folder, items in self._data().items() for record in items]

    def _data(self) -> dict[str, list[dict[str, Any]]]:
        stored = _records(self.selection)
        self.counts = {k: len(v) for k, v in stored.items()}
        return stored

    def _tables(self) -> list[Table]:
        stored = self._data()
        if self.versions is not None:
            self.counts["record_versions"] = len(self.versions)
        return tables(stored, self.versions)

    def _features(self) -> dict[str, Any]:
        collection = features(self.selection)
        kinds = [f["properties"]["kind"] for f in collection["features"]]
        self.counts = {kind.folder: kinds.count(kind.name)
                       for kind in (CITIES, AGREEMENTS, PROJECTS)}
        return collection

    def _statements(self) -> list[str]:
        from citynet.publish.wikidata import quickstatements

        lines, stated = quickstatements(self.selection)
        self.counts = {**stated, "statements": len(lines)}
        return lines

    def _package(self) -> Package:
        stored = self._data()
        if self.versions is not None:
            self.counts["record_versions"] = len(self.versions)
        made = tables(stored, self.versions)
        name = re.sub(r"[^a-z0-9._-]+", "-", self.selection.root.absolute().name.lower())
        return Package(name.strip("-._") or "citynet", made, cited(stored), self.licenses)

    def _popolo(self) -> dict[str, Any]:
        from citynet.publish.popolo import document

        made = document(_records(self.selection))
        self.counts = {name: len(items) for name, items in made.items()}
        return made


def check_target(path: Path, form: Form, force: bool, root: Path) -> None:
    """Refuse (BadOption) unless an export of this form may be written at `path`."""
    from citynet.store.output import check_output

    check_output(path, kind="folder" if form is Form.FOLDER else "file", force=force, root=root)


def save(written: str | bytes | Folder, path: Path, force: bool, root: Path,
         made_by: str = "citynet export") -> None:
    """Write what a writer made at `path`, atomically: a file whole, a folder swapped in."""
    from citynet.store.atomic import replace_folder, staged_folder, write_atomic

    if not isinstance(written, Folder):
        check_target(path, Form.TEXT, force, root)  # again: it may have changed meanwhile
        write_atomic(path, written)
        return
    with staged_folder(path) as staging:
        for name, text in written.items():
            write_atomic(staging / name, text, durable=False)
        check_target(path, Form.FOLDER, True, root)  # still ours?
        replace_folder(staging, path, made_by=made_by)
