"""What git's index says of the work tree's files, asked through store/git.py.

git keeps, for each file it tracks, the blob id it staged and the stat data it saw then. A
fresh clone or a restored `.citynet/` moves every stamp citynet kept; git's index still knows
which files hold the bytes it staged (store/listing.py keeps a row whose blob id it gives, and
its stamp, without stat'ing the file), and whether a folder holds exactly HEAD's files
(store/outcomes.py keeps such a work tree's outcome as HEAD's).

git is only believed where it looked: the settings that would let it trust a file without
comparing it (`core.ignoreStat`, a minimal `core.checkStat`, an untrusted ctime) are turned off
on every call, and an entry it is told not to look at (assume-unchanged, skip-worktree), in
conflict, a link or a submodule is never taken. A file changed within the index's own second
is compared by content (git's "racy" case). Files git does not track are not its to answer
for: the caller stats them.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path

from citynet.store.git import call, start

_HONEST_STAT = ("-c", "core.ignoreStat=false", "-c", "core.checkStat=default",
                "-c", "core.trustctime=true")
"""Settings that would let git's index trust a file it has not looked at, turned off."""


_STAGED = ("H 100644 ", "H 100755 ")
"""A tracked regular file, neither assume-unchanged (lowercase) nor skip-worktree."""
_STAGED_BYTES = tuple(prefix.encode("ascii") for prefix in _STAGED)
_ID = 20
"""Bytes of a packed SHA-1 blob id."""


class Staged:
    """The files under a folder that git's index finds as staged, with their blob ids, packed
    (at 100k files each Python step a file counts: the answer is cut in bulk, not line by
    line, and looked up only for the files asked about)."""

    def __init__(self, paths: list[bytes], ids: bytes, modified: set[bytes]) -> None:
        self.paths = paths
        """Tracked regular files at stage 0 in git's (byte) order."""
        self.ids = ids
        """Their blob ids as git's index holds them, _ID bytes a file."""
        self.modified = modified
        """Those whose work-tree file git finds changed or gone."""
        self._at: dict[bytes, int] | None = None

    def holding(self, rels: list[str], blobs: bytes) -> list[int]:
        """The places n of those `rels` that git finds as staged with the blob id
        `blobs[_ID*n:_ID*n+_ID]`: their bytes are those, whatever their stamps say."""
        if not rels:
            return []
        names = [rel.encode("utf-8", "surrogateescape") for rel in rels]
        start = bisect_left(self.paths, names[0])
        ids = self.ids
        if self.paths[start:start + len(names)] == names:  # the usual case: all tracked
            mine = ids[_ID * start:_ID * (start + len(names))]
            if mine == blobs:
                found = list(range(len(names)))
            else:
                found = [n for n in range(len(names))
                         if mine[_ID * n:_ID * n + _ID] == blobs[_ID * n:_ID * n + _ID]]
        else:
            if self._at is None:
                self._at = {path: n for n, path in enumerate(self.paths)}
            at = self._at
            found = []
            for n, name in enumerate(names):
                i = at.get(name)
                if i is not None and ids[_ID * i:_ID * i + _ID] == blobs[_ID * n:_ID * n + _ID]:
                    found.append(n)
        if self.modified:
            found = [n for n in found if names[n] not in self.modified]
        return found


def index_sum(root: Path) -> str | None:
    """The checksum git's index file ends with: it names the index's whole content (each
    entry's path, blob id, flags and stat data), so an index with the same checksum says the
    same of every file. None without one: outside a git work tree, with `index.skipHash`, or
    when the environment names another index or repository than the one under `root`."""
    from citynet.store.cache import git_index

    if _ELSEWHERE & set(os.environ):
        return None
    index = git_index(str(root))
    if index is None:
        return None
    try:
        with open(index, "rb") as stream:
            if stream.seek(0, os.SEEK_END) < 12 + _ID:
                return None
            stream.seek(-_ID, os.SEEK_END)
            found = stream.read(_ID)
    except OSError:
        return None
    return found.hex() if len(found) == _ID and any(found) else None


_ELSEWHERE = {"GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR"}
"""Settings that point git at another index than the work tree's own."""


def index_changes(root: Path, folder: str) -> Callable[[], set[bytes] | None]:
    """Start asking git which tracked files under `folder` may differ from its index
    (changed or gone, or only touched: git compares the stat data its index keeps, and the
    content of a file changed within the index's own second); the function returned waits
    for the answer (None when git cannot answer). An entry git would not look at, or in
    conflict, may be left out: the caller knows them from `index_ids` under the same
    `index_sum`."""
    finish = start(root, *_HONEST_STAT, "--literal-pathspecs", "diff-files", "--name-only",
                   "--relative", "-z", "--", folder)  # stats on every core, as ls-files not

    def answer() -> set[bytes] | None:
        done = finish()
        if done is None or done.returncode != 0:
            return None
        return set(done.stdout.split(b"\0")[:-1])

    return answer


def index_ids(root: Path, folder: str) -> Callable[[], Staged | None]:
    """Start asking git which regular files under `folder` (relative to `root`) its index
    finds as staged, and their blob ids (`Staged`); git works meanwhile, and the function
    returned waits for the answer: None outside a git work tree, when git cannot answer, or
    in a repository whose ids are not SHA-1 (store/stamp.py's)."""
    finish = start(root, *_HONEST_STAT, "--literal-pathspecs", "ls-files", "-z", "-v", "-s",
                   "-m", "--", folder)

    def answer() -> Staged | None:
        done = finish()
        if done is None or done.returncode != 0:
            return None
        out = done.stdout
        lines = out.split(b"\0")
        lines.pop()  # after the last \0 (or the empty answer)
        # "H 100644 <40 hex> 0\t<path>", each entry's line followed by "C …" if -m finds
        # it changed or gone: counted in bulk, as each line starts after a \0
        head = b"\0" + out
        modified: set[bytes] = set()
        if head.count(b"\0C "):
            modified = {line.partition(b"\t")[2] for line in lines if line[:2] == b"C "}
        if sum(head.count(b"\0" + prefix) for prefix in _STAGED_BYTES) != len(lines):
            lines = [line for line in lines if line[:9] in _STAGED_BYTES]
        if b"".join([line[49:52] for line in lines]) != b" 0\t" * len(lines):
            return None  # not SHA-1 ids
        try:
            ids = bytes.fromhex(b"".join([line[9:49] for line in lines]).decode("ascii"))
        except ValueError:
            return None
        return Staged([line[52:] for line in lines], ids, modified)

    return answer


def clean(root: Path, folder: str) -> bool:
    """Whether the work tree's `folder` holds exactly HEAD's files, as git sees them (its
    index's stat data): nothing changed, staged or not, and nothing untracked or ignored.
    False when git cannot say."""
    try:
        same = call(root, *_HONEST_STAT, "--literal-pathspecs", "diff-index", "--quiet",
                    "HEAD", "--", folder)
        if same.returncode != 0:
            return False
        others = call(root, "--literal-pathspecs", "ls-files", "-z", "--others", "--",
                      folder)
    except OSError:
        return False
    return others.returncode == 0 and not others.stdout
