"""The validate engine: load, check, stamp, place every problem, select, sort.

The engine gives each check's findings their code and catalogued severity.
Positions are found last and only for files that have a problem without one:
one pass over the events of each such file (yaml.positions), so a clean
registry never pays for positions it does not print.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from citynet import limits
from citynet.lint.placing import Texts, by_default, placed, unplaced, work_tree_texts
from citynet.model import codes
from citynet.model.kinds import Kind
from citynet.model.problems import Problem, Result, Severity, capped_by_file
from citynet.store.tree import Tree, within

if TYPE_CHECKING:
    from citynet.store.outcomes import Outcome
    from citynet.store.registry import Registry


def __getattr__(name: str) -> Any:
    """CHECKS, every check registered (lint/catalogue.py), imported on first use: a warm
    validate that reuses its stored outcome runs no check and needs none of them."""
    if name == "CHECKS":
        return _checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _checks() -> dict[str, Any]:
    from citynet.lint.catalogue import CHECKS

    return CHECKS


def validate(root: Path, paths: Sequence[str | Path] = (), use_cache: bool = True,
             select: Iterable[str] = (), ignore: Iterable[str] = (),
             rev: str | None = None, limit: bool = True, extend: Iterable[str] = (),
             keep_as_head: bool = True) -> Result:
    """Every problem in the registry at `root` (as it was at git revision `rev`, if given);
    with `paths`, only those in these files.

    References are still resolved against the whole registry. With `select`,
    only problems of these codes; with `extend`, these too (the opt-in codes); with
    `ignore`, none of these (UnknownCode for a code not in the catalogue). With `limit`, at
    most `limits.PROBLEMS_PER_RUN` problems and then one naming the rest (`limited`);
    without, all of them (to be compared with a baseline, which limits what it lists).
    With `keep_as_head`, a work tree that git says holds exactly HEAD's data/ has its outcome
    kept as HEAD's too (CI's run on a commit, whose index a pull request then restores); a
    pull request's own check, against a baseline, has no use for it.
    """
    wanted = chosen_codes(select, ignore, extend) or _by_default()
    if rev is None:
        found = _outcome(root, use_cache, wanted, keep_as_head)
    else:
        found = _outcome_at(root, rev, use_cache, wanted)
    return _result(root, found, paths, wanted, limit)


def validate_against(root: Path, baseline: str, paths: Sequence[str | Path] = (),
                     use_cache: bool = True, select: Iterable[str] = (),
                     ignore: Iterable[str] = (), extend: Iterable[str] = (),
                     rev: str | None = None) -> Compared:
    """Every problem now (in the work tree, or at git revision `rev`) classed against those
    at git revision `baseline` (`compare`), whose outcome is worked out from the one now:
    kept in the index in `.citynet/` (not as HEAD's: a pull request has no use for it), or,
    with no index yet (a fresh clone), in memory, writing nothing. Without `use_cache`, both
    are checked whole (what tests hold a reused outcome to)."""
    from citynet.store import index, sealed

    wanted = chosen_codes(select, ignore, extend) or _by_default()
    if rev is None and use_cache and not (index.usable(root) and sealed.using(
            root, lambda db: True, read_only=True)):
        now, before = _outcomes_in_memory(root, baseline, wanted)
    else:
        now = (_outcome(root, use_cache, wanted, keep_as_head=False) if rev is None
               else _outcome_at(root, rev, use_cache, wanted))
        before = _outcome_at(root, baseline, use_cache, wanted)
    return compare(_result(root, now, paths, wanted, limit=False),
                   _result(root, before, paths, wanted, limit=False), baseline)


def _result(root: Path, found: tuple[Outcome, Texts], paths: Sequence[str | Path],
            wanted: set[str], limit: bool) -> Result:
    """An outcome's problems of the `wanted` codes (in `paths`), placed, sorted, limited."""
    (problems, counted), texts = found
    prefixes = [Tree(root).relative(path) for path in paths]
    problems = capped_by_file([p for p in problems if p.code in wanted])
    if prefixes:
        problems = [p for p in problems if within(p.path, prefixes, reaching=True)]
        counted = [c for c in counted if within(c[0], prefixes)]
    return Result(_listed(problems, texts, limits.PROBLEMS_PER_RUN if limit else None),
                  files=len(counted), records=sum(1 for _, valid in counted if valid))


def _listed(problems: list[Problem], texts: Texts, most: int | None) -> list[Problem]:
    """The problems placed and sorted; with `most`, only the first `most` are placed (opt-in
    codes are placed only when selected: the rest would be work for nothing), then one
    names the rest."""
    head, tail = problems, []
    if most is not None and len(problems) > most:
        problems.sort(key=_by_path)  # stable: each file's problems stay together
        end = most
        while end < len(problems) and problems[end].path == problems[most - 1].path:
            end += 1
        head, tail = problems[:end], problems[end:]
    if any(unplaced(p) for p in head):
        head = placed(head, texts)
    listed = sorted(head, key=Problem.sort_key) + sorted(tail, key=Problem.sort_key)
    return listed if most is None else limited(listed, most)


def _by_path(problem: Problem) -> str:
    return problem.path


def limited(problems: list[Problem], most: int = limits.PROBLEMS_PER_RUN) -> list[Problem]:
    """The first `most` problems, then one `too-many-problems` naming how many more there
    were; its severity is the worst of theirs, so a result is as `ok` as all of them."""
    if len(problems) <= most:
        return problems
    return [*problems[:most], _unlisted(problems[most:], most)]


def _unlisted(rest: list[Problem], most: int, worst: list[Problem] | None = None) -> Problem:
    """One problem naming `rest`, as bad as the worst of `worst` (of `rest` if not given)."""
    errors = sum(1 for p in rest if p.severity is Severity.ERROR)
    bad = any(p.severity is Severity.ERROR for p in worst) if worst is not None else errors
    return Problem(
        codes.TOO_MANY_PROBLEMS,
        f"{_count(len(rest), 'more problem')} from this file on are not listed "
        f"({_count(errors, 'error')}, {_count(len(rest) - errors, 'warning')}): a run lists "
        f"at most {most:,}; narrow it with --select, --ignore or paths", rest[0].path,
        severity=Severity.ERROR if bad else Severity.WARNING)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


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
    from citynet.store.registry import load

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

    def texts(paths: list[str]) -> dict[str, str]:
        return {**work_tree_texts(root)([p for p in paths if p != path]),
                **({path: text} if path in paths else {})}

    return sorted(placed(problems, texts), key=Problem.sort_key)


def _rechecking(texts: Texts) -> Any:
    """lint/recheck's recheck, imported only when a stored outcome is to be worked out: a
    warm validate that finds its outcome stored imports no check (nor the models they
    import)."""
    def again(state: Any, change: Any, finders: Any) -> Any:
        from citynet.lint.recheck import rechecking

        return rechecking(texts)(state, change, finders)

    return again


def _outcome(root: Path, use_cache: bool, wanted: set[str], keep_as_head: bool = True
             ) -> tuple[Outcome, Texts]:
    """The work tree's outcome: stored in the index if every file is as it was, else worked
    out from the stored one by checking again what changed, else checked (on the index's
    rows, only changed files read); and stored."""
    from citynet.store import outcomes

    opt_in = any(codes.CODES[code].opt_in for code in wanted)
    texts = work_tree_texts(root)
    found = outcomes.work_tree(root, opt_in, _rechecking(texts)) if use_cache else None
    if found is not None and found.outcome is not None:
        if found.worked_out and keep_as_head:
            outcomes.keep_for_head(root, found.key)
        return found.outcome, texts
    from citynet.store.registry import from_subset, load

    registry, problems = (from_subset(root, found.subset) if found is not None and
                          found.subset is not None else load(root, use_cache=False))
    # A stored outcome holds every code's problems, for a later `--select`; one not
    # stored needs only the wanted checks (one-sided-agreement finds one in most).
    outcome = _checked(registry, problems, texts, None if found is not None else wanted)
    if found is not None:
        outcomes.store(root, outcomes.WORK_TREE, found.key, outcome, found.files)
        if keep_as_head:
            outcomes.keep_for_head(root, found.key)
    return outcome, texts


def _outcome_at(root: Path, rev: str, use_cache: bool, wanted: set[str]
                ) -> tuple[Outcome, Texts]:
    """The outcome at a git revision, kept by the hash of its data/ tree, which never
    changes; when not kept, worked out from the work tree's if few files differ."""
    from citynet.store import git, outcomes
    from citynet.store.files import DATA_DIR
    from citynet.store.revision import listed_at, load_commit, texts_at

    commit = git.resolve(root, rev)
    tree = git.tree(root, commit, DATA_DIR) if use_cache else None
    opt_in = any(codes.CODES[code].opt_in for code in wanted)
    key, outcome = outcomes.at_revision(root, tree, opt_in) if tree else (None, None)

    def texts(paths: list[str]) -> dict[str, str]:
        return texts_at(root, commit, paths)

    if outcome is None and tree and key:
        outcome = outcomes.revision_from_work_tree(root, tree, key, listed_at(root, commit),
                                                   _rechecking(texts), opt_in)
    if outcome is None:
        registry, problems = load_commit(root, commit)
        outcome = _checked(registry, problems, texts)
        if tree and key:
            outcomes.store(root, tree, key, outcome, listed_at(root, commit).files)
    return outcome, texts


def _outcomes_in_memory(root: Path, baseline: str, wanted: set[str]
                        ) -> tuple[tuple[Outcome, Texts], tuple[Outcome, Texts]]:
    """The work tree's outcome, checked as a cold run checks it, and the baseline's worked
    out from it in memory when few files differ (else checked whole, read from git)."""
    from citynet.store import git, outcomes
    from citynet.store.registry import load
    from citynet.store.revision import listed_at, load_commit, texts_at
    from citynet.store.states import Read

    commit = git.resolve(root, baseline)  # an unknown revision is told before any work
    loaded: dict[str, Read] = {}
    registry, problems = load(root, use_cache=False, kept=loaded)
    texts = work_tree_texts(root)
    now = _checked(registry, problems, texts, wanted)

    def texts_then(paths: list[str]) -> dict[str, str]:
        return texts_at(root, commit, paths)

    before = outcomes.revision_from_loaded(now, loaded, listed_at(root, commit),
                                           _rechecking(texts_then))
    if before is None:
        registry, problems = load_commit(root, commit)
        before = _checked(registry, problems, texts_then, wanted)
    return (now, texts), (before, texts_then)


def _checked(registry: Registry, problems: list[Problem], texts: Texts,
             wanted: set[str] | None = None) -> Outcome:
    """The problems, placed except those of opt-in codes (one-sided-agreement finds one in
    most agreements: placing them costs a libyaml pass over each file, for nothing unless
    asked for), and each file with whether it holds a valid record."""
    problems.extend(run_checks(registry, wanted))
    problems = placed(problems, texts, by_default)
    counted = [(d.path, registry.counts(d)) for d in registry.documents]
    return problems, counted


@dataclass
class Compared:
    """The problems now, each classed against a baseline: new, existing, or fixed (gone).

    Each list holds what is listed: past `limits.PROBLEMS_PER_RUN` problems now (or fixed),
    one `too-many-problems` stands for the rest, in `new` if some of them are new, so `ok`
    is what every problem would give; `totals` counts them all.
    """

    result: Result
    new: list[Problem]
    existing: list[Problem]
    fixed: list[Problem]
    baseline: str
    totals: dict[str, int] = field(default_factory=dict)
    """How many problems are new, existing and fixed, listed or not."""

    def ok(self, strict: bool = False) -> bool:
        """No new errors; with `strict`, no new warnings either."""
        return not any(p.severity is Severity.ERROR or strict for p in self.new)

    def classed(self) -> list[tuple[str, Problem]]:
        """Every problem now with its class, in the result's order."""
        new = {id(p) for p in self.new}
        return [("new" if id(p) in new else "existing", p) for p in self.result.problems]


def identity(problem: Problem) -> tuple[Any, ...]:
    """What makes two problems the same one, wherever its line moved to."""
    return (problem.path, problem.code, tuple(problem.loc), problem.message)


def compare(now: Result, before: Result, baseline: str,
            most: int = limits.PROBLEMS_PER_RUN) -> Compared:
    """Class each problem of `now` against the problems of `before` (both whole: `validate`
    with `limit=False`); at most `most` of those now and of the fixed ones are listed."""
    remaining = Counter(identity(p) for p in before.problems)
    is_new = []
    for problem in now.problems:
        key = identity(problem)
        is_new.append(remaining[key] <= 0)
        if remaining[key] > 0:
            remaining[key] -= 1
    fixed = []
    for problem in before.problems:
        key = identity(problem)
        if remaining[key] > 0:
            remaining[key] -= 1
            fixed.append(problem)
    totals = {"new": sum(is_new), "existing": len(is_new) - sum(is_new), "fixed": len(fixed)}
    listed = now.problems[:most]
    new = [p for p, fresh in zip(listed, is_new[:most], strict=True) if fresh]
    existing = [p for p, fresh in zip(listed, is_new[:most], strict=True) if not fresh]
    if len(now.problems) > most:  # one stands for the rest: new if one of them is
        fresh = [p for p, is_fresh in zip(now.problems[most:], is_new[most:], strict=True)
                 if is_fresh]
        rest = _unlisted(now.problems[most:], most, fresh or None)
        (new if fresh else existing).append(rest)
        listed = [*listed, rest]
    return Compared(Result(listed, now.files, now.records), new, existing,
                    limited(fixed, most), baseline, totals)


def chosen_codes(select: Iterable[str] = (), ignore: Iterable[str] = (),
                 extend: Iterable[str] = ()) -> set[str] | None:
    """The codes to report (None: all but the opt-in ones), from `--select`, `--ignore` and
    `--extend-select` (codes reported besides the selected or default ones)."""
    selected = {codes.get(name).name for name in select}
    ignored = {codes.get(name).name for name in ignore}
    extended = {codes.get(name).name for name in extend}
    if not selected and not ignored and not extended:
        return None
    return ((selected or _by_default()) | extended) - ignored


def _by_default() -> set[str]:
    """Every code but the opt-in ones, which are reported only when selected by name."""
    return {name for name, code in codes.CODES.items() if not code.opt_in}


def run_checks(registry: Registry, wanted: set[str] | None = None) -> Iterator[Problem]:
    """Every registered check (of the `wanted` codes, if given) in order, each finding
    stamped with its check's code."""
    steady = cast("Registry", _Steady(registry))
    for code, registered in _checks().items():
        if wanted is not None and code not in wanted:
            continue
        for found in registered.function(steady):
            yield Problem(code, found.message, found.path, found.line, found.column,
                          found.severity, found.loc)


class _Steady:
    """The registry as the checks see it in one run, while nothing changes it: each kind's
    records are sorted once, not once a check (at 100k, a third of a second)."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._sorted: dict[str, list[Any]] = {}

    def of_kind(self, folder: str) -> list[Any]:
        found = self._sorted.get(folder)
        if found is None:
            found = self._sorted[folder] = self._registry.of_kind(folder)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._registry, name)
