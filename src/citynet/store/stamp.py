"""The one stamp: whether a file or folder changed since citynet last saw it.

A stamp is what git keys its own index on: size, mtime and ctime in nanoseconds,
inode and device. An edit that puts the old size and mtime back still moves the
ctime, and a file replaced by another (a rename, a checkout) has another inode.
Every question "did this change?" in citynet is answered here: a record file's row
in the index, a folder's listing, validate's outcome, git's index. (`tests/test_store_stamp.py`
fails if another module reads these fields.)

A stamp says a file is as it was on this machine; `blob` says what its bytes are, as
git names them, on any machine: a row read from the same bytes holds in a fresh clone,
or in a `.citynet/` restored from CI's cache, where every stamp has moved.

A folder's stamp moves when an entry is added, removed or renamed in it, not when
a file in it is edited in place: so a folder whose stamp holds still lists the same
files, but every file must still be stamped. A folder changed less than RACY
seconds before it was stamped is not trusted: a clock tick may hide a later change
(git's "racy" case).
"""

from __future__ import annotations

import hashlib
import operator
import os
import stat
import time
from array import array
from itertools import chain
from typing import Any

Stamp = tuple[int, int, int, int, int]
"""(size, mtime_ns, ctime_ns, inode, device)."""
NONE: Stamp = (-1, -1, -1, -1, -1)
"""The stamp of what cannot be stat'ed: equal to no real file's."""
RACY = 2.0
"""Seconds a folder must have been still before its stamp is trusted."""

of_stat: Any = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_dev")
"""The stamp of an `os.stat_result` (an attrgetter: at 100k files each Python call counts)."""


def of(path: str, follow: bool = True) -> Stamp:
    """The stamp of the file at `path` (through a link unless `follow` is False); NONE if
    it cannot be stat'ed."""
    try:
        return of_stat(os.stat(path) if follow else os.lstat(path))
    except OSError:
        return NONE


def blob(raw: bytes) -> str:
    """The git blob id of these bytes (SHA-1: a repository using SHA-256 names them
    otherwise, and then no row is ever found by git's id, only by stamp)."""
    digest = hashlib.sha1(b"blob %d\0" % len(raw), usedforsecurity=False)
    digest.update(raw)
    return digest.hexdigest()


def files(root: str, rels: list[str]) -> tuple[array[int], bool]:
    """The stamp of each file `rel` under the folder `root` (through links; NONE if it
    cannot be stat'ed), packed five numbers a file, and whether any of them is a link.

    At 100k files each Python step a file counts: one `stat` a file relative to the open
    folder, packed at once (a list of stat results, or `map`, costs more than it saves).
    """
    packed = array("q")
    links = False
    try:
        folder = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return array("q", NONE * len(rels)), False
    look, is_link, extend = os.stat, stat.S_ISLNK, packed.extend
    try:
        for rel in rels:
            try:
                st = look(rel, dir_fd=folder, follow_symlinks=False)
                if is_link(st.st_mode):
                    links = True
                    st = look(rel, dir_fd=folder)
            except OSError:
                extend(NONE)
                continue
            try:
                extend(of_stat(st))
            except OverflowError:  # an inode past 2**63
                extend(_clamped(of_stat(st)))
    finally:
        os.close(folder)
    return packed, links


def _clamped(numbers: Any) -> list[int]:
    return [min(n, 2**63 - 1) for n in numbers]


def digest(rels: list[str], packed: array[int], *more: Any) -> str:
    """A digest of a set of files and their stamps (and of `more`, as text): equal only
    if no file was added, removed, renamed or changed."""
    found = hashlib.blake2b("\0".join(rels).encode("utf-8", "surrogateescape"),
                            digest_size=20)
    found.update(b"\n" + packed.tobytes())
    for part in more:
        found.update(b"\n" + repr(part).encode("utf-8", "surrogateescape"))
    return found.hexdigest()


def unpacked(packed: array[int]) -> list[Stamp]:
    """Packed stamps as a list of stamps (made in C: at 100k files each step counts)."""
    numbers = iter(packed)
    return list(zip(numbers, numbers, numbers, numbers, numbers, strict=False))


def pack(stamps: list[Stamp]) -> array[int]:
    """Stamps packed as `files` packs them (an inode past 2**63 is clamped, never wrapped)."""
    try:
        return array("q", chain.from_iterable(stamps))
    except OverflowError:
        return array("q", _clamped(chain.from_iterable(stamps)))


def folders(root: str, rel: str, parent: str) -> list[list[Any]] | None:
    """[rel, *stamp] of the folder `rel` under `root` and of every folder below it; None if
    one changed too recently to be trusted, is not a folder, or cannot be read. A missing
    folder is watched through its `parent`'s stamp, as making it changes that."""
    found: list[list[Any]] = []
    limit = time.time_ns() - int(RACY * 1e9)
    if not os.path.lexists(os.path.join(root, rel)):
        if not os.path.isdir(os.path.join(root, parent)):
            return None
        st = os.lstat(os.path.join(root, parent))
        return None if _recent(st, limit) else [[parent, *of_stat(st)]]
    todo = [rel]
    while todo:
        here = todo.pop()
        try:
            st = os.lstat(os.path.join(root, here))
            if not stat.S_ISDIR(st.st_mode) or _recent(st, limit):
                return None
            todo += [f"{here}/{entry.name}" for entry in os.scandir(os.path.join(root, here))
                     if entry.is_dir(follow_symlinks=False)]
        except OSError:
            return None
        found.append([here, *of_stat(st)])
    return found


def _recent(st: os.stat_result, limit: int) -> bool:
    _, mtime, ctime, _, _ = of_stat(st)
    return max(mtime, ctime) > limit


def same_folders(root: str, stored: Any) -> bool:
    """Whether every folder `folders` stamped still has its stamp (ValueError if `stored`
    is not what `folders` gives)."""
    if type(stored) is not list:
        raise ValueError("folder stamps")
    for item in stored:
        if (type(item) is not list or len(item) != 6 or type(item[0]) is not str
                or not all(type(n) is int for n in item[1:])):
            raise ValueError("folder stamps")
        if of(os.path.join(root, item[0]), follow=False) != tuple(item[1:]):
            return False
    return True
