"""Placing problems: the line and column of each, found from its field in its file's text.

Checks and the schema say which field a problem is about (`loc`); its line and column are
found last, and only for the files that have such a problem: one pass over each file's
events (yaml/positions.py) places all of its problems.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from citynet.model import codes
from citynet.model.problems import Problem

Texts = Callable[[list[str]], dict[str, str]]
"""The texts of some files (those that exist and decode), by path."""


def work_tree_texts(root: Path) -> Texts:
    """The texts of files of the work tree."""
    def texts(paths: list[str]) -> dict[str, str]:
        found = {}
        for path in paths:
            try:
                found[path] = (root / path).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
        return found

    return texts


def unplaced(problem: Problem) -> bool:
    """Whether a problem still needs a line and column from its file."""
    return problem.line is None and bool(problem.loc or
                                         not codes.CODES[problem.code].file_level)


def placed(problems: list[Problem], texts: Texts,
           which: Callable[[Problem], bool] = lambda problem: True) -> list[Problem]:
    """Give a line and column to every problem (of those `which` picks) that points into a
    readable record."""
    from citynet.yaml.positions import positions

    pending: dict[str, list[int]] = defaultdict(list)
    for index, problem in enumerate(problems):
        if unplaced(problem) and which(problem):
            pending[problem.path].append(index)
    for path, text in texts(list(pending)).items():
        found = positions(text)
        for index in pending[path]:
            problem = problems[index]
            line, column = found.at(problem.loc, key=problem.key)
            problems[index] = replace(problem, line=line, column=column)
    return problems


def by_default(problem: Problem) -> bool:
    """Whether a problem is placed when its outcome is kept: not an opt-in code's (placing
    one-sided-agreement's, found in most agreements, costs a pass over each file, for
    nothing unless asked for)."""
    return not codes.CODES[problem.code].opt_in
