"""The index in `.citynet/`: every record file's parse in SQLite, so a warm query reads
only the rows it needs.

One row a file (its stamp, plain data as JSON, reading and schema problems) and one row
a reference (which record names which id), updated for the files whose stamp changed.
A query asks for a subset: whole kinds, the records with some ids, those referring to
them, and one hop out; the records with problems and the files sharing a stem always
come along, and every file name is known, so the Registry built from the subset answers
exactly as the full one does for what the query reads.

Like the JSON caches, it is only a speed-up and plain data, never used when
`cache.untrusted` says the cache folder came with the checkout; store/sealed.py opens
the file only as this citynet last wrote it, and anything inconsistent rebuilds it.
"""

from __future__ import annotations

import json
import os
import sqlite3
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from citynet.model import codes
from citynet.model.kinds import KINDS, stored_refs
from citynet.model.problems import Problem, Severity
from citynet.store import cache
from citynet.store import stamps
from citynet.store.sealed import Corrupt, Index
from citynet.store.files import (DATA_DIR, EXTENSION, Document, Found, ReadResult, discover,
                                 inside_registry, parse_file, read_all)
from citynet.store.registry import Registry, assemble

_COLUMNS = "path, kind, id, data, reading, verdict, size, mtime, ctime, ino, dev, flawed"
_CHUNK = 500
"""Bound parameters a statement, well under SQLite's limit."""


@dataclass(frozen=True)
class Wanted:
    """The rows a query reads: these kinds whole, and around these ids."""

    kinds: frozenset[str]
    """The kinds the query may look at (their files are all known)."""
    whole: frozenset[str]
    """Kinds read completely."""
    ids: frozenset[str] = frozenset()
    """Records with these ids and the records referring to them."""
    referring: frozenset[tuple[str, str]] | None = None
    """Follow only references from these (kind, target folder) pairs to `ids`; None:
    every reference to the kinds that hold one of the ids."""
    hop: bool = True
    """Also read the ids records with these ids, or referring to them, name."""

    @classmethod
    def of(cls, kinds: Iterable[str] | None = None, whole: Iterable[str] | None = None,
           ids: Iterable[str] = (), referring: Iterable[tuple[str, str]] | None = None,
           hop: bool = True) -> Wanted:
        """`kinds` None: every kind; `whole` None: all of `kinds`."""
        chosen = frozenset(KINDS if kinds is None else kinds)
        return cls(chosen, chosen if whole is None else frozenset(whole) & chosen,
                   frozenset(ids), None if referring is None else frozenset(referring), hop)

    def pairs(self, listings: dict[str, Listing]) -> set[tuple[str, str]]:
        """The (kind, target) references followed to `ids`: with `hop`, only to the kinds
        that have a file of one of the ids (a query of a record that is not there fails)."""
        pairs = self.referring if self.referring is not None else {
            (folder, target) for folder in self.kinds for _, target in KINDS[folder].refs}
        if not self.hop:
            return set(pairs)
        return {(kind, target) for kind, target in pairs if target in listings
                and not self.ids.isdisjoint(listings[target].stems)}


def load(root: Path, wanted: Wanted) -> tuple[Registry, list[Problem]] | None:
    """The registry holding what `wanted` needs, and the problems of those kinds; None
    when the index may not be used here (the caller loads in full)."""
    if cache.untrusted(root) is not None or not inside_registry(root, Path(root) / DATA_DIR):
        return None
    documents = None
    for attempt in (0, 1):
        try:
            with Index(root, fresh=attempt == 1) as db:
                listings, stamped = _listings(root, db, sorted(wanted.kinds))
                pairs = wanted.pairs(listings)
                _restamp(root, db, listings, stamped, wanted.whole | {k for k, _ in pairs})
                documents = _subset(root, db, listings, stamped, wanted, pairs)
            break
        except (sqlite3.Error, Corrupt, ValueError, TypeError, OSError):
            continue
    if documents is None:
        return None
    problems = [problem for folder in sorted(listings) for problem in listings[folder].problems]
    registry = assemble(root, ReadResult(documents, {}, set()), problems)
    for folder, listing in listings.items():
        registry.known[folder] = set(listing.stems)
    return registry, problems


@dataclass
class Listing:
    """One kind's record files as `discover` finds them, and what is wrong with the tree."""

    rels: list[str]
    problems: list[Problem]
    stems: list[str]
    twins: list[str]
    """Stems two files share (the first in path order is the record)."""
    stamps: array[int]
    """Each file's stamp as last stored, five numbers a file."""


# -- keeping it current (store/stamps.py says what changed) -----------------------------------

REREAD = 2
"""`flawed` of a row whose data JSON cannot hold exactly: read from its file when used."""


def _listings(root: Path, db: Index, kinds: list[str]) -> tuple[dict[str, Listing], set[str]]:
    """Each kind's files: as the index lists them if its folders are unchanged, else listed
    afresh (and its rows updated: those kinds are returned as stamped)."""
    stored = {kind: rest for kind, *rest in db.execute(
        f"SELECT kind, dirs, problems, paths, stamps FROM listing WHERE kind IN "
        f"({_marks(kinds)})", kinds)}
    listings, stamped = {}, set()
    for kind in kinds:
        row = stored.get(kind)
        if (row is not None and row[0] is not None
                and stamps.same_folders(root, json.loads(row[0]))):
            listings[kind] = _stored(db, kind, row)
        else:
            listings[kind] = _relist(root, db, kind, row)
            stamped.add(kind)
    return listings, stamped


def _restamp(root: Path, db: Index, listings: dict[str, Listing], stamped: set[str],
             kinds: set[str]) -> None:
    """Stat every file of these kinds; relist a kind in which one changed."""
    for kind in sorted(kinds - stamped):
        now, links = stamps.files(stamps.base(root), listings[kind].rels)
        if links or now != listings[kind].stamps:
            listings[kind] = _relist(root, db, kind)
        stamped.add(kind)


def _stored(db: Index, kind: str, row: list[Any]) -> Listing:
    _, problems, paths, packed = row
    if type(paths) is not str or type(packed) is not bytes:
        raise Corrupt("listing")
    rels = paths.split("\n") if paths else []
    old = array("q")
    old.frombytes(packed)
    count, = db.execute("SELECT count(*) FROM files WHERE kind = ?", (kind,)).fetchone()
    if count != len(rels) or len(old) != 5 * len(rels):
        raise Corrupt("listing")
    return _listing(rels, cache.problems_from(json.loads(problems)), old)


def _relist(root: Path, db: Index, kind: str, row: Any = None) -> Listing:
    """List the kind's folders afresh, update the rows of changed files, store the listing
    (unless it is the stored `row`)."""
    dirs = stamps.folders(root, kind)  # before listing: a change meanwhile shows next time
    files, problems = discover(root, {kind})
    rels = [found.rel for found in files]
    now, links = stamps.files(stamps.base(root), rels)
    old = {path: tuple(numbers) for path, *numbers in db.execute(
        "SELECT path, size, mtime, ctime, ino, dev FROM files WHERE kind = ?", (kind,))}
    changed = []
    for n, found in enumerate(files):
        stamp = tuple(now[5 * n:5 * n + 5])
        if stamp == stamps.NO_FILE or old.pop(found.rel, None) != stamp:
            changed.append(found)
    gone = [*old, *(found.rel for found in changed)]
    for chunk in _chunks(gone):
        db.execute(f"DELETE FROM files WHERE path IN ({_marks(chunk)})", chunk)
        db.execute(f"DELETE FROM refs WHERE path IN ({_marks(chunk)})", chunk)
        db.changed = True
    if changed:
        _add(root, db, changed)
    trusted = not links and not any(p.code == codes.SYMLINK for p in problems)
    listing = (json.dumps(dirs) if trusted and dirs is not None else None,
               json.dumps(cache.problem_list(problems)), "\n".join(rels), now.tobytes())
    if gone or row is None or tuple(row) != listing:
        db.executemany("INSERT OR REPLACE INTO listing VALUES (?, ?, ?, ?, ?)",
                       [(kind, *listing)])
    return _listing(rels, problems, now)


def _listing(rels: list[str], problems: list[Problem], stamps: array[int]) -> Listing:
    stems = [rel[rel.rfind("/") + 1:-len(EXTENSION)] for rel in rels]
    twins = [stem for stem, n in Counter(stems).items() if n > 1]
    return Listing(rels, problems, stems, twins, stamps)


def _add(root: Path, db: Index, changed: list[Found]) -> None:
    """Parse the changed files (the JSON cache helps a first build) and store their rows."""
    read = read_all(root, changed, use_cache=len(changed) > 1000,
                    folders={found.kind.folder for found in changed})
    rows, refs = [], []
    for doc, reading in read.documents:
        kept = read.entries.get(doc.path)  # stamped before it was read, as the cache is
        key = (kept[0], kept[1]) if kept is not None else (-1, (-1, -1, -1, -1))
        verdict = doc.schema
        if doc.data is not None and verdict is None:
            from citynet.model import build

            _, verdict = build.build(doc.kind, doc.path, doc.data)
        verdict = verdict or []
        valid = (doc.data is not None and not verdict
                 and not any(p.severity is Severity.ERROR for p in reading))
        if valid:  # read from the stored data, as the registry's relations are
            for path, target in doc.kind.refs:
                for ref in {ref for _, ref in stored_refs(doc.data, path)}:
                    refs.append((doc.path, doc.kind.folder, target, ref))
        plain = cache.plain(doc.data)  # else JSON would not give it back: read the file again
        rows.append((doc.path, doc.kind.folder, doc.id, key[0], *key[1],
                     json.dumps(doc.data) if plain else None,
                     json.dumps(cache.problem_list(reading)),
                     json.dumps(cache.problem_list(verdict)),
                     REREAD if not plain else int(bool(reading or verdict))))
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   rows)
    db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", refs)


# -- reading a subset --------------------------------------------------------------------------

def _subset(root: Path, db: Index, listings: dict[str, Listing], stamped: set[str],
            wanted: Wanted, pairs: set[tuple[str, str]]) -> list[tuple[Document, list[Problem]]]:
    """The documents `wanted` needs, in discover's order, as `read_all` would give them.

    A row of a kind whose files were not all stat'ed is stat'ed now, and read again if
    its file changed (which may change what is needed).
    """
    for _ in range(3):
        rows = _rows(db, listings, wanted, pairs)
        stale = [Found(KINDS[row[1]], os.path.join(str(root), path), path)
                 for path, row in rows.items() if row[1] not in stamped
                 and stamps.of(os.path.join(str(root), path)) != tuple(row[6:11])]
        if not stale:
            # discover's order: each folder's entries by name, a folder where it sorts
            return [_document(root, rows[path])
                    for path in sorted(rows, key=lambda p: p.split("/"))]
        paths = [found.rel for found in stale]
        db.execute(f"DELETE FROM files WHERE path IN ({_marks(paths)})", paths)
        db.execute(f"DELETE FROM refs WHERE path IN ({_marks(paths)})", paths)
        _add(root, db, stale)
    raise Corrupt("the files keep changing")


def _rows(db: Index, listings: dict[str, Listing], wanted: Wanted,
          pairs: set[tuple[str, str]]) -> dict[str, tuple[Any, ...]]:
    kinds = sorted(wanted.kinds)
    rows: dict[str, tuple[Any, ...]] = {}

    def fetch(where: str, parameters: list[Any]) -> list[tuple[Any, ...]]:
        found = list(db.execute(f"SELECT {_COLUMNS} FROM files WHERE {where} AND kind IN "
                                f"({_marks(kinds)})", [*parameters, *kinds]))
        rows.update((row[0], row) for row in found)
        return found

    for folder in sorted(wanted.whole):
        fetch("kind = ?", [folder])
    fetch("flawed > 0", [])
    for folder, listing in listings.items():
        for stem in listing.twins if folder not in wanted.whole else ():
            fetch("kind = ? AND id = ?", [folder, stem])
    ids = sorted(wanted.ids)
    seeds: list[tuple[Any, ...]] = []
    for chunk in _chunks(ids) if wanted.hop else ():
        seeds += fetch(f"id IN ({_marks(chunk)})", chunk)
    follow = sorted(pairs)
    for chunk in _chunks(ids) if follow else ():
        sql = (f"SELECT DISTINCT path FROM refs WHERE ref IN ({_marks(chunk)}) AND ("
               + " OR ".join("(kind = ? AND target = ?)" for _ in follow) + ")")
        paths = [path for (path,) in db.execute(
            sql, [*chunk, *(part for pair in follow for part in pair)])]
        for part in _chunks(paths):
            seeds += fetch(f"path IN ({_marks(part)})", part)
    if wanted.hop:
        _hop(db, [row[0] for row in seeds], fetch)
    return rows


def _hop(db: Index, paths: list[str], fetch: Any) -> None:
    """Fetch the records these files name."""
    named: set[tuple[str, str]] = set()
    for chunk in _chunks(sorted(set(paths))):
        named.update(db.execute(
            f"SELECT target, ref FROM refs WHERE path IN ({_marks(chunk)})", chunk))
    by_kind: dict[str, list[str]] = {}
    for target, ref in sorted(named):
        by_kind.setdefault(target, []).append(ref)
    for target, refs in by_kind.items():
        for chunk in _chunks(refs):
            fetch(f"kind = ? AND id IN ({_marks(chunk)})", [target, *chunk])


def _document(root: Path, row: tuple[Any, ...]) -> tuple[Document, list[Problem]]:
    path, folder, record_id, data, reading, verdict = row[:6]
    kind = KINDS.get(folder)
    if (kind is None or type(path) is not str or type(record_id) is not str
            or not path.startswith(f"data/{folder}/") or os.path.normpath(path) != path
            or "\\" in path or not (data is None or type(data) is str)
            or type(reading) is not str or type(verdict) is not str):
        raise Corrupt(path)
    value = None if data is None else json.loads(data)
    if not (value is None or type(value) is dict):
        raise Corrupt(path)
    if value is None and row[11] == REREAD:
        value, _ = parse_file(os.path.join(str(root), path), path)
    return (Document(kind, path, record_id, value, cache.problems_from(json.loads(verdict))),
            cache.problems_from(json.loads(reading)))


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[start:start + _CHUNK] for start in range(0, len(values), _CHUNK)]


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))
