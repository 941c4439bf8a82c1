"""A registry seen through a few of its records, so a check can run over what changed.

The checks are whole-registry functions. A `Scope` gives them only the records a
change touches to walk (`documents`, `of_kind`), while everything they look up
(`known`, `get`, `referring`) still answers from the whole registry: a dangling
reference is found in one record without walking a hundred thousand. The language
server runs the checks of an edited file through one (lsp/state.py), and so does the
recheck of a changed registry (lint/recheck.py).
"""

from __future__ import annotations

from typing import Any

from citynet.store.files import Document
from citynet.store.registry import Entry, Registry


class Scope:
    """`registry`, except that these documents and these kinds' entries are all there is
    to walk; a kind not in `walk` is walked whole."""

    def __init__(self, registry: Registry, documents: list[Document],
                 walk: dict[str, list[Entry]]) -> None:
        self.registry = registry
        self.documents = documents
        self._walk = walk

    def of_kind(self, folder: str) -> list[Entry]:
        if folder in self._walk:
            return sorted(self._walk[folder], key=lambda e: e.id)
        return self.registry.of_kind(folder)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.registry, name)
