"""CI maintainers' everyday path (issue 25): a path that names no records is a misuse, and
`init` makes a registry ready for git, never inside another, linking only to what exists."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>]+)>|(https?://\S+)")


# -- a path that names no records --------------------------------------------------------------

@pytest.mark.parametrize("command", [["validate"], ["fmt", "--check"]])
@pytest.mark.parametrize("given,reason", [
    ("README.md", "README.md is a file outside the registry's data/, where every record lives"),
    ("docs", "docs is a folder outside the registry's data/"),
    ("templates", "templates is a folder outside the registry's data/"),
    (".git", ".git is a folder outside the registry's data/"),
    ("data/citis", "data/citis: no such file or folder; did you mean 'data/cities'?"),
    ("data/cities/seoul.yml", "no such file or folder; did you mean 'data/cities/seoul.yaml'?"),
    ("data/cities/notes.txt", "data/cities/notes.txt is not a record file"),
    ("data/.hidden.yaml", "data/.hidden.yaml is not a record file"),
])
def test_a_path_that_names_no_record_file_or_folder_is_a_misuse(cli, make_registry, command,
                                                               given, reason):
    root = make_registry({"README.md": "# a registry\n", "docs/index.md": "# docs\n",
                          "templates/x.md.j2": "x\n", ".git/HEAD": "ref: refs/heads/main\n",
                          "data/cities/notes.txt": "notes\n", "data/.hidden.yaml": "x: 1\n"})
    run = cli(*command, given, root=root)
    assert run.exit_code == 2 and run.stdout == ""
    assert reason in run.stderr and len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("given,status,summary", [
    (".", 1, "5 files checked: 1 error"), ("data", 1, "5 files checked: 1 error"),
    ("data/cities", 1, "3 files checked: 1 error"),
    ("data/agreements", 0, "2 files checked: no problems"),
    ("data/cities/seoul.yaml", 0, "1 file checked: no problems"),
    ("data/cities/x.yml", 1, "0 files checked: 1 error"),
])
def test_the_registry_and_what_its_data_holds_are_still_named(cli, make_registry, given,
                                                              status, summary):
    root = make_registry({"data/cities/x.yml": "names: {en: X}\n"})
    run = cli("validate", given, root=root)
    assert run.exit_code == status and summary in run.stdout


# -- init --------------------------------------------------------------------------------------

def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=True).stdout.strip()


def test_init_makes_a_git_repository_on_the_branch_its_workflow_runs_on(cli, tmp_path):
    run = cli("init", str(tmp_path / "reg"))
    assert run.exit_code == 0 and "in a new git repository" in run.stdout
    assert _git(tmp_path / "reg", "rev-parse", "--show-toplevel") == str(tmp_path / "reg")
    assert _git(tmp_path / "reg", "symbolic-ref", "HEAD") == "refs/heads/main"
    workflow = (tmp_path / "reg/.github/workflows/validate.yml").read_text()
    assert "branches: [main]" in workflow
    assert cli("validate", root=tmp_path / "reg").exit_code == 0


def test_init_inside_a_repository_makes_none_and_says_where_the_workflow_must_go(cli, tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    run = cli("init", str(tmp_path / "sub"))
    assert run.exit_code == 0 and "new git repository" not in run.stdout
    assert not (tmp_path / "sub/.git").exists()
    assert f"inside the git repository at {tmp_path}" in run.stderr
    assert "move .github/workflows/validate.yml there" in run.stderr


def test_init_without_git_says_how_to_make_the_repository(cli, tmp_path):
    run = cli("init", str(tmp_path / "reg"), env={"PATH": str(tmp_path / "no-bin")})
    assert run.exit_code == 0 and (tmp_path / "reg/data").is_dir()
    assert "no git repository was made (git is not installed)" in run.stderr
    assert "run `git init` in" in run.stderr


def test_init_beside_a_registry_is_not_inside_it(cli, make_registry, monkeypatch):
    root = make_registry()
    monkeypatch.chdir(root / "data")
    run = cli("init", "../../beside")
    assert run.exit_code == 0, run.stderr
    assert (root.parent / "beside" / "data").is_dir()


@pytest.mark.parametrize("where", ["sub", "templates/sub", "a/b"])
def test_init_refuses_a_registry_inside_another(cli, make_registry, where):
    root = make_registry()
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    run = cli("init", str(root / where))
    assert run.exit_code == 2 and f"is inside the registry at {root}" in run.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


def test_init_writes_only_links_that_exist(cli, tmp_path):
    assert cli("init", str(tmp_path / "reg")).exit_code == 0
    for path in (tmp_path / "reg").rglob("*.md"):  # the README (links elsewhere are examples)
        for match in MARKDOWN_LINK.finditer(path.read_text(encoding="utf-8")):
            target = next(group for group in match.groups() if group)
            assert not target.startswith(("http://", "https://")), (path, target)
            assert (path.parent / target.split("#")[0]).exists(), (path, target)
