"""NEL, LS and PS as YAML 1.2 reads them: ordinary characters, not line breaks.

libyaml follows YAML 1.1 and breaks lines at them; the reader hides them from
libyaml behind one-character stand-ins and puts them back in what it built.
"""

from __future__ import annotations

from typing import Any

_NON_BREAKS = "\x85\u2028\u2029"
"""NEL, LS and PS: line breaks to YAML 1.1 and libyaml, ordinary characters in
YAML 1.2 (section 5.4), so `a: x<LS>b: y` is one plain scalar, not two keys."""


def hide_non_breaks(text: str) -> tuple[str, dict[int, str] | None]:
    """The text with NEL, LS and PS swapped for stand-ins libyaml reads as characters.

    A stand-in is a private-use character the text neither holds nor could
    write as an escape, so swapping back after reading is exact; each is one
    character, so lines and columns are unchanged.
    """
    if not any(c in text for c in _NON_BREAKS):
        return text, None
    lowered = text.lower()
    hide: dict[int, str] = {}
    candidate = 0xF0000  # plane 15, private use: printable to YAML and libyaml
    for char in _NON_BREAKS:
        while chr(candidate) in text or f"{candidate:x}" in lowered:
            candidate += 1
        hide[ord(char)] = chr(candidate)
        candidate += 1
    return text.translate(hide), {ord(v): chr(k) for k, v in hide.items()}


def restored(value: Any, restore: dict[int, str]) -> Any:
    if isinstance(value, str):
        return value.translate(restore)
    if isinstance(value, dict):
        return {restored(k, restore): restored(v, restore) for k, v in value.items()}
    if isinstance(value, list):
        return [restored(v, restore) for v in value]
    return value
