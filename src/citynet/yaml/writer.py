"""A fast writer of canonical YAML for new records made in bulk (import).

ruamel.yaml needs about a millisecond a record; an import of the full
twin-cities list writes some 45,000 files. This writer emits the same
canonical form `citynet fmt` produces, for plain data (dicts in canonical key
order, lists, text, numbers, booleans): text it can prove plain is written
plain, anything else is quoted by ruamel itself (and remembered). A property
test holds it to `fmt`: its output is already canonical.
"""

from __future__ import annotations

import io
import math
import re
from functools import lru_cache
from typing import Any

_PLAIN = re.compile(r"^[^\W\d_][\w .,'()/&-]{0,200}$")
_NOT_TEXT = {"true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL"}


@lru_cache(maxsize=65536)
def _quoted_by_ruamel(text: str) -> str:
    from citynet.yaml.canonical import round_trip

    stream = io.StringIO()
    round_trip().dump({"k": text}, stream)
    value = stream.getvalue()[3:].rstrip("\n")
    if "\n" in value:
        raise ValueError("multi-line text is not written by the fast writer")
    return value


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("not a finite number")
        text = repr(value).lower()
        return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text
    if isinstance(value, str):
        if _PLAIN.match(value) and not value.endswith(" ") and "  " not in value \
                and value not in _NOT_TEXT:
            return value
        return _quoted_by_ruamel(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for key, item in value.items():
        if isinstance(item, dict):
            out.append(f"{pad}{key}:\n")
            _emit(item, indent + 2, out)
        elif isinstance(item, list):
            out.append(f"{pad}{key}:\n")
            for element in item:
                if isinstance(element, dict):
                    lines: list[str] = []
                    _emit(element, indent + 2, lines)
                    first = lines[0]
                    out.append(f"{pad}- {first[indent + 2:]}")
                    out.extend(lines[1:])
                else:
                    out.append(f"{pad}- {scalar(element)}\n")
        else:
            out.append(f"{pad}{key}: {scalar(item)}\n")


def dump(record: dict[str, Any]) -> str:
    """Canonical YAML of a record whose keys are already in canonical order."""
    out: list[str] = []
    _emit(record, 0, out)
    return "".join(out)
