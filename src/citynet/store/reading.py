"""Bytes -> data and problems: how one record file is read, wherever its bytes come from.

The work tree, a git revision and an editor's unsaved buffer all read a file
through `parse_text`, so all see the same data and the same problems.
`read_file` is what a worker does for one file of the work tree: open it
once, take its stamp from the open handle (the cache's key), read and parse
it; `read_checked` adds the schema's verdict, so that the main process gets
only data and verdicts and never builds a model it does not need.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, BinaryIO

from citynet import limits
from citynet.model import codes
from citynet.model.problems import Problem, capped
from citynet.store import stamp
from citynet.store.stamp import Stamp

MAX_FILE_BYTES = limits.FILE_BYTES
"""Records are small; a larger file is refused unread (a guard, not a style rule)."""

OVERSIZE = limits.OVERSIZE
"""What a reader gives in place of bytes over MAX_FILE_BYTES (`limits.OVERSIZE`)."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_file(path: str, rel: str) -> tuple[Stamp, str | None, Any, list[Problem]]:
    """(stamp, blob, data, problems) of one record file: the stamp (`store.stamp`) taken
    from the open file before its bytes are read, and the git blob id of the bytes read
    (None when none were)."""
    try:
        handle = open(path, "rb")
    except OSError as exc:
        return stamp.of(path), None, None, [Problem(
            codes.UNREADABLE, f"cannot read the file: {exc.strerror}", rel)]
    with handle:
        try:
            key: Stamp = stamp.of_stat(os.fstat(handle.fileno()))
            raw = read_bounded(handle, key[0])
        except OSError as exc:
            return stamp.NONE, None, None, [Problem(
                codes.UNREADABLE, f"cannot read the file: {exc.strerror}", rel)]
    if raw is None:
        return key, None, None, [too_large(rel)]
    data, problems = parse_text(raw, rel)
    return key, stamp.blob(raw), shared(data) if data is not None else None, problems


def read_checked(path: str, rel: str
                 ) -> tuple[Stamp, str | None, Any, list[Problem], list[Problem] | None]:
    """`read_file`'s (stamp, blob, data, problems) and the schema's verdict on the data: its
    problems ([] when valid; None when there is no data to judge)."""
    key, blob, data, problems = read_file(path, rel)
    if data is None:
        return key, blob, data, problems, None
    return key, blob, data, problems, judged(rel, data)


def judged(rel: str, data: Any) -> list[Problem]:
    """The schema's verdict on the data of the record file `rel` (its kind is its folder)."""
    folder = rel.split("/", 2)[1]
    judge = _JUDGES.get(folder)
    if judge is None:
        from citynet.model.build import verdict
        from citynet.model.kinds import KINDS

        kind = KINDS[folder]
        judge = _JUDGES[folder] = (verdict, kind, kind.model)
    verdict, kind, model = judge
    return verdict(kind, rel, data, model)


_JUDGES: dict[str, Any] = {}
"""Per kind folder: `model.build.verdict`, the kind and its model, found by the first file
checked (never at start-up)."""


def prepare_schemas(folders: Any) -> None:
    """Build these kinds' validators now, before workers are forked, so that each worker
    shares them rather than building its own (models are built on first use)."""
    from pydantic import ValidationError

    from citynet.model.kinds import KINDS

    for folder in folders:
        try:
            KINDS[folder].model.model_validate({})
        except ValidationError:
            pass


_SHARED: dict[str, str] = {}
_SHARED_MOST = 100_000
"""A bound, so that a hostile registry's unique keys never fill the memory."""


def shared(value: Any) -> Any:
    """`value` with every key and every short text replaced by one shared copy.

    Records repeat their keys and many values (`country: KR`, a source's title):
    a worker that hands the same object for each lets pickle send it once a span,
    and the main process holds it once a span rather than once a record.
    """
    kind = value.__class__
    if kind is dict:
        table = _SHARED
        result = {}
        for key, item in value.items():
            if key.__class__ is str:
                key = table.get(key) or _share(key)
            result[key] = shared(item) if item.__class__ in _NESTED else (
                table.get(item) or _share(item) if item.__class__ is str and len(item) < 64
                else item)
        return result
    if kind is list:
        return [shared(item) if item.__class__ in _NESTED else (
            _SHARED.get(item) or _share(item) if item.__class__ is str and len(item) < 64
            else item) for item in value]
    return value


_NESTED = (dict, list)


def _share(text: str) -> str:
    if len(_SHARED) < _SHARED_MOST:
        _SHARED[text] = text
    return text


def read_capped(path: str | Path) -> bytes | None:
    """A record file's bytes, or None when it is over MAX_FILE_BYTES (then never read past
    the limit, even if it grows while read). OSError as open() raises it, and for anything
    but a regular file (a pipe is opened without waiting for a writer, and never read)."""
    from citynet.store.tree import open_regular

    with open(open_regular(path), "rb") as handle:
        return read_bounded(handle, os.fstat(handle.fileno()).st_size)


def read_bounded(handle: BinaryIO, size: int) -> bytes | None:
    """The bytes of an open file that `fstat` gave `size`, or None when they are over
    MAX_FILE_BYTES (never reading more than one byte past it, even if the file grows).

    `read(n)` allocates n bytes before it reads: asking for the limit (1 MiB) rather than
    the size cost every small file a megabyte mapped and unmapped by the kernel (20 µs of
    system time a file: a third of a cold validate's at 100k)."""
    if size > MAX_FILE_BYTES:
        return None
    raw = handle.read(size + 1)
    if len(raw) > size:  # it grew since fstat: the rest, up to one byte past the limit
        raw += handle.read(MAX_FILE_BYTES + 1 - len(raw))
    return None if len(raw) > MAX_FILE_BYTES else raw


def parse_file(path: str | Path, rel: str) -> tuple[Any, list[Problem]]:
    """The plain data of one record file (None if unusable), and what is wrong with it."""
    try:
        raw = read_capped(path)
    except OSError as exc:
        return None, [Problem(codes.UNREADABLE, f"cannot read the file: {exc.strerror}", rel)]
    return (None, [too_large(rel)]) if raw is None else parse_text(raw, rel)


def too_large(rel: str) -> Problem:
    """The problem of a file over MAX_FILE_BYTES."""
    return Problem(codes.FILE_TOO_LARGE, f"the file is larger than {MAX_FILE_BYTES // 1024} KiB",
                   rel)


def parse_text(raw: bytes, rel: str, oversize: bool = False) -> tuple[Any, list[Problem]]:
    """The plain data of one record file's bytes (None if unusable), and what is wrong with
    them: shared by the work tree, git revisions and an editor's unsaved buffer, so all read a
    file alike."""
    from citynet.yaml import reader

    problems: list[Problem] = []

    def problem(code: str, message: str, line: int | None = None, col: int | None = None) -> None:
        problems.append(Problem(code, message, rel, line, col))

    if oversize or raw is OVERSIZE or len(raw) > MAX_FILE_BYTES:
        return None, [too_large(rel)]
    text = _decode(raw, problem)
    if text is None:
        return None, problems
    data, issues = reader.load(text)
    if issues:
        for issue in issues[:limits.PROBLEMS_PER_FILE + 1]:
            problem(issue.code, issue.message, issue.line, issue.column)
        problems[:] = capped(problems, rel, count=len(issues))
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
    if len(text) > _VALUES_TEXT and _more_values_than(data, limits.VALUES):
        problem(codes.FILE_TOO_LARGE, f"the file holds more than {limits.VALUES:,} keys, items "
                "and values; a record is far smaller")
        return None, problems
    return data, problems


_VALUES_TEXT = limits.VALUES // 2
"""A text this long or shorter holds at most limits.VALUES keys, items and values, so they
are not counted (11 µs a record): every key, item or value YAML builds takes a character of
its own (an indicator, a separator or the scalar; an alias, which repeats a value without
writing it, is never built), and a key counts two. tests/test_limits_problems.py holds the densest
texts to it."""


def _more_values_than(data: dict[str, Any], limit: int) -> bool:
    """Whether `data` holds more than `limit` keys, items and scalars (counted until then)."""
    todo: list[Any] = [data]
    count = 0
    while todo:
        value = todo.pop()
        if type(value) is dict:
            count += 2 * len(value)
            todo.extend(value.values())
        elif type(value) is list:
            count += len(value)
            todo.extend(value)
        if count > limit:
            return True
    return False


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
