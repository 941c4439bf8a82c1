"""Paths from a registry's root: named on the command line, read, and written."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from citynet.errors import BadOption
from citynet.store.tree.walk import (
    DATA_DIR,
    EXTENSION,
    FILE,
    FOLDER,
    GIT_DIR,
    LINK,
    MISSING,
    OUT,
    SPECIAL,
    Refused,
    is_skipped,
    kind_of,
    lies_in,
    link_refused,
)


class Tree:
    """A registry's folder as citynet may touch it: paths from its root, read and written."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.real = os.path.realpath(root)

    def rel(self, path: Path | str) -> str | None:
        """`path` (absolute, or from the current folder) as a path from the root, taken as
        it is written: its last part is never resolved, so a link is itself, not its target.
        None if it lies outside the registry."""
        absolute = os.path.abspath(path)
        for base in (os.path.abspath(self.root), self.real):
            rel = os.path.relpath(absolute, base)
            if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
                return Path(rel).as_posix()
        parent = os.path.realpath(os.path.dirname(absolute))  # named through a link to it
        if lies_in(parent, self.real):
            return Path(os.path.relpath(parent, self.real), os.path.basename(absolute)
                        ).as_posix()
        return None

    def relative(self, given: Path | str) -> str:
        """A path named on the command line, as a prefix of record paths: the registry, its
        `data/` or a file or folder in it. BadOption, with the reason, for a path that is not
        there (and the nearest name that is), not in the registry, or outside its `data/`
        (`validate README.md` would check nothing, and a run that checks nothing passes)."""
        if not os.path.lexists(given):
            raise BadOption(f"{given}: no such file or folder{_nearest(given)}")
        rel = self.rel(given)
        if rel is None:
            raise BadOption(f"{given} is not inside the registry at {self.root}")
        if rel not in (".", DATA_DIR) and not rel.startswith(DATA_DIR + "/"):
            what = "folder" if kind_of(self.root / rel) == FOLDER else "file"
            raise BadOption(f"{given} is a {what} outside the registry's {DATA_DIR}/, where "
                            "every record lives: name a record file or a folder of records "
                            f"(or nothing, for the whole registry)")
        name = rel.rsplit("/", 1)[-1]
        if kind_of(self.root / rel) != FOLDER and (
                is_skipped(name) or not name.endswith((EXTENSION, ".yml"))):
            raise BadOption(f"{given} is not a record file: a record is a file named "
                            f"ID{EXTENSION} in a folder of data/")
        return rel

    def plain_record(self, folder: str, stem: str) -> bool:
        """Whether `data/folder/stem.yaml` is a regular file in real folders, so that
        `discover` lists it (a cheap test before a walk of the whole kind)."""
        if not stem or is_skipped(stem + EXTENSION) or "/" in stem or "\\" in stem:
            return False
        path = self.root
        for depth, part in enumerate((DATA_DIR, folder, stem + EXTENSION), 1):
            path = path / part
            try:
                what = kind_of(path)
            except (OSError, ValueError):
                return False
            if what != (FILE if depth == 3 else FOLDER):
                return False
        return True

    def readable_folder(self, rel: str) -> Path | None:
        """`root/rel` if it is a folder whose contents may be read (it leads nowhere out of
        the registry nor into .git/, links resolved); None if not (a `templates/` linked out)."""
        path = self.root / rel
        real = os.path.realpath(path)
        if link_refused(real, self.real) or not os.path.isdir(real):
            return None
        return path

    def names(self, rel: str) -> frozenset[str]:
        """Every name that stands in the folder `rel` (files, folders, links, anything), none
        if it is not there: one listing instead of a look at each path."""
        try:
            return frozenset(os.listdir(self.root / rel))
        except OSError:
            return frozenset()

    def occupied(self, rel: str) -> bool:
        """Whether anything at all stands at `rel`: a file, a folder, a link, even a dangling
        one. A new record never takes such a path."""
        return kind_of(self.root / rel) != MISSING

    def writable(self, rel: str, *, new: bool = False, make_folders: bool = False,
                 folder: bool = False) -> Path:
        """`root/rel`, once it is sure citynet may write it; Refused (one line) if not.

        No part of the path below the root may be a link, whatever it leads to; the last
        part must be a regular file or nothing (with `new`, nothing at all; with `folder`,
        a folder to write files in); none may be `.git`. `make_folders` creates the missing
        folders on the way (and, with `folder`, the last), none through a link.
        """
        parts = rel.split("/")
        if any(part in ("", ".", "..") for part in parts):
            raise Refused(f"{rel} is not a path inside the registry")
        if GIT_DIR in parts:
            raise Refused(f"{rel}: citynet never writes inside .git/")
        path = self.root
        for depth, part in enumerate(parts, 1):
            path = path / part
            shown = "/".join(parts[:depth])
            what = kind_of(path)
            if what == LINK:
                raise Refused(f"{shown} is {self._link(path)}: citynet never writes through "
                              "a link")
            if depth == len(parts) and not folder:
                if what == FOLDER:
                    raise Refused(f"{shown} is a folder")
                if what == SPECIAL:
                    raise Refused(f"{shown} is not a regular file (a device, pipe or socket): "
                                  "citynet never replaces it")
                if new and what != MISSING:
                    raise Refused(f"{shown} already exists")
            elif what == MISSING and make_folders:
                try:
                    os.mkdir(path)
                except FileExistsError:  # made meanwhile: looked at again
                    if kind_of(path) != FOLDER:
                        raise Refused(f"{shown} appeared meanwhile and is not a folder"
                                      ) from None
            elif what == MISSING:
                break
            elif what != FOLDER:
                raise Refused(f"{shown} is not a folder")
        return self.root / rel

    def sweep(self) -> list[str]:
        """Remove what a killed citynet left under `data/` (store.tree.made.sweep_registry)."""
        from citynet.store.tree.made import sweep_registry

        return sweep_registry(self.root)

    def _link(self, path: Path) -> str:
        """A link in a few words: where it leads, as a refusal names it."""
        try:
            target = os.path.realpath(path, strict=True)
        except (OSError, RuntimeError):
            return "a link that leads nowhere (dangling or a loop)"
        where = link_refused(target, self.real)
        return ("a link out of the registry" if where == OUT else
                "a link into .git/" if where else "a link")


def _nearest(given: Path | str) -> str:
    """"; did you mean 'data/cities'?" for a mistyped last part whose folder is there."""
    import difflib

    folder, name = os.path.split(os.path.normpath(given))
    try:
        names = sorted(os.listdir(folder or os.curdir))
    except OSError:
        return ""
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    return f"; did you mean {os.path.join(folder, close[0])!r}?" if close else ""


def output_place(path: Path | str, root: Path | str) -> str | None:
    """Why `path` may not be written by a command reading the registry at `root` (inside its
    `data/` or `.git/`, or reached through a link out of it), or None if it may."""
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    for protected in (DATA_DIR, GIT_DIR):
        if lies_in(real, os.path.realpath(os.path.join(real_root, protected))):
            return f"citynet never writes inside the registry's {protected}/"
    lexical = os.path.abspath(path)
    for base in {os.path.abspath(root), real_root}:
        if lexical != base and lies_in(lexical, base) and not lies_in(real, real_root):
            return "it is reached through a link out of the registry"
    return None


def destination_place(path: Path | str) -> str | None:
    """Why `path` may not be written by a command told of no registry (schema, init): inside
    any `.git/`, or where `output_place` refuses it for the nearest registry above it."""
    real = Path(os.path.realpath(path))
    if GIT_DIR in real.parts:
        return "citynet never writes inside a .git/ folder"
    for folder in (real, *real.parents):
        if os.path.isdir(os.path.join(folder, DATA_DIR)):
            return output_place(path, folder)
    return None


def contained(folder: Path, parts: list[str]) -> Path | None:
    """`folder/parts` if it is a regular file inside `folder`, every link resolved (a
    template), else None."""
    real = os.path.realpath(os.path.join(folder, *parts))
    if lies_in(real, os.path.realpath(folder)) and kind_of(real) == FILE:
        return Path(real)
    return None


def within(rel: str, prefixes: Iterable[str], *, reaching: bool = False) -> bool:
    """Whether the path `rel` is one of `prefixes` (as `Tree.relative` gives them) or below
    one; with `reaching`, also a folder on the way to one (a link there hides what was named)."""
    return any(p in ("", ".") or rel == p or rel.startswith(p + "/")
               or (reaching and p.startswith(rel + "/")) for p in prefixes)
