"""The first diagnostics, before the registry is loaded: validate's outcome in the index.

A warm `validate` never loads the registry: the index in .citynet/ keeps its last
outcome, every problem by file, under a key made of every file's stamp
(store/outcomes.py). Before the registry loads, that key is checked once, by validate's own
function (`outcomes.current`: in a git work tree git's index says which files changed, else
every file is stamped; nothing read or written); a file the editor then opens unchanged
from disk is answered with its own row of that outcome, exactly validate's problems, while
the registry loads behind. The outcome is believed only as validate believes it (the same
key, `store.cache.untrusted`, not with `--no-cache`); without one, a file waits for the
registry.

The check costs a quarter of a second at 100k files, and the server's own start-up
(typer, pygls) more than that: so the plain `citynet lsp` an editor runs forks, before
importing either, a helper that does the check on the other core and hands back the key
alone (`launch`). Anything else checks in the loading thread, before the load.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from citynet.errors import CitynetError
from citynet.model.problems import Problem

_LAUNCHED: dict[str, tuple[int, int]] = {}
"""Root -> (pid, read end of its pipe) of the helper `launch` forked."""


def launch() -> None:
    """As `citynet lsp` starts, before typer and pygls are imported: fork the helper that
    checks the outcome of the registry around the current folder. Only for the plain
    `citynet lsp` an editor runs, with no root or cache setting in the environment."""
    if _LAUNCHED or {"CITYNET_ROOT", "CITYNET_NO_CACHE"} & set(os.environ) \
            or not hasattr(os, "fork"):
        return
    from citynet.store.registry import find_root

    try:
        root = find_root(None)
        read, write = os.pipe()
        pid = os.fork()
    except (CitynetError, OSError):
        return
    if pid == 0:  # the helper: never returns, never touches the editor's stdin or stdout
        try:
            quiet = os.open(os.devnull, os.O_RDWR)
            os.dup2(quiet, 0)
            os.dup2(quiet, 1)
            os.close(read)
            from citynet.store.outcomes import current

            os.write(write, (current(root) or "").encode("ascii"))
        finally:
            os._exit(0)
    os.close(write)
    _LAUNCHED[str(root)] = (pid, read)


def _launched_key(root: Path) -> tuple[bool, str | None]:
    """(whether a helper was launched for `root`, the key it found)."""
    found = _LAUNCHED.pop(str(root), None)
    if found is None:
        return False, None
    pid, read = found
    answer = b""
    try:
        while chunk := os.read(read, 64):
            answer += chunk
    except OSError:
        answer = b""
    finally:
        os.close(read)
        _reap(pid)
    return True, answer.decode("ascii", "replace") or None


def forget_launched() -> None:
    """End any helper no server took (a root other than the one guessed at launch)."""
    for pid, read in list(_LAUNCHED.values()):
        os.close(read)
        _reap(pid)
    _LAUNCHED.clear()


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except OSError:
        pass


class Early:
    """Whether validate's stored outcome still holds for the registry at `root`, and its
    problems one file at a time."""

    def __init__(self, root: Path, use_cache: bool) -> None:
        self.root = root
        self.use_cache = use_cache
        self._key: str | None = None
        self._checked = threading.Event()

    def check(self) -> None:
        """Stamp every file against the stored outcome's key, or take what the helper
        found (in the loading thread, before the load, so the two do not share the cores
        while the first file waits)."""
        try:
            launched, key = _launched_key(self.root)
            if self.use_cache and not launched:
                from citynet.store.outcomes import current

                key = current(self.root)
            self._key = key if self.use_cache else None
        finally:
            self._checked.set()

    def problems(self, rel: str) -> list[Problem] | None:
        """Validate's problems in `rel` as it is on disk (None: no outcome to believe), once
        `check` has run."""
        self._checked.wait()
        if self._key is None:
            return None
        from citynet.store.outcomes import problems_in

        return problems_in(self.root, self._key, rel)

    def drop(self) -> None:
        """Believe the outcome no more (the registry is loaded, or the root is another)."""
        self._key = None
        self._checked.set()
