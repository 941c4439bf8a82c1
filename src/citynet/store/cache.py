"""A cache of parsed record files, so unchanged files are not parsed again.

Keyed by path, size and modification time, and by citynet's version (a new
version starts afresh). It holds plain data, reading problems and the schema's
verdict — data, not models — under the registry root in `.citynet/`
(git-ignored), written with `marshal` (seven times faster than pickle for
plain data; problems are stored as tuples). It is only ever a speed-up: a
missing, stale or unreadable cache means a full parse, and `--no-cache`
bypasses it.
"""

from __future__ import annotations

import gc
import marshal
import os
from pathlib import Path
from typing import Any

from citynet import __version__
from citynet.model.problems import Problem, Severity

CACHE_DIR = ".citynet"
FORMAT = 3
"""Bumped whenever what an entry holds changes."""
Entry = tuple[int, int, Any, list[Any], Any]
"""(size, mtime_ns, data or None, reading problems, schema problems or None if unknown)."""


def cache_path(root: Path, folder: str) -> Path:
    """One file a kind, so a command that reads one kind reads one file."""
    return root / CACHE_DIR / f"parsed-{folder}.marshal"


def _problem_tuple(problem: Problem) -> tuple:
    severity = str(problem.severity) if problem.severity else None
    return (problem.code, problem.message, problem.path, problem.line, problem.column,
            severity, problem.loc, problem.key)


def _problem(values: tuple) -> Problem:
    code, message, path, line, column, severity, loc, key = values
    return Problem(code, message, path, line, column,
                   Severity(severity) if severity else None, tuple(loc), key)


def _to_disk(entry: Entry) -> tuple:
    size, mtime, data, reading, schema = entry
    return (size, mtime, data, [_problem_tuple(p) for p in reading],
            None if schema is None else [_problem_tuple(p) for p in schema])


def _from_disk(values: Any) -> Entry | None:
    if not isinstance(values, tuple) or len(values) != 5:
        return None
    size, mtime, data, reading, schema = values
    return (size, mtime, data, [_problem(p) for p in reading],
            None if schema is None else [_problem(p) for p in schema])


def read(root: Path, folders: list[str]) -> dict[str, Entry]:
    """The cached entries of these kinds ({} for a kind without a usable cache)."""
    entries: dict[str, Entry] = {}
    for folder in folders:
        entries.update(_read_one(cache_path(root, folder)))
    return entries


def _read_one(path: Path) -> dict[str, Entry]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as stream:
            document = marshal.loads(stream.read())  # marshal.load on a file is 5x slower
        if not isinstance(document, dict) or document.get("version") != (__version__, FORMAT):
            return {}
        entries = document.get("entries")
        if not isinstance(entries, dict):
            return {}
        loaded = {}
        for rel, values in entries.items():
            entry = _from_disk(values)
            if entry is not None:
                loaded[rel] = entry
        return loaded
    except Exception:  # a cache is never worth an error: parse afresh
        return {}
    finally:
        if enabled:
            gc.enable()


def write(root: Path, entries: dict[str, Entry], folders: set[str]) -> None:
    """Store the entries of these kinds atomically; a registry we cannot write to goes uncached."""
    by_folder: dict[str, dict[str, tuple]] = {folder: {} for folder in folders}
    for rel, entry in entries.items():
        folder = rel.split("/", 2)[1]
        if folder in by_folder:
            by_folder[folder][rel] = _to_disk(entry)
    try:
        (root / CACHE_DIR).mkdir(exist_ok=True)
        ignore = root / CACHE_DIR / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n")
        for folder, kept in by_folder.items():
            path = cache_path(root, folder)
            temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            with open(temporary, "wb") as stream:
                marshal.dump({"version": (__version__, FORMAT), "entries": kept}, stream)
            os.replace(temporary, path)
    except (OSError, ValueError):  # ValueError: data marshal cannot hold; go uncached
        pass
