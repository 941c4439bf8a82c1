"""Keeping the index's rows current: which record files each kind holds, and a row for each.

A kind's listing (its files as `discover` finds them, their stamps, the problems with the
tree) is taken from the database while the stamps of its folders hold (store/stamp.py),
else listed afresh; then every file of the kinds a command reads is stamped, and a file
whose stamp moved is read again (on every core) and its rows replaced: one row a file
(stamp, data as JSON, reading and schema problems) and one row a reference.

The stamps of a whole tree, with the problems of its listings, make the key of the work
tree's validate outcome (store/outcomes.py): equal only if no file changed.
"""

from __future__ import annotations

import functools
import json
from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.model import codes
from citynet.model.kinds import KINDS, stored_refs
from citynet.model.problems import Problem, Severity
from citynet.store import cache, stamp
from citynet.store.files import DATA_DIR, EXTENSION, Document, Found, discover, read_all
from citynet.store.sealed import Corrupt, Index, Unusable

REREAD = 2
"""`flawed` of a row whose data JSON cannot hold exactly: read from its file when used."""
CHUNK = 500
"""Bound parameters a statement, well under SQLite's limit."""


@dataclass
class Listing:
    """One kind's record files as `discover` finds them, and what is wrong with the tree."""

    rels: list[str]
    problems: list[Problem]
    stamps: array[int]
    """Each file's stamp as last stored, five numbers a file."""

    @functools.cached_property
    def stems(self) -> list[str]:
        """Each file's stem, its record's id (worked out only if asked: a warm validate that
        finds its outcome never is)."""
        return [rel[rel.rfind("/") + 1:-len(EXTENSION)] for rel in self.rels]

    @functools.cached_property
    def twins(self) -> list[str]:
        """Stems two files share (the first in path order is the record)."""
        return [stem for stem, n in Counter(self.stems).items() if n > 1]


@dataclass
class Listings:
    """The listings of the kinds a command reads, and the documents read meanwhile."""

    listings: dict[str, Listing]
    stamped: set[str] = field(default_factory=set)
    """The kinds whose every file was stamped."""
    fresh: dict[str, tuple[Document, list[Problem]]] = field(default_factory=dict)
    """Files read during this transaction: used as read, never decoded from their rows."""

    def key(self, root: Path) -> str:
        """validate's key of the whole tree: every file and stamp, every tree problem, and
        what else decides an outcome (`cache.outcome_key`). Only when every kind is listed
        and stamped."""
        assert self.stamped == set(KINDS)
        parts = [cache.problems_text(discover(root, (), unknown=True)[1])]
        for kind in sorted(self.listings):
            listing = self.listings[kind]
            parts.append(stamp.digest(listing.rels, listing.stamps,
                                      cache.problems_text(listing.problems)))
        return cache.outcome_key(parts)


class Changed(Exception):
    """A file changed since its rows were stored (when the rows may not be updated)."""


def refresh(root: Path, db: Index, kinds: list[str], whole: set[str], write: bool = True,
            tree: Listings | None = None) -> Listings:
    """The listings of `kinds` (those in `tree`, if given), each file of `whole` stamped
    and, if it changed, read again (without `write`: Changed instead)."""
    if tree is None:
        tree = _listings(root, db, kinds, write)
    for kind in sorted(whole - tree.stamped):
        now, links = stamp.files(str(root), tree.listings[kind].rels)
        if links or now != tree.listings[kind].stamps:
            tree.listings[kind] = _relist(root, db, kind, tree, write)
        tree.stamped.add(kind)
    return tree


def _listings(root: Path, db: Index, kinds: list[str], write: bool) -> Listings:
    """Each kind's files: as the index lists them if its folders are unchanged, else listed
    afresh (and its rows updated: those kinds come back as stamped)."""
    stored = {kind: rest for kind, *rest in db.execute(
        f"SELECT kind, dirs, problems, paths, stamps FROM listing WHERE kind IN "
        f"({marks(kinds)})", kinds)}
    tree = Listings({})
    for kind in kinds:
        row = stored.get(kind)
        if (row is not None and row[0] is not None
                and stamp.same_folders(str(root), cache.loads(row[0]))):
            tree.listings[kind] = _stored(db, kind, row)
        else:
            tree.listings[kind] = _relist(root, db, kind, tree, write, row)
            tree.stamped.add(kind)
    return tree


def _stored(db: Index, kind: str, row: list[Any]) -> Listing:
    _, problems, paths, packed = row
    if type(paths) is not str or type(packed) is not bytes:
        raise Corrupt("listing")
    rels = paths.split("\0") if paths else []
    old = array("q")
    old.frombytes(packed)
    count, = db.execute("SELECT count(*) FROM files WHERE kind = ?", (kind,)).fetchone()
    if count != len(rels) or len(old) != 5 * len(rels):
        raise Corrupt("listing")
    return Listing(rels, cache.problems_from(problems), old)


def _relist(root: Path, db: Index, kind: str, tree: Listings, write: bool,
            row: Any = None) -> Listing:
    """List the kind's folders afresh, update the rows of changed files, store the listing
    (unless it is the stored `row`)."""
    dirs = stamp.folders(str(root), f"{DATA_DIR}/{kind}", DATA_DIR)  # first: a change
    files, problems = discover(root, {kind})                       # meanwhile shows next time
    rels = [found.rel for found in files]
    try:
        "\0".join(rels).encode("utf-8")
    except UnicodeEncodeError:  # SQLite's text is UTF-8: such a name could not be kept
        raise Unusable(f"a file name in {DATA_DIR}/{kind} is not UTF-8") from None
    now, links = stamp.files(str(root), rels)
    old = {path: tuple(numbers) for path, *numbers in db.execute(
        "SELECT path, size, mtime, ctime, ino, dev FROM files WHERE kind = ?", (kind,))}
    changed = []
    for n, found in enumerate(files):
        stamped = tuple(now[5 * n:5 * n + 5])
        if stamped == stamp.NONE or old.pop(found.rel, None) != stamped:
            changed.append(found)
    gone = [*old, *(found.rel for found in changed)]
    trusted = not links and not any(p.code == codes.SYMLINK for p in problems)
    listing = (json.dumps(dirs) if trusted and dirs is not None else None,
               cache.problems_text(problems), "\0".join(rels), now.tobytes())
    if not write:
        if gone or row is None or tuple(row[1:]) != listing[1:]:
            raise Changed(kind)
        return Listing(rels, problems, now)
    forget(db, gone)
    if changed:
        add(root, db, changed, tree)
    if gone or row is None or tuple(row) != listing:
        db.executemany("INSERT OR REPLACE INTO listing VALUES (?, ?, ?, ?, ?)",
                       [(kind, *listing)])
    return Listing(rels, problems, now)


def forget(db: Index, paths: list[str]) -> None:
    """Remove the rows of these files."""
    for chunk in chunks(paths):
        db.execute(f"DELETE FROM files WHERE path IN ({marks(chunk)})", chunk)
        db.execute(f"DELETE FROM refs WHERE path IN ({marks(chunk)})", chunk)
        db.changed = True


def add(root: Path, db: Index, changed: list[Found], tree: Listings) -> None:
    """Read the changed files (on every core) and store their rows; what was read is kept
    in `tree.fresh`."""
    rows: list[list[Any]] = []
    datas: list[Any] = []
    refs: list[tuple[str, str, str, str]] = []

    def each(doc: Document, reading: list[Problem]) -> None:
        verdict = doc.schema
        if doc.data is not None and verdict is None:
            from citynet.model import build

            _, verdict = build.build(doc.kind, doc.path, doc.data)
            doc.schema = verdict
        verdict = verdict or []
        valid = (doc.data is not None and not verdict
                 and not any(p.severity is Severity.ERROR for p in reading))
        if valid and doc.data is not None:  # from the stored data, as the relations are
            for path, target in doc.kind.refs:
                for ref in {ref for _, ref in stored_refs(doc.data, path)}:
                    refs.append((doc.path, doc.kind.folder, target, ref))
        rows.append([doc.path, doc.kind.folder, doc.id, _text(doc.data),
                     cache.problems_text(reading), cache.problems_text(verdict),
                     int(bool(reading or verdict))])
        datas.append(doc.data)
        tree.fresh[doc.path] = (doc, reading)

    read = read_all(root, changed, each=each)
    _reread_what_json_changes(rows, datas)
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)",
                   [(*row[:3], *read.stamps.get(row[0], stamp.NONE), *row[3:]) for row in rows])
    db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", refs)


_ENCODE = json.JSONEncoder(check_circular=False).encode
"""Record data holds no cycles (YAML aliases are refused before it is built)."""


def _text(data: Any) -> str | None:
    try:
        return None if data is None else _ENCODE(data)
    except (TypeError, ValueError):  # a key JSON cannot write: read the file when used
        return None


def _reread_what_json_changes(rows: list[list[Any]], datas: list[Any]) -> None:
    """Mark REREAD each row whose data JSON does not give back exactly (a key that is not
    text, a NaN): all rows are decoded and compared in one call, then one by one only if
    one differs."""
    texts = [row[3] for row in rows]
    decoded = cache.loads(f"[{','.join(text or 'null' for text in texts)}]")
    if decoded == datas:
        return
    for row, data, back in zip(rows, datas, decoded, strict=True):
        if data is not None and (row[3] is None or back != data or not cache.plain(data)):
            row[3], row[6] = None, REREAD
def chunks(values: list[Any]) -> list[list[Any]]:
    return [values[start:start + CHUNK] for start in range(0, len(values), CHUNK)]


def marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))
