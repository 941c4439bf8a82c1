"""`citynet rename`: a record's new id, every reference with it, comments and layout kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import SHIPPED

COMMENTED_SISTER = """\
# Seoul's first sister city.
kind: sister   # the source says sister
parties: [seoul, 'taipei']  # flow style, quoted
signed: 1968
sources: [{title: Diplomatie de la ville}]
"""

ASCN = """\
names: {en: ASEAN Smart Cities Network}
acronym: ASCN
kind: network
headquarters: taipei
offices:
  - city: taipei   # the secretariat
    kind: secretariat
partners: []
sources: [{title: Diplomatie de la ville}]
"""

MEMBERSHIP = """\
id: taipei-ascn
member: taipei
organisation: ascn
since: 2018
sources: [{title: Diplomatie de la ville}]
"""

GROUPING = """\
names: {en: Taipei's table}
city: taipei
groups:
  - countries: [KR]
sources: [{title: Diplomatie de la ville}]
"""


def _registry(make_registry) -> Path:
    return make_registry({
        "data/agreements/seoul-taipei-sister.yaml": COMMENTED_SISTER,
        "data/organisations/ascn.yaml": ASCN,
        "data/memberships/taipei-ascn.yaml": MEMBERSHIP,
        "data/groupings/taipei-table.yaml": GROUPING,
    })


def test_rename_rewrites_every_reference_in_place(make_registry, cli):
    root = _registry(make_registry)
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 0, run.stderr
    data = root / "data"
    assert not (data / "cities/taipei.yaml").exists()
    assert (data / "cities/taipei-city.yaml").read_text() == (
        "names: {en: Taipei, es: Taipéi}\ncountry: TW\nlevel: city\n"
        "sources: [{title: Diplomatie de la ville}]\n")  # no id: written, none added
    assert (data / "agreements/seoul-taipei-city-sister.yaml").read_text() == \
        COMMENTED_SISTER.replace("'taipei'", "'taipei-city'")
    assert not (data / "agreements/seoul-taipei-sister.yaml").exists()
    assert (data / "organisations/ascn.yaml").read_text() == ASCN.replace("taipei", "taipei-city")
    assert (data / "memberships/taipei-city-ascn.yaml").read_text() == \
        MEMBERSHIP.replace("taipei", "taipei-city")
    assert (data / "groupings/taipei-table.yaml").read_text() == \
        GROUPING.replace("city: taipei", "city: taipei-city")
    assert "city taipei is now taipei-city: 5 files changed" in run.stdout
    assert cli("validate", root=root).exit_code == 0


def test_dry_run_prints_a_diff_and_writes_nothing(make_registry, cli):
    root = _registry(make_registry)
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    run = cli("rename", "city", "taipei", "taipei-city", "--dry-run", root=root)
    assert run.exit_code == 0
    assert "rename from data/cities/taipei.yaml\nrename to data/cities/taipei-city.yaml\n" \
        in run.stdout
    assert "-  - city: taipei   # the secretariat\n+  - city: taipei-city   # the secretariat\n" \
        in run.stdout
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


@pytest.mark.parametrize(("args", "message"), [
    (("city", "taipei", "seoul"), "a city with the id 'seoul' already exists"),
    (("city", "taipei", "Taipei City"), "'Taipei City' is not a valid id"),
    (("city", "taipie", "x"), "no city has the id 'taipie'; did you mean 'taipei'?"),
    (("town", "taipei", "x"), "unknown kind 'town'"),
])
def test_misuse_is_one_line_and_exit_2(make_registry, cli, args, message):
    root = _registry(make_registry)
    run = cli("rename", *args, root=root)
    assert run.exit_code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert (root / "data/cities/taipei.yaml").exists()


def test_a_derived_id_that_exists_refuses_the_whole_rename(make_registry, cli):
    root = _registry(make_registry)
    (root / "data/agreements/seoul-taipei-city-sister.yaml").write_text(
        "kind: sister\nparties: [seoul, ottawa]\nsources: [{title: x}]\n")
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 2 and "already exists" in run.stderr
    assert (root / "data/cities/taipei.yaml").exists()
    assert (root / "data/agreements/seoul-taipei-sister.yaml").read_text() == COMMENTED_SISTER


def test_a_rename_that_would_add_an_error_writes_nothing(make_registry, cli):
    # a long id is a slug, but the membership's derived `id:` would pass 120 characters
    root = _registry(make_registry)
    new = "t" + "-x" * 58
    run = cli("rename", "city", "taipei", new, root=root)
    assert run.exit_code == 2 and "nothing was changed" in run.stderr
    assert (root / "data/cities/taipei.yaml").exists()
    assert not list(root.rglob(f"*{new}*"))


def test_inside_git_the_move_is_a_git_rename(make_registry, cli):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = _registry(make_registry)
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "start"], check=True)
    assert cli("rename", "city", "taipei", "taipei-city", root=root).exit_code == 0
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True,
                            check=True).stdout
    assert "R  data/cities/taipei.yaml -> data/cities/taipei-city.yaml" in status
    assert "data/agreements/seoul-taipei-sister.yaml -> " \
        "data/agreements/seoul-taipei-city-sister.yaml" in status


def test_plain_ids_that_yaml_would_misread_are_quoted(make_registry, cli):
    root = _registry(make_registry)
    assert cli("rename", "city", "ottawa", "1e3", root=root).exit_code == 0
    text = (root / "data/agreements/seoul-1e3-friendship.yaml").read_text()
    assert "parties: [seoul, '1e3']" in text
    assert cli("validate", root=root).exit_code == 0


def test_rename_on_the_shipped_data_end_to_end(tmp_path, cli):
    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 0, run.stderr
    agreement = root / "data/agreements/seoul-taipei-city-sister.yaml"
    assert "- taipei-city\n" in agreement.read_text()
    assert agreement.read_text().startswith("id: seoul-taipei-city-sister\n")
    assert cli("validate", root=root).exit_code == 0
    listed = cli("list", "agreements", "--city", "taipei-city", root=root)
    assert "seoul-taipei-city-sister" in listed.stdout


def test_renaming_seoul_rewrites_who_confirms_its_agreements(tmp_path, cli):
    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    run = cli("rename", "city", "seoul", "seoul-city", root=root)
    assert run.exit_code == 0, run.stderr
    agreement = (root / "data/agreements/seoul-city-taipei-sister.yaml").read_text()
    assert "confirmed_by:\n- seoul-city\n" in agreement
    assert cli("validate", root=root).exit_code == 0


def test_renaming_an_organisation_renames_its_memberships(tmp_path, cli):
    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    run = cli("rename", "organisation", "ascn", "asean-scn", root=root)
    assert run.exit_code == 0, run.stderr
    assert (root / "data/memberships/hanoi-asean-scn.yaml").exists()
    assert not list((root / "data/memberships").glob("*-ascn.yaml"))
    assert cli("validate", root=root).exit_code == 0


def test_the_library_plans_without_writing(make_registry):
    from citynet.edit.rename import plan_rename

    root = _registry(make_registry)
    plan = plan_rename(root, "cities", "taipei", "taipei-city")
    assert plan.renamed == {"taipei": "taipei-city", "seoul-taipei-sister":
                            "seoul-taipei-city-sister", "taipei-ascn": "taipei-city-ascn"}
    assert (root / "data/cities/taipei.yaml").exists()


def test_line_ends_and_byte_order_mark_are_kept(make_registry, cli):
    sister = "\ufeffkind: sister\r\nparties:\r\n- seoul\r\n- \"taipei\"  # quoted\r\n" \
             "sources: [{title: x}]\r\n"
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml": sister.encode()})
    assert cli("rename", "city", "taipei", "taipei-city", root=root).exit_code == 0
    written = (root / "data/agreements/seoul-taipei-city-sister.yaml").read_bytes()
    assert written == sister.replace('"taipei"', '"taipei-city"').encode()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_rename_through_a_folder_link_inside_the_registry_is_refused(tmp_path, cli):
    """data/agreements as an absolute link to another folder of the registry: validate reads
    it, but no file is written through it, on a --dry-run (whose checking copy once deleted
    and wrote the registry's files through it) or for real."""
    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    (root / "data" / "agreements").rename(root / "data" / "agreements-real")
    (root / "data" / "agreements").symlink_to(root / "data" / "agreements-real")
    before = _snapshot(root / "data")
    for args in (("--dry-run",), ()):
        run = cli("rename", "city", "taipei", "taipei-city", *args, root=root)
        assert run.exit_code == 2
        assert run.stderr == ("citynet: error: data/agreements is a link: citynet never writes "
                              "through a link; nothing was changed\n")
        assert _snapshot(root / "data") == before


@pytest.mark.parametrize("name", [
    ".seoul-taipei-city-sister.yaml.rename", ".seoul-taipei-city-sister.yaml.before",
    ".seoul-taipei-sister.yaml.citynet-tmp-{pid}",
    ".seoul-taipei-city-sister.yaml.citynet-tmp-{pid}",
])
def test_a_hidden_file_beside_the_targets_is_neither_replaced_nor_removed(tmp_path, cli, name):
    """Hidden files where a rename keeps its temporaries, even named as citynet names them (by
    this very process): the rename takes other names, and leaves them as they were."""
    import os

    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    mine = root / "data/agreements" / name.format(pid=os.getpid())
    mine.write_text("not citynet's\n")
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 0, run.stderr
    assert mine.read_text() == "not citynet's\n"
    assert sorted(p.name for p in (root / "data/agreements").iterdir() if p.name[0] == ".") == [
        mine.name]


def test_a_link_validate_reads_does_not_stop_a_rename_elsewhere(make_registry, cli):
    """Issue 24: a link in data/ that validate accepts made every rename and merge refuse (the
    checking copy left it dangling). A link the rename does not touch is left as it is."""
    root = make_registry({"records/ottawa.yaml": (SHIPPED / "data/cities/ottawa.yaml")
                          .read_text(encoding="utf-8")})
    (root / "data/cities/ottawa.yaml").unlink()
    (root / "data/cities/ottawa.yaml").symlink_to("../../records/ottawa.yaml")
    assert cli("validate", root=root).exit_code == 0
    run = cli("rename", "city", "taipei", "taipei-city", root=root)
    assert run.exit_code == 0, run.stderr
    assert (root / "data/cities/ottawa.yaml").is_symlink()
    assert (root / "data/agreements/seoul-taipei-city-sister.yaml").is_file()
    assert cli("validate", root=root).exit_code == 0
