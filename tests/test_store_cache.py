"""The cache in .citynet/ is one SQLite database of inert data, never trusted from the checkout,
never believed when it is not as citynet sealed it or disagrees with the files."""

from __future__ import annotations

import marshal
import os
import pickle
import shutil
import subprocess
from pathlib import Path

import pytest

from citynet.store import cache, outcomes
from forging import INDEX, edit

BROKEN_TAIPEI = """\
names: {en: Taipei}
contry: TW
level: city
sources: [{title: Diplomatie de la ville}]
"""


class Payload:
    """Unpickling this would create the file named by `marker`."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def _validate_codes(cli, root: Path) -> tuple[int, set[str], str]:
    run = cli("validate", "-f", "json", root=root)
    return run.exit_code, {p["code"] for p in run.json()["problems"]}, run.stderr


def test_the_cache_is_one_sqlite_database_and_nothing_else(cli, make_registry, tmp_path):
    root = make_registry()
    for command in (["validate"], ["list", "cities"], ["show", "seoul"],
                    ["report", "partners", "seoul"],
                    ["export", "--format", "sqlite", "--output", str(tmp_path / "out.sqlite")],
                    ["validate", "--select", "one-sided-agreement"]):
        assert cli(*command, root=root).exit_code == 0, command
    assert sorted(p.name for p in (root / ".citynet").iterdir()) == ["index.sqlite"]
    head = (root / INDEX).read_bytes()[:100]
    assert head.startswith(b"SQLite format 3\0") and head[68:72] == b"city"


def test_the_json_caches_of_earlier_citynets_go(cli, make_registry):
    root = make_registry()
    folder = root / ".citynet"
    folder.mkdir()
    old = ["index.json", "validated.json", "revision.json", "parsed-cities.json",
           ".validated.json.abc123.tmp"]
    for name in [*old, ".gitignore", "notes.txt"]:
        (folder / name).write_text("{}")
    assert cli("validate", root=root).exit_code == 0
    assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "index.sqlite",
                                                        "notes.txt"]


def test_a_crafted_pickle_or_marshal_cache_runs_nothing(cli, make_registry, tmp_path):
    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    marker = tmp_path / "pwned"
    folder = root / ".citynet"
    folder.mkdir()
    payload = pickle.dumps({"key": None, "outcome": Payload(marker)})
    code = marshal.dumps(compile(f"open({str(marker)!r}, 'w')", "x", "exec"))
    for name in ("validated.pickle", "index.sqlite", "parsed-cities.marshal"):
        (folder / name).write_bytes(payload)
    (folder / "index.sqlite-journal").write_bytes(code)
    (folder / "parsed-agreements.marshal").write_bytes(code)
    status, codes, _ = _validate_codes(cli, root)
    assert not marker.exists()
    assert (status, codes) == (1, {"schema"})
    assert cli("list", "cities", "-f", "json", root=root).exit_code == 0
    assert not marker.exists()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "deep", "pages",
                                    "journal"])
def test_a_damaged_cache_is_rebuilt_silently(cli, make_registry, damage):
    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    assert cli("validate", root=root).exit_code == 1
    path = root / INDEX
    raw = path.read_bytes()
    if damage == "journal":  # a journal that is not one SQLite wrote
        (root / ".citynet" / "index.sqlite-journal").write_bytes(os.urandom(4096))
    else:  # "pages": every byte after the header's 100 (the tables, the rows)
        path.write_bytes({"truncate": raw[: len(raw) // 2], "garbage": os.urandom(len(raw)),
                          "empty": b"", "deep": b"[" * 100_000,
                          "pages": raw[:100] + os.urandom(len(raw) - 100)}[damage])
    status, codes, stderr = _validate_codes(cli, root)
    assert (status, codes, stderr) == (1, {"schema"}, "")
    listed = cli("list", "cities", "-f", "json", root=root)
    assert listed.exit_code == 0 and sorted(r["id"] for r in listed.json()) == ["ottawa", "seoul"]


def test_a_schema_verdict_that_disagrees_with_its_data_is_not_believed(cli, make_registry):
    root = make_registry()
    assert cli("validate", root=root).exit_code == 0
    # The stored data of taipei now lacks its country, the stored verdict still says "valid",
    # and the stored outcome is gone: edited as any SQLite program would.
    edit(root / INDEX, "UPDATE files SET data = replace(data, '\"country\"', '\"contry\"') "
                       "WHERE path = 'data/cities/taipei.yaml'",
         "DELETE FROM outcomes")
    listed = cli("list", "cities", "-f", "json", root=root)
    assert listed.exit_code == 0
    assert {r["id"]: r["country"] for r in listed.json()}["taipei"] == "TW"
    assert cli("report", "partners", "seoul", root=root).exit_code == 0
    assert cli("validate", root=root).stdout == "5 files checked: no problems\n"


@pytest.mark.parametrize("command", [["validate"], ["list", "cities"]])
def test_an_edit_that_restores_size_and_mtime_counts_as_a_change(cli, make_registry, command):
    root = make_registry()
    assert cli(*command, root=root).exit_code == 0
    path = root / "data/cities/taipei.yaml"
    before = path.stat()
    text = path.read_text()
    edited = text.replace("country: TW", "contry: TW ")
    assert edited != text and len(edited) == len(text)
    path.write_text(edited)  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime
    assert path.stat().st_size == before.st_size
    if command == ["validate"]:
        assert _validate_codes(cli, root)[:2] == (1, {"schema"})
    else:
        ids = [r["id"] for r in cli(*command, "-f", "json", root=root).json()]
        assert "taipei" not in ids


def _forge_clean_outcome(root: Path) -> None:
    """What an attacker would ship: an outcome with no problems under the right key."""
    found = outcomes.work_tree(root)
    assert found is not None
    outcomes.store(root, outcomes.WORK_TREE, found.key, ([], []))


def test_a_forged_outcome_is_what_the_tests_below_refuse(cli, make_registry):
    # The control: a cache we made ourselves is believed (it is only a speed-up).
    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    _forge_clean_outcome(root)
    assert cli("validate", root=root).stdout == "0 files checked: no problems\n"


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_cache_git_tracks_is_neither_read_nor_written(cli, make_registry):
    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    _forge_clean_outcome(root)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-f", "data", ".citynet"], check=True)
    subprocess.run([*git, "commit", "-qm", "forged"], check=True)
    stored = {p.name: p.read_bytes() for p in (root / ".citynet").iterdir()}
    status, codes, stderr = _validate_codes(cli, root)
    assert (status, codes) == (1, {"schema"})
    assert stderr.count("cache-untrusted") == 1 and "tracked by git" in stderr
    assert {p.name: p.read_bytes() for p in (root / ".citynet").iterdir()} == stored
    assert cli("--no-cache", "validate", root=root).stderr == ""


def test_a_cache_folder_that_is_a_link_is_neither_read_nor_written(cli, make_registry,
                                                                      tmp_path):
    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    _forge_clean_outcome(root)
    elsewhere = tmp_path / "elsewhere"
    (root / ".citynet").rename(elsewhere)
    (root / ".citynet").symlink_to(elsewhere)
    stored = sorted(p.name for p in elsewhere.iterdir())
    status, codes, stderr = _validate_codes(cli, root)
    assert (status, codes) == (1, {"schema"})
    assert stderr.count("cache-untrusted") == 1 and "symbolic link" in stderr
    assert sorted(p.name for p in elsewhere.iterdir()) == stored


@pytest.mark.parametrize("link", ["symbolic", "hard"])
def test_a_cache_holding_links_is_neither_read_nor_written(cli, make_registry, tmp_path, link):
    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    _forge_clean_outcome(root)
    outside = tmp_path / "outside"
    outside.write_text("keep")
    target = root / ".citynet" / "index.sqlite-journal"  # SQLite would replay or delete it
    if link == "symbolic":
        target.symlink_to(outside)
    else:
        os.link(outside, target)
    status, codes, stderr = _validate_codes(cli, root)
    assert (status, codes) == (1, {"schema"})
    assert stderr.count("cache-untrusted") == 1
    assert cli("list", "cities", root=root).stderr.count("cache-untrusted") == 1
    assert outside.read_text() == "keep"


def test_a_cache_holding_a_fifo_is_not_opened(cli, make_registry):
    root = make_registry()
    cli("validate", root=root)
    path = root / INDEX
    path.unlink()
    os.mkfifo(path)
    run = cli("list", "cities", root=root)
    assert run.exit_code == 0 and "cache-untrusted" in run.stderr


def test_the_library_alone_ignores_an_untrusted_cache(make_registry, tmp_path):
    from citynet.lint.engine import validate

    root = make_registry({"data/cities/taipei.yaml": BROKEN_TAIPEI})
    _forge_clean_outcome(root)
    assert validate(root).problems == []  # the control: our own cache is believed
    elsewhere = tmp_path / "elsewhere"
    (root / ".citynet").rename(elsewhere)
    (root / ".citynet").symlink_to(elsewhere)
    assert cache.untrusted(root) == ".citynet is a symbolic link"
    assert {p.code for p in validate(root).problems} == {"schema"}


@pytest.mark.parametrize("package", ["pycountry", "babel"])
def test_a_new_version_of_the_data_checked_against_misses_the_cache(make_registry,
                                                                      monkeypatch, package):
    from importlib import metadata

    root = make_registry()
    assert validate_outcome(root) is None
    stored = validate_outcome(root)
    assert stored is not None  # the control: the same versions find it
    real = metadata.version
    monkeypatch.setattr(metadata, "version",
                        lambda name: "999.0" if name == package else real(name))
    assert validate_outcome(root) is None


def validate_outcome(root: Path) -> outcomes.Outcome | None:
    """The work tree's stored outcome, which `validate` then stores if there was none."""
    from citynet.lint.engine import validate

    found = outcomes.work_tree(root)
    assert found is not None
    validate(root)
    return found.outcome


def test_a_cache_in_a_checkout_git_cannot_read_is_not_ours(cli, make_registry, tmp_path,
                                                           monkeypatch):
    """Without git (or with a repository git refuses), nobody can say the cache did not come
    with the checkout: it is neither read nor written, and the user is told why."""
    root = make_registry()
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    (root / ".citynet").mkdir()
    (root / ".citynet" / "index.sqlite").write_bytes(b"precious")
    no_git = tmp_path / "bin"
    no_git.mkdir()
    monkeypatch.setenv("PATH", str(no_git))
    run = cli("list", "cities", root=root)
    assert run.exit_code == 0, run.stderr
    assert "git cannot say whether .citynet/ came with the checkout" in run.stderr
    assert (root / ".citynet" / "index.sqlite").read_bytes() == b"precious"
    assert sorted(p.name for p in (root / ".citynet").iterdir()) == ["index.sqlite"]
