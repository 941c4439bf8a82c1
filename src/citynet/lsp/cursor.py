"""What the cursor is on: the field being typed, or the scalar under it.

Completion runs on text that is not valid YAML yet (`parties: [seoul, ta`),
so the field being typed is read from the lines themselves: the key on the
cursor's line, and its parents from the less indented lines above. Hover,
definition and rename run on a scalar that is written: `yaml.positions` gives
its character span and its place in the record (`loc`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from citynet.model.problems import Loc
from citynet.yaml.positions import positions

_LINE = re.compile(r"^(\s*)((?:-\s+)*)(.*)$")
_KEY = re.compile(r"^([\w-]+)\s*:(?:\s|$)")
_FLOW_ITEM = re.compile(r"^([\w-]+):\s*\[(?:[^\]]*,)?\s*([\w-]*)$")
_VALUE = re.compile(r"^([\w-]+):\s+([\w-]*)$")
_WORD = re.compile(r"([\w-]*)$")


def utf16_to_index(line: str, units: int) -> int:
    """The character index in `line` of a UTF-16 column (what LSP clients send)."""
    index = 0
    while index < len(line) and units > 0:
        units -= 2 if ord(line[index]) > 0xFFFF else 1
        index += 1
    return index


def index_to_utf16(line: str, index: int) -> int:
    return sum(2 if ord(char) > 0xFFFF else 1 for char in line[:index])


def offset(text: str, line: int, character: int) -> int:
    """The character offset in `text` of an LSP position (0-based line, UTF-16 column)."""
    lines = text.split("\n")
    if line >= len(lines):
        return len(text)
    return sum(len(each) + 1 for each in lines[:line]) + utf16_to_index(lines[line], character)


@dataclass(frozen=True)
class Typing:
    """The field being typed: where it is in the record, and whether a key or a value."""

    loc: Loc
    """The value's place (`parties`, 1) or, for a key, the mapping that holds it."""
    is_key: bool
    prefix: str
    """What is typed of it so far."""


def typing_at(text: str, line: int, character: int,
              has_values: Callable[[Loc], bool]) -> Typing | None:
    """The field at an LSP position, read from the lines (the text need not parse).

    `has_values` tells whether a list item at a loc is a value (`parties`) rather than
    a mapping (`sources`): `- ta` is then a value being typed, not a key.
    """
    lines = text.split("\n")
    if line >= len(lines):
        return None
    before = lines[line][: utf16_to_index(lines[line], character)]
    indent, dashes, rest = _LINE.match(before).groups()  # type: ignore[union-attr]
    column = len(indent) + len(dashes)
    items: Loc = (0,) * dashes.count("-")
    if items:
        column = len(indent)
    parents = (*_parents(lines[:line], column), *items)
    if match := _FLOW_ITEM.match(rest):
        return Typing((*parents, match[1], 0), False, match[2])
    if match := _VALUE.match(rest):
        return Typing((*parents, match[1]), False, match[2])
    if re.fullmatch(r"[\w-]*", rest):
        if items:  # `- ta`: an item of a list of values, or the first key of a mapping
            return Typing(parents, not has_values(parents), rest)
        return Typing(parents, True, rest)
    return None


def _parents(lines: list[str], column: int) -> Loc:
    """The keys and list items that hold a node starting at `column`, read upwards."""
    found: list[str | int] = []
    for text in reversed(lines):
        if column == 0:
            break
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent, dashes, rest = _LINE.match(text).groups()  # type: ignore[union-attr]
        key_column = len(indent) + len(dashes)
        count = dashes.count("-")
        key = _KEY.match(rest)
        if key_column < column and key:
            found.insert(0, key[1])
            column = key_column
            if count:
                found[:0] = [0] * count
                column = len(indent)
        elif count and len(indent) < column <= key_column:
            found[:0] = [0] * count
            column = len(indent)
    return tuple(found)


@dataclass(frozen=True)
class Scalar:
    """A scalar written in the file: its place in the record, its text and its span."""

    loc: Loc
    value: str
    start: int
    end: int


def scalar_at(text: str, at: int) -> Scalar | None:
    """The scalar value whose characters hold offset `at`, if any."""
    for loc, (start, end, style) in positions(text).spans.items():
        if start <= at <= end and loc:
            value = text[start:end]
            if style in ("'", '"'):
                value = value[1:-1]
            return Scalar(loc, value, start, end)
    return None


def word_before(text: str) -> str:
    return _WORD.search(text)[1]  # type: ignore[index]
