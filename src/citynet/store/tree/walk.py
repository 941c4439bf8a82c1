"""Reading the tree: what stands at a path, and the walk that finds record files."""

from __future__ import annotations

import errno
import operator
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model import codes
from citynet.model.kinds import KINDS, Kind
from citynet.model.problems import Problem, Severity

DATA_DIR = "data"
EXTENSION = ".yaml"
GIT_DIR = ".git"
_BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".orig", ".rej", ".tmp")


class Refused(BadOption):
    """citynet may not touch a path: the message names it and says why, in one line."""


def is_skipped(name: str) -> bool:
    """Hidden files (citynet's temporaries among them) and editor leftovers are not records."""
    return name.startswith((".", "#")) or name.endswith(_BACKUP_SUFFIXES)


def walk_order(rel: str) -> str:
    """The order `discover` walks files in, as a sort key: each folder's entries by name,
    a folder where its name sorts (a path with its slashes made the lowest character sorts
    so). A revision's files and the index's rows are put in this order too."""
    return rel.replace("/", "\0")


MISSING, FILE, FOLDER, LINK, SPECIAL = "missing", "file", "folder", "link", "special"


def kind_of(path: Path | str, *, follow: bool = False) -> str:
    """What stands at `path`: MISSING, FILE, FOLDER, LINK or SPECIAL (a device, pipe or
    socket); a link is followed only when `follow` says so. OSError other than a missing
    path is raised."""
    try:
        mode = (os.stat if follow else os.lstat)(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return MISSING
    if stat.S_ISLNK(mode):
        return LINK
    return FILE if stat.S_ISREG(mode) else FOLDER if stat.S_ISDIR(mode) else SPECIAL


def open_regular(path: Path | str) -> int:
    """A descriptor to read the regular file at `path` (a link followed: the walk judged it):
    a pipe is opened without waiting for a writer, and refused like a device or a folder
    (OSError), so nothing blocks or reads without end."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
    except BaseException:
        os.close(fd)
        raise
    return fd


def lies_in(real_path: str, real_root: str) -> bool:
    """Whether a path lies in a folder, both already resolved (`os.path.realpath`)."""
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def inside(base: Path | str, path: Path | str) -> bool:
    """Whether `path`, every link on the way resolved, lies inside the folder `base`."""
    return lies_in(os.path.realpath(path), os.path.realpath(base))


inside_registry = inside  # the name store/index.py knows it by


OUT, INTO_GIT = "outside the registry", "inside .git/"


def link_refused(real_target: str, real_root: str) -> str | None:
    """Where a link leading to `real_target` goes that is never followed (OUT, INTO_GIT), or
    None if it may be read."""
    if not lies_in(real_target, real_root):
        return OUT
    if GIT_DIR in Path(os.path.relpath(real_target, real_root)).parts:
        return INTO_GIT
    return None


@dataclass(frozen=True, slots=True)
class Found:
    """A record file found by `discover`: its kind, absolute path and path from the root."""

    kind: Kind
    path: str
    rel: str

    @property
    def stem(self) -> str:
        return self.rel.rsplit("/", 1)[-1][: -len(EXTENSION)]


def read_from(found: Found) -> str:
    """The file reading `found` reads: itself, or the file its link leads to (the walk
    found only links it may follow)."""
    return os.path.realpath(found.path)


def discover(root: Path | str, folders: Any = None, unknown: bool | None = None
             ) -> tuple[list[Found], list[Problem]]:
    """Every record file under `root/data` (of these kinds, if given), sorted, and
    problems with the tree itself; with `unknown` (by default when every kind is read),
    also what lies in data/ but is not a kind's folder.

    Paths stay strings here: at 100,000 files pathlib's objects cost seconds.
    """
    unknown = folders is None if unknown is None else unknown
    data = os.path.join(str(root), DATA_DIR)
    files: list[Found] = []
    problems: list[Problem] = []
    real_root = os.path.realpath(root)
    where = link_refused(os.path.realpath(data), real_root)
    if where:
        how = "out of the registry" if where == OUT else "into .git/"
        return [], [Problem(codes.SYMLINK, f"{DATA_DIR}/ is a link {how}; it is not read",
                            DATA_DIR)]
    try:
        top = sorted(os.scandir(data), key=lambda e: e.name)
    except OSError as exc:
        return [], [Problem(codes.UNREADABLE, f"cannot read {DATA_DIR}/: {exc.strerror}",
                            DATA_DIR)]
    for entry in top:
        if is_skipped(entry.name):
            continue
        kind = KINDS.get(entry.name)
        rel = f"{DATA_DIR}/{entry.name}"
        if kind is None:
            if unknown and (entry.name.endswith((EXTENSION, ".yml")) or entry.is_dir()):
                problems.append(Problem(
                    codes.UNKNOWN_FOLDER, f"{rel} is not read: records live in data/<kind>/, "
                    f"where kind is one of {', '.join(KINDS)}", rel))
            continue
        if folders is not None and entry.name not in folders:
            continue
        if entry.is_symlink():
            where = link_refused(os.path.realpath(entry.path), real_root)
            if where:
                problems.append(Problem(codes.SYMLINK, f"a link to a folder {where} is not "
                                        "read" if where == OUT else "a link into .git/ is "
                                        "not read", rel))
                continue
        if entry.is_dir():
            _walk(kind, entry.path, rel, real_root, problems, files)
    return files, problems


_NAME = operator.attrgetter("name")


def _walk(kind: Kind, folder: str, folder_rel: str, real_root: str, problems: list[Problem],
          files: list[Found]) -> None:
    """Record files below `folder`, refusing links that leave the registry or enter .git/."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=_NAME)
    except OSError as exc:
        problems.append(Problem(codes.UNREADABLE, f"cannot read folder: {exc.strerror}",
                                folder_rel))
        return
    prefix = f"{folder_rel}/"
    if all([entry.name.endswith(EXTENSION) and entry.name[0] not in ".#"
            and entry.is_file(follow_symlinks=False) for entry in entries]):
        # The common case, in one comprehension: a folder holding only plain record files.
        files.extend([Found(kind, entry.path, prefix + entry.name) for entry in entries])
        return
    for entry in entries:
        name = entry.name
        if name.endswith(EXTENSION) and name[0] not in ".#" and entry.is_file(
                follow_symlinks=False):
            files.append(Found(kind, entry.path, prefix + name))
            continue
        if is_skipped(name):
            continue
        rel = f"{folder_rel}/{name}"
        if entry.is_symlink():
            try:
                target = os.path.realpath(entry.path, strict=True)
            except (OSError, RuntimeError):
                problems.append(
                    Problem(codes.SYMLINK, "a link that leads nowhere (dangling or a loop)", rel))
                continue
            where = link_refused(target, real_root)
            if where:
                problems.append(Problem(codes.SYMLINK, f"a link to a file {where} is not read"
                                        if where == OUT else "a link into .git/ is not read",
                                        rel))
                continue
            if os.path.isdir(target):
                problems.append(Problem(codes.SYMLINK, "links to folders are not followed", rel,
                                        severity=Severity.WARNING))  # milder than the default
                continue
        if entry.is_dir(follow_symlinks=False):
            _walk(kind, entry.path, rel, real_root, problems, files)
        elif name.endswith(EXTENSION):
            if entry.is_file():
                files.append(Found(kind, entry.path, rel))
            else:  # a pipe or a device would block or never end: never opened
                problems.append(
                    Problem(codes.UNREADABLE, "not a regular file; it is not read", rel))
        elif name.endswith(".yml"):
            problems.append(Problem(
                codes.FILE_EXTENSION,
                f"record files end in {EXTENSION}; rename to {name[:-4]}{EXTENSION}", rel))
