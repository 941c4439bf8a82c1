"""The one file citynet keeps in `.citynet/`: a SQLite database, opened only as this
citynet sealed it.

It holds, per record file, its stamp, data and the problems of reading it and of its
schema (`files`, `refs`, `listing`: store/index.py, store/listing.py), and per state of
`data/` (the work tree, or a git revision by the hash of its tree) validate's outcome:
every problem, by file (`outcomes`, `problems`: store/outcomes.py).

Sealed means, each time a transaction starts: SQLite's magic, citynet's application id
and this schema's number in the file's header (read before SQLite parses anything), the
tables exactly ours (no trigger or view could run), the `citynet` table naming this
citynet's code (`cache.code_version`: what another installation, or a registry's
archive, cannot know), and the header's change counter (SQLite adds one at each commit)
equal to the one citynet wrote with its last commit, so a database another program
changed is rebuilt, never believed; and the file's size is the pages it says it has (a
truncated one is rebuilt). SQLite opens it without extensions and with `trusted_schema`
off; every value is a bound parameter, and every row is checked as it is read.

A kill -9 mid-write loses nothing: SQLite's rollback journal (`index.sqlite-journal`,
deleted at commit) puts the last committed state back when the database is next opened.
A database that is corrupt or not ours is removed and made again; one that is busy,
read-only or on a full disk is left as it is and the command works without it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from citynet.store import cache
from citynet.store.tree.private import NotAFileError, open_file

T = TypeVar("T")
INDEX = "index.sqlite"
SCHEMA = 3
"""Bumped whenever the tables change (the header's user_version)."""
APPLICATION_ID = 0x63697479
"""citynet's mark in the header ("city")."""
TABLES = (
    "CREATE TABLE citynet (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE files (path TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, "
    "data TEXT, reading TEXT, verdict TEXT, flawed INTEGER NOT NULL)",
    "CREATE INDEX files_id ON files (id)",
    "CREATE INDEX files_kind ON files (kind, flawed)",
    "CREATE TABLE refs (path TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, "
    "ref TEXT NOT NULL)",
    "CREATE INDEX refs_ref ON refs (ref, target)",
    "CREATE INDEX refs_path ON refs (path)",
    "CREATE TABLE listing (kind TEXT PRIMARY KEY, dirs TEXT, problems TEXT, "
    "paths TEXT NOT NULL, stamps BLOB NOT NULL, blobs BLOB NOT NULL)",
    "CREATE TABLE outcomes (tree TEXT PRIMARY KEY, key TEXT NOT NULL, "
    "stored INTEGER NOT NULL, files INTEGER NOT NULL, records INTEGER NOT NULL, "
    "paths TEXT NOT NULL, valid BLOB NOT NULL, blobs BLOB NOT NULL, walk TEXT)",
    "CREATE TABLE problems (tree TEXT NOT NULL, opt_in INTEGER NOT NULL, path TEXT NOT NULL, "
    "code TEXT NOT NULL, problems TEXT NOT NULL, PRIMARY KEY (tree, opt_in, path, code)) "
    "WITHOUT ROWID",
)
"""A file's row (`files`) holds what its bytes read as; its kind's `listing` row holds, in
the walk's order, each file's stamp and the git blob id of the bytes its row was read from
(store/listing.py), so that a row is found by either: by stamp on this machine, by git's
blob id in a fresh clone or a restored `.citynet/` (every stamp moved, nothing read again).
An outcome (`outcomes.tree`: WORK_TREE or the hash of a revision's `data/` tree) names each
file with its blob id too, so a later state's outcome is worked out from it by rechecking
what changed (lint/recheck.py); its problems are kept a row per file and code, the walk's
own problems (`walk`) apart."""
WORK_TREE = "work tree"
"""The `outcomes.tree` of the work tree's outcome (a git tree hash is hexadecimal)."""
LEGACY = ("index.json", "validated.json", "revision.json")
"""Files earlier citynets kept in `.citynet/` (and `parsed-<kind>.json`): removed when the
database is made."""
_GONE = {"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_FULL",
         "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_NOLFS"}
"""Errors that say nothing about what the database holds: it is left alone this time."""


class Corrupt(Exception):
    """What the database holds is not what this citynet writes: it is made again."""


class Unusable(Exception):
    """The database cannot be used now (busy, read-only, a full disk): left as it is."""


def failure(error: Exception) -> Exception:
    """What an error met while using the database means: Unusable or Corrupt."""
    if isinstance(error, (Unusable, Corrupt)):
        return error
    if isinstance(error, UnicodeEncodeError):  # a name SQLite's UTF-8 cannot hold, not a fault
        return Unusable(str(error))
    name = getattr(error, "sqlite_errorname", "")
    if name in _GONE or name.startswith("SQLITE_IOERR") or (
            isinstance(error, OSError) and not isinstance(error, FileNotFoundError)):
        return Unusable(str(error))
    return Corrupt(str(error))


class Index:
    """One transaction on the database as this citynet sealed it, or on a new empty one.

    `with Index(root) as db:` checks the seal and holds SQLite's shared lock, so every
    read sees one state; a write takes the lock to write, and leaving the block commits
    with the new seal (or rolls back on an error: a Corrupt one removes the file).
    """

    def __init__(self, root: Path, fresh: bool = False, read_only: bool = False) -> None:
        self.folder = os.path.join(str(root), cache.CACHE_DIR)
        self.path = os.path.join(self.folder, INDEX)
        self.root = root
        self.fresh = fresh
        self.read_only = read_only
        """Open the database read-only: never make, change or remove it (Unusable if there
        is none usable)."""
        self.connection: sqlite3.Connection | None = None
        self.changed = False
        self.made = False
        """Made empty by this transaction."""
        self._counter = 0

    def __enter__(self) -> Index:
        if cache.untrusted(self.root) is not None:
            raise Unusable("the cache folder is not ours")
        if not self.fresh:
            try:
                self._open()
                return self
            except Exception as error:
                self._close()
                raised = failure(error)
                if isinstance(raised, Unusable):
                    raise raised from None
            except BaseException:
                self._close()
                raise
        if self.read_only:
            raise Unusable("no database")
        try:
            self._make()
        except Exception as error:
            self._close()
            raise failure(error) from None
        return self

    def _open(self) -> None:
        _check_header(self.path)
        self.connection = _connect(self.path, self.read_only)
        self.connection.execute("BEGIN")
        found = dict(self.connection.execute("SELECT name, value FROM citynet"))
        self._check_seal(found)

    def _check_seal(self, found: dict[str, Any]) -> None:
        """While SQLite's shared lock is held (nothing can commit): the seal."""
        assert self.connection is not None
        if _schema(self.connection) != set(TABLES):
            raise Corrupt("not citynet's tables")
        if found.get("code") != cache.code_version():
            raise Corrupt("stored by another citynet")
        fd = open_file(self.path)
        try:
            header = os.pread(fd, 100, 0)
            size = os.fstat(fd).st_size
        finally:
            os.close(fd)
        self._counter = int.from_bytes(header[24:28], "big")
        (pages,), = self.connection.execute("PRAGMA page_count")
        (page,), = self.connection.execute("PRAGMA page_size")
        if found.get("seal") != str(self._counter) or size != pages * page:
            raise Corrupt("changed by another program, or truncated")

    def _make(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        if cache.untrusted(self.root) is not None:  # it appeared meanwhile, as something else
            raise Unusable("the cache folder is not ours")
        remove(self.path)
        _remove_legacy(self.folder)
        try:
            os.close(open_file(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))  # ours alone
        except OSError as error:
            raise Unusable(str(error)) from None
        self.connection = _connect(self.path)
        self.connection.execute("BEGIN")
        for statement in TABLES:
            self.connection.execute(statement)
        self.connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        self.connection.execute(f"PRAGMA user_version = {SCHEMA}")
        self.connection.executemany("INSERT INTO citynet VALUES (?, ?)",
                                    [("code", cache.code_version()), ("seal", "0")])
        self._counter = 0
        self.changed = self.made = True

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        assert self.connection is not None
        return self.connection.execute(sql, tuple(parameters))

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        assert self.connection is not None
        self.changed = True
        self.connection.executemany(sql, rows)

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        try:
            if kind is None and self.changed:
                # the commit adds one to the header's counter: the seal says which
                connection.execute("UPDATE citynet SET value = ? WHERE name = 'seal'",
                                   (str(self._counter + 1),))
                connection.execute("COMMIT")
        except Exception as problem:
            connection.close()  # uncommitted: SQLite keeps the last state
            if isinstance(failure(problem), Corrupt):
                remove(self.path)
            raise
        finally:
            connection.close()
        if isinstance(error, Exception) and not self.read_only and (
                self.made or isinstance(failure(error), Corrupt)):
            remove(self.path)  # whatever it holds, it is not believed again (or never made)

    def _close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def using(root: Path, work: Callable[[Index], T], read_only: bool = False) -> T | None:
    """`work(db)` in one transaction on the sealed database; a corrupt one is made again
    (once), unless `read_only`; None when it cannot be used (untrusted, busy, read-only,
    missing or corrupt when `read_only` ...)."""
    for attempt in (0, 1):
        try:
            with Index(root, fresh=attempt == 1, read_only=read_only) as db:
                return work(db)
        except Exception as error:
            if read_only or isinstance(failure(error), Unusable):
                return None
    return None


def _check_header(path: str) -> None:
    """SQLite's magic, citynet's application id and this schema, read before SQLite opens
    the file; a plain file that only citynet links to."""
    try:
        fd = open_file(path)
    except FileNotFoundError:
        raise Corrupt("no database") from None
    except NotAFileError:
        raise Corrupt("not a plain file") from None
    try:
        header = os.pread(fd, 100, 0)
    finally:
        os.close(fd)
    if (len(header) < 100 or not header.startswith(b"SQLite format 3\0")
            or int.from_bytes(header[68:72], "big") != APPLICATION_ID
            or int.from_bytes(header[60:64], "big") != SCHEMA):
        raise Corrupt("not citynet's database")


def _connect(path: str, read_only: bool = False) -> sqlite3.Connection:
    connection = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro" if read_only
                                 else path, isolation_level=None, check_same_thread=False,
                                 timeout=5, uri=read_only)
    if hasattr(connection, "enable_load_extension"):
        connection.enable_load_extension(False)
    for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0",
                   "journal_mode = DELETE", "synchronous = NORMAL"):
        connection.execute(f"PRAGMA {pragma}")
    return connection


def _schema(connection: sqlite3.Connection) -> set[str]:
    return {sql for (sql,) in connection.execute(
        "SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}


def remove(path: str) -> None:
    """Remove the database (and a journal SQLite would replay into it)."""
    for name in (path, path + "-journal"):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


def _remove_legacy(folder: str) -> None:
    """The JSON caches of earlier citynets, and their temporary files: never read again."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        bare = name[1:].rsplit(".", 2)[0] if name.startswith(".") and name.endswith(".tmp") \
            else name
        if bare in LEGACY or (bare.startswith("parsed-") and bare.endswith(".json")):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass
