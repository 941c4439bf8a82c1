"""A fast reader for the canonical block form that `citynet fmt` writes.

Most files of a registry are canonical: block mappings and lists, two-space
indentation, one scalar a line. Reading exactly that subset line by line is
several times faster than going through libyaml's events from Python. Any
line outside the subset (a comment, flow style, a quoted text with escapes,
an anchor, a tag, a block scalar, a blank line, a tab, a duplicate key …)
makes `read` return NOT_SIMPLE, and the caller uses libyaml, which reports
whatever is wrong with its line and column. For every text it accepts, it
gives exactly what libyaml gives (a property test holds it to that).
"""

from __future__ import annotations

import re
from typing import Any

from citynet import limits
from citynet.yaml.scalars import NumberTooLong, plain_value

NOT_SIMPLE = object()
UNUSUAL = re.compile("[\x80-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\t\r]")
"""Characters libyaml treats as line breaks or refuses: such a text goes to libyaml."""

_DOUBLE_QUOTED = re.compile(r'^"(?:[^"\\]|\\["\\])*"$')
"""A double-quoted text whose only escapes are \\" and \\\\; any other goes to libyaml."""
_ESCAPE = re.compile(r'\\(["\\])')
_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_-]*):(?: (.*))?$")
_LONGEST_KEY = limits.KEY_CHARS
"""YAML's limit on an implicit key; libyaml and ruamel refuse a longer one as a syntax error."""
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")
"""Characters that may not start a plain scalar; "-", "?" and ":" may, unless a space follows."""


class _NotSimple(Exception):
    pass


def _scalar(text: str) -> Any:
    if not text or text != text.strip():
        raise _NotSimple
    first = text[0]
    if first == "'":
        if len(text) < 2 or text[-1] != "'":
            raise _NotSimple
        inner = text[1:-1]
        if "'" in inner.replace("''", ""):
            raise _NotSimple
        return inner.replace("''", "'")
    if first == '"':
        if not _DOUBLE_QUOTED.match(text):
            raise _NotSimple
        return _ESCAPE.sub(r"\1", text[1:-1])
    if first in _INDICATORS or ": " in text or " #" in text or text.endswith(":"):
        raise _NotSimple
    if first in "-?:" and (len(text) == 1 or text[1] == " "):
        raise _NotSimple
    try:
        return plain_value(text)
    except NumberTooLong:  # libyaml's path reports it where it is written
        raise _NotSimple from None


def read(text: str, max_depth: int = limits.NESTING) -> Any:
    """The data of a canonical record text, or NOT_SIMPLE.

    Nesting deeper than `max_depth` is NOT_SIMPLE too: libyaml reports it
    where it starts, and this reader's recursion stays bounded.
    """
    if not text.endswith("\n") or text.startswith("---") or UNUSUAL.search(text):
        return NOT_SIMPLE
    lines = []
    for raw in text[:-1].split("\n"):
        stripped = raw.lstrip(" ")
        if not stripped or stripped[0] == "#" or raw.endswith(" "):
            return NOT_SIMPLE
        lines.append((len(raw) - len(stripped), stripped))
    try:
        value, position = _mapping(lines, 0, 0, max_depth)
    except _NotSimple:
        return NOT_SIMPLE
    return value if position == len(lines) else NOT_SIMPLE


def _mapping(lines: list[tuple[int, str]], position: int, indent: int,
             depth: int) -> tuple[dict, int]:
    if depth <= 0:
        raise _NotSimple
    result: dict[str, Any] = {}
    while position < len(lines):
        line_indent, content = lines[position]
        if line_indent < indent:
            break
        if line_indent > indent or content.startswith("- ") or content == "-":
            raise _NotSimple
        match = _KEY.match(content)
        if match is None:
            raise _NotSimple
        key, rest = match.group(1), match.group(2)
        if key in result or key == "<<" or len(key) > _LONGEST_KEY:
            raise _NotSimple
        position += 1
        if rest is not None:
            result[_key(key)] = _scalar(rest)
            continue
        if position < len(lines):
            next_indent, next_content = lines[position]
            if next_indent == indent and next_content.startswith("- "):
                result[_key(key)], position = _sequence(lines, position, indent, depth - 1)
                continue
            if next_indent == indent + 2:
                result[_key(key)], position = _mapping(lines, position, indent + 2,
                                                        depth - 1)
                continue
            if next_indent > indent:
                raise _NotSimple
        result[_key(key)] = None
    return result, position


_KEYS: dict[str, bool] = {}
"""Keys repeat in every file: whether each reads as text is worked out once."""


def key_is_text(text: str) -> bool:
    """Whether a plain key reads as text (not as a number, boolean or null)."""
    plain = _KEYS.get(text)
    if plain is None:
        try:
            plain = isinstance(plain_value(text), str)
        except NumberTooLong:
            plain = False
        if len(_KEYS) < 10_000:  # a hostile file's keys never fill the memory
            _KEYS[text] = plain
    return plain


def _key(text: str) -> Any:
    if not key_is_text(text):
        raise _NotSimple  # a key that YAML reads as a number or boolean
    return text


def _sequence(lines: list[tuple[int, str]], position: int, indent: int,
              depth: int) -> tuple[list, int]:
    if depth <= 0:
        raise _NotSimple
    items: list[Any] = []
    while position < len(lines):
        line_indent, content = lines[position]
        if line_indent != indent or not content.startswith("- "):
            if line_indent > indent:
                raise _NotSimple
            break
        item = content[2:]
        if _KEY.match(item):
            # "- key: value" opens a mapping whose other keys sit two spaces in
            lines[position] = (indent + 2, item)
            value, position = _mapping(lines, position, indent + 2, depth - 1)
            items.append(value)
        else:
            items.append(_scalar(item))
            position += 1
    return items, position
