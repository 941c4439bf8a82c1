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

    Every layout YAML allows is read: block lists at the key's own column (`parties:` then
    `- seoul` at column 0, as fmt writes them) or indented, flow lists and mappings
    (`[seoul, ta`, `[{city: se`), across lines too. `has_values` tells whether a list item
    at a loc is a value (`parties`) rather than a mapping (`sources`): `- ta` is then a
    value being typed, not a key.
    """
    lines = text.split("\n")
    if line >= len(lines):
        return None
    before = lines[line][: utf16_to_index(lines[line], character)]
    flow = _in_flow(lines[:line], before)
    if flow is not None:
        return flow
    indent, dashes, rest = _LINE.match(before).groups()  # type: ignore[union-attr]
    column = len(indent) + len(dashes)
    items: Loc = (0,) * dashes.count("-")
    if items:
        column = len(indent)
    parents = (*_parents(lines[:line], column, item=bool(items)), *items)
    if match := _VALUE.match(rest):
        return Typing((*parents, match[1]), False, match[2])
    if re.fullmatch(r"[\w-]*", rest):
        if items:  # `- ta`: an item of a list of values, or the first key of a mapping
            return Typing(parents, not has_values(parents), rest)
        return Typing(parents, True, rest)
    return None


_OPENS_BLOCK = re.compile(r"^[\w-]+\s*:\s*(#.*)?$")
"""A key whose value starts on the next line (`parties:`)."""


def _parents(lines: list[str], column: int, item: bool = False) -> Loc:
    """The keys and list items that hold a node starting at `column`, read upwards. An
    `item` (a `- ` at `column`) may belong to a key at its own column: YAML lets a block
    list sit at its key's indentation."""
    found: list[str | int] = []
    for text in reversed(lines):
        if column == 0 and not item:
            break
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent, dashes, rest = _LINE.match(text).groups()  # type: ignore[union-attr]
        key_column = len(indent) + len(dashes)
        count = dashes.count("-")
        key = _KEY.match(rest)
        if key and (key_column < column or (item and key_column == column and not count
                                            and _OPENS_BLOCK.match(rest))):
            found.insert(0, key[1])
            column, item = key_column, False
            if count:
                found[:0] = [0] * count
                column, item = len(indent), True
        elif count and len(indent) < column <= key_column:
            found[:0] = [0] * count
            column, item = len(indent), True
    return tuple(found)


_FLOW_LINES = 50
"""How far up a flow collection that spans lines is looked for."""
_TOKEN = re.compile(
    r"""'(?:[^']|'')*'?"""  # a single-quoted scalar, closed or not yet
    r"""|"(?:[^"\\]|\\.)*"?"""  # a double-quoted one
    r"""|[\[\]{},]|:(?=\s|$)|#.*"""  # flow punctuation, a key's colon, a comment
    r"""|[^\s'"\[\]{},:#][^\s\[\]{},:]*|\S""")  # a plain scalar, or any other character


def _in_flow(above: list[str], before: str) -> Typing | None:
    """The field being typed inside a flow collection (`[a, b`, `{k: v`) open at the cursor,
    if one is: found from the nearest line above whose flow is still open here. A flow item
    is a value unless written as a mapping (`{`)."""
    for back in range(min(_FLOW_LINES, len(above)) + 1):
        start = len(above) - back
        first = above[start] if back else before
        indent, dashes, rest = _LINE.match(first).groups()  # type: ignore[union-attr]
        key = _KEY.match(rest) or re.match(r"^([\w-]+)\s*:", rest)
        opening = rest[key.end():] if key else rest
        if not re.match(r"\s*[\[{]", opening):
            if back and (first.strip() and not first.strip().startswith("#")) \
                    and not _continues_flow(first):
                return None
            continue
        segment = "\n".join([opening, *above[start + 1:], before] if back else [opening])
        stack = _flow_stack(segment)
        if not stack:
            return None
        column = len(indent) + len(dashes)
        items: Loc = (0,) * dashes.count("-")
        if items:
            column = len(indent)
        base: Loc = (*_parents(above[:start], column, item=bool(items)), *items)
        if key:
            base = (*base, key[1])
        loc: list[str | int] = list(base)
        for kind, index, name, _ in stack[:-1]:
            loc.append(index if kind == "[" else name)
        kind, index, name, typing_value = stack[-1]
        word = re.search(r"([\w-]*)$", segment)[1]  # type: ignore[index]
        if kind == "[":
            return Typing((*loc, index), False, word)
        if typing_value:
            return Typing((*loc, name), False, word)
        return Typing(tuple(loc), True, word)
    return None


def _continues_flow(line: str) -> bool:
    """Whether a line could be the inside of a flow collection opened above (no `key:` of
    a block mapping, no `- ` item)."""
    indent, dashes, rest = _LINE.match(line).groups()  # type: ignore[union-attr]
    return not dashes and not _KEY.match(rest) or rest.lstrip().startswith(("{", "["))


def _flow_stack(segment: str) -> list[tuple[str, int, str, bool]]:
    """The flow collections still open at the end of `segment`, outermost first: for each,
    its bracket, the index of the item being written (lists), the key being written or
    whose value is being written (mappings), and whether that value is being written."""
    stack: list[tuple[str, int, str, bool]] = []
    last = ""
    for token in _TOKEN.findall(segment):
        if token in ("[", "{"):
            stack.append((token, 0, "", False))
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif token == ",":
            if stack:
                kind, index, _, _ = stack[-1]
                stack[-1] = (kind, index + 1, "", False)
        elif token == ":":
            if stack and stack[-1][0] == "{":
                kind, index, _, _ = stack[-1]
                stack[-1] = (kind, index, last, True)
        elif not token.startswith("#"):
            last = token.strip("'\"")
    return stack


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
