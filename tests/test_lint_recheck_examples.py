"""Every check's examples, changed one file at a time: the outcome worked out from the stored
one by rechecking what changed is the cold run's, problem for problem, word for word.

Each code's examples (tests/examples/, laid over conftest's BASE as test_lint_codes lays them)
are the smallest registries its check finds something in, or nothing. Taking one file away
and putting it back is a change a check sees in that file, or only in another record (the
successor city whose agreement now begins after its predecessor ceased): a check whose
declared reads (`lint.checks.Reads`) miss what it reads keeps a stale finding, or misses a
new one, here. Each change is worked out over both states a recheck asks (store/states.py):
the index's rows, and the work tree as loaded (`validate --baseline` with no index, where
the commit before the change is worked out from the work tree after it, and after it from
before). A new code needs examples (test_lint_codes), so its check is held to this too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citynet.lint.engine import validate, validate_against
from citynet.lint.placing import work_tree_texts
from citynet.lint.recheck import rechecking
from citynet.model.codes import CODES
from citynet.store import outcomes
from git_history import git
from test_lint_codes import EXAMPLES, lay_out_example

CODES_WITH_EXAMPLES = sorted(path.name for path in EXAMPLES.iterdir()
                             if path.is_dir() and path.name in CODES)
EVERY = list(CODES)


def _problems(root: Path, use_cache: bool) -> list[list[dict]]:
    """Every problem as validate reports it, of the default codes and of every code."""
    return [[problem.as_dict() for problem in validate(root, use_cache=use_cache,
                                                       select=select).problems]
            for select in ((), EVERY)]


def _worked_out(root: Path) -> None:
    """Work the outcome out from the stored one, and make sure it was (not checked whole;
    a file that is no record, such as one in an unknown folder, changes no record file and
    the stored outcome, keyed by the walk, is the one found)."""
    found = outcomes.work_tree(root, True, rechecking(work_tree_texts(root)))
    assert found is not None and found.outcome is not None


def _record_files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in (root / "data").rglob("*.yaml")}


STATES = ("rows", "in-memory")
"""What the recheck asks: the index's rows (`states.Rows`: the work tree's outcome worked out
from the one stored before the change), or the work tree as a cold run loads it
(`states.Loaded`: with no index, `--baseline HEAD`'s outcome worked out from the work tree's,
the change undone)."""


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("verdict", ["pass", "fail"])
@pytest.mark.parametrize("code", CODES_WITH_EXAMPLES)
def test_each_file_of_an_example_taken_away_and_back_is_rechecked_as_a_cold_run(
        make_registry, tmp_path, monkeypatch, code, verdict, state):
    root = make_registry()
    before = _record_files(root)
    lay_out_example(root, code, verdict)
    example = sorted(_record_files(root) - before)
    if state == "in-memory":
        _each_against_the_commit(root, tmp_path / "aside.yaml", example, monkeypatch)
        return
    cold = _problems(root, use_cache=False)
    for rel in example:
        assert _problems(root, use_cache=True) == cold  # the stored outcome, before the change
        aside = tmp_path / "aside.yaml"
        shutil.move(root / rel, aside)
        _worked_out(root)
        assert _problems(root, use_cache=True) == _problems(root, use_cache=False), rel
        shutil.move(aside, root / rel)
        _worked_out(root)
        assert _problems(root, use_cache=True) == cold, rel


def _each_against_the_commit(root: Path, aside: Path, example: list[str], monkeypatch) -> None:
    """Each file taken away from the work tree, then put back, each state committed in
    turn: the commit's outcome worked out in memory from the work tree's (no index) is the
    cold run's at the commit, classed against the work tree as a cold run classes it."""
    worked_out: list[object] = []
    real = outcomes.revision_from_loaded

    def spy(*args, **kwargs):
        worked_out.append(real(*args, **kwargs))
        return worked_out[-1]

    monkeypatch.setattr(outcomes, "revision_from_loaded", spy)
    git(root, "init", "-q", "-b", "main")
    for rel in example:
        for move in ((root / rel, aside), (aside, root / rel)):  # away, then back
            git(root, "add", "-A")
            git(root, "commit", "-qm", "before", "--allow-empty")
            shutil.move(*move)
            assert _compared(root, True) == _compared(root, False), rel
            assert worked_out and all(worked_out)  # worked out, never checked whole
            assert not (root / ".citynet").exists()
            worked_out.clear()


def _compared(root: Path, use_cache: bool) -> list[object]:
    """Every problem of the work tree classed against HEAD's, and those fixed, as validate
    --baseline HEAD reports them, of the default codes and of every code."""
    found: list[object] = []
    for select in ((), EVERY):
        compared = validate_against(root, "HEAD", use_cache=use_cache, select=select)
        found += [[p.as_dict() for p in compared.new], [p.as_dict() for p in compared.existing],
                  [p.as_dict() for p in compared.fixed], compared.totals,
                  compared.result.files, compared.result.records]
    return found
