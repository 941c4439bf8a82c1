"""Paths given on the command line, as prefixes of record paths inside the registry.

`validate data/agreements` and `fmt data/cities/seoul.yaml` name files or
folders; the registry knows its records by their path from its root.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from citynet.errors import BadOption


def relative_prefixes(root: Path, paths: Sequence[str | Path]) -> list[str]:
    """Command-line paths as prefixes relative to the registry root (BadOption if outside)."""
    return [_relative_prefix(root, Path(p)) for p in paths]


def _relative_prefix(root: Path, path: Path) -> str:
    absolute = path if path.is_absolute() else Path.cwd() / path
    if not absolute.exists():
        raise BadOption(f"{path}: no such file or folder")
    try:
        relative = absolute.resolve().relative_to(root.resolve())
    except ValueError:
        raise BadOption(f"{path} is not inside the registry at {root}") from None
    return relative.as_posix()


def within(path: str, prefixes: Iterable[str]) -> bool:
    return any(p in ("", ".") or path == p or path.startswith(p + "/") for p in prefixes)
