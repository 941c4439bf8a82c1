"""Registry text written into lines of output, where it can never act.

Whatever a registry holds (a file's name, a record's notes, a commit's
subject) may be hostile. Written raw into a line of output it could move a
terminal's cursor or retitle its window (control characters), start a line
of its own (a line break), or, in a CI log, be read by the GitHub Actions
runner as a workflow command: a line that starts with `::` once leading
white space is trimmed (`::error file=README.md,line=1::…`), or `##[` anywhere
in a line (the runner's older form, `##[error]…`). `inert` is the one function
every writer and command passes such text through, whatever the format and
whether or not the output is a terminal.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Control characters (C0, DEL, C1: NEL among them) and the Unicode line and paragraph
separators: in one line of text none of them is kept."""
_CONTROL_BUT_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""The same, but the line feed and the tab a block of several lines keeps (a carriage return
is a line break to the runner, so it goes)."""
_LEADING_COLON = re.compile(r"^(\s*):", re.MULTILINE)
"""A colon first on a line once white space is trimmed, as the runner trims it."""
LEGACY_COMMAND = "##["
"""The runner's older workflow command, read anywhere in a line."""


def _spelled(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: object, *, lines: bool = False) -> str:
    """`text` as it may be written into a line of output: it can start no line of its own
    and form no workflow command.

    Control characters are spelled out (`\\x1b`, `\\x0a`, `\\u2028`); a colon that would
    come first on a line (after white space) is written `\\x3a`, and `##[` as `##\\x5b`.
    With `lines`, `text` is a block of several lines (a file's diff, a record as YAML): its
    line feeds and tabs stay, and each of its lines is guarded the same way.
    """
    value = "" if text is None else str(text)
    value = (_CONTROL_BUT_LINES if lines else _CONTROL).sub(_spelled, value)
    if ":" in value:
        value = _LEADING_COLON.sub(r"\1\\x3a", value)
    if LEGACY_COMMAND in value:
        value = value.replace(LEGACY_COMMAND, "##\\x5b")
    return value
