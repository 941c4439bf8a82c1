"""history and explain in a shallow clone say the history is cut and how to fetch it; outside
git they say so in one line of citynet's own, never git's "fatal:"."""

from __future__ import annotations

import subprocess

import pytest

from git_history import build_history


@pytest.fixture
def shallow(make_registry, tmp_path):
    origin = build_history(make_registry())
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{origin}", str(clone)],
                   check=True, capture_output=True)
    return clone


def test_history_in_a_shallow_clone_warns_that_it_is_cut(cli, shallow):
    run = cli("history", "seoul", "-f", "json", root=shallow)
    assert run.exit_code == 0
    [version] = run.json()["versions"]
    assert version["change"] == "added"
    assert "history starts at commit" in run.stderr and "git fetch --unshallow" in run.stderr
    assert "fetch-depth: 0" in run.stderr


def test_history_of_a_whole_clone_does_not_warn(cli, make_registry):
    run = cli("history", "seoul", root=build_history(make_registry()))
    assert run.exit_code == 0 and run.stderr == ""


def test_explain_in_a_shallow_clone_warns(cli, shallow):
    run = cli("explain", "seoul", root=shallow)
    assert run.exit_code == 0
    assert "history is cut short" in run.stderr and "git fetch --unshallow" in run.stderr


def test_outside_git_history_is_one_line_of_citynets_own(cli, make_registry):
    run = cli("history", "seoul", root=make_registry())
    assert run.exit_code == 2
    assert "fatal" not in run.stderr
    assert run.stderr.strip().splitlines() == [
        "citynet: error: history reads the registry's git history, but the registry at "
        f"{make_registry()} is not in a git repository"]


def test_outside_git_explain_shows_the_sources_and_says_why_no_commit(cli, make_registry):
    run = cli("explain", "seoul", "-f", "json", root=make_registry())
    assert run.exit_code == 0
    assert run.json()["notice"].startswith("no commit is shown: the registry at ")
    assert "not in a git repository" in run.stderr and "fatal" not in run.stderr
