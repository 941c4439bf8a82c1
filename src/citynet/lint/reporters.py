"""Reporters: a Result rendered as text, JSON or GitHub workflow annotations.

Each reporter is a small function from a Result to a string, chosen by name
from REPORTERS; they read nothing but the Result.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable

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
