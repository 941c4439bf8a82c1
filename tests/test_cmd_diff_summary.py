"""`citynet diff BASE --format markdown --with-problems`: one pull-request summary of the
records changed and the problems brought and fixed, every value escaped."""

from __future__ import annotations

import pytest
import yaml

from git_history import build_history


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


HOSTILE = ("kind: sister\nparties: [seoul, '<img src=x>|daegu']\nsigned: 1990\n"
           "sources: [{title: '**bold** [x](https://evil.example)'}]\n")


def test_the_summary_lists_changes_and_new_and_fixed_problems(cli, repo):
    (repo / "data/agreements/seoul-daegu-sister.yaml").write_text(HOSTILE)
    run = cli("diff", "HEAD~2", "--format", "markdown", "--with-problems", root=repo)
    assert run.exit_code == 0
    text = run.stdout
    assert text.startswith("## Registry changes\n\n2 added, 1 removed, 1 renamed, 0 changed\n")
    assert "- **renamed** agreement taipei-seoul-sister (was seoul-taipei-sister)" in text
    assert "  - signed: 1968 → 1969" in text
    problems = text.split("## Problems\n\n", 1)[1].splitlines()
    assert problems[0] == "1 new problem(s), 1 fixed, 0 existing"
    assert problems[2].startswith("- **new** error schema in data/agreements/seoul-daegu-sister")
    assert problems[3].startswith("- **fixed** error dangling-ref in "
                                  "data/agreements/seoul-busan-friendship")
    assert "<img" not in text.replace("\\<img", "") and "\\<img src=x\\>\\|daegu" in text


def test_json_carries_the_problems(cli, repo):
    document = cli("diff", "HEAD~3", "HEAD~2", "--format", "json", "--with-problems",
                   root=repo).json()
    assert [(p["code"], p["path"]) for p in document["problems"]["new"]] == [
        ("dangling-ref", "data/agreements/seoul-busan-friendship.yaml")]
    assert document["problems"]["fixed"] == []


def test_without_the_option_there_are_no_problems(cli, repo):
    run = cli("diff", "HEAD~2", "--format", "markdown", root=repo)
    assert "## Problems" not in run.stdout
    assert "problems" not in cli("diff", "HEAD~2", "--format", "json", root=repo).json()


def test_the_init_workflow_judges_a_pull_request_by_what_it_brings(tmp_path, cli):
    cli("init", str(tmp_path / "reg"))
    workflow = yaml.safe_load((tmp_path / "reg/.github/workflows/validate.yml").read_text())
    steps = {s.get("name"): s.get("run", "") for s in workflow["jobs"]["citynet"]["steps"]}
    assert 'citynet validate --baseline "origin/$BASE"' in steps["Validate"]
    assert steps["What changed"].strip() == (
        'citynet diff "origin/$BASE" --format markdown --with-problems >> "$GITHUB_STEP_SUMMARY"')
    assert workflow["jobs"]["citynet"]["env"]["BASE"] == "${{ github.base_ref }}"
