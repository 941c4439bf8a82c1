"""Files -> documents: the one place that finds and reads record files.

A registry is a folder holding `data/<kind>/**/*.yaml`. Each file is read on
its own, so one bad file never stops the others; what is wrong with a file is
returned as Problems, never raised. `read_document` depends only on the path,
so it can be mapped over worker processes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.models import KINDS, Kind
from citynet.problems import Problem, Severity

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


def _is_skipped(name: str) -> bool:
    """Hidden files and editor leftovers are not records."""
    return (
        name.startswith(".")
        or name.startswith("#")
        or name.endswith(_BACKUP_SUFFIXES)
    )


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def discover(root: Path) -> tuple[list[tuple[Kind, Path]], list[Problem]]:
    """Every record file under `root/data`, sorted, and problems with the tree itself."""
    data = root / DATA_DIR
    files: list[tuple[Kind, Path]] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    try:
        top = sorted(os.scandir(data), key=lambda e: e.name)
    except OSError as exc:
        return [], [Problem("unreadable", f"cannot read {DATA_DIR}/: {exc.strerror}", DATA_DIR)]
    for entry in top:
        if _is_skipped(entry.name):
            continue
        kind = KINDS.get(entry.name)
        rel = f"{DATA_DIR}/{entry.name}"
        if kind is None:
            if entry.name.endswith((EXTENSION, ".yml")) or entry.is_dir():
                problems.append(
                    Problem(
                        "unknown-folder",
                        f"{rel} is not read: records live in data/<kind>/, "
                        f"where kind is one of {', '.join(KINDS)}",
                        rel,
                        severity=Severity.WARNING,
                    )
                )
            continue
        if not entry.is_dir():
            continue
        for path in _walk(Path(entry.path), real_root, problems, root):
            files.append((kind, path))
    return files, problems


def _walk(folder: Path, real_root: Path, problems: list[Problem], root: Path) -> Iterator[Path]:
    """Record files below `folder`, refusing links that leave the registry."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        rel = _relative(root, folder)
        problems.append(Problem("unreadable", f"cannot read folder: {exc.strerror}", rel))
        return
    for entry in entries:
        if _is_skipped(entry.name):
            continue
        path = Path(entry.path)
        rel = _relative(root, path)
        if entry.is_symlink():
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                problems.append(
                    Problem("symlink", "a link that leads nowhere (dangling or a loop)", rel)
                )
                continue
            if not target.is_relative_to(real_root):
                problems.append(
                    Problem("symlink", "a link to a file outside the registry is not read", rel)
                )
                continue
            if target.is_dir():
                problems.append(
                    Problem("symlink", "links to folders are not followed", rel,
                            severity=Severity.WARNING)
                )
                continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, real_root, problems, root)
        elif entry.name.endswith(EXTENSION):
            yield path
        elif entry.name.endswith(".yml"):
            problems.append(
                Problem(
                    "file-extension",
                    f"record files end in {EXTENSION}; rename to {entry.name[:-4]}{EXTENSION}",
                    rel,
                )
            )


def read_document(root: Path, kind: Kind, path: Path) -> tuple[Document, list[Problem]]:
    """Read one file: bytes, UTF-8, one YAML document, a plain mapping."""
    from citynet import yamlio

    rel = _relative(root, path)
    doc = Document(kind, rel, path.stem, None)
    problems: list[Problem] = []

    def problem(code: str, message: str, line: int | None = None, col: int | None = None) -> None:
        problems.append(Problem(code, message, rel, line, col))

    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        problem("unreadable", f"cannot read the file: {exc.strerror}")
        return doc, problems
    if len(raw) > MAX_FILE_BYTES:
        problem("file-too-large", f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
        return doc, problems
    text = _decode(raw, problem)
    if text is None:
        return doc, problems
    data: Any = None
    try:
        node = yamlio.compose(text)
        if node is None:
            problem("empty-file", "the file holds no record (it is empty or only comments)")
            return doc, problems
        issues = list(yamlio.plain_issues(node, text))
        if not issues:
            data, issues = yamlio.construct(node)
    except yamlio.YamlError as exc:
        issues, data = [exc.issue], None
    for issue in issues:
        problem(issue.code, issue.message, issue.line, issue.column)
    if data is None or any(i.code != "duplicate-key" for i in issues):
        return doc, problems
    if not isinstance(data, dict):
        what = "a list" if isinstance(data, list) else "a single value"
        problem("not-a-mapping", f"a record is a mapping of keys to values, not {what}", 1, 1)
        return doc, problems
    doc.data = data
    return doc, problems


def _decode(raw: bytes, problem: Any) -> str | None:
    """UTF-8 text (a BOM is dropped), or None after reporting why not."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem("encoding", "the file is UTF-16; save it as UTF-8", 1, 1)
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        problem("encoding", f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                line, column)
        return None
    bad = _CONTROL.search(text)
    if bad:
        start = bad.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        problem(
            "control-character",
            f"the file holds the control character U+{ord(bad.group()):04X}",
            line,
            column,
        )
        return None
    return text
