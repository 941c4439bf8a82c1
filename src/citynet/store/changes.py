"""How two states of data/ differ, file by file, and what a recheck of the change found.

A state's record files are listed in the walk's order with the git blob id of each
(`Files`): the work tree's from the index's listings (store/listing.py), a revision's from
git. Two states compare a block of ids at a time (`change`); a recheck (lint/recheck.py)
checks again what the change reaches and says what it replaces (`Rechecked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from citynet.model.problems import Problem
from citynet.store.listing import BLOB, UNKNOWN


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
        return dict(zip(self.paths, self.each(), strict=True))


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
            old_of = dict(zip(old_paths, Files(old_paths, old_blobs).each(), strict=True))
            return Change(added, removed, {path for path, blob in zip(
                new_paths, Files(new_paths, new_blobs).each(), strict=True)
                if old_of[path] != blob or blob == UNKNOWN})
    modified: set[str] = set()
    step = BLOB * 1024
    for start in range(0, len(new_blobs), step):
        block = new_blobs[start:start + step]
        if block == old_blobs[start:start + step] and UNKNOWN not in block:
            continue  # (a run of zero bytes across two ids only sends it one by one)
        first = start // BLOB
        pairs = zip(_chunks(old_blobs[start:start + step]), _chunks(block), strict=True)
        modified.update(new_paths[first + n] for n, (a, b) in enumerate(pairs)
                        if a != b or b == UNKNOWN)
    return Change(added, removed, modified)


def _chunks(blobs: bytes) -> list[bytes]:
    return [blobs[n:n + BLOB] for n in range(0, len(blobs), BLOB)]


def _blobs_at(blobs: bytes, places: list[int]) -> bytes:
    return b"".join([blobs[BLOB * n:BLOB * n + BLOB] for n in places])


Recheck = Callable[[Any, "Change", Callable[[str], set[str]]], "Rechecked"]
"""lint's recheck: the state (store/states.py), what changed since the stored outcome, and
the files that had findings of a code in it; what it checked again."""


@dataclass
class Rechecked:
    """What a recheck found: the files whose every problem it replaces (`whole`), those
    whose problems of one code it replaces (`codes`), their new problems (placed), and
    whether each file of `whole` now gives a valid record."""

    whole: set[str]
    codes: dict[str, set[str]]
    problems: list[Problem]
    valid: dict[str, bool]
