"""The SQLite index in .citynet/: warm `list`, `show`, `report` and `export` answer exactly
as a full load does, through every kind of edit, and a corrupt, foreign or untrusted index
is rebuilt or left unused, never believed."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from citynet.store import cache, index, listing, stamp
from citynet.store.registry import load
from conftest import REPO, SHIPPED
from forging import INDEX, edit, forge


def _generate(count: int, root: Path) -> Path:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(count, root)
    return root


def _commands(root: Path) -> list[list[str]]:
    """Every query the index answers, on ids the registry holds (and some it does not)."""
    cities = sorted(p.stem for p in (root / "data" / "cities").rglob("*.yaml"))
    orgs = sorted(p.stem for p in (root / "data" / "organisations").rglob("*.yaml"))
    others = [sorted(p.stem for p in (root / "data" / kind).rglob("*.yaml"))[:1]
              for kind in ("agreements", "memberships", "committees")]
    city, org = ("seoul", "mcsr") if "seoul" in cities else (cities[1], orgs[0])
    commands = [["list", kind] for kind in ("cities", "agreements", "memberships",
                                            "organisations", "committees")]
    commands += [["list", "agreements", "--city", city], ["list", "agreements", "--city",
                                                          f"{city},{cities[0]}", "-f", "json"],
                 ["list", "memberships", "--member", city], ["list", "memberships",
                                                             "--organisation", org],
                 ["list", "committees", "--organisation", org],
                 ["list", "agreements", "--city", city, "--country", "KR,FR,DE"],
                 ["list", "agreements", "--city", city, "--fields", "id,partner.country"]]
    for record in [city, cities[0], cities[7], org, "atlantis", "seoul-taipe",
                   *(ids[0] for ids in others if ids)]:
        commands += [["show", record], ["show", record, "-f", "json"]]
    commands += [["report", "partners", city], ["report", "partners", cities[0], "-f", "json"],
                 ["report", "partners", city, "--grouping", "un-m49-regions"],
                 ["report", "memberships", city], ["report", "network", org],
                 ["export", "--format", "json", "--output", "-"]]
    return commands


QUICK = [["show", "seoul"], ["list", "agreements", "--city", "seoul"],
         ["report", "partners", "seoul"], ["export", "--format", "json", "--output", "-"]]


def _same_as_full_load(cli, root: Path, commands: list[list[str]] | None = None) -> None:
    """Each command gives the same output and status from the index as from a full load."""
    for args in commands or _commands(root):
        truth = cli("--no-cache", *args, root=root)
        for _ in range(2):  # the first run may update the index, the second reads it
            got = cli(*args, root=root)
            assert (got.exit_code, got.stdout, got.stderr) == (
                truth.exit_code, truth.stdout, truth.stderr), args
    assert (root / INDEX).is_file()


def _old(root: Path) -> None:
    """Wait until the folders' stamps are old enough to be trusted, so the index lists
    them from its own record."""
    time.sleep(stamp.RACY + 0.1)


@pytest.fixture
def generated(tmp_path: Path) -> Path:
    return _generate(300, tmp_path / "generated")


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    shutil.copytree(SHIPPED / "data", tmp_path / "shipped" / "data")
    return tmp_path / "shipped"


def test_the_index_answers_as_a_full_load_on_a_generated_registry(cli, generated):
    _same_as_full_load(cli, generated)


def test_the_index_answers_as_a_full_load_on_the_shipped_data(cli, shipped):
    _same_as_full_load(cli, shipped)


def test_every_edit_is_seen(cli, generated):
    data = generated / "data"
    _same_as_full_load(cli, generated)
    _old(generated)
    _same_as_full_load(cli, generated)  # folders now listed from the index's own record
    # an edit in place that keeps the size and puts the mtime back: only the ctime moves
    city = sorted((data / "cities").glob("*.yaml"))[3]
    text = city.read_text("utf-8")
    before = city.stat()
    start = text.index("  en: ") + len("  en: ")
    city.write_text(f"{text[:start]}Z{text[start + 1:]}", "utf-8")
    os.utime(city, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert city.stat().st_size == before.st_size
    _same_as_full_load(cli, generated)
    assert "en: Z" in cli("show", city.stem, root=generated).stdout
    # added, deleted, broken, and a second file holding an id
    agreements = sorted((data / "agreements").glob("*.yaml"))
    agreements[2].unlink()
    (data / "agreements" / "new-one-sister.yaml").write_text(
        f"kind: sister\nparties: [{city.stem}, {sorted((data / 'cities').glob('*.yaml'))[5].stem}]"
        "\nsources: [{title: a}]\n", "utf-8")
    broken = sorted((data / "cities").glob("*.yaml"))[7]
    broken.write_text(broken.read_text("utf-8") + "unknown: 1\n", "utf-8")
    # a key JSON cannot keep (an integer): the row says to read the file again
    (data / "cities" / "odd-keys.yaml").write_text(
        "names: {en: Odd}\ncountry: FR\nsources: [{title: a}]\n1: one\n", "utf-8")
    (data / "agreements" / "odd-keys-sister.yaml").write_text(
        f"kind: sister\nparties: [{city.stem}, odd-keys]\nsources: [{{title: a}}]\n2: two\n",
        "utf-8")
    (data / "cities" / "sub").mkdir()
    shutil.copy(city, data / "cities" / "sub" / city.name)
    shutil.copy(city, data / "cities" / "sub" / "a-copy.yaml")
    _same_as_full_load(cli, generated)
    with sqlite3.connect(generated / INDEX) as connection:
        assert connection.execute("SELECT flawed, data FROM files WHERE path = ?", (
            "data/cities/odd-keys.yaml",)).fetchone() == (listing.REREAD, None)
    _old(generated)
    # a file added in a sub-folder changes only that folder's stamp
    (data / "cities" / "sub" / "zz-new.yaml").write_text(
        "names: {en: Zz New}\ncountry: FR\nsources: [{title: a}]\n", "utf-8")
    (data / "cities" / "sub" / "a-copy.yaml").unlink()
    _same_as_full_load(cli, generated)
    assert "Zz New" in cli("list", "cities", root=generated).stdout


def test_a_warm_query_writes_nothing(cli, shipped):
    cli("show", "seoul", root=shipped)
    _old(shipped)
    cli("show", "seoul", root=shipped)
    before = (shipped / INDEX).stat()
    for args in (["show", "seoul"], ["list", "agreements", "--city", "seoul"]):
        assert cli(*args, root=shipped).exit_code == 0
    after = (shipped / INDEX).stat()
    assert (after.st_mtime_ns, after.st_ctime_ns) == (before.st_mtime_ns, before.st_ctime_ns)


def test_the_index_is_a_subset_that_registers_every_file(shipped):
    assert index.read(shipped, index.Wanted.of(whole=(), ids=("seoul",))) is not None
    registry, _ = load(shipped, wanted=index.Wanted.of(whole=(), ids=("seoul",)))
    full, _ = load(shipped, use_cache=False)
    assert len(registry) < len(full)
    assert registry.known == full.known
    for folder, entries in registry.entries.items():
        for record_id, entry in entries.items():
            assert entry.raw == full.entries[folder][record_id].raw
            assert entry.path == full.entries[folder][record_id].path


def _tamper(cli, root: Path, change) -> None:
    """After `change` to the index, every query still gives the truth, and the index is
    one this citynet wrote."""
    cli("list", "cities", root=root)
    change(root / INDEX)
    _same_as_full_load(cli, root, QUICK)
    with sqlite3.connect(root / INDEX) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.parametrize("change", [
    lambda path: path.write_bytes(path.read_bytes()[:4096]),
    lambda path: path.write_bytes(b"\x00garbage" * 1000),
    lambda path: path.write_bytes(b""),
    lambda path: path.unlink(),
], ids=["truncated", "garbage", "empty", "missing"])
def test_a_corrupt_index_is_rebuilt(cli, shipped, change):
    _tamper(cli, shipped, change)


RENAME_SEOUL = ("UPDATE files SET data = replace(data, 'Seoul', 'Planted') "
                "WHERE path = 'data/cities/seoul.yaml'", "UPDATE files SET flawed = 0")


def _rename_seoul(path: Path) -> None:
    edit(path, *RENAME_SEOUL)


def test_hand_edited_rows_are_never_believed(cli, shipped):
    _tamper(cli, shipped, _rename_seoul)
    assert "Planted" not in cli("show", "seoul", root=shipped).stdout


def test_the_rows_citynet_sealed_are_believed(cli, shipped):
    """The control for the test above: the same edit under a forged seal is believed (the
    seal is what tells the two apart)."""
    cli("list", "cities", root=shipped)
    forge(shipped / INDEX, *RENAME_SEOUL)
    assert "Planted" in cli("show", "seoul", root=shipped).stdout


def test_an_index_with_a_foreign_schema_is_rebuilt_unopened(cli, shipped):
    def change(path: Path) -> None:
        forge(path, "CREATE TABLE planted (x)", "CREATE TRIGGER spy AFTER DELETE ON files "
              "BEGIN INSERT INTO planted VALUES (old.path); END")
    _tamper(cli, shipped, change)
    with sqlite3.connect(shipped / INDEX) as connection:
        names = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    assert "planted" not in names and "spy" not in names


@pytest.mark.parametrize("statements", [
    ("UPDATE citynet SET value = '' WHERE name = 'seal'",),
    ("UPDATE citynet SET value = 'not a number' WHERE name = 'seal'",),
    ("DELETE FROM citynet WHERE name = 'seal'",),
    ("UPDATE citynet SET value = '0.1.0+0000000000000000' WHERE name = 'code'",),
    ("PRAGMA application_id = 1",),
    ("PRAGMA user_version = 1",),
], ids=["empty", "text", "none", "another-citynet", "another-application", "another-schema"])
def test_a_broken_seal_rebuilds_the_index(cli, shipped, statements):
    _tamper(cli, shipped, lambda path: edit(path, *statements))


@pytest.mark.parametrize("statements", [
    ("UPDATE citynet SET value = '0.1.0+0000000000000000' WHERE name = 'code'",),
    ("PRAGMA application_id = 1",),
    ("PRAGMA user_version = 1",),
], ids=["another-citynet", "another-application", "another-schema"])
def test_a_forged_seal_of_another_citynet_rebuilds_the_index(cli, shipped, statements):
    """A database another installation made (a registry's archive, say) is not believed,
    even with its change counter made to match."""
    _tamper(cli, shipped, lambda path: forge(path, *RENAME_SEOUL, *statements))
    assert "Planted" not in cli("show", "seoul", root=shipped).stdout


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"})


def test_an_index_that_came_with_the_checkout_is_not_used(cli, shipped):
    cli("show", "seoul", root=shipped)
    forge(shipped / INDEX, *RENAME_SEOUL)  # even sealed as ours
    _git(shipped, "init", "-q")
    _git(shipped, "add", "-f", "data", cache.CACHE_DIR)
    _git(shipped, "commit", "-qm", "a pull request planting an index")
    assert cache.untrusted(shipped) is not None
    assert index.read(shipped, index.Wanted.of()) is None
    before = (shipped / INDEX).read_bytes()
    assert "Planted" not in cli("show", "seoul", root=shipped).stdout
    assert (shipped / INDEX).read_bytes() == before  # neither read nor written


def test_an_index_that_is_a_link_is_not_used(cli, shipped, tmp_path):
    cli("show", "seoul", root=shipped)
    elsewhere = tmp_path / "elsewhere.sqlite"
    shutil.move(shipped / INDEX, elsewhere)
    (shipped / INDEX).symlink_to(elsewhere)
    assert index.read(shipped, index.Wanted.of()) is None
    assert cli("show", "seoul", root=shipped).exit_code == 0
    assert (shipped / INDEX).is_symlink()


@pytest.mark.parametrize("planted", ["data/cities/../../../outside/x.yaml",
                                     "data/cities/./../../../outside/x.yaml"])
def test_a_sealed_row_naming_a_path_out_of_the_tree_is_not_read(cli, shipped, tmp_path,
                                                                planted):
    """Even a forged seal cannot make a query read a file outside data/<kind>/."""
    from array import array

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text("names: {en: TOP-SECRET}\ncountry: FR\n")
    time.sleep(2.1)  # folders old enough to be trusted unlisted (git's racy rule)
    found = stamp.of(str(shipped / planted))

    def change(path: Path) -> None:
        with sqlite3.connect(path) as connection:
            paths, packed = connection.execute(
                "SELECT paths, stamps FROM listing WHERE kind = 'cities'").fetchone()
        stamps = array("q")
        stamps.frombytes(packed)
        stamps.extend(found)
        forge(path, "INSERT INTO files VALUES ('{}', 'cities', 'stolen', NULL, NULL, NULL, "
              "2)".format(planted),
              "UPDATE listing SET paths = paths || char(0) || '{}', stamps = x'{}', "
              "blobs = blobs || zeroblob(20) WHERE kind = 'cities'".format(
                  planted, stamps.tobytes().hex()))
    _tamper(cli, shipped, change)
    assert "TOP-SECRET" not in cli("list", "cities", root=shipped).stdout
