"""Plain scalars as YAML 1.2's core schema reads them.

Shared by the libyaml reader and the fast canonical reader, so both give a
plain scalar the same meaning: only true/false are booleans (`NO` is Norway),
dates stay text for `PartialDate` to judge.
"""

from __future__ import annotations

import re
import sys
from typing import Any

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
PLAIN_TAGS_EXPLICIT = frozenset({None, "!", STR, INT, FLOAT, BOOL, NULL, MAP, SEQ})


class NumberTooLong(ValueError):
    """An integer longer than Python converts to or from text (`sys.get_int_max_str_digits`).

    No record holds such a number; the readers report it as a schema problem
    where it is written, rather than crash (or spend quadratic time) on it, or
    build a number that no output could print.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(f"the number has more than {limit} digits, more than a record can hold")


def _integer(text: str) -> int:
    limit = sys.get_int_max_str_digits() or sys.int_info.default_max_str_digits
    if text.startswith(("0o", "0x")):
        value = int(text[2:], 8 if text[1] == "o" else 16)
        if value.bit_length() > limit * 3.3219 - 1:  # its decimal form would be too long
            raise NumberTooLong(limit)
        return value
    if len(text) - (text[0] in "+-") > limit:
        raise NumberTooLong(limit)
    return int(text)


def plain_value(text: str) -> Any:
    """A plain scalar as YAML 1.2's core schema reads it."""
    first = text[:1]
    if first in "tTfF" and _BOOL.match(text):
        return text[0] in "tT"
    if first in "~nN" or not text:
        if _NULL.match(text):
            return None
    if first in "-+0123456789.":
        if _INT.match(text):
            return _integer(text)
        if _FLOAT.match(text):
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return float("-inf") if lowered.startswith("-") else float("inf")
            return float("nan") if lowered == ".nan" else float(text)
    return text


def tagged_value(tag: str, text: str) -> Any:
    if tag == STR or tag == "!":
        return text
    value = plain_value(text)
    expected = {INT: int, FLOAT: float, BOOL: bool, NULL: type(None)}[tag]
    if type(value) is not expected and not (expected is float and type(value) is int):
        raise ValueError(f"{text!r} is not a valid {tag.rsplit(':', 1)[-1]}")
    return float(value) if expected is float else value  # type: ignore[arg-type] # int or float
