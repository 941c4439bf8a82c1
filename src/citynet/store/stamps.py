"""Whether files and folders are unchanged, cheaply: what every warm query pays.

Every file a query depends on is stat'ed: an edit made in place changes nothing but
the file's own stamp (size, mtime and ctime in nanoseconds, inode, device: what git and
store/cache.py key on). What is spared is listing folders: adding, removing or renaming
an entry changes its folder's mtime and ctime, so a kind whose folders all have the
stamps they had holds the files it held. A folder changed less than RACY seconds before
it was stamped is not trusted (a clock tick may hide a later change: git's "racy" case);
a kind whose folder is missing is watched through data/'s stamp, as making it changes that.
"""

from __future__ import annotations

import os
import stat
import time
from array import array
from pathlib import Path
from typing import Any

from citynet.store.files import DATA_DIR
from citynet.store.sealed import Corrupt

RACY = 2.0
NO_FILE = (-1, -1, -1, -1, -1)
"""The stamp of a file that cannot be stat'ed: never equal to a file's."""


def files(base: str, rels: list[str]) -> tuple[array[int], bool]:
    """Each file's stamp under `base` (as `cache.stamp`, -1s if it cannot be stat'ed),
    packed; whether any is a link."""
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
            packed.extend(NO_FILE)
            continue
        packed.extend((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev))
    return packed, links


def folders(root: Path, kind: str) -> list[list[Any]] | None:
    """[rel, mtime, ctime, inode, device] of the kind's folder and each folder below it;
    None if one changed too recently to be trusted, or cannot be read."""
    found: list[list[Any]] = []
    limit = time.time_ns() - int(RACY * 1e9)
    todo = [f"{DATA_DIR}/{kind}"]
    if not os.path.lexists(os.path.join(str(root), todo[0])):
        # no such folder: making one changes data/'s stamp
        if not os.path.isdir(os.path.join(str(root), DATA_DIR)):
            return None
        st = os.lstat(os.path.join(str(root), DATA_DIR))
        if max(st.st_mtime_ns, st.st_ctime_ns) > limit:
            return None
        return [[DATA_DIR, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]]
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


def same_folders(root: Path, dirs: Any) -> bool:
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


def of(path: str) -> tuple[int, ...]:
    now, _ = files("", [path])
    return tuple(now)


def base(root: Path) -> str:
    return os.path.join(str(root), "")
