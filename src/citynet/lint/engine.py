"""The validate engine: load, check, stamp, place every problem, select, sort.

The engine gives each check's findings their code and catalogued severity.
Positions are found last and only for files that have a problem without one:
one pass over the events of each such file (yaml.positions), so a clean
registry never pays for positions it does not print.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from citynet.lint.checks import CHECKS
from citynet.model import codes
from citynet.model.kinds import Kind
from citynet.model.problems import Problem, Result
from citynet.store.files import relative_prefixes, within
from citynet.store.cache import load_outcome, store_outcome
from citynet.store.registry import Registry, load


def validate(root: Path, paths: Sequence[str | Path] = (), use_cache: bool = True,
             select: Iterable[str] = (), ignore: Iterable[str] = ()) -> Result:
    """Every problem in the registry at `root`; with `paths`, only those in these files.

    References are still resolved against the whole registry. With `select`,
    only problems of these codes; with `ignore`, none of these (UnknownCode for
    a code not in the catalogue).
    """
    prefixes = relative_prefixes(root, paths)
    wanted = chosen_codes(select, ignore)
    # The key describes the files before they are read: a file edited during the run
    # makes the next run miss, never pairs a new file with an old result.
    key = result_key(root) if use_cache else None
    outcome = load_outcome(root, key) if key is not None else None
    if outcome is None:
        registry, problems = load(root, use_cache)
        problems.extend(run_checks(registry))
        problems = _placed(root, problems)
        counted = [
            (d.path, d.data is not None and registry.get(d.kind.folder, d.id) is not None)
            for d in registry.documents
        ]
        outcome = (problems, counted)
        if key is not None:
            store_outcome(root, key, outcome)
    problems, counted = outcome
    problems = [p for p in problems if p.code in (wanted or _by_default())]
    if prefixes:
        problems = [p for p in problems if within(p.path, prefixes)]
        counted = [c for c in counted if within(c[0], prefixes)]
    return Result(sorted(problems, key=Problem.sort_key), files=len(counted),
                  records=sum(1 for _, valid in counted if valid))


def check_candidate(root: Path, kind: Kind, record_id: str, text: str,
                    use_cache: bool = True) -> list[Problem]:
    """What validate would report on a record file not yet written, and only on it.

    `text` is read as if it were data/<kind>/<id>.yaml and laid among the
    registry's records, after every one of them: when it repeats a record
    already there, the candidate is the duplicate. Then every check runs on
    the whole registry.
    """
    import tempfile

    from citynet.model import build
    from citynet.store.files import Document, parse_file
    from citynet.store.registry import Entry

    path = f"data/{kind.folder}/{record_id}.yaml"
    registry, _ = load(root, use_cache)
    with tempfile.TemporaryDirectory() as folder:  # read the way a file is read
        staged = Path(folder) / "candidate.yaml"
        staged.write_text(text, encoding="utf-8")
        data, problems = parse_file(staged, path)
    registry.documents.append(Document(kind, path, record_id, data))
    registry.known[kind.folder].add(record_id)
    if data is not None:
        model, schema = build.build(kind, path, data)
        problems.extend(schema)
        if model is not None and record_id not in registry.entries[kind.folder]:
            registry.entries[kind.folder][record_id] = Entry(kind, record_id, path, data, model)
    problems.extend(p for p in run_checks(registry)
                    if p.path == path and p.code in _by_default())
    return sorted(_placed(root, problems, {path: text}), key=Problem.sort_key)


def chosen_codes(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> set[str] | None:
    """The codes to report (None: all but the opt-in ones), from `--select` and `--ignore`."""
    selected = {codes.get(name).name for name in select}
    ignored = {codes.get(name).name for name in ignore}
    if not selected and not ignored:
        return None
    return (selected or _by_default()) - ignored


def _by_default() -> set[str]:
    """Every code but the opt-in ones, which are reported only when selected by name."""
    return {name for name, code in codes.CODES.items() if not code.opt_in}


def run_checks(registry: Registry) -> Iterator[Problem]:
    """Every registered check in order, each finding stamped with its check's code."""
    for code, registered in CHECKS.items():
        for found in registered.function(registry):
            yield Problem(code, found.message, found.path, found.line, found.column,
                          found.severity, found.loc)


def result_key(root: Path) -> str:
    """The versions that decide the checks, the file set with every file's stamp, and the
    tree's problems."""
    from citynet.store.cache import outcome_key
    from citynet.store.files import discover, fingerprint

    files, tree_problems = discover(root)
    return outcome_key(fingerprint(files), [p.as_dict() for p in tree_problems])


def _placed(root: Path, problems: list[Problem],
            texts: Mapping[str, str] | None = None) -> list[Problem]:
    """Give a line and column to every problem that points into a readable record
    (`texts`: records not on disk, by path)."""
    from citynet.yaml.positions import positions

    pending: dict[str, list[int]] = defaultdict(list)
    for index, problem in enumerate(problems):
        if problem.line is None and (problem.loc or not codes.CODES[problem.code].file_level):
            pending[problem.path].append(index)
    for path, indexes in pending.items():
        try:
            text = (texts or {}).get(path)
            found = positions(text if text is not None
                              else (root / path).read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue
        for index in indexes:
            problem = problems[index]
            line, column = found.at(problem.loc, key=problem.key)
            problems[index] = replace(problem, line=line, column=column)
    return problems
