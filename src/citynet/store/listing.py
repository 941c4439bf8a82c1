"""Keeping the index's rows current: which record files each kind holds, and a row for each.

A kind's listing (its files as `discover` finds them, their stamps, the problems with the
tree) is taken from the database while the stamps of its folders hold (store/stamp.py),
else listed afresh; then every file of the kinds a command reads is stamped, and a file
whose stamp moved is read again (on every core) and its rows replaced: one row a file
(stamp, data as JSON, reading and schema problems) and one row a reference. In a large git
work tree (or a fresh clone) a file git's index vouches for keeps its stored stamp unstat'ed
(store/vouched.py): the key below is still the one a stamp of every file would give.

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
from citynet.store.stamp import Stamp
from citynet.store.vouched import Vouched

REREAD = 2
"""`flawed` of a row whose data JSON cannot hold exactly: read from its file when used."""
CHUNK = 500
"""Bound parameters a statement, well under SQLite's limit."""
BLOB = 20
"""Bytes of a packed git blob id (SHA-1)."""
UNKNOWN = bytes(BLOB)
"""The packed blob id of a file whose bytes were not read (unreadable, too large)."""
GIT_FROM = 5000
"""Files stored (every kind's) from which git's index is asked which of them it finds as
staged (one `git ls-files` of data/, on the other core) rather than stat'ing each: below,
stat'ing them costs less than starting git. A kind whose first files have all moved (a
fresh clone, a checkout) asks it whatever its size: reading them again costs more."""


def packed(blob: str | None) -> bytes:
    """A blob id as the listing keeps it (UNKNOWN for None or anything else)."""
    try:
        raw = bytes.fromhex(blob) if blob is not None else UNKNOWN
    except ValueError:
        return UNKNOWN
    return raw if len(raw) == BLOB else UNKNOWN


@dataclass
class Listing:
    """One kind's record files as `discover` finds them, and what is wrong with the tree."""

    rels: list[str]
    problems: list[Problem]
    stamps: array[int]
    """Each file's stamp as last stored, five numbers a file."""
    blobs: bytes
    """Each file's git blob id (BLOB bytes a file) of the bytes its row was read from."""

    @functools.cached_property
    def stems(self) -> list[str]:
        """Each file's stem, its record's id (worked out only if asked: a warm validate that
        finds its outcome never is)."""
        return [rel[rel.rfind("/") + 1:-len(EXTENSION)] for rel in self.rels]

    @functools.cached_property
    def twins(self) -> list[str]:
        """Stems two files share (the first in path order is the record)."""
        return [stem for stem, n in Counter(self.stems).items() if n > 1]

    @functools.cached_property
    def at(self) -> dict[str, int]:
        """Each file's place in the listing."""
        return {rel: n for n, rel in enumerate(self.rels)}

    def each_blob(self) -> list[bytes]:
        """Each file's packed blob id, in the listing's order."""
        blobs = self.blobs
        return [blobs[n:n + BLOB] for n in range(0, len(blobs), BLOB)]

    def stamp_of(self, rel: str) -> tuple[int, ...]:
        return self.stamps_of(self.at[rel])

    def stamps_of(self, n: int) -> tuple[int, ...]:
        return tuple(self.stamps[5 * n:5 * n + 5])


@dataclass
class Listings:
    """The listings of the kinds a command reads, and the documents read meanwhile."""

    listings: dict[str, Listing]
    stamped: set[str] = field(default_factory=set)
    """The kinds whose every file was stamped."""
    fresh: dict[str, tuple[Document, list[Problem]]] = field(default_factory=dict)
    """Files read during this transaction: used as read, never decoded from their rows."""
    git: Vouched = field(default_factory=Vouched)
    """What git's index vouches for (store/vouched.py)."""

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

    def problems(self, root: Path) -> list[Problem]:
        """The problems with the tree itself, in the walk's order (every kind listed)."""
        found = discover(root, (), unknown=True)[1]
        return found + [p for kind in sorted(self.listings) for p in self.listings[kind].problems]

    def keep_vouched(self, db: Index) -> None:
        """Store what git vouched for, when it changed (`Vouched.record`)."""
        record = self.git.record(self.listings)
        if record is not None:
            db.execute("INSERT OR REPLACE INTO citynet VALUES ('git', ?)", (json.dumps(record),))
            db.changed = True


class Changed(Exception):
    """A file changed since its rows were stored (when the rows may not be updated)."""


def refresh(root: Path, db: Index, kinds: list[str], whole: set[str], write: bool = True,
            tree: Listings | None = None) -> Listings:
    """The listings of `kinds` (those in `tree`, if given), each file of `whole` stamped
    and, if it changed, read again (without `write`: Changed instead)."""
    if tree is None:
        tree = _listings(root, db, kinds, write)
    for kind in sorted(whole - tree.stamped):
        listing = tree.listings[kind]
        now, links = tree.git.stamps(root, kind, listing.rels, listing.stamps, listing.blobs)
        if links or now != listing.stamps:
            tree.listings[kind] = _relist(root, db, kind, tree, write, listing)
        tree.stamped.add(kind)
    if write:
        tree.keep_vouched(db)
    return tree


def _listings(root: Path, db: Index, kinds: list[str], write: bool) -> Listings:
    """Each kind's files: as the index lists them if its folders are unchanged, else listed
    afresh (and its rows updated: those kinds come back as stamped)."""
    stored = {kind: rest for kind, *rest in db.execute(
        f"SELECT kind, dirs, problems, paths, stamps, blobs FROM listing WHERE kind IN "
        f"({marks(kinds)})", kinds)}
    olds = {kind: listing_of(db, kind, stored[kind]) for kind in kinds if kind in stored}
    tree = Listings({})
    if sum(len(old.rels) for old in olds.values()) >= GIT_FROM or any(
            _checked_out(root, old) for old in olds.values()):
        vouched = db.execute("SELECT value FROM citynet WHERE name = 'git'").fetchone()
        try:
            tree.git.ask(root, cache.loads(vouched[0]) if vouched else None, olds)
        except (TypeError, ValueError):
            raise Corrupt("git's vouching") from None
    for kind in kinds:
        row = stored.get(kind)
        old = olds.get(kind)
        if (old is not None and row is not None and row[0] is not None
                and stamp.same_folders(str(root), cache.loads(row[0]))):
            tree.listings[kind] = old
        else:
            tree.listings[kind] = _relist(root, db, kind, tree, write, old, row)
            tree.stamped.add(kind)
    return tree


def _checked_out(root: Path, old: Listing) -> bool:
    """Whether the kind's files were probably all written anew (a fresh clone, a checkout):
    the first few stored have all moved."""
    first = old.rels[:4]
    return len(first) >= 2 and all(
        stamp.of(f"{root}/{rel}") != old.stamps_of(n) for n, rel in enumerate(first))


def listing_of(db: Index, kind: str, row: list[Any]) -> Listing:
    """A kind's listing from its stored row (Corrupt if it disagrees with the rows)."""
    _, problems, paths, stamps, blobs = row
    if type(paths) is not str or type(stamps) is not bytes or type(blobs) is not bytes:
        raise Corrupt("listing")
    rels = paths.split("\0") if paths else []
    old = array("q")
    old.frombytes(stamps)
    count, = db.execute("SELECT count(*) FROM files WHERE kind = ?", (kind,)).fetchone()
    if count != len(rels) or len(old) != 5 * len(rels) or len(blobs) != BLOB * len(rels):
        raise Corrupt("listing")
    return Listing(rels, cache.problems_from(problems), old, blobs)


def _relist(root: Path, db: Index, kind: str, tree: Listings, write: bool,
            old: Listing | None, row: Any = False) -> Listing:
    """List the kind's folders afresh and update the rows of changed files: a file whose
    stamp holds keeps its row, and so does one git's index finds as staged with the blob id
    its row was read from (a fresh clone: `Vouched.stamps`); the rest are read. Store the
    listing (unless it is the stored `row`)."""
    dirs = stamp.folders(str(root), f"{DATA_DIR}/{kind}", DATA_DIR)  # first: a change
    files, problems = discover(root, {kind})                       # meanwhile shows next time
    rels = [found.rel for found in files]
    try:
        "\0".join(rels).encode("utf-8")
    except UnicodeEncodeError:  # SQLite's text is UTF-8: such a name could not be kept
        raise Unusable(f"a file name in {DATA_DIR}/{kind} is not UTF-8") from None
    if old is not None:
        if old.rels == rels:  # the same files (at 100k, each step a file counts)
            was, was_blobs = old.stamps, old.blobs
        else:
            at = old.at
            places = [at.get(rel, -1) for rel in rels]
            olds = stamp.unpacked(old.stamps)
            was = stamp.pack([olds[i] if i >= 0 else stamp.NONE for i in places])
            every = old.each_blob()
            was_blobs = b"".join([every[i] if i >= 0 else UNKNOWN for i in places])
        now, links = tree.git.stamps(root, kind, rels, was, was_blobs)
        blobs = [was_blobs[n:n + BLOB] for n in range(0, len(was_blobs), BLOB)]
        changed = [n for n, (five, held) in enumerate(zip(stamp.unpacked(now),
                                                          stamp.unpacked(was), strict=True))
                   if five != held or five == stamp.NONE]
        if old.rels == rels:
            gone = [rels[n] for n in changed]
        else:
            kept = set(rels).difference(rels[n] for n in changed)
            gone = [rel for rel in old.rels if rel not in kept]
    else:
        now, links = stamp.files(str(root), rels)
        blobs = [UNKNOWN] * len(rels)
        changed, gone = list(range(len(rels))), []
    trusted = not links and not any(p.code == codes.SYMLINK for p in problems)
    dirs_text = json.dumps(dirs) if trusted and dirs is not None else None
    if not write:
        if gone or changed or old is None or old.rels != rels or old.stamps != now or (
                cache.problems_text(old.problems) != cache.problems_text(problems)):
            raise Changed(kind)
        return Listing(rels, problems, now, b"".join(blobs))
    forget(db, gone)
    if changed:
        read = add(root, db, [files[n] for n in changed], tree)
        for n in changed:
            key, blob = read.get(rels[n], (stamp.NONE, None))
            now[5 * n:5 * n + 5] = stamp.pack([key])
            blobs[n] = packed(blob)
    listing = (dirs_text, cache.problems_text(problems), "\0".join(rels), now.tobytes(),
               b"".join(blobs))
    if row is None or row is False or tuple(row) != listing:
        db.executemany("INSERT OR REPLACE INTO listing VALUES (?, ?, ?, ?, ?, ?)",
                       [(kind, *listing)])
    return Listing(rels, problems, now, listing[4])


def note(db: Index, tree: Listings, read: dict[str, tuple[Stamp, str | None]]) -> None:
    """Keep in their kinds' listings the stamps and blob ids of files read again outside a
    relisting (a row found stale by a query that did not stamp its whole kind)."""
    for kind in sorted({rel.split("/", 2)[1] for rel in read}):
        listing = tree.listings[kind]
        blobs = bytearray(listing.blobs)
        for rel, (key, blob) in read.items():
            n = listing.at.get(rel)
            if n is not None:
                listing.stamps[5 * n:5 * n + 5] = stamp.pack([key])
                blobs[BLOB * n:BLOB * n + BLOB] = packed(blob)
        listing.blobs = bytes(blobs)
        db.execute("UPDATE listing SET stamps = ?, blobs = ? WHERE kind = ?",
                   (listing.stamps.tobytes(), listing.blobs, kind))
        db.changed = True


def forget(db: Index, paths: list[str]) -> None:
    """Remove the rows of these files."""
    for chunk in chunks(paths):
        db.execute(f"DELETE FROM files WHERE path IN ({marks(chunk)})", chunk)
        db.execute(f"DELETE FROM refs WHERE path IN ({marks(chunk)})", chunk)
        db.changed = True


def add(root: Path, db: Index, changed: list[Found], tree: Listings
        ) -> dict[str, tuple[Stamp, str | None]]:
    """Read the changed files (on every core) and store their rows; what was read is kept
    in `tree.fresh`. Each file's stamp as it was read and the blob id of its bytes."""
    rows: list[list[Any]] = []
    datas: list[Any] = []
    refs: list[tuple[str, str, str, str]] = []
    found: dict[str, tuple[Stamp, str | None]] = {}

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
        found[doc.path] = (stamp.NONE, doc.blob)

    read = read_all(root, changed, each=each)
    _reread_what_json_changes(rows, datas)
    db.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT INTO refs VALUES (?, ?, ?, ?)", refs)
    return {path: (read.stamps.get(path, stamp.NONE), blob) for path, (_, blob) in found.items()}


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
