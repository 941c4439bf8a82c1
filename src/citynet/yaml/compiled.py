"""The compiled reader: yaml-rs reads the texts where its meanings are citynet's.

yaml-rs (Rust) parses a canonical record several times faster than the
line-by-line fast reader, but it follows its own reading of YAML 1.2: it
expands anchors, obeys tags, merges `<<` keys, reads `1_000` and `0b11` as
numbers. So a text reaches it only when a few searches of the whole text
(each a single regular expression, run in C) find none of that: no
character libyaml treats as a break, no comment, quote, anchor, alias, tag,
flow collection, block scalar, directive or document marker where a token
starts; no key that reads as anything but text or is longer than YAML
allows; no value starting with a digit, sign or dot other than a plain
decimal number or a date (`-21.6303`, `12`, `2024-06`, `1981-09-14`), the
forms whose meaning the two agree on; nothing indented deep enough to near
the nesting limit. Duplicate keys make yaml-rs fail. Whatever is refused,
and whatever yaml-rs itself refuses, is NOT_SIMPLE: the caller falls back
on the fast reader and libyaml, which report problems where they are
written. tests/test_yaml_differential.py holds the three readers to the
same answers.
"""

from __future__ import annotations

import re
from typing import Any

from citynet import limits
from citynet.yaml.fast import NOT_SIMPLE

try:
    from yaml_rs import loads as _loads
except ImportError:  # pragma: no cover - a declared dependency; citynet still works without
    _loads = None  # type: ignore[assignment]

AVAILABLE = _loads is not None

_ODD = re.compile("[\x80-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff\t\r"
                  "&*!|>'\"%@`#?\\[\\]{}~+]")
"""What the fast reader leaves to libyaml (line breaks YAML 1.1 knows, tabs, CR, a BOM), and
the characters that start an anchor, alias, tag, block scalar, quoted text, directive,
comment, explicit key or flow collection, or a `~` or `+` number: rare in records, so any
of them anywhere sends the text to the other readers."""
_NUMBER = re.compile(
    r": (?![0-9]{4}-[0-9]{2}(?:-[0-9]{2})?\n|-?[0-9]{1,18}(?:\.[0-9]{1,17})?\n)[-._0-9]")
"""A value starting like a number (yaml-rs drops underscores: `_0`, `0_` are 0 to it) that is
not, to the end of its line, a plain decimal number or a date."""
_LINE_START = re.compile(
    r"\n *(?:- )?+(?:[-._0-9:<]|(?:[tT]rue|TRUE|[fF]alse|FALSE|[nN]ull|NULL):)")
"""A line (searched in "\n" + text) whose key or item starts like a number, `---`, `...`,
`- -` (a list in a list), an empty key, `<<`, or a key that reads as a boolean or null."""
_LONG_KEY = re.compile(r"^ *(?:- )?[^\n:]{1025}", re.M)
"""A key longer than YAML allows (libyaml refuses it)."""


def read(text: str, max_depth: int = limits.NESTING) -> Any:
    """The data of a canonical record text, or NOT_SIMPLE."""
    if (_loads is None or not text.endswith("\n") or _ODD.search(text) or " :" in text
            or _NUMBER.search(text) or _LINE_START.search("\n" + text)
            or "\n" + " " * max(0, max_depth - 4) in text or _LONG_KEY.search(text)):
        return NOT_SIMPLE
    try:
        data = _loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - whatever yaml-rs refuses, libyaml reports
        return NOT_SIMPLE
    return data if data.__class__ is dict else NOT_SIMPLE
