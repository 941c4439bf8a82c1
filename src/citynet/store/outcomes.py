"""validate's outcome in the index: for a state of data/, every problem by file and code.

The work tree's outcome is kept under a key of every file's stamp (store/listing.py:
`Listings.key`), so a warm `validate` that finds every file as it was reads it and parses
nothing, and the language server answers a file unchanged on disk with its row. A git
revision's is kept under the hash of its `data/` tree, which names its content for good
(a pull request's baseline: the last few are kept). Both are keyed by the versions that
decide the checks (`cache.outcome_key`).

Each outcome names its files with the git blob id of each (store/listing.py), so that the
outcome of another state (the work tree after an edit, or in a fresh clone; a pull
request's base) is worked out from it: the files whose blob ids differ, and what they
reach, are checked again (a `recheck` given by lint/recheck.py), the rest is kept.

Problems are stored one row a file and code, the opt-in codes' apart, so an outcome is
read without them unless they are selected (one-sided-agreement finds one in most
agreements), one file's are read alone, and a recheck replaces only what it checked
again. The problems with the tree itself (store/tree/walk.py) are kept apart (`walk`).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model.codes import CODES
from citynet.model.kinds import KINDS
from citynet.model.problems import Problem
from citynet.store import cache, sealed
from citynet.store.files import DATA_DIR
from citynet.store.index import Subset, Wanted, rows, usable
from citynet.store.listing import (BLOB, UNKNOWN, Changed, Listings, chunks, listing_of,
                                   marks, refresh)
from citynet.store.sealed import WORK_TREE, Corrupt, Index
from citynet.store.states import Read, Rows

Outcome = tuple[list[Problem], list[tuple[str, bool]]]
"""Every problem, and each file checked with whether it gave a valid record."""
REVISIONS_KEPT = 3
"""Revisions' outcomes kept besides the work tree's (the most recently stored)."""
RECHECK_MOST = 20
"""A state is worked out from a stored outcome when at most one file in this many differs
(and at least a thousand may): past that, checking it whole costs less."""


@dataclass(frozen=True)
class Files:
    """The record files of a state of data/, in the walk's order, with their blob ids."""

    paths: list[str]
    blobs: bytes
    """BLOB bytes a file (UNKNOWN when its bytes were not read)."""

    def each(self) -> list[bytes]:
        """Each file's packed blob id."""
        return _chunks(self.blobs)

    def of(self) -> dict[str, bytes]:
        return dict(zip(self.paths, self.each()))


@dataclass(frozen=True)
class Change:
    """How one state of data/ differs from another, file by file."""

    added: set[str]
    removed: set[str]
    modified: set[str]

    def __len__(self) -> int:
        return len(self.added) + len(self.removed) + len(self.modified)


def change(before: Files, after: Files) -> Change:
    """The files added, removed and changed (a file whose bytes were not read, changed).

    Both lists are in the walk's order: the files in both are compared a block at a time,
    and one by one only in a block that differs (at 100k files, each step a file counts)."""
    old_paths, new_paths = before.paths, after.paths
    old_blobs, new_blobs = before.blobs, after.blobs
    added: set[str] = set()
    removed: set[str] = set()
    if old_paths != new_paths:
        removed = set(old_paths).difference(new_paths)
        added = set(new_paths).difference(old_paths)
        if removed:
            kept = [n for n, path in enumerate(old_paths) if path not in removed]
            old_paths, old_blobs = [old_paths[n] for n in kept], _blobs_at(old_blobs, kept)
        if added:
            kept = [n for n, path in enumerate(new_paths) if path not in added]
            new_paths, new_blobs = [new_paths[n] for n in kept], _blobs_at(new_blobs, kept)
        if old_paths != new_paths:  # not in one order: compare by path
            old_of = dict(zip(old_paths, Files(old_paths, old_blobs).each()))
            return Change(added, removed, {path for path, blob in zip(
                new_paths, Files(new_paths, new_blobs).each())
                if old_of[path] != blob or blob == UNKNOWN})
    modified: set[str] = set()
    step = BLOB * 1024
    for start in range(0, len(new_blobs), step):
        block = new_blobs[start:start + step]
        if block == old_blobs[start:start + step] and UNKNOWN not in block:
            continue  # (a run of zero bytes across two ids only sends it one by one)
        first = start // BLOB
        modified.update(new_paths[first + n] for n, (a, b) in enumerate(zip(
            _chunks(old_blobs[start:start + step]), _chunks(block))) if a != b or b == UNKNOWN)
    return Change(added, removed, modified)


def _chunks(blobs: bytes) -> list[bytes]:
    return [blobs[n:n + BLOB] for n in range(0, len(blobs), BLOB)]


def _blobs_at(blobs: bytes, places: list[int]) -> bytes:
    return b"".join([blobs[BLOB * n:BLOB * n + BLOB] for n in places])


Recheck = Callable[[Rows, Change, Callable[[str], set[str]]], "Rechecked"]
"""lint's recheck: the state, what changed since the stored outcome, and the files that had
findings of a code in it; what it checked again."""


@dataclass
class Rechecked:
    """What a recheck found: the files whose every problem it replaces (`whole`), those
    whose problems of one code it replaces (`codes`), their new problems (placed), and
    whether each file of `whole` now gives a valid record."""

    whole: set[str]
    codes: dict[str, set[str]]
    problems: list[Problem]
    valid: dict[str, bool]


@dataclass
class WorkTree:
    """The work tree's key and files; its stored outcome, or else the whole registry's
    rows."""

    key: str
    outcome: Outcome | None
    subset: Subset | None
    files: Files | None = None


def work_tree(root: Path, opt_in: bool = True, recheck: Recheck | None = None
              ) -> WorkTree | None:
    """The work tree's stored outcome if every file is as it was (its opt-in problems only
    with `opt_in`); else, with `recheck`, worked out from the stored one when few files
    differ from it (and stored); else the rows of the whole registry, brought up to date,
    to check. None when the index may not be used here."""
    if not usable(root):
        return None

    def work(db: Index) -> WorkTree:
        tree = refresh(root, db, sorted(KINDS), set(KINDS))
        key = tree.key(root)
        outcome = _load(db, WORK_TREE, key, opt_in)
        files = _files(tree)
        if outcome is not None:
            return WorkTree(key, outcome, None, files)
        if recheck is not None:
            state = Rows(root, db, {kind: tree.listings[kind].rels for kind in tree.listings})
            if _derive(db, WORK_TREE, WORK_TREE, key, files, state, tree.problems(root),
                       recheck):
                return WorkTree(key, _load(db, WORK_TREE, key, opt_in), None, files)
        return WorkTree(key, None, rows(root, db, tree, Wanted.of()), files)

    return sealed.using(root, work)


def _files(tree: Listings) -> Files:
    kinds = sorted(tree.listings)
    return Files([rel for kind in kinds for rel in tree.listings[kind].rels],
                 b"".join(tree.listings[kind].blobs for kind in kinds))


def at_revision(root: Path, tree: str, opt_in: bool = True) -> tuple[str, Outcome | None]:
    """The key of a revision's outcome (`tree`: the hash of its data/ tree) and the outcome
    if it is stored."""
    key = cache.outcome_key("revision", tree)
    if cache.untrusted(root) is not None:
        return key, None
    return key, sealed.using(root, lambda db: _load(db, tree, key, opt_in), read_only=True)


def revision_from_work_tree(root: Path, tree: str, key: str, files: Files,
                            folders: dict[str, list[str]], walk: list[Problem],
                            read: Callable[[list[str]], dict[str, Read]],
                            recheck: Recheck, opt_in: bool = True) -> Outcome | None:
    """A revision's outcome worked out from the work tree's stored one, when few of its
    files differ from it (`files`, `folders`: the revision's; `read(paths)`: the revision's
    version of these files), and stored under `tree`; None when it cannot be."""
    if cache.untrusted(root) is not None:
        return None

    def work(db: Index) -> Outcome | None:
        rows = _rows_files(db)
        differ = change(rows, files)
        if len(differ) > _most(len(files.paths)):
            return None
        state = Rows(root, db, folders, read(sorted(differ.added | differ.modified)),
                     hidden=differ.removed)
        if not _derive(db, WORK_TREE, tree, key, files, state, walk, recheck):
            return None
        return _load(db, tree, key, opt_in)

    return sealed.using(root, work)


def _rows_files(db: Index) -> Files:
    """The files the index has rows of, with the blob ids of the bytes they were read from,
    in the walk's order."""
    listings = {}
    for kind, *row in db.execute("SELECT kind, dirs, problems, paths, stamps, blobs "
                                 "FROM listing"):
        if kind in KINDS:
            listings[kind] = listing_of(db, kind, row)
    return Files([rel for kind in sorted(listings) for rel in listings[kind].rels],
                 b"".join(listings[kind].blobs for kind in sorted(listings)))


def _most(total: int) -> int:
    return max(1000, total // RECHECK_MOST)


def _derive(db: Index, source: str, target: str, key: str, files: Files, state: Rows,
            walk: list[Problem], recheck: Recheck) -> bool:
    """Work out the outcome of a state (`files`, read through `state`) from the outcome
    stored as `source`, and store it as `target` under `key`; False if none is stored or
    too much differs."""
    before = _stored_files(db, source)
    if before is None:
        return False
    found, valid = before
    differ = change(found, files)
    if len(differ) > _most(len(files.paths)):
        return False

    def finders(code: str) -> set[str]:
        return {path for (path,) in db.execute(
            "SELECT path FROM problems WHERE tree = ? AND opt_in = ? AND code = ?",
            (source, int(CODES[code].opt_in), code))}

    done = recheck(state, differ, finders)
    was = dict(zip(found.paths, valid, strict=True))
    counted = [(path, done.valid[path] if path in done.valid else bool(was[path]))
               for path in files.paths]
    if source != target:
        db.execute("DELETE FROM problems WHERE tree = ?", (target,))
        db.execute("INSERT INTO problems SELECT ?, opt_in, path, code, problems FROM problems "
                   "WHERE tree = ?", (target, source))
    for chunk in chunks(sorted(done.whole)):
        db.execute(f"DELETE FROM problems WHERE tree = ? AND path IN ({marks(chunk)})",
                   [target, *chunk])
    for code, paths in done.codes.items():
        for chunk in chunks(sorted(paths)):
            db.execute(f"DELETE FROM problems WHERE tree = ? AND code = ? AND path IN "
                       f"({marks(chunk)})", [target, code, *chunk])
    _write(db, target, key, done.problems + walk, counted, files.blobs)
    return True


def _stored_files(db: Index, tree: str) -> tuple[Files, bytes] | None:
    found = db.execute("SELECT files, paths, valid, blobs FROM outcomes WHERE tree = ?",
                       (tree,)).fetchone()
    if found is None:
        return None
    count, paths, valid, blobs = found
    if type(paths) is not str or type(valid) is not bytes or type(blobs) is not bytes:
        raise Corrupt("outcome")
    listed = paths.split("\0") if paths else []
    if len(listed) != count or len(valid) != count or len(blobs) != BLOB * count:
        raise Corrupt("outcome")
    return Files(listed, blobs), valid


def store(root: Path, tree: str, key: str, outcome: Outcome, files: Files | None = None
          ) -> None:
    """Keep an outcome (WORK_TREE, or a revision's tree hash) under `key`, with its files'
    blob ids when known."""
    if cache.untrusted(root) is None:
        sealed.using(root, lambda db: _store(db, tree, key, outcome, files))


def current(root: Path) -> str | None:
    """The key of the work tree's stored outcome if every file is still as it was then
    (None if not, or if none is stored); reads, never writes."""
    if not usable(root):
        return None

    def work(db: Index) -> str | None:
        try:
            key = refresh(root, db, sorted(KINDS), set(KINDS), write=False).key(root)
        except Changed:
            return None
        return key if _key(db, WORK_TREE) == key else None

    return sealed.using(root, work, read_only=True)


def problems_in(root: Path, key: str, rel: str) -> list[Problem] | None:
    """The problems of the work tree's outcome stored under `key` in the file `rel`, as
    validate prints them (opt-in codes left out); None if that outcome is no longer
    stored."""
    def work(db: Index) -> list[Problem] | None:
        if _key(db, WORK_TREE) != key:
            return None
        found: list[Problem] = []
        for code, text in db.execute("SELECT code, problems FROM problems WHERE tree = ? AND "
                                     "opt_in = 0 AND path = ?", (WORK_TREE, rel)):
            found += _checked(rel, code, text)
        return sorted(found, key=Problem.sort_key)

    return sealed.using(root, work, read_only=True)


def _key(db: Index, tree: str) -> Any:
    found = db.execute("SELECT key FROM outcomes WHERE tree = ?", (tree,)).fetchone()
    return found[0] if found else None


def _load(db: Index, tree: str, key: str, opt_in: bool) -> Outcome | None:
    found = db.execute("SELECT key, records, walk FROM outcomes WHERE tree = ?",
                       (tree,)).fetchone()
    if found is None or found[0] != key:
        return None
    _, records, walk = found
    files, valid = _stored_files(db, tree) or (None, b"")
    if files is None or sum(valid) != records:
        raise Corrupt("outcome")
    counted = list(zip(files.paths, map(bool, valid), strict=True))
    problems = cache.problems_from(walk)
    for path, code, text in db.execute(
            f"SELECT path, code, problems FROM problems WHERE tree = ? AND "
            f"opt_in {'IN (0, 1)' if opt_in else '= 0'}", (tree,)):
        problems += _checked(path, code, text)
    if not all(_in_data(problem.path) for problem in problems):
        raise Corrupt("a problem out of data/")  # its file would be read to place it
    return problems, counted


def _checked(path: Any, code: Any, text: Any) -> list[Problem]:
    """A row's problems, each of its file and code (Corrupt otherwise)."""
    found = cache.problems_from(text)
    if not _in_data(path) or any(p.path != path or p.code != code for p in found):
        raise Corrupt("a problem out of its row")
    return found


def _in_data(path: Any) -> bool:
    return type(path) is str and (path == DATA_DIR or (
        path.startswith(f"{DATA_DIR}/") and os.path.normpath(path) == path
        and "\\" not in path))


def _store(db: Index, tree: str, key: str, outcome: Outcome, files: Files | None) -> None:
    problems, counted = outcome
    paths = [path for path, _ in counted]
    if files is not None and files.paths != paths:
        blobs = files.of()
        packed = b"".join(blobs.get(path, UNKNOWN) for path in paths)
    else:
        packed = files.blobs if files is not None else UNKNOWN * len(paths)
    db.execute("DELETE FROM problems WHERE tree = ?", (tree,))
    _write(db, tree, key, problems, counted, packed)


def _write(db: Index, tree: str, key: str, problems: list[Problem],
           counted: list[tuple[str, bool]], blobs: bytes) -> None:
    """The outcome row, and a row a file and code for these problems (those of no file
    counted: the walk's)."""
    files = {path for path, _ in counted}
    by_file: dict[tuple[int, str, str], list[Problem]] = {}
    walk: list[Problem] = []
    for problem in problems:
        if problem.path not in files:
            walk.append(problem)
            continue
        code = CODES.get(problem.code)
        by_file.setdefault((int(bool(code and code.opt_in)), problem.path, problem.code),
                           []).append(problem)
    db.executemany("INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", [(
        tree, key, time.time_ns(), len(counted), sum(1 for _, valid in counted if valid),
        "\0".join(path for path, _ in counted), bytes(valid for _, valid in counted), blobs,
        cache.problems_text(walk))])
    db.executemany("INSERT INTO problems VALUES (?, ?, ?, ?, ?)",
                   [(tree, opt_in, path, code, cache.problems_text(found))
                    for (opt_in, path, code), found in by_file.items()])
    if tree != WORK_TREE:  # the revisions stored last are kept
        db.execute("DELETE FROM outcomes WHERE tree != ? AND tree NOT IN (SELECT tree FROM "
                   "outcomes WHERE tree != ? ORDER BY stored DESC LIMIT ?)",
                   (WORK_TREE, WORK_TREE, REVISIONS_KEPT))
        db.execute("DELETE FROM problems WHERE tree NOT IN (SELECT tree FROM outcomes)")
