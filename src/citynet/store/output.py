"""Where a command may write, and what it may replace: the rules in one place.

A command writes only what it made: a file it is told to write (an existing
one only with `--force`), or a folder it made itself, which holds a manifest
(`.citynet-export.json`) listing every file in it. It never replaces another
folder, a device, pipe or socket, or a link; never writes inside a registry's
`data/` or `.git/`; and never through a link that leads out of the registry.
What stands at a path and where it leads is store.tree's to say; here are the
words of each refusal, and every OS error met on the way, each one line (BadOption).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from citynet.errors import BadOption
from citynet.store import tree
from citynet.store.tree import MANIFEST  # noqa: F401 - the mark of a folder citynet made

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
    """Refuse (BadOption) unless `path` may be written as a `kind` ("file" or "folder");
    then remove what a killed citynet left beside it (store.tree.sweep).

    `root`, the registry the command reads, if any: its data/ and .git/ are never
    written, nor anything reached through a link out of it (store.tree decides).
    """
    name = _name(label, path)
    parent = Path(os.path.abspath(path)).parent
    try:
        what = tree.kind_of(path)
    except OSError as exc:
        raise BadOption(f"{name}: {reason(exc)}") from None
    if what == tree.MISSING:
        try:
            parent_kind = tree.kind_of(parent, follow=True)
        except OSError as exc:
            raise BadOption(f"{name}: {reason(exc)}") from None
        if parent_kind == tree.MISSING:
            raise BadOption(f"{name}: the folder {parent} does not exist")
        if parent_kind != tree.FOLDER:
            raise BadOption(f"{name}: {parent} is not a folder")
    if root is not None:
        refused = tree.output_place(path, root)
        if refused:
            raise BadOption(f"{name}: {refused}")
    if what != tree.MISSING:
        _check_existing(path, what, kind, force, name)
    if not os.access(parent, os.W_OK | os.X_OK):
        raise BadOption(f"{name}: cannot write in {parent}: permission denied")
    tree.sweep(parent)  # what a killed citynet left beside it goes first


def check_destination(path: Path, label: str = "--output") -> None:
    """Refuse (BadOption) a place to write that lies in any `.git/`, or in the `data/` of the
    nearest registry above it: for commands that are not told which registry (schema, init)."""
    refused = tree.destination_place(path)
    if refused:
        raise BadOption(f"{_name(label, path)}: {refused}")


def _check_existing(path: Path, what: str, kind: str, force: bool, name: str) -> None:
    if what == tree.LINK:
        raise BadOption(f"{name} is a symbolic link; it is never replaced")
    if what == tree.SPECIAL:
        raise BadOption(f"{name} is not a regular file (a device, pipe or socket); "
                        "it is never replaced")
    if kind == "folder":
        if what != tree.FOLDER:
            raise BadOption(f"{name} is a file, not a folder")
        stray = tree.unlisted(path)
        if stray is not None:
            raise BadOption(f"{name} is a folder citynet did not make ({stray}); "
                            "it is never replaced: choose a new folder")
    elif what == tree.FOLDER:
        raise BadOption(f"{name} is a folder")
    if not force:
        raise BadOption(f"{name} exists; pass --force to replace it")


def check_input(path: Path, *, label: str) -> None:
    """Refuse (BadOption) unless `path` is a regular file that can be read."""
    name = _name(label, path)
    try:
        what = tree.kind_of(path, follow=True)
    except OSError as exc:
        raise BadOption(f"{name}: {reason(exc)}") from None
    if what == tree.MISSING:
        raise BadOption(f"{name}: no such file")
    if what == tree.FOLDER:
        raise BadOption(f"{name} is a folder, not a file")
    if what != tree.FILE:
        raise BadOption(f"{name} is not a regular file (a device, pipe or socket)")
    if not os.access(path, os.R_OK):
        raise BadOption(f"{name}: permission denied")
