"""What citynet passes to git and reads back from it, as data: full object names (never
anything else), a tree's entries, what one command may read of the history, and git's
complaints in citynet's words. `store/git.py` runs git with these."""

from __future__ import annotations

import re
from typing import NamedTuple

from citynet import limits
from citynet.errors import BadOption

HASH = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
"""A full SHA-1 or SHA-256 object name: all that citynet ever passes on to git."""


def checked_hash(text: str) -> str:
    """`text` if it is a full object name; a BadOption otherwise (never passed on to git)."""
    if not HASH.fullmatch(text):
        raise BadOption(f"git gave {text[:80]!r} where an object name was expected")
    return text


_UNFETCHED = re.compile(r"could not fetch ([0-9a-f]+) from promisor remote")


def complaint(stderr: bytes, status: int) -> str:
    """git's last line of complaint, as git wrote it (in the C locale); an object a partial
    clone lacks in citynet's words."""
    said = stderr.decode("utf-8", "replace").strip().splitlines()
    for line in said:
        lacking = _UNFETCHED.search(line)
        if lacking:
            return (f"git object {lacking.group(1)} is not in this partial clone, and citynet "
                    "never fetches (a fetch runs the remote's configured commands): read the "
                    "registry's past in a clone made without --filter")
    return said[-1] if said else f"git exited {status}"


class Listed(NamedTuple):
    """One entry of a revision's tree: its mode, object type and hash, and its path
    relative to the registry root."""

    mode: str
    type: str
    sha: str
    rel: str


TREE_ENTRY = re.compile(r"(\d+) (\w+) ([0-9a-f]+)\t([^\0]*)\0")
"""An entry of `git ls-tree -z`: each is read in C (at 100k entries, each step counts)."""


class Budget:
    """The bytes a command may still read from git's history (`limits.HISTORY_BYTES`), spent
    by each `read_blobs` given it before it reads anything."""

    def __init__(self, limit: int = limits.HISTORY_BYTES) -> None:
        self.left = limit
        self.limit = limit

    def spend(self, size: int, count: int) -> None:
        if size > self.left:
            raise BadOption(
                f"{count} past versions of record files to read from git's history hold "
                f"{-(-size // (1024 * 1024))} MiB, over the {self.limit // (1024 * 1024)} MiB "
                "one command may read (limits.HISTORY_BYTES); none was read")
        self.left -= size
