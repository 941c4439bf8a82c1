"""`export --format sqlite --history`: a record_versions table built from git history."""

from __future__ import annotations

import json
import sqlite3

import pytest

from git_history import build_history


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


def _rows(db, sql):
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_each_commit_s_change_to_each_record(cli, repo, tmp_path):
    db = tmp_path / "out.db"
    run = cli("export", "-f", "sqlite", "--output", str(db), "--history", root=repo)
    assert run.exit_code == 0 and "11 record_versions" in run.stdout
    rows = _rows(db, 'SELECT kind, id, substr(committed_at, 1, 10), author, change '
                     'FROM record_versions WHERE id LIKE "%taipei%" ORDER BY rowid')
    assert rows == [
        ("agreement", "seoul-taipei-sister", "2020-01-05", "Ann", "added"),
        ("city", "taipei", "2020-01-05", "Ann", "added"),
        ("city", "taipei", "2021-06-10", "Bo", "changed"),
        ("agreement", "seoul-taipei-sister", "2022-03-15", "Cy", "removed"),
        ("agreement", "taipei-seoul-sister", "2022-03-15", "Cy", "added")]
    [(record,)] = _rows(db, "SELECT record FROM record_versions WHERE id = 'taipei' "
                            "AND change = 'changed'")
    assert json.loads(record)["names"]["en"] == "Taipei City"
    assert _rows(db, "SELECT record FROM record_versions WHERE change = 'removed'") == [
        (None,), (None,)]


def test_analysts_ask_when_each_agreement_first_appeared(cli, repo, tmp_path):
    db = tmp_path / "out.db"
    cli("export", "-f", "sqlite", "--output", str(db), "--history", root=repo)
    first = dict(_rows(db, "SELECT id, substr(MIN(committed_at), 1, 4) FROM record_versions "
                           "WHERE kind = 'agreement' GROUP BY id"))
    assert first == {"seoul-busan-friendship": "2021", "seoul-ottawa-friendship": "2020",
                     "seoul-taipei-sister": "2020", "taipei-seoul-sister": "2022"}


def test_history_up_to_a_revision(cli, repo, tmp_path):
    db = tmp_path / "old.db"
    run = cli("export", "-f", "sqlite", "--output", str(db), "--history", "--rev", "HEAD~2",
              root=repo)
    assert _rows(db, "SELECT COUNT(*) FROM record_versions") == [(7,)]
    # At that revision busan is missing: the agreement naming it is left out, and said so.
    assert _rows(db, "SELECT id FROM agreements ORDER BY id") == [
        ("seoul-ottawa-friendship",), ("seoul-taipei-sister",)]
    assert "seoul-busan-friendship" in run.stderr and "busan" in run.stderr


def test_without_history_there_is_no_table(cli, repo, tmp_path):
    db = tmp_path / "out.db"
    cli("export", "-f", "sqlite", "--output", str(db), root=repo)
    assert _rows(db, "SELECT name FROM sqlite_master WHERE name = 'record_versions'") == []


def test_history_takes_a_format_of_tables_only(cli, repo, tmp_path):
    run = cli("export", "-f", "json", "--output", str(tmp_path / "x.json"), "--history",
              root=repo)
    assert run.exit_code == 2
    assert run.stderr == ("citynet: error: --history takes a format of tables (csv, sqlite, "
                          "datapackage), not json\n")
    run = cli("export", "-f", "csv", "--output", str(tmp_path / "csv"), "--history", root=repo)
    assert run.exit_code == 0, run.stderr
    header, *rows = (tmp_path / "csv" / "record_versions.csv").read_text().splitlines()
    assert header == "kind,id,commit,committed_at,author,change,record" and rows
