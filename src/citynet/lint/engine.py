"""The validate engine: load, check, place every problem, sort.

Positions are found last and only for files that have a problem: a second,
position-keeping parse of those files alone, so a clean registry never pays
for positions it does not print.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from citynet.lint.checks import run_checks
from citynet.errors import BadOption
from citynet.model.problems import Problem, Result, Severity
from citynet.store.files import relative_prefixes, within
from citynet.store.cache import load_outcome, store_outcome
from citynet.store.registry import load, stamped


def validate(root: Path, paths: Sequence[str | Path] = (), use_cache: bool = True) -> Result:
    """Every problem in the registry at `root`; with `paths`, only those in these files.

    References are still resolved against the whole registry.
    """
    prefixes = relative_prefixes(root, paths)
    # The key describes the files before they are read: a file edited during the run
    # makes the next run miss, never pairs a new file with an old result.
    key = _outcome_key(root) if use_cache else None
    outcome = load_outcome(root, key) if key is not None else None
    if outcome is None:
        registry, problems = load(root, use_cache)
        problems.extend(run_checks(registry))
        problems = _placed(root, [stamped(p) for p in problems])
        counted = [
            (d.path, d.data is not None and registry.get(d.kind.folder, d.id) is not None)
            for d in registry.documents
        ]
        outcome = (problems, counted)
        if key is not None:
            store_outcome(root, key, outcome)
    problems, counted = outcome
    if prefixes:
        problems = [p for p in problems if within(p.path, prefixes)]
        counted = [c for c in counted if within(c[0], prefixes)]
    return Result(sorted(problems, key=Problem.sort_key), files=len(counted),
                  records=sum(1 for _, valid in counted if valid))


def _outcome_key(root: Path) -> str:
    """The versions that decide the checks, the file set with every file's stamp, and the
    tree's problems."""
    from citynet.store.cache import outcome_key
    from citynet.store.files import discover, fingerprint

    files, tree_problems = discover(root)
    return outcome_key(fingerprint(files), [p.as_dict() for p in tree_problems])


def _placed(root: Path, problems: list[Problem]) -> list[Problem]:
    """Give a line and column to every problem that points into a readable record."""
    from citynet.yaml import reader

    pending: dict[str, list[int]] = defaultdict(list)
    for index, problem in enumerate(problems):
        if problem.line is None and (problem.loc or problem.code not in _FILE_LEVEL):
            pending[problem.path].append(index)
    for path, indexes in pending.items():
        try:
            node = reader.compose((root / path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, reader.YamlError):
            continue
        for index in indexes:
            problem = problems[index]
            line, column = reader.locate(node, problem.loc, key=problem.key)
            problems[index] = replace(problem, line=line, column=column)
    return problems


_FILE_LEVEL = frozenset(
    {"unreadable", "file-too-large", "encoding", "empty-file", "file-extension",
     "symlink", "unknown-folder"}
)
"""Codes about a file as a whole: they have no line to point at."""
