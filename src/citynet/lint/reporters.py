"""What validate reports, in the shapes the writers read: its text, its document, its
annotations.

Each function reads a Result (or, against a baseline, a `Compared`) and
nothing else; `citynet.publish.formats` writes the shape the user chose
(`text`, `json`, `yaml`, `github` …). Paths and messages go into lines of text
through `citynet.inert`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from citynet.inert import inert
from citynet.model.problems import Problem, Result

if TYPE_CHECKING:
    from citynet.lint.engine import Compared

Shown = Callable[[str], str]
"""A path from the registry's root as the text report writes it (the command line's: from
the folder the user stands in, so a terminal opens it on a click)."""


def _as_is(path: str) -> str:
    return path


def _where(problem: Problem, shown: Shown = _as_is) -> str:
    if problem.line is None:
        return inert(shown(problem.path))
    return f"{inert(shown(problem.path))}:{problem.line}:{problem.column or 1}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: Result) -> str:
    checked = f"{_plural(result.files, 'file')} checked"
    if not result.problems:
        return f"{checked}: no problems"
    return (
        f"{checked}: {_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')}"
    )


def line(problem: Problem, shown: Shown = _as_is) -> str:
    """`path:line:col: severity [code] message`"""
    return (f"{_where(problem, shown)}: {problem.severity} [{problem.code}] "
            f"{inert(problem.message)}")


def text(result: Result, shown: Shown = _as_is) -> str:
    """`path:line:col: severity [code] message`, one a line, then a summary."""
    lines = [line(p, shown) for p in result.problems]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def document(result: Result) -> dict[str, Any]:
    """`{"problems": [...], "summary": {...}}`: the stable machine interface."""
    return {"problems": [p.as_dict() for p in result.problems], "summary": result.summary()}


def closing(result: Result) -> list[str]:
    """The lines that end a report of annotations: the summary."""
    return [summary_line(result)]


# -- against a baseline (validate --baseline REV) ---------------------------------------------

def baseline_line(compared: Compared) -> str:
    totals = compared.totals
    return (f"against {inert(compared.baseline)}: {totals['new']} new, "
            f"{totals['existing']} existing, {totals['fixed']} fixed")


def text_compared(compared: Compared, shown: Shown = _as_is) -> str:
    """Each problem now with its class, then the fixed ones, then the summaries."""
    lines = [f"{line(p, shown)} ({cls})" for cls, p in compared.classed()]
    lines += [f"{_where(p, shown)}: fixed: {p.severity} [{p.code}] {inert(p.message)}"
              for p in compared.fixed]
    lines += [summary_line(compared.result), baseline_line(compared)]
    return "\n".join(lines) + "\n"


def document_compared(compared: Compared) -> dict[str, Any]:
    """The JSON report with a `class` on each problem, the fixed ones, and their counts."""
    return {
        "problems": [{**p.as_dict(), "class": cls} for cls, p in compared.classed()],
        "fixed": [{**p.as_dict(), "class": "fixed"} for p in compared.fixed],
        "summary": {**compared.result.summary(), "baseline": compared.baseline,
                    **compared.totals},
    }


def closing_compared(compared: Compared) -> list[str]:
    """Annotations against a baseline are the new problems only (a pull request is told what
    it brings), closed by both summaries."""
    return [summary_line(compared.result), baseline_line(compared)]
