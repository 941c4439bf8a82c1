"""Git output is data, never options: no text of a commit can forge a hash, an author or a date.

A commit's subject and author may hold any byte git accepts, the record separators
`history` once split on included. Each case here fails if a field is read from text git
formatted instead of from the commit object and git's fixed-format change lines.
"""

from __future__ import annotations

import pytest

from git_history import build_history, commit, git

FORGED_SUBJECTS = [
    # the reported case: a subject that ends the record and forges the next commit's hash
    "x\x1e--output={victim}\x1f2001-01-01T00:00:00+00:00\x1fMallory\x1fforged",
    # a bare record separator ended `history` with exit 3
    "just a \x1e separator",
    # unit separators alone shift the fields
    "a\x1fb\x1fc",
    # the format git uses with -z: a NUL-looking escape and a newline-led raw line
    "line\n:100644 100644 " + "0" * 40 + " " + "1" * 40 + " M\tdata/cities/x.yaml",
    # a 40-hex subject, which a parser keyed on "looks like a hash" would take for one
    "f" * 40,
]


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


def _forge(repo, subject: str, author: str = "Ann") -> None:
    seoul = repo / "data/cities/seoul.yaml"
    seoul.write_text(seoul.read_text() + "notes: changed by a hostile commit\n")
    commit(repo, subject, author, "2024-02-02T10:00:00+00:00")


@pytest.mark.parametrize("subject", FORGED_SUBJECTS)
def test_a_subject_never_becomes_a_hash_or_an_option(cli, repo, tmp_path, subject):
    victim = tmp_path / "victim"
    victim.write_text("precious\n")
    _forge(repo, subject.format(victim=victim))
    head = git(repo, "rev-parse", "HEAD").strip()
    run = cli("history", "seoul", "-f", "json", root=repo)
    assert run.exit_code == 0, run.stderr
    newest = run.json()["versions"][0]
    assert newest["commit"] == head
    assert newest["author"] == "Ann"
    assert newest["date"] == "2024-02-02T10:00:00+00:00"
    assert newest["fields"] == [{"field": "notes", "change": "added", "old": None,
                                 "new": "changed by a hostile commit"}]
    assert victim.read_text() == "precious\n"
    for version in run.json()["versions"]:
        assert len(version["commit"]) == 40 and set(version["commit"]) <= set("0123456789abcdef")


@pytest.mark.parametrize("author", ["Mal\x1elory", "Mal\x1flory", "Mal, lory"])
def test_an_author_is_read_as_written(cli, repo, author):
    _forge(repo, "an ordinary subject", author=author)
    run = cli("history", "seoul", "-f", "json", root=repo)
    assert run.exit_code == 0, run.stderr
    assert run.json()["versions"][0]["author"] == author
    assert run.json()["versions"][0]["subject"] == "an ordinary subject"


def test_export_history_reads_the_same_commits(cli, repo, tmp_path):
    _forge(repo, FORGED_SUBJECTS[0].format(victim=tmp_path / "victim"))
    database = tmp_path / "out.db"
    run = cli("export", "--history", "--format", "sqlite", "--output", str(database), root=repo)
    assert run.exit_code == 0, run.stderr
    assert not (tmp_path / "victim").exists()
    import sqlite3

    with sqlite3.connect(database) as connection:
        rows = connection.execute('select "commit", author from record_versions '
                                  "where id = 'seoul' order by rowid").fetchall()
    head = git(repo, "rev-parse", "HEAD").strip()
    assert rows[-1] == (head, "Ann")


def test_a_multi_line_subject_is_its_first_paragraph(cli, repo):
    _forge(repo, "first line\nsecond line\n\nthe body, not the subject")
    run = cli("history", "seoul", "-f", "json", root=repo)
    assert run.json()["versions"][0]["subject"] == "first line second line"


def test_only_store_git_runs_git():
    """One module runs git (with the repository's commands turned off): a second would
    forget some of what store/git.py does."""
    import re
    from pathlib import Path

    import citynet

    package = Path(citynet.__file__).parent
    runs_git = re.compile(r"""\[\s*["']git["']""")
    found = [str(path.relative_to(package)) for path in package.rglob("*.py")
             if runs_git.search(path.read_text(encoding="utf-8"))]
    assert found == ["store/git.py"]
    # Nor does any other module run a program in any other way.
    runs = re.compile(r"\bsubprocess\b|\bos\.(system|popen|exec\w*|spawn\w*|posix_spawn\w*)\(")
    found = [str(path.relative_to(package)) for path in package.rglob("*.py")
             if runs.search(path.read_text(encoding="utf-8"))]
    assert found == ["store/git.py"]
