"""Reporters: a Result rendered as text, JSON or GitHub workflow annotations.

Each reporter is a small function from a Result to a string, chosen by name
from REPORTERS; they read nothing but the Result.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from citynet.model.problems import Problem, Result, Severity


def _where(problem: Problem) -> str:
    if problem.line is None:
        return problem.path
    return f"{problem.path}:{problem.line}:{problem.column or 1}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(result: Result) -> str:
    checked = f"{_plural(result.files, 'file')} checked"
    if not result.problems:
        return f"{checked}: no problems"
    return (
        f"{checked}: {_plural(result.errors, 'error')}, {_plural(result.warnings, 'warning')}"
    )


def line(problem: Problem) -> str:
    """`path:line:col: severity [code] message`"""
    return f"{_where(problem)}: {problem.severity} [{problem.code}] {problem.message}"


def text(result: Result) -> str:
    """`path:line:col: severity [code] message`, one a line, then a summary."""
    lines = [line(p) for p in result.problems]
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


def as_json(result: Result) -> str:
    """`{"problems": [...], "summary": {...}}`: the stable machine interface."""
    document = {
        "problems": [p.as_dict() for p in result.problems],
        "summary": result.summary(),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(result: Result) -> str:
    """GitHub Actions workflow commands: an annotation on the line of each problem."""
    lines = []
    for p in result.problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = [f"file={_escape_property(p.path)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={_escape_property('citynet ' + p.code)}")
        lines.append(f"::{level} {','.join(props)}::{_escape_data(p.message)}")
    lines.append(summary_line(result))
    return "\n".join(lines) + "\n"


REPORTERS: dict[str, Callable[[Result], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}


def choose(name: str) -> Callable[[Result], str]:
    """The reporter called `name`; `auto` is `github` under GitHub Actions, else `text`."""
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return REPORTERS[name]


# -- against a baseline (validate --baseline REV) ---------------------------------------------

def baseline_line(compared: Any) -> str:
    totals = compared.totals
    return (f"against {compared.baseline}: {totals['new']} new, "
            f"{totals['existing']} existing, {totals['fixed']} fixed")


def text_compared(compared: Any) -> str:
    """Each problem now with its class, then the fixed ones, then the summaries."""
    lines = [f"{_where(p)}: {p.severity} [{p.code}] {p.message} ({cls})"
             for cls, p in compared.classed()]
    lines += [f"{_where(p)}: fixed: {p.severity} [{p.code}] {p.message}" for p in compared.fixed]
    lines += [summary_line(compared.result), baseline_line(compared)]
    return "\n".join(lines) + "\n"


def json_compared(compared: Any) -> str:
    """The JSON report with a `class` on each problem, the fixed ones, and their counts."""
    document = {
        "problems": [{**p.as_dict(), "class": cls} for cls, p in compared.classed()],
        "fixed": [{**p.as_dict(), "class": "fixed"} for p in compared.fixed],
        "summary": {**compared.result.summary(), "baseline": compared.baseline,
                    **compared.totals},
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def github_compared(compared: Any) -> str:
    """Annotations for the new problems only: a pull request is told what it brings."""
    annotations = github(Result(compared.new)).splitlines()[:-1]  # without its summary
    return "\n".join([*annotations, summary_line(compared.result), baseline_line(compared)]) + "\n"


COMPARED: dict[str, Callable[[Any], str]] = {
    "text": text_compared,
    "json": json_compared,
    "github": github_compared,
}


def choose_compared(name: str) -> Callable[[Any], str]:
    """The baseline reporter called `name` (`auto` as for `choose`)."""
    if name == "auto":
        name = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    return COMPARED[name]
