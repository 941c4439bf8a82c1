"""The index in `.citynet/`: every record file's parse in SQLite, so a warm query reads
only the rows it needs.

One row a file (its stamp, plain data as JSON, reading and schema problems) and one row
a reference (which record names which id), kept current by store/listing.py. A query
asks for a subset: whole kinds, the records with some ids, those referring to them, and
one hop out; the records with problems and the files sharing a stem always come along,
and every file name is known, so the Registry built from the subset
(`registry.from_subset`) answers exactly as the full one does for what the query reads.

It is only a speed-up and plain data, never used when `cache.untrusted` says the cache
folder came with the checkout; store/sealed.py opens the database only as this citynet
sealed it, and anything inconsistent rebuilds it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model.kinds import KINDS
from citynet.model.problems import Problem
from citynet.store import cache, sealed, stamp
from citynet.store.files import DATA_DIR, EXTENSION, Document, Found, discover, parse_file
from citynet.store.listing import (
    REREAD,
    Listing,
    Listings,
    add,
    chunks,
    forget,
    marks,
    note,
    refresh,
)
from citynet.store.sealed import Corrupt, Index
from citynet.store.tree import inside, walk_order

COLUMNS = "path, kind, id, data, reading, verdict, flawed"


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


@dataclass
class Subset:
    """The documents a query needs, in `discover`'s order, and every file's id by kind."""

    documents: list[tuple[Document, list[Problem]]]
    problems: list[Problem]
    """The problems with the tree itself (of the kinds read)."""
    known: dict[str, list[str]]


def read(root: Path, wanted: Wanted) -> Subset | None:
    """The subset of the registry `wanted` needs, its files' rows brought up to date first;
    None when the index may not be used here (the caller reads the files)."""
    if not usable(root):
        return None
    return sealed.using(root, lambda db: subset(root, db, wanted))


def usable(root: Path) -> bool:
    """Whether the index may serve the registry at `root`: `.citynet/` is ours, and data/
    lies inside the registry."""
    return (cache.untrusted(root) is None
            and inside(root, os.path.join(str(root), DATA_DIR)))


def listed_ids(root: Path, folders: Iterable[str], prefix: str = "") -> dict[str, list[str]]:
    """The record ids starting with `prefix` of these kinds, as the index lists them, for
    each kind whose folders hold the stamps the index last saw (no file added, removed or
    renamed in them since); a kind the index cannot vouch for is left out. Only the folders'
    stamps and the matching ids are read, and nothing is written: shell completion asks at
    every Tab."""
    wanted = sorted(set(folders) & set(KINDS))
    if not wanted or not usable(root):
        return {}
    bounds, where = [], ""
    if prefix:  # the ids from `prefix` up to the first text past every id it starts
        bounds, where = [prefix], " AND id >= ?"
        if ord(prefix[-1]) < 0x10FFFF:
            bounds.append(prefix[:-1] + chr(ord(prefix[-1]) + 1))
            where += " AND id < ?"

    def read(db: Index) -> dict[str, list[str]]:
        fresh = [kind for kind, dirs in db.execute(
            f"SELECT kind, dirs FROM listing WHERE kind IN ({marks(wanted)})", wanted)
            if dirs is not None and stamp.same_folders(str(root), cache.loads(dirs))]
        found: dict[str, list[str]] = {kind: [] for kind in fresh}
        if fresh:
            for kind, id_ in db.execute(
                    f"SELECT kind, id FROM files WHERE kind IN ({marks(fresh)}){where}",
                    [*fresh, *bounds]):
                if type(id_) is not str or kind not in found:
                    raise Corrupt("files")
                found[kind].append(id_)
        return {kind: [i for i in ids if i.startswith(prefix)] for kind, ids in found.items()}

    return sealed.using(root, read, read_only=True) or {}


def subset(root: Path, db: Index, wanted: Wanted) -> Subset:
    """Within one transaction: the listings of `wanted`'s kinds made current, then the
    rows it needs."""
    tree = refresh(root, db, sorted(wanted.kinds), set(wanted.whole))
    pairs = wanted.pairs(tree.listings)
    refresh(root, db, sorted(wanted.kinds), {k for k, _ in pairs}, tree=tree)
    return rows(root, db, tree, wanted, pairs)


def rows(root: Path, db: Index, tree: Listings, wanted: Wanted,
         pairs: set[tuple[str, str]] | None = None) -> Subset:
    """The rows `wanted` needs, as a Subset (the listings in `tree` current)."""
    if pairs is None:
        pairs = wanted.pairs(tree.listings)
    listings = tree.listings
    problems = discover(root, (), unknown=True)[1] if wanted.kinds == set(KINDS) else []
    problems += [p for folder in sorted(listings) for p in listings[folder].problems]
    documents = _subset(root, db, tree, wanted, pairs)
    return Subset(documents, problems, {kind: listing.stems for kind, listing in
                                        listings.items()})


# -- reading a subset --------------------------------------------------------------------------

def _subset(root: Path, db: Index, tree: Listings, wanted: Wanted,
            pairs: set[tuple[str, str]]) -> list[tuple[Document, list[Problem]]]:
    """The documents `wanted` needs, in discover's order, as `read_all` would give them.

    A row of a kind whose files were not all stat'ed is stat'ed now, and read again if
    its file changed (which may change what is needed).
    """
    base = os.path.join(str(root), "")
    for _ in range(3):
        found = _rows(db, tree.listings, wanted, pairs)
        stale = [Found(KINDS[row[1]], base + path, path)
                 for path, row in found.items() if row[1] not in tree.stamped
                 and stamp.of(base + path) != tree.listings[row[1]].stamp_of(path)]
        if not stale:
            return documents_of(root, [tree.fresh.get(path) or found[path]
                                     for path in _in_order(tree, found)])
        forget(db, [item.rel for item in stale])
        note(db, tree, add(root, db, stale, tree))
    raise Corrupt("the files keep changing")


def _in_order(tree: Listings, found: dict[str, Any]) -> list[str]:
    """The paths in discover's order: each folder's entries by name, a folder where it
    sorts; that is the listings' order, read from them when most rows are wanted."""
    listed = sum(len(listing.rels) for listing in tree.listings.values())
    if len(found) * 8 < listed:
        return sorted(found, key=walk_order)
    order = {rel: n for n, rel in enumerate(
        rel for kind in sorted(tree.listings) for rel in tree.listings[kind].rels)}
    if not order.keys() >= found.keys():
        raise Corrupt("a row of no listed file")
    return sorted(found, key=order.__getitem__)


def _rows(db: Index, listings: dict[str, Listing], wanted: Wanted,
          pairs: set[tuple[str, str]]) -> dict[str, tuple[Any, ...]]:
    kinds = sorted(wanted.kinds)
    found: dict[str, tuple[Any, ...]] = {}

    def fetch(where: str, parameters: list[Any]) -> list[tuple[Any, ...]]:
        fetched = list(db.execute(f"SELECT {COLUMNS} FROM files WHERE {where} AND kind IN "
                                  f"({marks(kinds)})", [*parameters, *kinds]))
        found.update((row[0], row) for row in fetched)
        return fetched

    for folder in sorted(wanted.whole):
        fetch("kind = ?", [folder])
    fetch("flawed > 0", [])
    for folder, listing in listings.items():
        for stem in listing.twins if folder not in wanted.whole else ():
            fetch("kind = ? AND id = ?", [folder, stem])
    ids = sorted(wanted.ids)
    seeds: list[tuple[Any, ...]] = []
    for chunk in chunks(ids) if wanted.hop else ():
        seeds += fetch(f"id IN ({marks(chunk)})", chunk)
    follow = sorted(pairs)
    for chunk in chunks(ids) if follow else ():
        sql = (f"SELECT DISTINCT path FROM refs WHERE ref IN ({marks(chunk)}) AND ("
               + " OR ".join("(kind = ? AND target = ?)" for _ in follow) + ")")
        paths = [path for (path,) in db.execute(
            sql, [*chunk, *(part for pair in follow for part in pair)])]
        for part in chunks(paths):
            seeds += fetch(f"path IN ({marks(part)})", part)
    if wanted.hop:
        _hop(db, [row[0] for row in seeds], fetch)
    return found


def _hop(db: Index, paths: list[str], fetch: Any) -> None:
    """Fetch the records these files name."""
    named: set[tuple[str, str]] = set()
    for chunk in chunks(sorted(set(paths))):
        named.update(db.execute(
            f"SELECT target, ref FROM refs WHERE path IN ({marks(chunk)})", chunk))
    by_kind: dict[str, list[str]] = {}
    for target, ref in sorted(named):
        by_kind.setdefault(target, []).append(ref)
    for target, refs in by_kind.items():
        for chunk in chunks(refs):
            fetch(f"kind = ? AND id IN ({marks(chunk)})", [target, *chunk])


def documents_of(root: Path, rows: list[Any]) -> list[tuple[Document, list[Problem]]]:
    """Rows as the documents they were read as (documents read meanwhile as they are);
    Corrupt or ValueError if one is not what this citynet writes. Every row's data is
    decoded in one `json.loads` of them all: at 100k rows, a call a row costs seconds."""
    stored = [row for row in rows if type(row) is tuple and len(row) == 7]
    texts = [row[3] for row in stored]
    if not all(text is None or type(text) is str for text in texts):
        raise Corrupt("data")
    decoded = cache.loads(f"[{','.join(text or 'null' for text in texts)}]")
    if type(decoded) is not list or len(decoded) != len(texts):
        raise Corrupt("data")
    values = iter(decoded)
    documents = []
    for row in rows:
        if type(row) is not tuple or len(row) != 7:
            documents.append(row)  # read just now
            continue
        path, folder, record_id, _, reading, verdict = row[:6]
        value = next(values)
        kind = KINDS.get(folder)
        if (kind is None or type(path) is not str or type(record_id) is not str
                or not path.startswith(f"{DATA_DIR}/{folder}/") or "//" in path
                or "/." in path or "\\" in path or not path.endswith(EXTENSION)
                or not (value is None or type(value) is dict)):
            raise Corrupt(str(path))  # hidden files are never records: no "." after a "/"
        if value is None and row[6] == REREAD:
            value, _ = parse_file(os.path.join(str(root), path), path)
        documents.append((Document(kind, path, record_id, value, cache.problems_from(verdict)),
                          cache.problems_from(reading)))
    return documents
