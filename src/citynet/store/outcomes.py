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

With no index yet (a fresh clone), a revision's is worked out so in memory, from the work
tree's as a cold run checked it (`revision_from_loaded`), and nothing is written.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citynet.model.codes import CODES
from citynet.model.kinds import KINDS
from citynet.model.problems import Problem
from citynet.store import cache, sealed
from citynet.store.changes import Files, Recheck, Rechecked, change
from citynet.store.files import DATA_DIR
from citynet.store.index import Subset, Wanted, rows, usable
from citynet.store.listing import (
    BLOB,
    UNKNOWN,
    Changed,
    Listings,
    chunks,
    listing_of,
    marks,
    packed,
    refresh,
)
from citynet.store.sealed import WORK_TREE, Corrupt, Index
from citynet.store.states import Loaded, Read, Rows

if TYPE_CHECKING:
    from citynet.store.revision import Listing

Outcome = tuple[list[Problem], list[tuple[str, bool]]]
"""Every problem, and each file checked with whether it gave a valid record."""
REVISIONS_KEPT = 3
"""Revisions' outcomes kept besides the work tree's (the most recently stored)."""
RECHECK_MOST = 20
"""A state is worked out from a stored outcome when at most one file in this many differs
(and at least a thousand may): past that, checking it whole costs less."""


@dataclass
class WorkTree:
    """The work tree's key and files; its stored outcome, or else the whole registry's
    rows."""

    key: str
    outcome: Outcome | None
    subset: Subset | None
    files: Files | None = None
    worked_out: bool = False
    """The outcome was worked out now from another (not found stored)."""


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
                return WorkTree(key, _load(db, WORK_TREE, key, opt_in), None, files, True)
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


def revision_from_work_tree(root: Path, tree: str, key: str, revision: Listing,
                            recheck: Recheck, opt_in: bool = True) -> Outcome | None:
    """A revision's outcome worked out from the work tree's stored one, when few of its
    files differ from it (only those are read, from git), and stored under `tree`; None
    when it cannot be."""
    if cache.untrusted(root) is not None:
        return None
    files = revision.files

    def work(db: Index) -> Outcome | None:
        differ = change(_rows_files(db), files)
        if len(differ) > _most(len(files.paths)):
            return None
        state = Rows(root, db, revision.folders,
                     revision.read(sorted(differ.added | differ.modified)),
                     hidden=differ.removed)
        if not _derive(db, WORK_TREE, tree, key, files, state, revision.problems, recheck):
            return None
        return _load(db, tree, key, opt_in)

    return sealed.using(root, work)


def keep_for_head(root: Path, key: str) -> None:
    """When the work tree holds exactly HEAD's data/ (a CI run on a commit does), keep its
    outcome, stored under `key`, as HEAD's too: a pull request built on that commit then
    finds its baseline's outcome at once, in the `.citynet/` CI's cache gives it. Asked
    only once the work tree's outcome was worked out, never when it was found stored."""
    from citynet.store import git, staged
    from citynet.store.revision import listed_at

    if cache.untrusted(root) is not None or not staged.clean(root, DATA_DIR):
        return
    commit = git.resolve(root, "HEAD")
    tree = git.tree(root, commit, DATA_DIR)
    if tree is None or at_revision(root, tree, opt_in=False)[1] is not None:
        return
    revision = listed_at(root, commit)

    def work(db: Index) -> None:
        stored = _stored_files(db, WORK_TREE)
        found = db.execute("SELECT key, walk FROM outcomes WHERE tree = ?",
                           (WORK_TREE,)).fetchone()
        if stored is None or found is None or found[0] != key or change(
                stored[0], revision.files) or sorted(cache.problems_from(found[1]),
                                                     key=Problem.sort_key) != sorted(
                revision.problems, key=Problem.sort_key):
            return  # not the same files, or not the same problems with the tree
        db.execute("DELETE FROM problems WHERE tree = ?", (tree,))
        db.execute("INSERT INTO problems SELECT ?, opt_in, path, code, problems FROM problems "
                   "WHERE tree = ?", (tree, WORK_TREE))
        db.execute("INSERT OR REPLACE INTO outcomes SELECT ?, ?, ?, files, records, paths, "
                   "valid, blobs, walk FROM outcomes WHERE tree = ?",
                   (tree, cache.outcome_key("revision", tree), time.time_ns(), WORK_TREE))
        _prune(db)
        db.changed = True

    sealed.using(root, work)


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
    counted = _counted(found, valid, files, done)
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


def _counted(before: Files, valid: Iterable[Any], files: Files, done: Rechecked
             ) -> list[tuple[str, bool]]:
    """Each file of a state worked out from another's outcome (`before`'s files, `valid`
    each) with whether it gives a valid record: as the recheck found, else as before."""
    was = dict(zip(before.paths, valid, strict=True))
    return [(path, done.valid[path] if path in done.valid else bool(was[path]))
            for path in files.paths]


def revision_from_loaded(outcome: Outcome, loaded: dict[str, Read], revision: Listing,
                         recheck: Recheck) -> Outcome | None:
    """A revision's outcome worked out in memory from the work tree's (`outcome`, of the
    files `loaded` as a cold run read them) as `revision_from_work_tree` does from the
    index's, writing nothing; None when too many files differ."""
    problems, was = outcome
    before = Files([path for path, _ in was],
                   b"".join(packed(loaded[path][0].blob) for path, _ in was))
    files = revision.files
    differ = change(before, files)
    if len(differ) > _most(len(files.paths)):
        return None
    state = Loaded(revision.root, loaded, revision.folders,
                   revision.read(sorted(differ.added | differ.modified)), hidden=differ.removed)
    by_file = [problem for problem in problems if problem.path in loaded]  # not the walk's
    found: dict[str, set[str]] = {}
    for problem in by_file:
        found.setdefault(problem.code, set()).add(problem.path)
    done = recheck(state, differ, lambda code: found.get(code, set()))
    kept = [problem for problem in by_file if problem.path not in done.whole
            and problem.path not in done.codes.get(problem.code, ())]
    return (kept + done.problems + revision.problems,
            _counted(before, [valid for _, valid in was], files, done))


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
    if tree != WORK_TREE:
        _prune(db)


def _prune(db: Index) -> None:
    """Keep the revisions' outcomes stored last."""
    db.execute("DELETE FROM outcomes WHERE tree != ? AND tree NOT IN (SELECT tree FROM "
               "outcomes WHERE tree != ? ORDER BY stored DESC LIMIT ?)",
               (WORK_TREE, WORK_TREE, REVISIONS_KEPT))
    db.execute("DELETE FROM problems WHERE tree NOT IN (SELECT tree FROM outcomes)")
