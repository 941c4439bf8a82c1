"""Links never lead out of the registry: not read, not rewritten, not written through."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citynet.store.files import discover, inside_registry

OUTSIDE_CITY = """\
names:   {en: Elsewhere}
country: FR
level: city
sources: [{title: A file outside the registry}]
"""


@pytest.fixture
def linked_out(make_registry, tmp_path) -> tuple[Path, Path]:
    """A registry whose data/cities is a link to a folder outside it."""
    root = make_registry()
    outside = tmp_path / "elsewhere"
    shutil.move(root / "data" / "cities", outside)
    (outside / "elsewhere.yaml").write_text(OUTSIDE_CITY)
    (root / "data" / "cities").symlink_to(outside, target_is_directory=True)
    return root, outside


def test_a_kind_folder_linked_out_is_reported_and_not_read(cli, linked_out):
    root, _ = linked_out
    run = cli("validate", "-f", "json", root=root)
    assert run.exit_code == 1
    problems = {p["path"]: p["code"] for p in run.json()["problems"]}
    assert problems["data/cities"] == "symlink"
    assert run.json()["summary"]["files"] == 2  # the agreements only
    assert cli("show", "elsewhere", root=root).exit_code == 2
    assert cli("list", "cities", "-f", "json", root=root).json() == []


def test_fmt_does_not_rewrite_files_behind_a_link_out(cli, linked_out):
    root, outside = linked_out
    before = (outside / "elsewhere.yaml").read_bytes()
    cli("fmt", root=root)
    assert (outside / "elsewhere.yaml").read_bytes() == before


def test_new_does_not_write_through_a_link_out(cli, linked_out):
    root, outside = linked_out
    listed = sorted(p.name for p in outside.iterdir())
    run = cli("new", "city", "--id", "busan", "--name", "Busan", "--country", "KR",
              "--level", "city", "--source", "s", root=root)
    assert run.exit_code == 2 and "link out of the registry" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in outside.iterdir()) == listed


def test_a_data_folder_linked_out_is_not_read(cli, make_registry, tmp_path):
    source = make_registry()
    root = tmp_path / "other"
    root.mkdir()
    (root / "data").symlink_to(source / "data", target_is_directory=True)
    run = cli("validate", "-f", "json", root=root)
    assert run.exit_code == 1
    assert [p["code"] for p in run.json()["problems"]] == ["symlink"]


def test_a_kind_folder_linked_inside_the_registry_is_read(cli, make_registry):
    root = make_registry()
    shutil.move(root / "data" / "cities", root / "mirror")
    (root / "data" / "cities").symlink_to(root / "mirror", target_is_directory=True)
    assert cli("validate", root=root).stdout == "5 files checked: no problems\n"


def test_inside_registry_resolves_every_link(make_registry, tmp_path):
    root = make_registry()
    (root / "data" / "out").symlink_to(tmp_path, target_is_directory=True)
    assert inside_registry(root, root / "data" / "cities" / "new.yaml")
    assert not inside_registry(root, root / "data" / "out" / "new.yaml")
    assert not inside_registry(root, root / ".." / "x")
    files, problems = discover(root)
    assert {f.rel.split("/")[1] for f in files} == {"cities", "agreements"}


def test_import_does_not_write_through_a_link_out(cli, linked_out, tmp_path):
    root, outside = linked_out
    listed = sorted(p.name for p in outside.iterdir())
    pairs = tmp_path / "pairs.csv"
    pairs.write_text("city1,country1,city2,country2\nBusan,KR,Osaka,JP\n")
    run = cli("import", "pairs", str(pairs), root=root)
    assert run.exit_code == 2 and "link out of the registry" in run.stderr
    assert sorted(p.name for p in outside.iterdir()) == listed
