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
import stat
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from citynet.model import build
from citynet.model import codes
from citynet.model.kinds import KINDS, iter_refs
from citynet.model.problems import Problem, Severity
from citynet.store import cache
from citynet.store.sealed import Corrupt, Index
from citynet.store.files import (DATA_DIR, EXTENSION, Document, Found, ReadResult, discover,
                                 inside_registry, read_all)
from citynet.store.registry import Registry, assemble

_COLUMNS = "path, kind, id, data, reading, verdict"
_CHUNK = 500
"""Bound parameters a statement, well under SQLite's limit."""


@dataclass(frozen=True)
class Wanted:
    """The rows a query reads: these kinds whole, and around these ids."""

    kinds: frozenset[str]
    """The kinds the query may look at; only their files are stamped."""
    whole: frozenset[str]
    """Kinds read completely."""
    ids: frozenset[str] = frozenset()
    """Records with these ids, the records referring to them, and what all those name."""
    referring: frozenset[tuple[str, str]] | None = None
    """Only follow references from these (kind, target) pairs to `ids`, and no hop out
    (a `list` filter pushed down); None: every reference, and one hop out."""

    @classmethod
    def of(cls, kinds: Iterable[str] | None = None, whole: Iterable[str] | None = None,
           ids: Iterable[str] = (), referring: Iterable[tuple[str, str]] | None = None
           ) -> Wanted:
        """`kinds` None: every kind; `whole` None: all of `kinds`."""
        chosen = frozenset(KINDS if kinds is None else kinds)
        return cls(chosen, chosen if whole is None else frozenset(whole) & chosen,
                   frozenset(ids), None if referring is None else frozenset(referring))


def load(root: Path, wanted: Wanted) -> tuple[Registry, list[Problem]] | None:
    """The registry holding what `wanted` needs, and the problems of those kinds; None
    when the index may not be used here (the caller loads in full)."""
    if cache.untrusted(root) is not None or not inside_registry(root, Path(root) / DATA_DIR):
        return None
    documents = None
    for attempt in (0, 1):
        try:
            with Index(root, fresh=attempt == 1) as db:
                listings = _refresh(root, db, sorted(wanted.kinds))
                documents = _subset(db, listings, wanted)
            break
        except (sqlite3.Error, Corrupt, ValueError, TypeError, OSError):
            continue
    if documents is None:
        return None
    problems = [problem for listing in listings.values() for problem in listing.problems]
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


# -- keeping it current ------------------------------------------------------------------------
#
# Every warm query stats every file of the kinds it reads: an edit made in place changes
# nothing but the file's own stamp. What is spared is listing the folders: adding,
# removing or renaming an entry changes its folder's mtime and ctime, so a kind whose
# folders all have the stamps they had is listed as before. A folder changed less than
# RACY seconds before it was stamped is not trusted (the clock's tick may hide a later
# change, git's "racy" case), and neither is a kind with links (their targets may change).

RACY = 2.0
_NO_FILE = (-1, -1, -1, -1, -1)


def _refresh(root: Path, db: Index, kinds: list[str]) -> dict[str, Listing]:
    """Bring the rows of these kinds in line with the files on disk; their listings."""
    stored = {kind: rest for kind, *rest in db.execute(
        f"SELECT kind, dirs, problems, paths, stamps FROM listing WHERE kind IN "
        f"({_marks(kinds)})", kinds)}
    listings = {}
    for kind in kinds:
        row = stored.get(kind)
        listing = None
        if row is not None and row[0] is not None and _same_dirs(root, json.loads(row[0])):
            listing = _unchanged(root, db, kind, row)
        if listing is None:
            listing = _relist(root, db, kind)
        listings[kind] = listing
    return listings


def _unchanged(root: Path, db: Index, kind: str, row: list[Any]) -> Listing | None:
    """The stored listing if no file changed; None if a file did (the kind is relisted)."""
    _, problems, paths, stamps = row
    if type(paths) is not str or type(stamps) is not bytes:
        raise Corrupt("listing")
    rels = paths.split("\n") if paths else []
    old = array("q")
    old.frombytes(stamps)
    now, links = _stamps(root, rels)
    if links or now != old:
        return None
    count, = db.execute("SELECT count(*) FROM files WHERE kind = ?", (kind,)).fetchone()
    if count != len(rels):
        raise Corrupt("listing")
    return _listing(rels, cache.problems_from(json.loads(problems)))


def _relist(root: Path, db: Index, kind: str) -> Listing:
    """List the kind's folders afresh, update the rows of changed files, store the listing."""
    dirs = _dir_stamps(root, kind)  # before listing: a change meanwhile is seen next time
    files, problems = discover(root, {kind})
    rels = [found.rel for found in files]
    now, links = _stamps(root, rels)
    old = {path: tuple(numbers) for path, *numbers in db.execute(
        "SELECT path, size, mtime, ctime, ino, dev FROM files WHERE kind = ?", (kind,))}
    changed = []
    for n, found in enumerate(files):
        stamp = tuple(now[5 * n:5 * n + 5])
        if stamp == _NO_FILE or old.pop(found.rel, None) != stamp:
            changed.append(found)
    gone = [*old, *(found.rel for found in changed)]
    for chunk in _chunks(gone):
        db.execute(f"DELETE FROM files WHERE path IN ({_marks(chunk)})", chunk)
        db.execute(f"DELETE FROM refs WHERE path IN ({_marks(chunk)})", chunk)
    if changed:
        _add(root, db, changed)
    trusted = not links and not any(p.code == codes.SYMLINK for p in problems)
    db.executemany("INSERT OR REPLACE INTO listing VALUES (?, ?, ?, ?, ?)", [(
        kind, json.dumps(dirs) if trusted and dirs is not None else None,
        json.dumps(cache.problem_list(problems)), "\n".join(rels), now.tobytes())])
    return _listing(rels, problems)


def _listing(rels: list[str], problems: list[Problem]) -> Listing:
    stems = [rel[rel.rfind("/") + 1:-len(EXTENSION)] for rel in rels]
    twins = [stem for stem, n in Counter(stems).items() if n > 1]
    return Listing(rels, problems, stems, twins)


def _stamps(root: Path, rels: list[str]) -> tuple[array[int], bool]:
    """Each file's stamp (as `cache.stamp`, -1s if it cannot be stat'ed), packed; whether
    any is a link."""
    base = os.path.join(str(root), "")
    packed = array("q")
    links = False
    lstat, is_link = os.lstat, stat.S_ISLNK
    for rel in rels:
        try:
            st = lstat(base + rel)
            if is_link(st.st_mode):
                links = True
                st = os.stat(base + rel)
        except OSError:
            packed.extend(_NO_FILE)
            continue
        packed.extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev))
    return packed, links


def _dir_stamps(root: Path, kind: str) -> list[list[Any]] | None:
    """[rel, mtime, ctime, inode, device] of the kind's folder and each folder below it;
    None if one changed too recently to be trusted, or cannot be read."""
    found = []
    limit = time.time_ns() - int(RACY * 1e9)
    todo = [f"{DATA_DIR}/{kind}"]
    while todo:
        rel = todo.pop()
        try:
            st = os.lstat(os.path.join(str(root), rel))
            if not stat.S_ISDIR(st.st_mode) or max(st.st_mtime_ns, st.st_ctime_ns) > limit:
                return None
            todo += [f"{rel}/{entry.name}" for entry in os.scandir(os.path.join(str(root), rel))
                     if entry.is_dir(follow_symlinks=False)]
        except OSError:
            return None
        found.append([rel, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev])
    return found


def _same_dirs(root: Path, dirs: Any) -> bool:
    if type(dirs) is not list:
        raise Corrupt("listing")
    for item in dirs:
        if type(item) is not list or len(item) != 5 or type(item[0]) is not str:
            raise Corrupt("listing")
        try:
            st = os.lstat(os.path.join(str(root), item[0]))
        except OSError:
            return False
        if item[1:] != [st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]:
            return False
    return True


def _add(root: Path, db: Index, changed: list[Found]) -> None:
    """Parse the changed files (the JSON cache helps a first build) and store their rows."""
    read = read_all(root, changed, use_cache=len(changed) > 1000,
                    folders={found.kind.folder for found in changed})
    rows, refs = [], []
    for doc, reading in read.documents:
        kept = read.entries.get(doc.path)  # stamped before it was read, as the cache is
        key = (kept[0], kept[1]) if kept is not None else (-1, (-1, -1, -1, -1))
        verdict = doc.schema
        model = None
        if doc.data is not None and verdict is None:
            model, verdict = build.build(doc.kind, doc.path, doc.data)
        verdict = verdict or []
        valid = (doc.data is not None and not verdict
                 and not any(p.severity is Severity.ERROR for p in reading))
        if valid:
            model = model or doc.kind.model.model_validate(doc.data)
            for path, target in doc.kind.refs:
                for ref in {ref for _, ref in iter_refs(model, path)}:
                    refs.append((doc.path, doc.kind.folder, target, ref))
        rows.append((doc.path, doc.kind.folder, doc.id, key[0], *key[1],
                     None if doc.data is None else json.dumps(doc.data, ensure_ascii=False),
                     json.dumps(cache.problem_list(reading)),
                     json.dumps(cache.problem_list(verdict)), int(bool(reading or verdict))))
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   rows)
    db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", refs)


# -- reading a subset --------------------------------------------------------------------------

def _subset(db: Index, listings: dict[str, Listing], wanted: Wanted) -> list[tuple[Document, list[Problem]]]:
    """The documents `wanted` needs, in path order, as `read_all` would give them."""
    kinds = sorted(wanted.kinds)
    rows: dict[str, tuple[Any, ...]] = {}

    def fetch(where: str, parameters: list[Any]) -> list[tuple[Any, ...]]:
        found = list(db.execute(f"SELECT {_COLUMNS} FROM files WHERE {where} AND kind IN "
                                f"({_marks(kinds)})", [*parameters, *kinds]))
        rows.update((row[0], row) for row in found)
        return found

    for folder in sorted(wanted.whole):
        fetch("kind = ?", [folder])
    fetch("flawed = 1", [])
    for folder, listing in listings.items():
        for stem in listing.twins if folder not in wanted.whole else ():
            fetch("kind = ? AND id = ?", [folder, stem])
    ids = sorted(wanted.ids)
    if ids:
        seeds: list[tuple[Any, ...]] = []
        if wanted.referring is None:
            for chunk in _chunks(ids):
                seeds += fetch(f"id IN ({_marks(chunk)})", chunk)
        pairs = sorted(wanted.referring or ())
        for chunk in _chunks(ids):
            sql = f"SELECT DISTINCT path FROM refs WHERE ref IN ({_marks(chunk)})"
            if wanted.referring is not None:
                sql += " AND (" + " OR ".join("(kind = ? AND target = ?)" for _ in pairs) + ")"
            paths = [path for (path,) in db.execute(
                sql, [*chunk, *(part for pair in pairs for part in pair)])]
            for part in _chunks(paths):
                seeds += fetch(f"path IN ({_marks(part)})", part)
        if wanted.referring is None:
            _hop(db, [row[0] for row in seeds], fetch)
    # discover's order (each folder's entries by name, a folder's files where it sorts)
    return [_document(rows[path]) for path in sorted(rows, key=lambda p: p.split("/"))]


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


def _document(row: tuple[Any, ...]) -> tuple[Document, list[Problem]]:
    path, folder, record_id, data, reading, verdict = row
    kind = KINDS.get(folder)
    if (kind is None or type(path) is not str or type(record_id) is not str
            or not path.startswith(f"data/{folder}/") or not (data is None or type(data) is str)
            or type(reading) is not str or type(verdict) is not str):
        raise Corrupt(path)
    value = None if data is None else json.loads(data)
    if not (value is None or type(value) is dict):
        raise Corrupt(path)
    return (Document(kind, path, record_id, value, cache.problems_from(json.loads(verdict))),
            cache.problems_from(json.loads(reading)))


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[start:start + _CHUNK] for start in range(0, len(values), _CHUNK)]


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))
