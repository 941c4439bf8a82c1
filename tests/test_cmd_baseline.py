"""`validate --baseline REV`: each problem new, existing or fixed against a revision; only
new ones fail the run."""

from __future__ import annotations

import subprocess

import pytest

from citynet.store import outcomes
from git_history import SEOUL_BUSAN, build_history


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


DAEGU = "kind: sister\nparties: [seoul, daegu]\nsigned: 1990\nsources: [{title: t}]\n"


def _classes(run):
    document = run.json()
    return ([(p["class"], p["code"], p["path"]) for p in document["problems"]],
            [(p["class"], p["code"], p["path"]) for p in document["fixed"]])


def test_a_problem_the_baseline_had_and_now_gone_is_fixed(cli, repo):
    run = cli("validate", "-f", "json", "--baseline", "HEAD~2", root=repo)
    assert run.exit_code == 0
    assert _classes(run) == ([], [("fixed", "dangling-ref",
                                   "data/agreements/seoul-busan-friendship.yaml")])
    summary = run.json()["summary"]
    assert (summary["baseline"], summary["new"], summary["existing"], summary["fixed"]) == (
        "HEAD~2", 0, 0, 1)


def test_a_new_error_fails_and_an_existing_one_does_not(cli, repo):
    (repo / "data/cities/busan.yaml").unlink()  # the baseline's dangling reference again
    run = cli("validate", "-f", "json", "--baseline", "HEAD~2", root=repo)
    assert run.exit_code == 0
    assert _classes(run) == ([("existing", "dangling-ref",
                               "data/agreements/seoul-busan-friendship.yaml")], [])
    (repo / "data/agreements/seoul-daegu-sister.yaml").write_text(DAEGU)
    run = cli("validate", "-f", "json", "--baseline", "HEAD~2", root=repo)
    assert run.exit_code == 1
    assert ("new", "dangling-ref", "data/agreements/seoul-daegu-sister.yaml") in _classes(run)[0]
    assert run.json()["summary"]["new"] == 1


def test_rev_and_baseline_compare_two_revisions(cli, repo):
    run = cli("validate", "-f", "json", "--rev", "HEAD~2", "--baseline", "HEAD~3", root=repo)
    assert run.exit_code == 1
    assert _classes(run) == ([("new", "dangling-ref",
                               "data/agreements/seoul-busan-friendship.yaml")], [])
    same = cli("validate", "-f", "json", "--rev", "HEAD~2", "--baseline", "HEAD~2", root=repo)
    assert same.exit_code == 0
    assert _classes(same) == ([("existing", "dangling-ref",
                                "data/agreements/seoul-busan-friendship.yaml")], [])


def test_a_problem_that_only_moved_lines_is_the_same_problem(cli, repo):
    (repo / "data/cities/busan.yaml").unlink()
    (repo / "data/agreements/seoul-busan-friendship.yaml").write_text(
        "# a comment\n# and another\n" + SEOUL_BUSAN)
    run = cli("validate", "-f", "json", "--baseline", "HEAD~2", root=repo)
    [problem] = run.json()["problems"]
    assert (problem["class"], problem["line"]) == ("existing", 4)
    assert run.exit_code == 0


def test_strict_fails_on_new_warnings_only(cli, repo):
    (repo / "data/cities/oslo.yaml").write_text("names: {en: Oslo}\ncountry: NO\nlevel: city\n")
    assert cli("validate", "--baseline", "HEAD", root=repo).exit_code == 0
    run = cli("validate", "--strict", "--baseline", "HEAD", root=repo)
    assert run.exit_code == 1 and "[missing-source]" in run.stdout and "(new)" in run.stdout


def test_github_annotations_are_for_new_problems_only(cli, repo):
    (repo / "data/cities/busan.yaml").unlink()
    (repo / "data/agreements/seoul-daegu-sister.yaml").write_text(DAEGU)
    run = cli("validate", "-f", "github", "--baseline", "HEAD~2", root=repo)
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1 and "seoul-daegu-sister.yaml" in annotations[0]
    assert run.stdout.splitlines()[-1] == "against HEAD~2: 1 new, 1 existing, 0 fixed"


def test_text_marks_each_problem_and_lists_the_fixed(cli, repo):
    (repo / "data/agreements/seoul-daegu-sister.yaml").write_text(DAEGU)
    run = cli("validate", "-f", "text", "--baseline", "HEAD~2", root=repo)
    lines = run.stdout.splitlines()
    assert lines[1].startswith(
        "data/agreements/seoul-busan-friendship.yaml:2:18: fixed: error [dangling-ref]")
    assert lines[0].endswith("(new)") and "seoul-daegu-sister" in lines[0]
    assert lines[-1] == "against HEAD~2: 1 new, 0 existing, 1 fixed"


def _tree(repo, rev: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "rev-parse", f"{rev}:data"], check=True,
                          capture_output=True, text=True).stdout.strip()


def test_the_baseline_outcome_is_kept_by_its_tree(cli, repo):
    cli("validate", root=repo)  # with no index, --baseline works it out in memory, keeps none
    first = cli("validate", "-f", "json", "--baseline", "HEAD~2", root=repo)
    assert sorted(p.name for p in (repo / ".citynet").iterdir()) == ["index.sqlite"]
    key, stored = outcomes.at_revision(repo, _tree(repo, "HEAD~2"), opt_in=False)
    assert stored is not None
    assert [p.code for p in stored[0]] == ["dangling-ref"]  # opt-in codes kept apart
    again = cli("validate", "-f", "json", "--baseline", "HEAD~2", root=repo)
    assert again.stdout == first.stdout and again.json()["summary"]["fixed"] == 1
    assert outcomes.at_revision(repo, _tree(repo, "HEAD~2"), opt_in=False) == (key, stored)


def test_the_last_revisions_outcomes_are_kept(cli, repo):
    for rev in ("HEAD~3", "HEAD~2", "HEAD~1", "HEAD"):
        cli("validate", "--rev", rev, root=repo)
    kept = [outcomes.at_revision(repo, _tree(repo, rev))[1] is not None
            for rev in ("HEAD~3", "HEAD~2", "HEAD~1", "HEAD")]
    assert kept == [False, True, True, True]  # outcomes.REVISIONS_KEPT


def test_an_unknown_baseline_is_misuse(cli, repo):
    run = cli("validate", "--baseline", "origin/main", root=repo)
    assert run.exit_code == 2
    assert run.stderr == "citynet: error: revision 'origin/main' is not in this repository\n"
