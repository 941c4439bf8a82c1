"""The first diagnostics, before the registry is loaded: validate's outcome in the index.

A warm `validate` never loads the registry: the index in .citynet/ keeps its last
outcome, every problem by file, under a key made of every file's stamp
(store/outcomes.py). Before the registry loads, the server checks that key once (every
file stamped, nothing read or written); a file the editor then opens unchanged from disk
is answered with its own row of that outcome, exactly validate's problems, while the
registry loads behind. The outcome is believed only as validate believes it (the same
key, `store.cache.untrusted`, not with `--no-cache`); without one, a file waits for the
registry.
"""

from __future__ import annotations

import threading
from pathlib import Path

from citynet.model.problems import Problem


class Early:
    """Whether validate's stored outcome still holds for the registry at `root`, and its
    problems one file at a time."""

    def __init__(self, root: Path, use_cache: bool) -> None:
        self.root = root
        self.use_cache = use_cache
        self._key: str | None = None
        self._checked = threading.Event()

    def check(self) -> None:
        """Stamp every file against the stored outcome's key (in the loading thread, before
        the load, so the two do not share the cores while the first file waits)."""
        try:
            if self.use_cache:
                from citynet.store.outcomes import current

                self._key = current(self.root)
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
