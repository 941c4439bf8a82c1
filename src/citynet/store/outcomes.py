"""validate's outcome in the index: for a state of data/, every problem by file.

The work tree's outcome is kept under a key of every file's stamp (store/listing.py:
`Listings.key`), so a warm `validate` that finds every file as it was reads it and parses
nothing, and the language server answers a file unchanged on disk with its row. A git
revision's is kept under the hash of its `data/` tree, which names its content for good
(a pull request's baseline: the last few are kept). Both are keyed by the versions that
decide the checks (`cache.outcome_key`).

Problems are stored one row a file, the opt-in codes' apart, so an outcome is read
without them unless they are selected (one-sided-agreement finds one in most
agreements), and one file's are read alone.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model.codes import CODES
from citynet.model.kinds import KINDS
from citynet.model.problems import Problem
from citynet.store import cache, sealed
from citynet.store.files import DATA_DIR
from citynet.store.index import Subset, Wanted, rows, usable
from citynet.store.listing import Changed, refresh
from citynet.store.sealed import WORK_TREE, Corrupt, Index

Outcome = tuple[list[Problem], list[tuple[str, bool]]]
"""Every problem, and each file checked with whether it gave a valid record."""
REVISIONS_KEPT = 3
"""Revisions' outcomes kept besides the work tree's (the most recently stored)."""


@dataclass
class WorkTree:
    """The work tree's key; its stored outcome, or else the whole registry's rows."""

    key: str
    outcome: Outcome | None
    subset: Subset | None


def work_tree(root: Path, opt_in: bool = True) -> WorkTree | None:
    """The work tree's stored outcome if every file is as it was (its opt-in problems only
    with `opt_in`), else the rows of the whole registry, brought up to date, to check;
    None when the index may not be used here."""
    if not usable(root):
        return None

    def work(db: Index) -> WorkTree:
        tree = refresh(root, db, sorted(KINDS), set(KINDS))
        key = tree.key(root)
        outcome = _load(db, WORK_TREE, key, opt_in)
        if outcome is not None:
            return WorkTree(key, outcome, None)
        return WorkTree(key, None, rows(root, db, tree, Wanted.of()))

    return sealed.using(root, work)


def at_revision(root: Path, tree: str, opt_in: bool = True) -> tuple[str, Outcome | None]:
    """The key of a revision's outcome (`tree`: the hash of its data/ tree) and the outcome
    if it is stored."""
    key = cache.outcome_key("revision", tree)
    if cache.untrusted(root) is not None:
        return key, None
    return key, sealed.using(root, lambda db: _load(db, tree, key, opt_in), read_only=True)


def store(root: Path, tree: str, key: str, outcome: Outcome) -> None:
    """Keep an outcome (WORK_TREE, or a revision's tree hash) under `key`."""
    if cache.untrusted(root) is None:
        sealed.using(root, lambda db: _store(db, tree, key, outcome))


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
        row = db.execute("SELECT problems FROM problems WHERE tree = ? AND opt_in = 0 "
                         "AND path = ?", (WORK_TREE, rel)).fetchone()
        return sorted(cache.problems_from(row[0]) if row else [], key=Problem.sort_key)

    return sealed.using(root, work, read_only=True)


def _key(db: Index, tree: str) -> Any:
    found = db.execute("SELECT key FROM outcomes WHERE tree = ?", (tree,)).fetchone()
    return found[0] if found else None


def _load(db: Index, tree: str, key: str, opt_in: bool) -> Outcome | None:
    found = db.execute("SELECT key, files, records, paths, valid FROM outcomes WHERE tree = ?",
                       (tree,)).fetchone()
    if found is None or found[0] != key:
        return None
    _, files, records, paths, valid = found
    if type(paths) is not str or type(valid) is not bytes:
        raise Corrupt("outcome")
    listed = paths.split("\0") if paths else []
    if len(listed) != files or len(valid) != files or sum(valid) != records:
        raise Corrupt("outcome")
    counted = list(zip(listed, map(bool, valid), strict=True))
    problems: list[Problem] = []
    for path, text in db.execute(f"SELECT path, problems FROM problems WHERE tree = ? AND "
                                 f"opt_in {'IN (0, 1)' if opt_in else '= 0'}", (tree,)):
        found = cache.problems_from(text)
        if not _in_data(path) or any(problem.path != path for problem in found):
            raise Corrupt("a problem out of data/")  # its file would be read to place it
        problems += found
    return problems, counted


def _in_data(path: Any) -> bool:
    return type(path) is str and (path == DATA_DIR or (
        path.startswith(f"{DATA_DIR}/") and os.path.normpath(path) == path
        and "\\" not in path))


def _store(db: Index, tree: str, key: str, outcome: Outcome) -> None:
    problems, counted = outcome
    by_file: dict[tuple[int, str], list[Problem]] = {}
    for problem in problems:
        code = CODES.get(problem.code)
        by_file.setdefault((int(bool(code and code.opt_in)), problem.path), []).append(problem)
    db.execute("DELETE FROM problems WHERE tree = ?", (tree,))
    db.executemany("INSERT OR REPLACE INTO outcomes VALUES (?, ?, ?, ?, ?, ?, ?)", [(
        tree, key, time.time_ns(), len(counted), sum(1 for _, valid in counted if valid),
        "\0".join(path for path, _ in counted), bytes(valid for _, valid in counted))])
    db.executemany("INSERT INTO problems VALUES (?, ?, ?, ?)",
                   [(tree, opt_in, path, cache.problems_text(found))
                    for (opt_in, path), found in by_file.items()])
    if tree != WORK_TREE:  # the revisions stored last are kept
        db.execute("DELETE FROM outcomes WHERE tree != ? AND tree NOT IN (SELECT tree FROM "
                   "outcomes WHERE tree != ? ORDER BY stored DESC LIMIT ?)",
                   (WORK_TREE, WORK_TREE, REVISIONS_KEPT))
        db.execute("DELETE FROM problems WHERE tree NOT IN (SELECT tree FROM outcomes)")
