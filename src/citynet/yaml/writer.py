"""A fast writer of canonical YAML for new records made in bulk (import).

ruamel.yaml needs about a millisecond a record; an import of the full
twin-cities list writes some 45,000 files. This writer emits the same
canonical form `citynet fmt` produces, for plain data (dicts in canonical key
order, lists, text, numbers, booleans), each scalar written by yaml/quoting.py
as `fmt` writes it (so `NO` or `yes` is quoted for YAML 1.1 readers). A property
test holds it to `fmt`: its output is already canonical.
"""

from __future__ import annotations

import math
from typing import Any

from citynet.yaml import quoting

LONGEST_WORD = 5
"""The longest plain word a YAML reader reads as other than text (`false`); numbers,
dates and `.inf` begin with a digit, a sign or a dot."""


def scalar(value: Any) -> str:
    if type(value) is str and len(value) > LONGEST_WORD and quoting.PLAIN.match(value):
        return value  # begins with a letter, longer than any keyword: text to every reader
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        raise ValueError("not a finite number")
    return quoting.scalar(value)


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    for name, item in value.items():
        key = scalar(name)
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
