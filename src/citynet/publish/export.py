"""`citynet export`: the whole registry for analysts' own tools.

Four writers of the same records: JSON (one document, records as `list
--format json` prints them), CSV (a folder: one file per kind plus long-format
tables for the many-valued parts), SQLite (a table per kind with primary and
foreign keys, and the same long tables) and GeoJSON (cities as points,
agreements as lines). Every file is written atomically; nothing existing is
replaced without `force`.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import KINDS
from citynet.store.registry import Registry

# Flat columns per kind: (column, path into the stored record).
COLUMNS: dict[str, list[tuple[str, str]]] = {
    "cities": [("id", "id"), ("name", "names.en"), ("country", "country"), ("level", "level"),
               ("capital", "capital"), ("subdivision", "subdivision"),
               ("geonames_id", "geonames_id"), ("lat", "location.lat"), ("lon", "location.lon"),
               ("notes", "notes")],
    "organisations": [("id", "id"), ("name", "names.en"), ("acronym", "acronym"),
                      ("kind", "kind"), ("founded", "founded"),
                      ("headquarters", "headquarters"), ("notes", "notes")],
    "memberships": [("id", "id"), ("member", "member"), ("organisation", "organisation"),
                    ("since", "since"), ("until", "until"), ("notes", "notes")],
    "agreements": [("id", "id"), ("kind", "kind"), ("party_a", "parties.0"),
                   ("party_b", "parties.1"), ("signed", "signed"), ("ended", "ended"),
                   ("status", "status"), ("notes", "notes")],
    "committees": [("id", "id"), ("name", "names.en"), ("organisation", "organisation"),
                   ("status", "status"), ("sector", "sector"), ("notes", "notes")],
    "groupings": [("id", "id"), ("name", "names.en"), ("city", "city"), ("notes", "notes")],
}

FOREIGN_KEYS: dict[str, dict[str, str]] = {
    "organisations": {"headquarters": "cities"},
    "memberships": {"member": "cities", "organisation": "organisations"},
    "agreements": {"party_a": "cities", "party_b": "cities"},
    "committees": {"organisation": "organisations"},
    "groupings": {"city": "cities"},
}

LONG_TABLES: dict[str, list[str]] = {
    "names": ["kind", "id", "lang", "name"],
    "sources": ["kind", "id", "position", "title", "url", "as_of", "note"],
    "agreement_parties": ["agreement", "position", "city"],
    "membership_roles": ["membership", "position", "role", "since", "until"],
    "committee_activities": ["committee", "year", "position", "lang", "activity"],
    "organisation_partners": ["organisation", "partner"],
}


def _records(registry: Registry) -> dict[str, list[dict[str, Any]]]:
    return {folder: [e.as_stored() for e in registry.of_kind(folder)] for folder in KINDS}


def _scalar(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def flat_rows(folder: str, records: list[dict[str, Any]]) -> Iterator[list[Any]]:
    from citynet.query.filters import value_at

    for record in records:
        yield [_scalar(value_at(record, path)) for _, path in COLUMNS[folder]]


def long_rows(records: dict[str, list[dict[str, Any]]]) -> dict[str, list[list[Any]]]:
    tables: dict[str, list[list[Any]]] = {name: [] for name in LONG_TABLES}
    for folder, items in records.items():
        kind = KINDS[folder].name
        for record in items:
            for lang, name in (record.get("names") or {}).items():
                tables["names"].append([kind, record["id"], lang, name])
            for position, source in enumerate(record.get("sources") or [], start=1):
                tables["sources"].append([kind, record["id"], position, source.get("title"),
                                          source.get("url"), _scalar(source.get("as_of")),
                                          source.get("note")])
            if folder == "agreements":
                for position, city in enumerate(record["parties"], start=1):
                    tables["agreement_parties"].append([record["id"], position, city])
            elif folder == "memberships":
                for position, role in enumerate(record.get("roles") or [], start=1):
                    tables["membership_roles"].append(
                        [record["id"], position, role.get("role"), _scalar(role.get("since")),
                         _scalar(role.get("until"))])
            elif folder == "committees":
                for plan in record.get("workplans") or []:
                    for position, activity in enumerate(plan.get("activities") or [], start=1):
                        for lang, text in activity.items():
                            tables["committee_activities"].append(
                                [record["id"], plan.get("year"), position, lang, text])
            elif folder == "organisations":
                for partner in record.get("partners") or []:
                    tables["organisation_partners"].append([record["id"], partner])
    return tables


def _check_target(path: Path, force: bool, root: Path, kind: str = "file") -> None:
    from citynet.store.output import check_output

    check_output(path, kind=kind, force=force, root=root)


def export_json(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    from citynet.store.atomic import write_atomic

    _check_target(path, force, registry.root)
    records = _records(registry)
    write_atomic(path, json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    return {k: len(v) for k, v in records.items()}


def export_csv(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    import csv

    from citynet.publish.formats import csv_safe
    from citynet.store.atomic import staging_folder

    _check_target(path, force, registry.root, "folder")
    records = _records(registry)
    staging = staging_folder(path)
    try:
        def write(name: str, header: list[str], rows: Any) -> None:
            with open(staging / f"{name}.csv", "w", encoding="utf-8", newline="") as stream:
                writer = csv.writer(stream)
                writer.writerow(header)
                for row in rows:
                    writer.writerow(["" if v is None else csv_safe(v) if isinstance(v, str)
                                     else ("true" if v is True else "false" if v is False else v)
                                     for v in row])

        for folder, items in records.items():
            write(folder, [c for c, _ in COLUMNS[folder]], flat_rows(folder, items))
        for name, rows in long_rows(records).items():
            write(name, LONG_TABLES[name], rows)
        _replace_folder(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {k: len(v) for k, v in records.items()}


def _replace_folder(staging: Path, target: Path) -> None:
    from citynet.store.atomic import replace_folder
    from citynet.store.output import check_output

    check_output(target, kind="folder", force=True, label="--output")  # still ours?
    replace_folder(staging, target, made_by="citynet export --format csv")


def export_sqlite(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    import sqlite3

    from citynet.store.atomic import install, temporary_beside

    _check_target(path, force, registry.root)
    records = _records(registry)
    temporary = temporary_beside(path)
    try:
        connection = sqlite3.connect(temporary)
        with connection:
            for folder in KINDS:
                columns = []
                for column, _ in COLUMNS[folder]:
                    kind = "INTEGER" if column in ("capital", "geonames_id") else (
                        "REAL" if column in ("lat", "lon") else "TEXT")
                    columns.append(f'"{column}" {kind}' + (" PRIMARY KEY" if column == "id" else ""))
                columns.append('"record" TEXT')
                for column, target in FOREIGN_KEYS.get(folder, {}).items():
                    columns.append(f'FOREIGN KEY ("{column}") REFERENCES "{target}" ("id")')
                connection.execute(f'CREATE TABLE "{folder}" ({", ".join(columns)})')
                marks = ", ".join("?" * (len(COLUMNS[folder]) + 1))
                connection.executemany(
                    f'INSERT INTO "{folder}" VALUES ({marks})',
                    [[*row, json.dumps(record, ensure_ascii=False)]
                     for row, record in zip(flat_rows(folder, records[folder]), records[folder],
                                           strict=True)],
                )
            references = {
                "agreement_parties": {"agreement": "agreements", "city": "cities"},
                "membership_roles": {"membership": "memberships"},
                "committee_activities": {"committee": "committees"},
                "organisation_partners": {"organisation": "organisations",
                                          "partner": "organisations"},
            }
            for name, rows in long_rows(records).items():
                columns = [f'"{c}"' for c in LONG_TABLES[name]]
                columns += [f'FOREIGN KEY ("{c}") REFERENCES "{t}" ("id")'
                            for c, t in references.get(name, {}).items()]
                connection.execute(f'CREATE TABLE "{name}" ({", ".join(columns)})')
                marks = ", ".join("?" * len(LONG_TABLES[name]))
                connection.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        connection.close()
        install(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    return {k: len(v) for k, v in records.items()}


def export_geojson(registry: Registry, path: Path, force: bool = False) -> dict[str, int]:
    from citynet.store.atomic import write_atomic

    _check_target(path, force, registry.root)
    points: dict[str, list[float]] = {}
    features = []
    for entry in registry.of_kind("cities"):
        location = entry.raw.get("location")
        if not location:
            continue
        point = [location["lon"], location["lat"]]
        points[entry.id] = point
        features.append({
            "type": "Feature", "id": entry.id,
            "geometry": {"type": "Point", "coordinates": point},
            "properties": {"kind": "city", "id": entry.id, "name": entry.raw["names"]["en"],
                           "country": entry.raw["country"], "capital": bool(entry.raw.get("capital"))},
        })
    lines = 0
    for entry in registry.of_kind("agreements"):
        a, b = entry.raw["parties"]
        if a in points and b in points:
            lines += 1
            features.append({
                "type": "Feature", "id": entry.id,
                "geometry": {"type": "LineString", "coordinates": [points[a], points[b]]},
                "properties": {"kind": "agreement", "id": entry.id,
                               "agreement": entry.raw["kind"], "parties": [a, b],
                               "signed": _scalar(entry.raw.get("signed"))},
            })
    write_atomic(path, json.dumps({"type": "FeatureCollection", "features": features},
                                  ensure_ascii=False) + "\n")
    return {"cities": len(points), "agreements": lines}


EXPORTERS: dict[str, Callable[[Registry, Path, bool], dict[str, int]]] = {
    "json": export_json,
    "csv": export_csv,
    "sqlite": export_sqlite,
    "geojson": export_geojson,
}
