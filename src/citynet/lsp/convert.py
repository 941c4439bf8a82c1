"""citynet's places and problems in LSP's terms: 0-based lines, UTF-16 columns, ranges.

`validate` counts lines and columns from 1 in characters; an LSP client counts
from 0 in UTF-16 code units. Every conversion between the two is here.
"""

from __future__ import annotations

import re

from lsprotocol import types

from citynet.lsp.cursor import index_to_utf16
from citynet.model.problems import Problem, Severity

SOURCE = "citynet"
_TOKEN = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"\\]|\\.)*\"|[^\s,\[\]{}#:]+(?::[^\s,\[\]{}#]+)*")

_SEVERITIES = {Severity.ERROR: types.DiagnosticSeverity.Error,
               Severity.WARNING: types.DiagnosticSeverity.Warning}


def position(text: str, offset: int) -> types.Position:
    """The LSP position of a character offset in `text`."""
    line = text.count("\n", 0, offset)
    start = text.rfind("\n", 0, offset) + 1
    return types.Position(line, index_to_utf16(text[start:offset], offset - start))


def span(text: str, start: int, end: int) -> types.Range:
    return types.Range(position(text, start), position(text, end))


def whole(text: str) -> types.Range:
    """The range of the whole text, to replace it."""
    return span(text, 0, len(text))


def problem_range(text: str, problem: Problem) -> types.Range:
    """The token a problem points at (its first line if it has no place)."""
    lines = text.split("\n")
    line = max((problem.line or 1) - 1, 0)
    if line >= len(lines):
        return types.Range(types.Position(line, 0), types.Position(line, 0))
    here = lines[line]
    start = max((problem.column or 1) - 1, 0) if problem.line else 0
    token = _TOKEN.match(here, start) if problem.line else None
    end = token.end() if token else len(here) if not problem.line else start + 1
    return types.Range(types.Position(line, index_to_utf16(here, start)),
                       types.Position(line, index_to_utf16(here, min(end, len(here)))))


def diagnostic(text: str, problem: Problem) -> types.Diagnostic:
    """A problem as the editor shows it: the code `validate` prints, and its message."""
    return types.Diagnostic(
        range=problem_range(text, problem),
        message=problem.message,
        severity=_SEVERITIES.get(problem.severity, types.DiagnosticSeverity.Information),  # type: ignore[arg-type]
        code=problem.code,
        source=SOURCE,
        data={"loc": list(problem.loc), "key": problem.key},
    )
