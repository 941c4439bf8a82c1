"""Files -> documents: the one place that finds and reads record files.

A registry is a folder holding `data/<kind>/**/*.yaml`. Each file is read on
its own, so one bad file never stops the others; what is wrong with a file is
returned as Problems, never raised. `read_document` depends only on the path,
so it can be mapped over worker processes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model import codes
from citynet.model.kinds import KINDS, Kind
from citynet.model.problems import Problem, Severity

DATA_DIR = "data"
EXTENSION = ".yaml"
MAX_FILE_BYTES = 1024 * 1024
"""Records are small; a larger file is refused unread (a guard, not a style rule)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
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
    """The schema's verdict on `data` when the cache knows it ([] is valid); None if unknown."""


@dataclass
class ReadResult:
    """Every file read, and what the cache should remember of them."""

    documents: list[tuple[Document, list[Problem]]]
    entries: dict[str, Any]
    """What the cache will hold: rel -> (size, mtime_ns, data, reading problems, schema)."""
    dirty: set[str]
    """The kinds whose cache must be written again."""


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


def discover(root: Path, folders: Any = None) -> tuple[list[Found], list[Problem]]:
    """Every record file under `root/data` (of these kinds, if given), sorted, and
    problems with the tree itself.

    Paths stay strings here: at 100,000 files pathlib's objects cost seconds.
    """
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
        if folders is not None and entry.name not in folders:
            continue
        if kind is None:
            if entry.name.endswith((EXTENSION, ".yml")) or entry.is_dir():
                problems.append(
                    Problem(
                        codes.UNKNOWN_FOLDER,
                        f"{rel} is not read: records live in data/<kind>/, "
                        f"where kind is one of {', '.join(KINDS)}",
                        rel,
                    )
                )
            continue
        if entry.is_symlink() and not _is_inside(os.path.realpath(entry.path), real_root):
            problems.append(Problem("symlink", "a link to a folder outside the registry is "
                                    "not read", rel))
            continue
        if entry.is_dir():
            _walk(kind, entry.path, rel, real_root, problems, files)
    return files, problems


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
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        problems.append(Problem(codes.UNREADABLE, f"cannot read folder: {exc.strerror}",
                                folder_rel))
        return
    for entry in entries:
        name = entry.name
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


def read_all(root: Path, files: list[Found], use_cache: bool = True,
             folders: Any = None) -> ReadResult:
    """Read every file, reusing cached results for unchanged ones and parsing the rest
    on every core. The caller stores the cache once it has added the schema verdicts."""
    import gc

    from citynet.store import cache

    enabled = gc.isenabled()
    gc.disable()
    try:
        folders = list(folders) if folders is not None else list(KINDS)
        entries = cache.read(root, folders) if use_cache else {}
        kept: dict[str, Any] = {}
        results: list[tuple[Document, list[Problem]] | None] = [None] * len(files)
        todo: list[tuple[int, str, tuple[int, int]]] = []
        for index, found in enumerate(files):
            rel = found.rel
            key = cache.stamp(found.path)
            hit = entries.get(rel)
            if (hit is not None and len(hit) == 5 and (hit[0], hit[1]) == key
                    and key != (-1, -1)):
                document = Document(found.kind, rel, found.stem, hit[2], hit[4])
                results[index] = (document, list(hit[3]))
                kept[rel] = hit
            else:
                todo.append((index, rel, key))
        parsed = parse_many([(files[i].path, rel) for i, rel, _ in todo], parse_file)
        for (index, rel, key), (data, problems) in zip(todo, parsed, strict=True):
            found = files[index]
            results[index] = (Document(found.kind, rel, found.stem, data), problems)
            if key != (-1, -1):
                kept[rel] = (key[0], key[1], data, problems, None)
        documents = [r for r in results if r is not None]
        dirty = {files[index].kind.folder for index, _, _ in todo}
        dirty |= {rel.split("/", 2)[1] for rel in entries if rel not in kept}
        return ReadResult(documents, kept, dirty)
    finally:
        if enabled:
            gc.enable()


def fingerprint(files: list[Found]) -> str:
    """A digest of the file set and every file's stamp (size, mtime, ctime, inode, device)."""
    import hashlib

    digest = hashlib.blake2b(digest_size=20)
    for found in files:
        try:
            st = os.stat(found.path)
            digest.update(f"{found.rel}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}"
                          f"\0{st.st_ino}\0{st.st_dev}\n".encode())
        except OSError:
            digest.update(f"{found.rel}\0?\n".encode())
    return digest.hexdigest()


_JOBS: list[tuple[Any, str]] = []
"""The files being parsed, seen by the forked workers without being pickled to them."""
Parse = Callable[[Any, str], tuple[Any, list[Problem]]]
_PARSE: Parse = lambda source, rel: (None, [])  # noqa: E731 - replaced while parsing


def parse_many(jobs: list[tuple[Any, str]], parse: Parse) -> list[tuple[Any, list[Problem]]]:
    """`parse(source, rel)` of each job (a path, or bytes from git), on every core from
    PARALLEL_FROM files: the work tree and a revision are read alike."""
    global _JOBS, _PARSE
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        return [parse(source, rel) for source, rel in jobs]
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process
        return [parse(source, rel) for source, rel in jobs]
    size = max(200, len(jobs) // (cores * 8))
    spans = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    _JOBS, _PARSE = jobs, parse
    try:
        with context.Pool(processes=cores) as pool:
            return [result for chunk in pool.imap(_parse_span, spans) for result in chunk]
    finally:
        _JOBS = []


def _parse_span(span: tuple[int, int]) -> list[tuple[Any, list[Problem]]]:
    import gc

    gc.disable()
    return [_PARSE(source, rel) for source, rel in _JOBS[span[0]:span[1]]]


def parse_file(path: str | Path, rel: str) -> tuple[Any, list[Problem]]:
    """The plain data of one record file (None if unusable), and what is wrong with it."""
    try:
        with open(path, "rb") as handle:
            # Size first: read(1 MiB + 1) would allocate a megabyte for every small file.
            too_large = os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES
            raw = b"" if too_large else handle.read()
    except OSError as exc:
        return None, [Problem(codes.UNREADABLE, f"cannot read the file: {exc.strerror}", rel)]
    return (None, [_too_large(rel)]) if too_large else parse_text(raw, rel)


def _too_large(rel: str) -> Problem:
    return Problem(codes.FILE_TOO_LARGE, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
                   rel)


def parse_text(raw: bytes, rel: str, too_large: bool = False) -> tuple[Any, list[Problem]]:
    """The plain data of one record file's bytes (None if unusable), and what is wrong with
    them: shared by the work tree, git revisions and an editor's unsaved buffer, so all read a
    file alike."""
    from citynet.yaml import reader

    problems: list[Problem] = []

    def problem(code: str, message: str, line: int | None = None, col: int | None = None) -> None:
        problems.append(Problem(code, message, rel, line, col))

    if too_large or len(raw) > MAX_FILE_BYTES:
        return None, [_too_large(rel)]
    text = _decode(raw, problem)
    if text is None:
        return None, problems
    data, issues = reader.load(text)
    for issue in issues:
        problem(issue.code, issue.message, issue.line, issue.column)
    if "\\" in text and _escaped_control(text, data, problem):  # only escapes make them
        return None, problems
    if data is None:
        if not issues:
            problem(codes.EMPTY_FILE, "the file holds no record (it is empty or only comments)")
        return None, problems
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        problem(codes.NOT_A_MAPPING, f"a record is a mapping of keys to values, not {what}", 1, 1)
        return None, problems
    return data, problems


_DECODED_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")
"""Control characters a double-quoted escape (`"\\e"`, `"\\x1b"`, `"\\u0007"`) can write:
the raw ones `_decode` refuses, and C1 (`\\x9b` starts a terminal sequence too)."""


def control_character(text: str) -> str | None:
    """The first control character `text` holds that no record may (None if none)."""
    found = _DECODED_CONTROL.search(text)
    return found.group() if found else None


def _escaped_control(text: str, data: Any, problem: Any) -> bool:
    """Report the first key or value holding a control character; whether there was one."""
    from citynet.yaml.positions import positions

    found = _control_at(data, ())
    if found is None:
        return False
    loc, char, is_key = found
    line, column = positions(text).at(loc, key=is_key)
    problem(codes.CONTROL_CHARACTER, f"the text holds the control character U+{ord(char):04X} "
            "(written as an escape)", line, column)
    return True


def _control_at(value: Any, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], str, bool] | None:
    if isinstance(value, str):
        bad = _DECODED_CONTROL.search(value)
        return (loc, bad.group(), False) if bad else None
    items = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else ()
    for key, item in items:
        if isinstance(key, str) and (bad := _DECODED_CONTROL.search(key)):
            return (*loc, key), bad.group(), True
        found = _control_at(item, (*loc, key))
        if found is not None:
            return found
    return None


def _decode(raw: bytes, problem: Any) -> str | None:
    """UTF-8 text (a BOM is dropped), or None after reporting why not."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem(codes.ENCODING, "the file is UTF-16; save it as UTF-8", 1, 1)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        problem(codes.ENCODING, f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                line, column)
        return None
    bad = _CONTROL.search(text)
    if bad:
        start = bad.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problem(
            codes.CONTROL_CHARACTER,
            f"the file holds the control character U+{ord(bad.group()):04X}",
            line,
            column,
        )
        return None
    return text
