"""`citynet history ID`: the commits that changed a record, newest first, renames followed."""

from __future__ import annotations

import pytest

from git_history import build_history, commit


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


def _story(run):
    return [(v["date"][:10], v["author"], v["change"], v["id"],
             [(f["field"], f["old"], f["new"]) for f in v["fields"]])
            for v in run.json()["versions"]]


def test_each_commit_newest_first_with_its_field_changes(cli, repo):
    run = cli("history", "taipei", "-f", "json", root=repo)
    assert run.exit_code == 0
    assert _story(run) == [
        ("2021-06-10", "Bo", "changed", "taipei", [("names.en", "Taipei", "Taipei City")]),
        ("2020-01-05", "Ann", "added", "taipei", [])]
    assert run.json()["versions"][0]["subject"] == "Taipei's full name; Busan friendship"


def test_text_prints_the_lines_diff_prints(cli, repo):
    lines = cli("history", "taipei", root=repo).stdout.splitlines()
    assert lines[0].startswith("2021-06-10  ") and lines[0].endswith(
        "  Bo  Taipei's full name; Busan friendship")
    assert lines[1] == "    changed city taipei  data/cities/taipei.yaml"
    assert lines[2] == '    names.en: "Taipei" -> "Taipei City"'
    assert lines[-1] == "2 commit(s)"


def test_a_renamed_file_is_followed(cli, repo):
    assert _story(cli("history", "taipei-seoul-sister", "-f", "json", root=repo)) == [
        ("2022-03-15", "Cy", "renamed", "taipei-seoul-sister", [("signed", 1968, 1969)]),
        ("2020-01-05", "Ann", "added", "seoul-taipei-sister", [])]


def test_a_rename_git_does_not_see_is_paired_by_fields(cli, repo):
    old = repo / "data/cities/ottawa.yaml"
    old.write_text("# " + "a long comment that makes up most of the file. " * 8 + "\n"
                   + old.read_text())
    commit(repo, "Ottawa annotated", "Bo", "2023-10-01T10:00:00+00:00")
    old.unlink()
    (repo / "data/cities/ottawa-on.yaml").write_text(
        "{names: {en: Ottawa}, country: CA, level: city, capital: true,"
        " sources: [{title: Diplomatie de la ville}]}\n")
    commit(repo, "Ottawa's id names its province", "Cy", "2024-01-01T10:00:00+00:00")
    story = _story(cli("history", "ottawa-on", "-f", "json", root=repo))
    assert [(date, change, rid) for date, _, change, rid, _ in story] == [
        ("2024-01-01", "renamed", "ottawa-on"), ("2023-10-01", "changed", "ottawa"),
        ("2020-01-05", "added", "ottawa")]


def test_a_removed_record_has_a_history(cli, repo):
    story = _story(cli("history", "seoul-ottawa-friendship", "-f", "json", root=repo))
    assert [(date, change) for date, _, change, _, _ in story] == [
        ("2023-09-01", "removed"), ("2020-01-05", "added")]


def test_since_and_until_cut_the_list(cli, repo):
    assert [v[0] for v in _story(cli("history", "taipei", "-f", "json", "--since", "2021",
                                     root=repo))] == ["2021-06-10"]
    assert [v[0] for v in _story(cli("history", "taipei", "-f", "json", "--until", "2020-12",
                                     root=repo))] == ["2020-01-05"]
    assert _story(cli("history", "taipei", "-f", "json", "--since", "2022", root=repo)) == []


def test_markdown_escapes_every_value(cli, repo):
    (repo / "data/cities/taipei.yaml").write_text(
        "names: {en: '<b>Taipei</b> | *x*'}\ncountry: TW\nlevel: city\nsources: [{title: t}]\n")
    commit(repo, "a *bold* subject | pipe", "Ann", "2024-02-02T10:00:00+00:00")
    text = cli("history", "taipei", "-f", "markdown", root=repo).stdout
    assert "<b>" not in text and "\\<b\\>" in text
    assert "a \\*bold\\* subject \\| pipe" in text


def test_an_unknown_id_is_misuse(cli, repo):
    run = cli("history", "atlantis", root=repo)
    assert run.exit_code == 2
    assert run.stderr == "citynet: error: no record 'atlantis' in the registry's history\n"


def test_an_id_of_two_kinds_needs_kind(cli, repo):
    (repo / "data/organisations").mkdir(exist_ok=True)
    (repo / "data/organisations/taipei.yaml").write_text("names: {en: T}\n")
    commit(repo, "an organisation called taipei", "Ann", "2024-03-03T10:00:00+00:00")
    run = cli("history", "taipei", root=repo)
    assert run.exit_code == 2 and "--kind" in run.stderr
    assert len(cli("history", "taipei", "--kind", "organisation", "-f", "json",
                   root=repo).json()["versions"]) == 1


def test_a_bad_date_is_misuse(cli, repo):
    run = cli("history", "taipei", "--since", "last tuesday", root=repo)
    assert run.exit_code == 2 and run.stderr.startswith("citynet: error: --since")
