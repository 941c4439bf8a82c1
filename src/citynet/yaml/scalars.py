"""Plain scalars as YAML 1.2's core schema reads them.

Shared by the libyaml reader and the fast canonical reader, so both give a
plain scalar the same meaning: only true/false are booleans (`NO` is Norway),
dates stay text for `PartialDate` to judge.
"""

from __future__ import annotations

import re
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
            if text.startswith("0o"):
                return int(text[2:], 8)
            if text.startswith("0x"):
                return int(text[2:], 16)
            return int(text)
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
    return float(value) if expected is float else value
