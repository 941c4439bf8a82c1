"""A cache of parsed record files, so unchanged files are not parsed again.

Keyed by path, size and modification time, and by citynet's version (a new
version starts afresh). It holds plain data and reading problems — data, not
models — under the registry root in `.citynet/` (git-ignored). It is only
ever a speed-up: a missing, stale or unreadable cache means a full parse, and
`--no-cache` bypasses it.
"""

from __future__ import annotations

import gc
import os
import pickle
from pathlib import Path
from typing import Any

from citynet import __version__

CACHE_DIR = ".citynet"
FORMAT = 2
"""Bumped whenever what an entry holds changes."""
Entry = tuple[int, int, Any, list[Any], Any]
"""(size, mtime_ns, data or None, reading problems, schema problems or None if unknown)."""


def cache_path(root: Path) -> Path:
    return root / CACHE_DIR / "parsed.pickle"


def read(root: Path) -> dict[str, Entry]:
    """The cached entries, or {} if there is no usable cache."""
    path = cache_path(root)
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as stream:
            document = pickle.load(stream)
        if not isinstance(document, dict) or document.get("version") != (__version__, FORMAT):
            return {}
        entries = document.get("entries")
        return entries if isinstance(entries, dict) else {}
    except Exception:  # a cache is never worth an error: parse afresh
        return {}
    finally:
        if enabled:
            gc.enable()


def write(root: Path, entries: dict[str, Entry]) -> None:
    """Store the entries atomically; a registry we cannot write to just goes uncached."""
    path = cache_path(root)
    try:
        path.parent.mkdir(exist_ok=True)
        ignore = path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as stream:
            pickle.dump({"version": (__version__, FORMAT), "entries": entries}, stream,
                        protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass
