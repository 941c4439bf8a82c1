"""A run of validate lists at most limits.PROBLEMS_PER_RUN problems (issue 24): past it, one
`too-many-problems` names the rest, and the exit status is what every problem would give."""

from __future__ import annotations

import subprocess

import pytest

from citynet import limits
from citynet.lint.engine import compare, limited, validate
from citynet.model.problems import Problem, Result, Severity

MOST = limits.PROBLEMS_PER_RUN
BROKEN_TAIPEI = "names: {en: Taipei}\ncontry: TW\nlevel: city\nsources: [{title: A list}]\n"


def _stray(count: int) -> dict[str, str]:
    """`count` files at the top of data/, each an `unknown-folder` warning, sorted before
    every kind's folder (`data/a-…` < `data/agreements`)."""
    return {f"data/a-{n:05}.yaml": "x: 1\n" for n in range(count)}


def _problem(n: int, severity: Severity) -> Problem:
    return Problem("unknown-folder", "stray", f"data/a-{n:05}.yaml", severity=severity)


def test_limited_keeps_the_first_and_names_the_rest():
    warnings = [_problem(n, Severity.WARNING) for n in range(5)]
    assert limited(warnings, 5) == warnings
    shown = limited([*warnings, _problem(5, Severity.WARNING), _problem(6, Severity.ERROR)], 5)
    assert shown[:5] == warnings
    rest = shown[5]
    assert (rest.code, rest.path, rest.severity) == ("too-many-problems", "data/a-00005.yaml",
                                                     Severity.ERROR)
    assert rest.message.startswith("2 more problems from this file on are not listed "
                                   "(1 error, 1 warning): a run lists at most 5;")
    only_warnings = limited([*warnings, _problem(5, Severity.WARNING)], 5)[-1]
    assert only_warnings.severity is Severity.WARNING and "1 more problem " in only_warnings.message


def test_a_clean_registry_with_more_warnings_than_listed_still_passes(cli, make_registry):
    root = make_registry(_stray(MOST + 3))
    run = cli("validate", "-f", "json", root=root)
    problems = run.json()["problems"]
    assert run.exit_code == 0
    assert len(problems) == MOST + 1
    assert {p["code"] for p in problems[:-1]} == {"unknown-folder"}
    last = problems[-1]
    assert (last["code"], last["severity"], last["path"]) == (
        "too-many-problems", "warning", f"data/a-{MOST:05}.yaml")
    assert last["message"].startswith("3 more problems from this file on are not listed "
                                      "(0 errors, 3 warnings)")
    assert cli("validate", "--strict", root=root).exit_code == 1
    text = cli("validate", root=root).stdout.splitlines()
    assert len(text) == MOST + 2 and "[too-many-problems]" in text[-2]


def test_an_error_past_the_limit_still_fails_the_run(cli, make_registry):
    root = make_registry({**_stray(MOST), "data/cities/taipei.yaml": BROKEN_TAIPEI})
    run = cli("validate", "-f", "json", root=root)
    assert run.exit_code == 1
    problems = run.json()["problems"]
    assert {p["code"] for p in problems[:-1]} == {"unknown-folder"}
    assert (problems[-1]["code"], problems[-1]["severity"], problems[-1]["path"]) == (
        "too-many-problems", "error", "data/cities/taipei.yaml")
    github = cli("validate", "-f", "github", root=root).stdout.splitlines()
    assert github[-2].startswith("::error file=data/cities/taipei.yaml,title=citynet "
                                 "too-many-problems::2 more problems from this file on")
    narrowed = cli("validate", "--select", "schema", root=root).stdout.splitlines()
    assert [line.split(": ")[0] for line in narrowed[:-1]] == ["data/cities/taipei.yaml:1:1",
                                                             "data/cities/taipei.yaml:2:1"]


def test_the_library_lists_every_problem_when_asked(make_registry):
    root = make_registry({**_stray(MOST), "data/cities/taipei.yaml": BROKEN_TAIPEI})
    whole = validate(root, limit=False)
    assert len(whole.problems) == MOST + 2 and whole.problems[-1].code == "schema"
    assert validate(root).problems[:MOST] == whole.problems[:MOST]


def _git(root, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t", *args],
                   check=True, capture_output=True)


@pytest.fixture
def flooded(make_registry):
    """A commit whose registry has more warnings than a run lists."""
    root = make_registry(_stray(MOST + 2))
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "commit", "-qm", "flooded")
    return root


def test_against_a_baseline_every_problem_is_compared_and_the_listed_ones_limited(cli, flooded):
    run = cli("validate", "-f", "json", "--baseline", "HEAD", root=flooded)
    assert run.exit_code == 0
    document = run.json()
    assert (document["summary"]["new"], document["summary"]["existing"]) == (0, MOST + 2)
    assert len(document["problems"]) == MOST + 1
    assert document["problems"][-1]["class"] == "existing"
    (flooded / "data/cities/taipei.yaml").write_text(BROKEN_TAIPEI)  # new, and past the limit
    run = cli("validate", "-f", "json", "--baseline", "HEAD", root=flooded)
    assert run.exit_code == 1
    document = run.json()
    assert (document["summary"]["new"], document["summary"]["existing"]) == (2, MOST + 2)
    last = document["problems"][-1]
    assert (last["code"], last["class"], last["severity"]) == ("too-many-problems", "new",
                                                               "error")
    github = cli("validate", "-f", "github", "--baseline", "HEAD", root=flooded).stdout
    annotations = [line for line in github.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and "too-many-problems" in annotations[0]
    assert github.splitlines()[-1] == f"against HEAD: 2 new, {MOST + 2} existing, 0 fixed"


def test_compare_limits_the_fixed_ones_too():
    before = Result([_problem(n, Severity.ERROR) for n in range(4)])
    compared = compare(Result([]), before, "HEAD", most=2)
    assert compared.totals == {"new": 0, "existing": 0, "fixed": 4}
    assert [p.code for p in compared.fixed] == ["unknown-folder"] * 2 + ["too-many-problems"]
    assert compared.ok()
