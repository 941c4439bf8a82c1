"""`--rev REV` on validate, list, show, report and export: the registry as it was at a
revision, read from git objects, the work tree untouched."""

from __future__ import annotations

import subprocess

import pytest

from git_history import build_history, git


@pytest.fixture
def repo(make_registry):
    return build_history(make_registry())


def _ids(run):
    return [row["id"] for row in run.json()]


def test_list_answers_differently_at_each_revision(cli, repo):
    assert _ids(cli("list", "cities", "-f", "json", "--rev", "HEAD~3", root=repo)) == [
        "ottawa", "seoul", "taipei"]
    assert _ids(cli("list", "cities", "-f", "json", "--rev", "HEAD~1", root=repo)) == [
        "busan", "ottawa", "seoul", "taipei"]
    assert _ids(cli("list", "agreements", "-f", "json", "--rev", "HEAD~2", root=repo)) == [
        "seoul-busan-friendship", "seoul-ottawa-friendship", "seoul-taipei-sister"]
    assert _ids(cli("list", "agreements", "-f", "json", "--rev", "HEAD", root=repo)) == [
        "seoul-busan-friendship", "taipei-seoul-sister"]


def test_a_revision_named_by_its_message_is_the_commit_git_finds(cli, repo):
    # `:/text` is git's newest commit whose message matches: Busan came in at HEAD~1
    assert _ids(cli("list", "cities", "-f", "json", "--rev", ":/^Busan;", root=repo)) == [
        "busan", "ottawa", "seoul", "taipei"]
    assert _ids(cli("list", "cities", "-f", "json", "--rev", ":/first partners",
                    root=repo)) == ["ottawa", "seoul", "taipei"]
    run = cli("list", "cities", "--rev", ":/no commit says this", root=repo)
    assert run.exit_code == 2
    assert run.stderr == ("citynet: error: revision ':/no commit says this' is not in this "
                          "repository\n")


def test_list_filters_apply_at_a_revision(cli, repo):
    run = cli("list", "agreements", "--city", "ottawa", "-f", "json", "--rev", "HEAD~1", root=repo)
    assert _ids(run) == ["seoul-ottawa-friendship"]
    assert _ids(cli("list", "agreements", "--city", "ottawa", "-f", "json", root=repo)) == []


def test_show_gives_the_record_as_it_was(cli, repo):
    then = cli("show", "taipei", "-f", "json", "--rev", "HEAD~3", root=repo).json()
    now = cli("show", "taipei", "-f", "json", root=repo).json()
    assert then["record"]["names"]["en"] == "Taipei"
    assert now["record"]["names"]["en"] == "Taipei City"


def test_show_of_a_record_not_yet_made_is_misuse(cli, repo):
    run = cli("show", "busan", "--rev", "HEAD~2", root=repo)
    assert run.exit_code == 2 and run.stderr.startswith("citynet: error:")


def test_validate_at_each_revision(cli, repo):
    broken = cli("validate", "-f", "json", "--rev", "HEAD~2", root=repo)
    assert broken.exit_code == 1
    [problem] = broken.json()["problems"]
    assert (problem["code"], problem["path"], problem["line"]) == (
        "dangling-ref", "data/agreements/seoul-busan-friendship.yaml", 2)
    fixed = cli("validate", "-f", "json", "--rev", "HEAD~1", root=repo)
    assert fixed.exit_code == 0 and fixed.json()["summary"]["files"] == 7
    assert cli("validate", "-f", "json", root=repo).json()["summary"]["files"] == 6


def test_report_at_a_revision(cli, repo):
    def partners(*rev):
        data = cli("report", "partners", "seoul", "-f", "json", *rev, root=repo).json()
        return sorted(p["id"] for g in data["groups"] for k in data["kinds"] for p in g[k])

    assert partners("--rev", "HEAD~3") == ["ottawa", "taipei"]
    # At HEAD~2 an agreement names busan, whose city file is not there yet: left out, and said.
    assert partners("--rev", "HEAD~2") == ["ottawa", "taipei"]
    run = cli("report", "partners", "seoul", "--rev", "HEAD~2", root=repo)
    assert "seoul-busan-friendship" in run.stderr
    assert partners("--rev", "HEAD~1") == ["busan", "ottawa", "taipei"]
    assert partners() == ["busan", "taipei"]


def test_export_at_a_revision(cli, repo):
    then = cli("export", "-f", "json", "--output", "-", "--rev", "HEAD~3", root=repo).json()
    now = cli("export", "-f", "json", "--output", "-", root=repo).json()
    assert [a["id"] for a in then["agreements"]] == ["seoul-ottawa-friendship",
                                                     "seoul-taipei-sister"]
    assert [a["id"] for a in now["agreements"]] == ["seoul-busan-friendship",
                                                    "taipei-seoul-sister"]


def test_a_revision_is_read_without_touching_the_work_tree(cli, repo):
    (repo / "data/cities/seoul.yaml").write_text("names: {en: Soul}\ncountry: KR\nlevel: city\n"
                                                 "sources: [{title: t}]\n")
    before = git(repo, "status", "--porcelain")
    head = git(repo, "rev-parse", "HEAD")
    run = cli("show", "seoul", "-f", "json", "--rev", "HEAD~3", root=repo)
    assert run.json()["record"]["names"]["en"] == "Seoul"
    assert git(repo, "status", "--porcelain") == before
    assert git(repo, "rev-parse", "HEAD") == head
    assert "Soul" in (repo / "data/cities/seoul.yaml").read_text()


def test_a_revision_reads_as_the_work_tree_reads(repo):
    from citynet.store.registry import load
    from citynet.store.revision import load_at

    (repo / "data/cities/bad.yaml").write_text("names: [\n")
    (repo / "data/cities/old.yml").write_text("names: {en: Old}\n")
    (repo / "data/towns").mkdir()
    (repo / "data/towns/x.yaml").write_text("a: 1\n")
    (repo / "data/cities/seoul.yaml").write_text("names: {en: Seoul}\ncountry: KR\n"
                                                 "level: capitol\nsources: [{title: t}]\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "broken things")
    tree, tree_problems = load(repo, use_cache=False)
    past, past_problems = load_at(repo, "HEAD")
    assert past_problems == tree_problems and len(past_problems) >= 4
    assert past.documents == tree.documents
    assert {f: sorted(e) for f, e in past.entries.items()} == {
        f: sorted(e) for f, e in tree.entries.items()}


@pytest.mark.parametrize("command", [["list", "cities"], ["show", "seoul"], ["validate"],
                                     ["report", "partners", "seoul"],
                                     ["export", "-f", "json", "--output", "-"]])
def test_an_unknown_revision_is_one_line_and_misuse(cli, repo, command):
    run = cli(*command, "--rev", "no-such-branch", root=repo)
    assert run.exit_code == 2
    assert run.stderr == "citynet: error: revision 'no-such-branch' is not in this repository\n"


def test_a_revision_beyond_a_shallow_clone_says_so(cli, repo, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
                   check=True, capture_output=True)
    run = cli("list", "cities", "--rev", "HEAD~2", root=clone)
    assert run.exit_code == 2 and "shallow clone" in run.stderr
    assert run.stderr.count("\n") == 1


def test_rev_outside_git_is_misuse(cli, make_registry):
    run = cli("list", "cities", "--rev", "HEAD", root=make_registry())
    assert run.exit_code == 2 and run.stderr.count("\n") == 1


def test_a_large_revision_is_parsed_on_every_core_alike(make_registry):
    from citynet.store.files import PARALLEL_FROM
    from citynet.store.registry import load
    from citynet.store.revision import load_at

    city = "names: {en: C}\ncountry: KR\nlevel: city\nsources: [{title: t}]\n"
    files = {f"data/cities/c{i}.yaml": city for i in range(PARALLEL_FROM)}
    files["data/cities/bad.yaml"] = "names: [\n"
    files["data/cities/odd.yaml"] = city.replace("KR", "XX")
    root = make_registry(files)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "many cities")
    past, past_problems = load_at(root, "HEAD")
    tree, tree_problems = load(root, use_cache=False)
    assert len(past.documents) > PARALLEL_FROM
    assert past.documents == tree.documents and past_problems == tree_problems
