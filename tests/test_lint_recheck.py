"""A reused outcome is the outcome a cold run gives: the same problems, word for word, after
each kind of change, whether the stored outcome is found by stamp (an edit on this machine),
by git's blob ids (a fresh clone with `.citynet/` restored, as CI's cache restores it) or as
a pull request's base (`--baseline`)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from citynet.lint.placing import work_tree_texts
from citynet.lint.recheck import rechecking
from citynet.model.codes import CODES
from citynet.store import listing, outcomes
from forging import INDEX, forge
from git_history import git

CITY = "names: {{en: {name}}}\ncountry: {country}\nlevel: city\n{more}sources: [{{title: t}}]\n"


def city(name: str, country: str = "KR", more: str = "") -> str:
    return CITY.format(name=name, country=country, more=more)


def agreement(a: str, b: str, kind: str = "sister", more: str = "") -> str:
    return f"kind: {kind}\nparties: [{a}, {b}]\nsigned: 1990\n{more}sources: [{{title: t}}]\n"


SUCCEEDS = "predecessors: [{{city: {city}, date: {date}, how: merged}}]\n"


def member(city_id: str) -> str:
    return f"member: {city_id}\norganisation: net\nsources: [{{title: t}}]\n"


RICH = {
    "data/cities/busan.yaml": city("Busan"),
    "data/cities/asia/busan.yaml": city("Busan again"),  # duplicate-id
    "data/cities/daegu.yaml": city("Daegu", more="aliases: [taegu]\n"),
    "data/cities/incheon.yaml": city("Incheon", more="aliases: [taegu]\n"),  # alias-conflict
    "data/cities/tokyo.yaml": city("Tokyo", "JP"),
    "data/cities/osaka.yaml": city("Osaka", "JP", "capital: true\n"),
    "data/cities/kyoto.yaml": city("Kyoto", "JP", "aliases: [osaka]\n"),  # an id as alias
    "data/cities/sapporo.yaml": city("Sapporo", "JP"),
    "data/cities/broken.yaml": "names: {en: Broken}\ncontry: KR\nlevel: city\n"
                               "sources: [{title: t}]\n",  # schema
    "data/agreements/seoul-busan-sister.yaml": agreement("seoul", "busan"),
    "data/agreements/busan-seoul-sister.yaml": agreement("busan", "seoul"),  # duplicate
    "data/agreements/tokyo-osaka-sister.yaml": agreement("tokyo", "osaka"),
    "data/agreements/seoul-atlantis-sister.yaml": agreement("seoul", "atlantis"),  # dangling
    "data/agreements/daegu-broken-friendship.yaml": agreement("daegu", "broken", "friendship"),
    "data/agreements/nowhere.yaml": "kind: sister\nparties: [seoul, nowhere]\nsigend: 1990\n"
                                    "sources: [{title: t}]\n",  # schema and dangling
    "data/agreements/tokyo-sapporo-sister.yaml": agreement(
        "tokyo", "sapporo", more="confirmed_by: [tokyo, sapporo]\n"),
    "data/organisations/net.yaml": "names: {en: Net}\nkind: network\nrules:\n"
                                   "  max_members_per_country: {limit: 1, capital_included: true}"
                                   "\nsources: [{title: t}]\n",
    "data/organisations/club.yaml": "names: {en: Club}\nkind: network\nsources: [{title: t}]\n",
    "data/memberships/seoul-net.yaml": member("seoul"),
    "data/memberships/busan-net.yaml": member("busan"),
    "data/memberships/tokyo-net.yaml": member("tokyo"),
    "data/memberships/sapporo-net.yaml": member("sapporo"),
    "data/cities/x.yml": city("Wrong extension"),
    "data/cities/sapporo-metro.yaml": city("Sapporo Metro", "JP", SUCCEEDS.format(
        city="sapporo", date=1980)),  # after-succession in tokyo-sapporo-sister only
    **{f"data/cities/filler/filler-{n:02}.yaml": city(f"Filler {n}", more=f"notes: n{n}\n")
       for n in range(70)},  # enough files that a fresh clone asks git for their blob ids
}


def _write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


def _move(root: Path, old: str, new: str) -> None:
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    (root / old).rename(root / new)


CHANGES: dict[str, Callable[[Path], None]] = {
    "edit": lambda root: _write(root, "data/cities/busan.yaml", city("Busan", "JP")),
    "edit-breaks-yaml": lambda root: _write(root, "data/cities/tokyo.yaml", "names: [\n"),
    "edit-fixes": lambda root: _write(root, "data/cities/broken.yaml", city("Broken")),
    "add": lambda root: _write(root, "data/cities/atlantis.yaml", city("Atlantis", "GR")),
    "add-earlier-duplicate": lambda root: _write(
        root, "data/agreements/osaka-tokyo-sister.yaml", agreement("osaka", "tokyo")),
    "add-membership": lambda root: _write(root, "data/memberships/incheon-net.yaml",
                                          member("incheon")),
    "delete": lambda root: (root / "data/cities/seoul.yaml").unlink(),
    "delete-first-of-pair": lambda root: (
        root / "data/agreements/busan-seoul-sister.yaml").unlink(),
    "delete-twin": lambda root: (root / "data/cities/asia/busan.yaml").unlink(),
    "rename": lambda root: _move(root, "data/cities/osaka.yaml", "data/cities/osaka-city.yaml"),
    "move-to-folder": lambda root: _move(root, "data/cities/busan.yaml",
                                         "data/cities/korea/busan.yaml"),
    "another-records-alias": lambda root: _write(root, "data/cities/daegu.yaml", city("Daegu")),
    "another-records-capital": lambda root: _write(root, "data/cities/osaka.yaml",
                                                   city("Osaka", "JP")),
    "another-records-parties": lambda root: _write(
        root, "data/agreements/tokyo-osaka-sister.yaml", agreement("seoul", "busan")),
    "another-records-succession": lambda root: _write(
        root, "data/cities/daegu.yaml", city("Daegu", more="aliases: [taegu]\n" + SUCCEEDS.format(
            city="busan", date=1950))),  # busan's two agreements now begin after it ceased
    "another-records-succession-later": lambda root: _write(
        root, "data/cities/sapporo-metro.yaml", city("Sapporo Metro", "JP", SUCCEEDS.format(
            city="sapporo", date=2000))),  # tokyo-sapporo-sister no longer does
    "tree": lambda root: _move(root, "data/cities/x.yml", "data/cities/x.yaml"),
}
EVERY = ",".join(CODES)
ASKED = (("-f", "json"), ("-f", "text"), ("--select", EVERY, "-f", "json"))
"""Each form of the outcome compared: every default code's problems as data and as text,
and every code's (opt-in ones too, stored apart)."""


def _same_as_cold(cli, root: Path, *baseline: str) -> None:
    for asked in ASKED:
        warm = cli("validate", *baseline, *asked, root=root)
        cold = cli("--no-cache", "validate", *baseline, *asked, root=root)
        assert warm.exit_code == cold.exit_code
        assert warm.stdout == cold.stdout


def _rowids(root: Path) -> dict[str, int]:
    with sqlite3.connect(root / INDEX) as connection:
        return dict(connection.execute("SELECT path, rowid FROM files"))


@pytest.mark.parametrize("name", CHANGES)
def test_an_outcome_worked_out_by_stamp_is_the_cold_one(cli, make_registry, name):
    root = make_registry(RICH)
    assert cli("validate", root=root).exit_code == 1
    CHANGES[name](root)
    seen = []

    def spy(state, change, finders):
        seen.append(change)
        return rechecking(work_tree_texts(root))(state, change, finders)

    found = outcomes.work_tree(root, True, spy)
    assert found is not None and found.outcome is not None and len(seen) == 1
    assert len(seen[0]) <= 2  # only what changed was rechecked from the stored outcome
    _same_as_cold(cli, root)


def _repository(root: Path) -> Path:
    (root / ".gitignore").write_text(".citynet/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "the registry")
    return root


def _clone(source: Path, target: Path, branch: str = "main") -> Path:
    git(source, "clone", "-q", "--no-local", "--branch", branch, str(source), str(target))
    return target


@pytest.fixture
def repo(make_registry) -> Path:
    return _repository(make_registry(RICH))


def test_a_fresh_clone_with_the_cache_restored_reads_no_file(cli, repo, tmp_path):
    assert cli("validate", root=repo).exit_code == 1
    clone = _clone(repo, tmp_path / "clone")
    shutil.copytree(repo / ".citynet", clone / ".citynet")  # as actions/cache restores it
    before = _rowids(clone)
    _same_as_cold(cli, clone)
    assert _rowids(clone) == before  # every row kept: found by git's blob id, none read again


@pytest.mark.parametrize("name", CHANGES)
def test_an_outcome_worked_out_by_blob_id_is_the_cold_one(cli, repo, tmp_path, name):
    assert cli("validate", root=repo).exit_code == 1
    clone = _clone(repo, tmp_path / "clone")
    shutil.copytree(repo / ".citynet", clone / ".citynet")
    before = _rowids(clone)
    CHANGES[name](clone)
    _same_as_cold(cli, clone)
    kept = {path for path, rowid in _rowids(clone).items() if before.get(path) == rowid}
    assert len(before) - len(kept) <= 2  # only the changed files were read


def _pull_request(repo: Path, name: str) -> None:
    git(repo, "checkout", "-q", "-b", "pull")
    CHANGES[name](repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", name)
    git(repo, "checkout", "-q", "main")


def _worked_out_by(monkeypatch, name: str) -> list[object]:
    """What `outcomes.<name>` (a way to work a revision's outcome out) gives, each call."""
    given: list[object] = []
    real = getattr(outcomes, name)

    def spy(*args, **kwargs):
        given.append(real(*args, **kwargs))
        return given[-1]

    monkeypatch.setattr(outcomes, name, spy)
    return given


STATES = ("restored", "indexed", "in-memory")
"""How a pull request's check finds its base's outcome: kept in the base's `.citynet/`
restored, worked out from the index's rows (`states.Rows`: the index a plain validate of the
clone built) or from the work tree as a cold run loads it, no index (`states.Loaded`)."""


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("name", CHANGES)
def test_a_baseline_worked_out_from_the_base_is_the_cold_one(cli, repo, tmp_path, monkeypatch,
                                                             name, state):
    assert cli("validate", root=repo).exit_code == 1  # the base's run, whose cache is saved
    _pull_request(repo, name)
    clone = _clone(repo, tmp_path / "clone", "pull")
    if state == "restored":
        shutil.copytree(repo / ".citynet", clone / ".citynet")
    elif state == "indexed":
        assert cli("validate", root=clone).exit_code == 1
    given = _worked_out_by(monkeypatch, "revision_from_loaded" if state == "in-memory"
                           else "revision_from_work_tree")
    _same_as_cold(cli, clone, "--baseline", "origin/main")
    _same_as_cold(cli, clone, "--baseline", "origin/main")  # the base's outcome kept, if any
    if state == "in-memory":
        assert len(given) == 2 * len(ASKED) and all(given)  # worked out, never checked whole
        assert not (clone / ".citynet").exists()  # and nothing written
    elif state == "indexed":
        assert given and given[0]  # worked out once, then found kept


def test_a_baseline_reads_from_git_only_the_files_that_differ(cli, repo, tmp_path):
    """The base's unchanged files are taken from the work tree's rows: a blob git would give
    otherwise (here replaced, as `git replace` can) is never read."""
    _pull_request(repo, "edit")
    clone = _clone(repo, tmp_path / "clone", "pull")
    blob = git(clone, "rev-parse", "origin/main:data/cities/tokyo.yaml").strip()
    other = subprocess.run(["git", "-C", str(clone), "hash-object", "-w", "--stdin"],
                           input=b"names: [\n", capture_output=True, check=True).stdout.decode()
    other = other.strip()
    git(clone, "replace", blob, other)
    assert cli("validate", root=clone).exit_code == 1
    run = cli("validate", "--baseline", "origin/main", "-f", "json", root=clone)
    assert "tokyo" not in {p["path"] for p in run.json()["fixed"] + run.json()["problems"]
                           if p["code"].startswith("yaml")}


def _stored_trees(root: Path) -> set[str]:
    with sqlite3.connect(root / INDEX) as connection:
        return {tree for (tree,) in connection.execute("SELECT tree FROM outcomes")}


def test_a_validate_on_a_clean_commit_keeps_its_outcome_as_the_commits(cli, repo):
    """CI's run on main saves `.citynet/`; a pull request on that commit then finds its
    baseline's outcome stored under the commit's data/ tree, and never one of a work tree
    that git does not say is exactly the commit's."""
    head = git(repo, "rev-parse", "HEAD:data").strip()
    _write(repo, "data/cities/extra.yaml", city("Extra"))  # untracked: not the commit's
    assert cli("validate", root=repo).exit_code == 1
    assert head not in _stored_trees(repo)
    (repo / "data/cities/extra.yaml").unlink()
    CHANGES["edit"](repo)  # changed, not staged
    assert cli("validate", root=repo).exit_code == 1
    assert head not in _stored_trees(repo)
    git(repo, "checkout", "--", "data")
    assert cli("validate", root=repo).exit_code == 1
    assert head in _stored_trees(repo)
    _same_as_cold(cli, repo, "--baseline", "HEAD")


# -- git's index vouching for files (store/listing.py, store/staged.py) ----------------------


@pytest.fixture
def vouched(repo, cli, monkeypatch) -> Path:
    """The repository validated twice with git asked whatever the registry's size: the first
    run has git vouch for every file by blob id, the second only asks which changed."""
    monkeypatch.setattr(listing, "GIT_FROM", 0)
    assert cli("validate", root=repo).exit_code == 1
    assert cli("validate", root=repo).exit_code == 1
    return repo


def _same_size_edit(root: Path, rel: str) -> None:
    """Change a file's bytes (its first key misspelled, or spelled right again), not its size
    nor its mtime."""
    path = root / rel
    was = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("names:", "namez:", 1) if text.startswith("names:")
                    else text.replace("namez:", "names:", 1), encoding="utf-8")
    os.utime(path, ns=(was.st_atime_ns, was.st_mtime_ns))


GIT_CHANGES: dict[str, Callable[[Path], None]] = {
    "edit-unstaged": lambda root: CHANGES["edit-breaks-yaml"](root),
    "edit-staged": lambda root: (CHANGES["edit-breaks-yaml"](root), git(root, "add", "-A")),
    "edit-committed": lambda root: (CHANGES["edit-breaks-yaml"](root),
                                    git(root, "commit", "-qam", "e")),
    "untracked-add": lambda root: CHANGES["add"](root),
    "ignored-add": lambda root: ((root / ".gitignore").write_text(".citynet/\natlantis*\n"),
                                 CHANGES["add"](root)),
    "delete": lambda root: (root / "data/cities/tokyo.yaml").unlink(),
    "delete-staged": lambda root: git(root, "rm", "-q", "data/cities/tokyo.yaml"),
    "rename": lambda root: CHANGES["rename"](root),
    "git-mv": lambda root: git(root, "mv", "data/cities/osaka.yaml",
                               "data/cities/osaka-city.yaml"),
    "same-size-same-mtime": lambda root: _same_size_edit(root, "data/cities/busan.yaml"),
    "assume-unchanged": lambda root: (
        git(root, "update-index", "--assume-unchanged", "data/cities/busan.yaml"),
        _same_size_edit(root, "data/cities/busan.yaml")),
    "skip-worktree": lambda root: (
        git(root, "update-index", "--skip-worktree", "data/cities/busan.yaml"),
        _same_size_edit(root, "data/cities/busan.yaml")),
    "config-trusts-stat": lambda root: (
        git(root, "config", "core.checkStat", "minimal"),
        git(root, "config", "core.trustctime", "false"),
        git(root, "config", "core.ignoreStat", "true"),
        _same_size_edit(root, "data/cities/busan.yaml")),
}


@pytest.mark.parametrize("name", GIT_CHANGES)
def test_an_outcome_git_vouched_for_is_the_cold_one(cli, vouched, name):
    before = cli("validate", "-f", "json", root=vouched).stdout
    GIT_CHANGES[name](vouched)
    assert cli("--no-cache", "validate", "-f", "json", root=vouched).stdout != before
    _same_as_cold(cli, vouched)
    _same_as_cold(cli, vouched)  # and once more, now that git vouched under the index


@pytest.mark.parametrize("setting", ["core.symlinks=false", "core.ignorecase=true",
                                     "core.filemode=false", "core.splitIndex=true",
                                     "index.skipHash=true", "index.version=4"])
@pytest.mark.parametrize("name", ["same-size-same-mtime", "to-a-link", "to-a-pipe",
                                  "case-rename"])
def test_the_repository_s_settings_leave_an_outcome_git_vouched_for_the_cold_one(
        cli, vouched, setting, name):
    """Settings a repository may hold change how git's index is kept and compared: whatever
    they are, what git vouches for is what a cold run reads."""
    git(vouched, "config", *setting.split("="))
    git(vouched, "update-index", "--really-refresh")  # the index written as they say
    assert cli("validate", root=vouched).exit_code == 1
    assert cli("validate", root=vouched).exit_code == 1
    path = vouched / "data/cities/busan.yaml"
    if name == "same-size-same-mtime":
        _same_size_edit(vouched, "data/cities/busan.yaml")
    elif name == "to-a-link":
        shutil.copy(path, vouched / "busan.copy")
        path.unlink()
        path.symlink_to("../../busan.copy")
    elif name == "to-a-pipe":
        path.unlink()
        os.mkfifo(path)
    else:
        path.rename(path.with_name("Busan.yaml"))
    _same_as_cold(cli, vouched)
    _same_as_cold(cli, vouched)


def test_a_registry_in_a_folder_of_a_repository_is_vouched_for_as_at_its_top(
        cli, make_registry, monkeypatch, tmp_path):
    """git answers with paths from the registry's folder, not the repository's top."""
    monkeypatch.setattr(listing, "GIT_FROM", 0)
    top = tmp_path / "monorepo"
    top.mkdir()
    shutil.move(str(make_registry(RICH)), str(top / "registry"))
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "all")
    root = top / "registry"
    assert cli("validate", root=root).exit_code == 1
    assert cli("validate", root=root).exit_code == 1
    _same_size_edit(root, "data/cities/busan.yaml")
    _same_as_cold(cli, root)
    git(top, "add", "-A")
    _same_size_edit(root, "data/cities/busan.yaml")  # in the index's own second
    _same_as_cold(cli, root)


def test_an_untracked_file_edited_later_is_found(cli, vouched):
    CHANGES["add"](vouched)
    before = cli("validate", "-f", "json", root=vouched).stdout
    _same_size_edit(vouched, "data/cities/atlantis.yaml")  # git knows nothing of it
    assert cli("--no-cache", "validate", "-f", "json", root=vouched).stdout != before
    _same_as_cold(cli, vouched)


def test_a_file_changed_in_the_index_s_own_second_is_found(cli, vouched):
    """git's racy case: the index written, then a file changed within the same second, its
    size and mtime kept: git compares its content."""
    _same_size_edit(vouched, "data/cities/daegu.yaml")
    git(vouched, "add", "-A")
    _same_size_edit(vouched, "data/cities/daegu.yaml")  # at once, and upper-cased again
    _same_as_cold(cli, vouched)


def test_a_warm_validate_in_git_stats_only_what_git_does_not_vouch_for(cli, vouched,
                                                                       monkeypatch):
    from citynet.store import stamp

    asked: list[str] = []
    files = stamp.files

    def spy(root: str, rels: list[str]):
        asked.extend(rels)
        return files(root, rels)

    monkeypatch.setattr(stamp, "files", spy)
    _same_as_cold(cli, vouched)
    assert asked == []  # every file vouched for: none stat'ed
    CHANGES["edit-breaks-yaml"](vouched)
    _same_as_cold(cli, vouched)
    assert set(asked) == {"data/cities/tokyo.yaml"}


def test_what_git_vouched_for_is_believed_only_under_its_own_index(cli, vouched):
    """What git vouched for, stored under another index (a restored `.citynet/`, a forged
    one) or for other files and blob ids than the listing's, is not believed: every file is
    asked about again."""
    CHANGES["add"](vouched)
    assert cli("validate", root=vouched).exit_code == 1  # atlantis: not vouched for
    forge(vouched / INDEX, "UPDATE citynet SET value = json_set(value, '$.index', '"
          + "0" * 40 + "', '$.kinds.cities[1]', json('[]')) WHERE name = 'git'")
    _same_size_edit(vouched, "data/cities/atlantis.yaml")
    _same_as_cold(cli, vouched)
    forge(vouched / INDEX, "UPDATE citynet SET value = json_set(value, '$.kinds.cities[0]', '"
          + "0" * 40 + "', '$.kinds.cities[1]', json('[]')) WHERE name = 'git'")
    _same_size_edit(vouched, "data/cities/atlantis.yaml")
    _same_as_cold(cli, vouched)


BASE_THEN_NOW: dict[str, tuple[Callable[[Path], None], Callable[[Path], None]]] = {
    "a-link-then-a-file": (
        lambda root: (root / "data/cities/linky.yaml").symlink_to("busan.yaml"),
        lambda root: ((root / "data/cities/linky.yaml").unlink(),
                      _write(root, "data/cities/linky.yaml", city("Linky")))),
    "a-file-then-a-link": (
        lambda root: _write(root, "data/cities/linky.yaml", city("Linky")),
        lambda root: ((root / "data/cities/linky.yaml").unlink(),
                      (root / "data/cities/linky.yaml").symlink_to("busan.yaml"))),
    "too-large-then-not": (
        lambda root: _write(root, "data/cities/linky.yaml",
                            city("Linky") + "#" * 1_100_000 + "\n"),
        lambda root: _write(root, "data/cities/linky.yaml", city("Linky"))),
    "nested-then-flat": (
        lambda root: _write(root, "data/cities/sub/linky.yaml", city("Linky")),
        lambda root: (shutil.rmtree(root / "data/cities/sub"),
                      _write(root, "data/cities/linky.yaml", city("Linky")))),
    "a-key-twice-then-once": (
        lambda root: _write(root, "data/cities/linky.yaml",
                            city("Linky") + "names: {en: Linky}\n"),
        lambda root: _write(root, "data/cities/linky.yaml", city("Linky"))),
    "a-record-then-a-key-twice": (
        lambda root: _write(root, "data/cities/linky.yaml", city("Linky")),
        lambda root: _write(root, "data/cities/linky.yaml",
                            city("Linky") + "names: {en: Linky}\n")),
}
"""A baseline commit with something odd in data/, and the commit after it."""


@pytest.mark.parametrize("name", BASE_THEN_NOW)
def test_a_baseline_worked_out_in_memory_with_odd_entries_is_the_cold_one(
        cli, repo, tmp_path, monkeypatch, name):
    then, now = BASE_THEN_NOW[name]
    for change, message in ((then, "base"), (now, "now")):
        change(repo)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", message)
    clone = _clone(repo, tmp_path / "clone")
    worked_out: list[bool] = []
    real = outcomes.revision_from_loaded
    monkeypatch.setattr(outcomes, "revision_from_loaded",
                        lambda *args: worked_out.append(True) or real(*args))
    for asked in ASKED:
        warm = cli("validate", "--baseline", "HEAD~1", *asked, root=clone)
        assert worked_out and not (clone / INDEX).exists()  # in memory, nothing written
        cold = cli("--no-cache", "validate", "--baseline", "HEAD~1", *asked, root=clone)
        assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)
        shutil.rmtree(clone / ".citynet", ignore_errors=True)


def test_a_forged_blob_id_is_not_believed_in_a_fresh_clone(cli, repo, tmp_path):
    """A restored `.citynet/` whose listing names, for a file, a blob id git's index does
    not hold: its row is read again."""
    assert cli("validate", root=repo).exit_code == 1
    clone = _clone(repo, tmp_path / "clone")
    shutil.copytree(repo / ".citynet", clone / ".citynet")
    forge(clone / INDEX, "UPDATE files SET data = replace(data, 'KR', 'JP') "
          "WHERE path = 'data/cities/busan.yaml'",
          "UPDATE listing SET blobs = zeroblob(length(blobs)) WHERE kind = 'cities'")
    _same_as_cold(cli, clone)


def test_a_registry_git_ignores_is_stamped_as_outside_git(cli, make_registry, monkeypatch):
    """data/ inside a repository that ignores it (benchmarks/.registries/): git vouches for
    no file, so later runs do not ask it, and every file is stamped as outside git."""
    monkeypatch.setattr(listing, "GIT_FROM", 0)
    root = make_registry(RICH)
    (root / ".gitignore").write_text(".citynet/\ndata/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "no data")
    for _ in range(3):
        assert cli("validate", root=root).exit_code == 1
    before = cli("validate", "-f", "json", root=root).stdout
    _same_size_edit(root, "data/cities/tokyo.yaml")
    assert cli("--no-cache", "validate", "-f", "json", root=root).stdout != before
    _same_as_cold(cli, root)
