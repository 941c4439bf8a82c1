"""Files -> documents: the one place that finds and reads record files.

A registry is a folder holding `data/<kind>/**/*.yaml`. Each file is read on
its own, so one bad file never stops the others; what is wrong with a file is
returned as Problems, never raised. How one file's bytes become data is
`store.reading`'s; here files are found (`discover`) and read on every core
(`read_all`, `parse_many`).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.model import codes
from citynet.model.kinds import KINDS, Kind
from citynet.model.problems import Problem, Severity
from citynet.store.reading import (  # noqa: F401 - read here by the work tree, lsp and git
    MAX_FILE_BYTES, control_character, parse_file, parse_text, prepare_schemas,
    read_checked, read_file,
)
from citynet.store.stamp import Stamp

DATA_DIR = "data"
EXTENSION = ".yaml"
_BACKUP_SUFFIXES = ("~", ".swp", ".swo", ".bak", ".orig", ".rej", ".tmp")


@dataclass(slots=True)
class Document:
    """One record file as read: where it is and the plain data it holds."""

    kind: Kind
    path: str
    """Relative to the registry root, forward slashes."""
    id: str
    """The file's stem, which is the record's id."""
    data: dict[str, Any] | None
    """None when the file could not be read as a YAML mapping."""
    schema: list[Problem] | None = None
    """The schema's verdict on `data` when it is known ([] is valid); None if unknown."""


@dataclass
class ReadResult:
    """Every file read, with its problems."""

    documents: list[tuple[Document, list[Problem]]]
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Each file's stamp, taken before it was read (store/stamp.py)."""


def is_skipped(name: str) -> bool:
    """Hidden files and editor leftovers are not records."""
    return (
        name.startswith(".")
        or name.startswith("#")
        or name.endswith(_BACKUP_SUFFIXES)
    )


@dataclass(frozen=True, slots=True)
class Found:
    """A record file found by `discover`: its kind, absolute path and path from the root."""

    kind: Kind
    path: str
    rel: str

    @property
    def stem(self) -> str:
        return self.rel.rsplit("/", 1)[-1][: -len(EXTENSION)]


def discover(root: Path, folders: Any = None, unknown: bool | None = None
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
    if not _is_inside(os.path.realpath(data), real_root):
        return [], [Problem("symlink", f"{DATA_DIR}/ is a link out of the registry; it is not "
                            "read", DATA_DIR)]
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
                problems.append(
                    Problem(
                        codes.UNKNOWN_FOLDER,
                        f"{rel} is not read: records live in data/<kind>/, "
                        f"where kind is one of {', '.join(KINDS)}",
                        rel,
                    )
                )
            continue
        if folders is not None and entry.name not in folders:
            continue
        if entry.is_symlink() and not _is_inside(os.path.realpath(entry.path), real_root):
            problems.append(Problem("symlink", "a link to a folder outside the registry is "
                                    "not read", rel))
            continue
        if entry.is_dir():
            _walk(kind, entry.path, rel, real_root, problems, files)
    return files, problems


_NAME = operator.attrgetter("name")


def _is_inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def inside_registry(root: Path | str, path: Path | str) -> bool:
    """Whether `path`, every link on the way resolved, lies inside the registry at `root`:
    what a command may write to."""
    return _is_inside(os.path.realpath(path), os.path.realpath(root))


def _walk(kind: Kind, folder: str, folder_rel: str, real_root: str, problems: list[Problem],
          files: list[Found]) -> None:
    """Record files below `folder`, refusing links that leave the registry."""
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
                    Problem(codes.SYMLINK, "a link that leads nowhere (dangling or a loop)", rel)
                )
                continue
            if not _is_inside(target, real_root):
                problems.append(
                    Problem(codes.SYMLINK, "a link to a file outside the registry is not read",
                            rel)
                )
                continue
            if os.path.isdir(target):
                problems.append(
                    Problem(codes.SYMLINK, "links to folders are not followed", rel,
                            severity=Severity.WARNING)  # milder than the code's default
                )
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
            problems.append(
                Problem(
                    codes.FILE_EXTENSION,
                    f"record files end in {EXTENSION}; rename to {name[:-4]}{EXTENSION}",
                    rel,
                )
            )


PARALLEL_FROM = 2000
"""Below this many files to parse, worker processes cost more than they save."""
Each = Callable[[Document, list[Problem]], None]
"""What `read_all` hands each document to as it is read."""


def read_all(root: Path, files: list[Found], each: Each | None = None) -> ReadResult:
    """Read, parse and schema-check every file on every core (each document's `schema` is
    its verdict), with each file's stamp taken before it was read.

    With `each`, every document goes to `each` in path order as soon as it is read (while
    the workers read the next ones) instead of into the result's documents.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        documents: list[tuple[Document, list[Problem]]] = []
        stamps: dict[str, Stamp] = {}
        if len(files) >= PARALLEL_FROM:
            prepare_schemas({found.kind.folder for found in files})
        parsed = parse_stream([(found.path, found.rel) for found in files], read_checked)
        for found, (key, data, problems, verdict) in zip(files, parsed, strict=True):
            document = Document(found.kind, found.rel, found.stem, data, verdict)
            stamps[found.rel] = key
            if each is None:
                documents.append((document, problems))
            else:
                each(document, problems)
        return ReadResult(documents, stamps)
    finally:
        if enabled:
            gc.enable()


_JOBS: list[tuple[Any, str]] = []
"""The files being parsed, seen by the forked workers without being pickled to them."""
Parse = Callable[[Any, str], Any]
_PARSE: Parse = lambda source, rel: (None, [])  # noqa: E731 - replaced while parsing


def parse_many(jobs: list[tuple[Any, str]], parse: Parse) -> list[Any]:
    """`parse(source, rel)` of each job (a path, or bytes from git), on every core from
    PARALLEL_FROM files: the work tree and a revision are read alike."""
    return list(parse_stream(jobs, parse))


def parse_stream(jobs: list[tuple[Any, str]], parse: Parse) -> Iterator[Any]:
    """`parse_many`'s results in order, each as soon as its span of files is done."""
    global _JOBS, _PARSE
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        yield from (parse(source, rel) for source, rel in jobs)
        return
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process
        yield from (parse(source, rel) for source, rel in jobs)
        return
    size = max(200, len(jobs) // (cores * 8))
    spans = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    _JOBS, _PARSE = jobs, parse
    try:
        with context.Pool(processes=cores) as pool:
            for chunk in pool.imap(_parse_span, spans):
                yield from chunk
    finally:
        _JOBS = []


def _parse_span(span: tuple[int, int]) -> list[Any]:
    import gc

    gc.disable()
    return [_PARSE(source, rel) for source, rel in _JOBS[span[0]:span[1]]]
