"""The SQLite file of the index (store/index.py), opened only as this citynet sealed it.

SQLite is opened only on a file this citynet wrote last: `index.json` (the cache's
digest-checked format, which names citynet's code version) holds the index file's stamp
(size, mtime, ctime, inode, device) when it was written, so a truncated, replaced or
hand-edited index (its ctime moves) is rebuilt, never opened. Even so SQLite opens it
without extensions, with `trusted_schema` off, and its schema must be exactly ours; every
value is a bound parameter. A failure inside removes the file: it is never believed again.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any, Iterable

from citynet.store import cache

INDEX = "index.sqlite"
SEAL = "index.json"
"""The stamp of the index file as this citynet last wrote it."""
SCHEMA = 1
"""Bumped whenever the tables change."""
TABLES = (
    "CREATE TABLE files (path TEXT PRIMARY KEY, kind TEXT NOT NULL, id TEXT NOT NULL, "
    "size INTEGER NOT NULL, mtime INTEGER NOT NULL, ctime INTEGER NOT NULL, "
    "ino INTEGER NOT NULL, dev INTEGER NOT NULL, data TEXT, reading TEXT NOT NULL, "
    "verdict TEXT NOT NULL, flawed INTEGER NOT NULL)",
    "CREATE INDEX files_id ON files (id)",
    "CREATE INDEX files_kind ON files (kind, flawed)",
    "CREATE TABLE refs (path TEXT NOT NULL, kind TEXT NOT NULL, target TEXT NOT NULL, "
    "ref TEXT NOT NULL)",
    "CREATE INDEX refs_ref ON refs (ref, target)",
    "CREATE INDEX refs_path ON refs (path)",
    "CREATE TABLE listing (kind TEXT PRIMARY KEY, dirs TEXT, problems TEXT NOT NULL, "
    "paths TEXT NOT NULL, stamps BLOB NOT NULL)",
)
class Corrupt(Exception):
    """A row that does not hold what this citynet writes: the index is rebuilt."""


# -- opening -----------------------------------------------------------------------------------

class Index:
    """A connection to an index this citynet wrote, or to a new empty one."""

    def __init__(self, root: Path, fresh: bool) -> None:
        self.folder = os.path.join(str(root), cache.CACHE_DIR)
        self.path = os.path.join(self.folder, INDEX)
        self.root = root
        self.fresh = fresh
        self.connection: sqlite3.Connection | None = None
        self.changed = False

    def __enter__(self) -> Index:
        if not self.fresh and _sealed(self.root, self.path):
            self.connection = _connect(self.path)
            if _schema(self.connection) == set(TABLES):
                return self
            self.connection.close()
        os.makedirs(self.folder, exist_ok=True)
        if cache.untrusted(self.root) is not None:
            raise Corrupt("the cache folder is not ours")
        _remove(self.path)
        os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_NOFOLLOW", 0), 0o600))  # ours alone, never a link
        self.connection = _connect(self.path)
        for statement in TABLES:
            self.connection.execute(statement)
        self.changed = True
        return self

    def execute(self, sql: str, parameters: Iterable[Any] = ()) -> sqlite3.Cursor:
        assert self.connection is not None
        return self.connection.execute(sql, tuple(parameters))

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        assert self.connection is not None
        self.changed = True
        self.connection.executemany(sql, rows)

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        assert self.connection is not None
        try:
            if kind is None and self.changed:
                self.connection.commit()
                self.connection.close()
                _seal(self.root, self.path)
            else:
                self.connection.close()
        finally:
            if kind is not None:
                _remove(self.path)  # whatever it holds, it is not believed again


def _connect(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level="DEFERRED", check_same_thread=True)
    if hasattr(connection, "enable_load_extension"):
        connection.enable_load_extension(False)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("PRAGMA synchronous = OFF")  # a lost index is rebuilt, never wrong
    return connection


def _schema(connection: sqlite3.Connection) -> set[str]:
    return {sql for (sql,) in connection.execute(
        "SELECT sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")}


def _file_stamp(path: str) -> list[int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
        return None
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]


def _sealed(root: Path, path: str) -> bool:
    """Whether the index file is exactly as this citynet's code last wrote it."""
    seal = cache.load_body(root, SEAL)
    now = _file_stamp(path)
    return (type(seal) is dict and seal.get("schema") == SCHEMA and now is not None
            and seal.get("stamp") == now
            and not os.path.lexists(path + "-journal"))  # SQLite would replay it on opening


def _seal(root: Path, path: str) -> None:
    now = _file_stamp(path)
    if now is not None:
        cache.save_body(root, {SEAL: {"schema": SCHEMA, "stamp": now}})


def _remove(path: str) -> None:
    for name in (path, path + "-journal"):
        try:
            os.unlink(name)
        except FileNotFoundError:
            pass


