"""Which record files git's index vouches for, so that their stamps need no `stat`.

In a git work tree the key of validate's outcome (store/listing.py) is not made by stat'ing
each file from Python: a file git finds as staged (store/staged.py, with the settings that
stop git trusting a file it did not look at) with the blob id its row was read from holds
the bytes of its row, so it keeps its stored stamp, unstat'ed; every other file (untracked,
ignored, changed, assume-unchanged, skip-worktree, in conflict, a link) is stat'ed. The key
is then the one a stat of every file gives.

The first run under an index asks for every staged file's blob id (`staged.index_ids`);
which files git vouched for is kept under the checksum git's index ends with (it names
every entry's path, blob id, flags and stat data) and a digest of each kind's files and
blob ids. While both hold, a run asks git only which files changed (`staged.index_changes`)
and stats those and the ones it did not vouch for. A vouching kept under another index, or
for other files or blob ids, is not believed.
"""

from __future__ import annotations

import hashlib
from array import array
from pathlib import Path
from typing import Any

from citynet.store import cache, stamp
from citynet.store.files import DATA_DIR


class Vouched:
    """git's answer for one transaction's listings, and what it vouched for."""

    def __init__(self) -> None:
        self._staged: Any = None
        """What git's index says of data/, once asked: each staged file's blob id
        (`staged.index_ids`), or, when `_vouched` was kept under the index as it is, which
        files changed (`staged.index_changes`)."""
        self._sum: str | None = None
        """git's index checksum when it was asked."""
        self._vouched: dict[str, Any] = {}
        """Per kind, as kept under `_sum`: [the digest of the listing's files and blob ids,
        the files git did not vouch for]."""
        self._vouching: dict[str, list[str]] = {}
        """Per kind stamped with git's answer, the files git did not vouch for."""
        self._digests: dict[str, tuple[list[str], bytes, str]] = {}

    def _digest(self, kind: str, rels: list[str], blobs: bytes) -> str:
        found = self._digests.get(kind)
        if found is None or found[0] is not rels or found[1] is not blobs:
            found = self._digests[kind] = (rels, blobs, _digest(rels, blobs))
        return found[2]

    def ask(self, root: Path, stored: Any, listings: dict[str, Any]) -> None:
        """Start asking git's index what it holds under data/, while the listings are read:
        when what it vouched for in `listings` is `stored` under the index as it is, only
        which files changed; else every staged file's blob id."""
        from citynet.store import staged

        if self._staged is not None or cache.git_index(str(root)) is None:
            return
        self._sum = staged.index_sum(root)
        if self._sum is not None and _vouched_under(stored, self._sum) \
                and set(listings) <= set(stored["kinds"]):
            if all(len(stored["kinds"][kind][1]) >= len(listing.rels)
                   for kind, listing in listings.items()):
                return  # git vouched for none of these files (untracked, ignored)
            self._vouched = stored["kinds"]
            self._staged = staged.index_changes(root, DATA_DIR)
        else:
            self._staged = staged.index_ids(root, DATA_DIR)

    def _answer(self, root: Path) -> Any:
        if callable(self._staged):
            from citynet.store.staged import index_sum

            answer = self._staged()
            if self._sum is not None and index_sum(root) != self._sum:
                self._sum = None  # git may have read another index: vouch for nothing
                if not hasattr(answer, "holding"):
                    answer = None
            self._staged = (answer,)
        return self._staged[0]

    def stamps(self, root: Path, kind: str, rels: list[str], stamps: array[int],
               blobs: bytes) -> tuple[array[int], bool]:
        """Each file's stamp now, as `stamp.files` gives it, except that a file git's index
        finds as staged with the blob id `blobs` gives it keeps its stored stamp in `stamps`
        (the bytes its row was read from are still there: the stamp says nothing more), and
        is not stat'ed; and whether any file stat'ed is a link. Every file is stat'ed when
        git was not asked or cannot answer."""
        if self._staged is None:
            return stamp.files(str(root), rels)
        answer = self._answer(root)
        held: list[int] | None = None
        if answer is None:
            pass
        elif hasattr(answer, "holding"):
            held = answer.holding(rels, blobs)
        elif kind in self._vouched and self._vouched[kind][0] == self._digest(kind, rels,
                                                                               blobs):
            others = set(self._vouched[kind][1]).union(
                name.decode("utf-8", "surrogateescape") for name in answer)
            held = [n for n, rel in enumerate(rels) if rel not in others] if others else \
                list(range(len(rels)))
        if held is None:  # git has nothing to say of these files
            self._vouching.pop(kind, None)
            return stamp.files(str(root), rels)
        if len(held) == len(rels):
            now, links = array("q", stamps), False
        elif not held:
            now, links = stamp.files(str(root), rels)
        else:
            now = array("q", stamps)
            kept = set(held)
            others_at = [n for n in range(len(rels)) if n not in kept]
            found, links = stamp.files(str(root), [rels[n] for n in others_at])
            for m, n in enumerate(others_at):
                now[5 * n:5 * n + 5] = found[5 * m:5 * m + 5]
        vouched = set(held)
        self._vouching[kind] = [rel for n, rel in enumerate(rels) if n not in vouched] \
            if len(held) < len(rels) else []
        return now, links

    def record(self, listings: dict[str, Any]) -> dict[str, Any] | None:
        """What to keep, under git's index as it was asked, of the files git vouched for in
        each kind of `listings` (all but those `_vouching` names), so that while the index
        stays the same a later run asks git only which files changed; None when nothing
        new is to be kept."""
        if self._sum is None or not self._vouching:
            return None
        kinds = {kind: listed for kind, listed in self._vouched.items()
                 if kind not in self._vouching and kind in listings and self._digest(
                     kind, listings[kind].rels, listings[kind].blobs) == listed[0]}
        for kind, others in self._vouching.items():
            listing = listings[kind]
            kinds[kind] = [self._digest(kind, listing.rels, listing.blobs), sorted(others)]
        if kinds == self._vouched and self._vouched:
            return None
        return {"index": self._sum, "kinds": kinds}


def _digest(rels: list[str], blobs: bytes) -> str:
    """A digest of a listing's files and the blob ids of their rows."""
    found = hashlib.blake2b("\0".join(rels).encode("utf-8", "surrogateescape"),
                            digest_size=20)
    found.update(b"\n" + blobs)
    return found.hexdigest()


def _vouched_under(stored: Any, index: str) -> bool:
    """Whether `stored` is what `Vouched.record` gives, for this index."""
    return (type(stored) is dict and stored.get("index") == index
            and type(stored.get("kinds")) is dict
            and all(type(listed) is list and len(listed) == 2 and type(listed[0]) is str
                    and type(listed[1]) is list and all(type(rel) is str for rel in listed[1])
                    for listed in stored["kinds"].values()))
