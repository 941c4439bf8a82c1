"""What git's index says of the work tree's files, asked through store/git.py.

git keeps, for each file it tracks, the blob id it staged and the stat data it saw then. A
fresh clone or a restored `.citynet/` moves every stamp citynet kept; git's index still knows
which files hold the bytes it staged (store/listing.py keeps a row whose blob id it gives), and
whether a folder holds exactly HEAD's files (store/outcomes.py keeps such a work tree's
outcome as HEAD's).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from citynet.store.git import call, start

_HONEST_STAT = ("-c", "core.ignoreStat=false", "-c", "core.checkStat=default",
                "-c", "core.trustctime=true")
"""Settings that would let git's index trust a file it has not looked at, turned off."""


def index_blobs(root: Path, folder: str) -> Callable[[], dict[str, str] | None]:
    """Start asking git for the blob id its index holds for each regular file under `folder`
    (relative to `root`) whose work-tree file git finds as it was staged: git compares the
    stat data its index keeps (and the content, for a file changed within the index's own
    second). An entry git would not look at (assume-unchanged, skip-worktree), in conflict,
    a link or a submodule is left out. git works meanwhile; the function returned waits for
    the answer: None outside a git work tree, or when git cannot answer."""
    finish = start(root, *_HONEST_STAT, "--literal-pathspecs", "ls-files", "-z", "-v", "-s",
                   "-m", "--", folder)

    def answer() -> dict[str, str] | None:
        done = finish()
        if done is None or done.returncode != 0:
            return None
        found: dict[str, str] = {}
        modified = []
        for line in done.stdout.decode("utf-8", "surrogateescape").split("\0"):
            # "H 100644 <40 hex> 0\t<path>": a SHA-256 repository's ids are longer, and
            # citynet's are SHA-1 (store/stamp.py): none of them is taken
            if line[:9] in _STAGED and line[49:52] == " 0\t":
                found[line[52:]] = line[9:49]
            elif line[:2] == "C ":
                modified.append(line.partition("\t")[2])
        for path in modified:
            found.pop(path, None)
        return found

    return answer


_STAGED = ("H 100644 ", "H 100755 ")
"""A tracked regular file, neither assume-unchanged (lowercase) nor skip-worktree."""


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
