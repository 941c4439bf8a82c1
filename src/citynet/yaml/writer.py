"""A fast writer of canonical YAML for new records made in bulk (import).

ruamel.yaml needs about a millisecond a record; an import of the full
twin-cities list writes some 45,000 files. This writer emits the same
canonical form `citynet fmt` produces, for plain data (dicts in canonical key
order, lists, text, numbers, booleans): text it can prove plain is written
plain, anything else is quoted as yaml/quoting.py quotes it (and remembered),
so a text such as `NO` or `yes` is quoted for YAML 1.1 readers. A property
test holds it to `fmt`: its output is already canonical.
"""

from __future__ import annotations

import math
import re
from typing import Any

from citynet.yaml.quoting import ambiguous, float_text, text_scalar

_PLAIN = re.compile(r"^[^\W\d_][\w .,'()/&-]{0,200}$")
"""Text that ruamel writes plain, unless some YAML reader takes it for a boolean or null."""


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("not a finite number")
        return float_text(value)
    if isinstance(value, str):
        if _PLAIN.match(value) and not value.endswith(" ") and "  " not in value \
                and not ambiguous(value):
            return value
        return text_scalar(value)
    raise TypeError(f"cannot write {type(value).__name__}")


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
