"""Where a command may write, and what it may replace: the rules in one place.

A command writes only what it made: a file it is told to write (an existing
one only with `--force`), or a folder it made itself, which holds a manifest
(`.citynet-export.json`) listing every file in it. It never replaces another
folder, a device, pipe or socket, or a link; never writes inside a registry's
`data/` or `.git/`; and never through a link that leads out of the registry.
Every refusal, and every OS error met on the way, is one line (BadOption).
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from citynet.errors import BadOption

MANIFEST = ".citynet-export.json"
"""The mark of a folder citynet made: the files it wrote there."""
_PROTECTED = ("data", ".git")

_REASONS = {
    errno.ENOENT: "a folder on the way does not exist",
    errno.ENOTDIR: "a file is where a folder should be",
    errno.EISDIR: "it is a folder",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "the file system is read-only",
    errno.ENOSPC: "no space left on the device",
    errno.EEXIST: "it appeared meanwhile",
}


def reason(exc: OSError) -> str:
    """An OS error in a few plain words."""
    return _REASONS.get(exc.errno or 0) or (exc.strerror or str(exc)).lower()


@contextmanager
def plain_errors(label: str, path: Path | str) -> Iterator[None]:
    """Turn any OS error met while writing `path` into one line: `label path: reason`
    (SQLite's own errors too: a full disk reaches the SQLite export as "disk I/O error")."""
    import sqlite3

    try:
        yield
    except BrokenPipeError:  # a reader that stopped reading: the app's own quiet exit
        raise
    except OSError as exc:
        raise BadOption(f"{_name(label, path)}: {reason(exc)}") from None
    except sqlite3.Error as exc:
        raise BadOption(f"{_name(label, path)}: {exc}") from None


def _name(label: str, path: Path | str) -> str:
    return f"{label} {path}" if label else str(path)


def check_output(path: Path, *, kind: str = "file", force: bool = False,
                 root: Path | None = None, label: str = "--output") -> None:
    """Refuse (BadOption) unless `path` may be written as a `kind` ("file" or "folder").

    `root`, the registry the command reads, if any: its data/ and .git/ are never
    written, nor anything reached through a link out of it.
    """
    name = _name(label, path)
    parent = Path(os.path.abspath(path)).parent
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise BadOption(f"{name}: {reason(exc)}") from None
    if info is None:
        try:
            parent_info = os.stat(parent)
        except OSError as exc:
            missing = isinstance(exc, FileNotFoundError)
            raise BadOption(f"{name}: the folder {parent} does not exist" if missing
                            else f"{name}: {reason(exc)}") from None
        if not stat.S_ISDIR(parent_info.st_mode):
            raise BadOption(f"{name}: {parent} is not a folder")
    if root is not None:
        _check_place(path, root, name)
    if info is not None:
        _check_existing(path, info, kind, force, name)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadOption(f"{name}: cannot write in {parent}: permission denied")


def check_destination(path: Path, label: str = "--output") -> None:
    """Refuse (BadOption) a place to write that lies in any `.git/`, or in the `data/` of the
    nearest registry above it: for commands that are not told which registry (schema, init)."""
    name = _name(label, path)
    real = Path(os.path.realpath(path))
    if ".git" in real.parts:
        raise BadOption(f"{name}: citynet never writes inside a .git/ folder")
    for folder in (real, *real.parents):
        if os.path.isdir(os.path.join(folder, _PROTECTED[0])):
            _check_place(path, folder, name)
            return


def _check_place(path: Path, root: Path, name: str) -> None:
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    for protected in _PROTECTED:
        inside = os.path.realpath(os.path.join(real_root, protected))
        if real == inside or real.startswith(inside + os.sep):
            raise BadOption(f"{name}: citynet never writes inside the registry's {protected}/")
    lexical = os.path.abspath(path)
    for base in {os.path.abspath(root), real_root}:
        if lexical.startswith(base.rstrip(os.sep) + os.sep) and not (
                real == real_root or real.startswith(real_root + os.sep)):
            raise BadOption(f"{name}: it is reached through a link out of the registry")


def _check_existing(path: Path, info: os.stat_result, kind: str, force: bool,
                    name: str) -> None:
    mode = info.st_mode
    if stat.S_ISLNK(mode):
        raise BadOption(f"{name} is a symbolic link; it is never replaced")
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise BadOption(f"{name} is not a regular file (a device, pipe or socket); "
                        "it is never replaced")
    if kind == "folder":
        if not stat.S_ISDIR(mode):
            raise BadOption(f"{name} is a file, not a folder")
        stray = unlisted(path)
        if stray is not None:
            raise BadOption(f"{name} is a folder citynet did not make ({stray}); "
                            "it is never replaced: choose a new folder")
    elif stat.S_ISDIR(mode):
        raise BadOption(f"{name} is a folder")
    if not force:
        raise BadOption(f"{name} exists; pass --force to replace it")


def unlisted(folder: Path) -> str | None:
    """Why `folder` is not one citynet made (None if it is: its manifest lists all it holds).

    An empty folder counts as ours: replacing it loses nothing.
    """
    try:
        names = _contents(folder)
    except OSError as exc:
        return reason(exc)
    if not names:
        return None
    manifest = os.path.join(folder, MANIFEST)
    try:
        if not stat.S_ISREG(os.lstat(manifest).st_mode):
            return f"{MANIFEST} is not a file"
        with open(manifest, encoding="utf-8") as stream:
            listed = json.load(stream).get("files")
    except FileNotFoundError:
        return f"it has no {MANIFEST}"
    except (OSError, ValueError, AttributeError):
        return f"its {MANIFEST} is unreadable"
    if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
        return f"its {MANIFEST} is unreadable"
    folders = {name for name in names if stat.S_ISDIR(os.lstat(os.path.join(folder, name)).st_mode)}
    extra = sorted(names - folders - set(listed) - {MANIFEST})
    if extra:
        return f"it holds {extra[0]}, which citynet did not write"
    for item in names - folders:
        if not stat.S_ISREG(os.lstat(os.path.join(folder, item)).st_mode):
            return f"{item} is not a plain file"
    return None


def _contents(folder: Path) -> set[str]:
    """Every path inside `folder`, relative, with forward slashes; links are not followed."""
    found = set()
    for parent, dirs, files in os.walk(folder, onerror=_raise):
        relative = os.path.relpath(parent, folder)
        for name in [*dirs, *files]:
            found.add(name if relative == "." else f"{relative}/{name}".replace(os.sep, "/"))
    return found


def _raise(exc: OSError) -> None:
    raise exc


def check_input(path: Path, *, label: str) -> None:
    """Refuse (BadOption) unless `path` is a regular file that can be read."""
    name = _name(label, path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise BadOption(f"{name}: no such file") from None
    except OSError as exc:
        raise BadOption(f"{name}: {reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise BadOption(f"{name} is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise BadOption(f"{name} is not a regular file (a device, pipe or socket)")
    if not os.access(path, os.R_OK):
        raise BadOption(f"{name}: permission denied")
