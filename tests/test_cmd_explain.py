"""`citynet explain`: each field's value, the sources vouching for it, the commit that changed it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from tests.conftest import SHIPPED

from citynet.query.explain import blame, explain, field_lines
from citynet.query.views import find_entry
from citynet.store.registry import load

OSLO = """\
names: {en: Oslo}
country: NO
geonames_id: 3143244
location:
  lat: 59.91273
  lon: 10.74609
sources:
- title: Store norske leksikon
- title: GeoNames
  url: https://www.geonames.org/3143244
  fields: [geonames_id, location.lat]
"""


def git(root: Path, *args: str, when: str = "2020-01-02T00:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when,
           "GIT_AUTHOR_NAME": "Ada", "GIT_AUTHOR_EMAIL": "ada@example.org",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.org"}
    done = subprocess.run(["git", "-C", str(root), *args], env=env, check=True,
                          capture_output=True, text=True)
    return done.stdout.strip()


def committed_registry(make_registry, object_format: str = "sha1") -> tuple[Path, str, str]:
    """A registry in git: Oslo committed, then its geonames_id changed in a second commit."""
    root = make_registry({"data/cities/oslo.yaml": OSLO})
    git(root, "init", "-q", f"--object-format={object_format}")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    first = git(root, "rev-parse", "HEAD")
    path = root / "data/cities/oslo.yaml"
    path.write_text(OSLO.replace("3143244", "3143245"), encoding="utf-8")
    git(root, "commit", "-qam", "Correct Oslo's GeoNames id", when="2021-05-06T00:00:00Z")
    return root, first, git(root, "rev-parse", "HEAD")


def by_field(run) -> dict:
    return {f["field"]: f for f in run.json()["fields"]}


@pytest.mark.parametrize("object_format", ["sha1", "sha256"])
def test_each_field_names_the_commit_that_last_changed_its_lines(cli, make_registry,
                                                                 object_format):
    """In a SHA-256 repository too (its 64-digit commits were read as no commit)."""
    root, first, second = committed_registry(make_registry, object_format)
    fields = by_field(cli("explain", "oslo", "--format", "json", root=root))
    assert fields["geonames_id"]["commit"]["sha"] == second
    assert fields["geonames_id"]["commit"]["summary"] == "Correct Oslo's GeoNames id"
    assert fields["geonames_id"]["commit"]["date"] == "2021-05-06"
    assert fields["location"]["commit"]["sha"] == first
    assert fields["location"]["lines"] == [4, 6]
    assert fields["country"]["value"] == "NO"


def test_a_source_with_fields_vouches_only_for_those(cli, make_registry):
    root, _, _ = committed_registry(make_registry)
    fields = by_field(cli("explain", "oslo", "--format", "json", root=root))
    titles = {name: [s["title"] for s in f["sources"]] for name, f in fields.items()}
    assert titles["geonames_id"] == ["Store norske leksikon", "GeoNames"]
    assert titles["location"] == ["Store norske leksikon", "GeoNames"]  # location.lat
    assert titles["country"] == ["Store norske leksikon"]
    assert fields["geonames_id"]["sources"][1]["fields"] == ["geonames_id", "location.lat"]


def test_an_uncommitted_edit_is_not_committed(cli, make_registry):
    root, first, _ = committed_registry(make_registry)
    path = root / "data/cities/oslo.yaml"
    path.write_text(path.read_text().replace("country: NO", "country: 'NO'"), encoding="utf-8")
    run = cli("explain", "oslo", "country", root=root)
    assert run.exit_code == 0
    assert "country: NO" in run.stdout and "commit: not committed" in run.stdout
    names = by_field(cli("explain", "oslo", "names", "--format", "json", root=root))
    assert names["names"]["commit"]["sha"] == first


def test_outside_git_nothing_is_committed(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": OSLO})
    run = cli("explain", "oslo", "geonames_id", root=root)
    assert run.exit_code == 0, run.stderr
    assert "geonames_id: 3143244  (line 3)" in run.stdout
    assert "source: GeoNames (https://www.geonames.org/3143244)" in run.stdout
    assert "commit: not committed" in run.stdout


def test_one_field_only(cli, make_registry):
    root, _, _ = committed_registry(make_registry)
    assert list(by_field(cli("explain", "oslo", "country", "-f", "json", root=root))) == [
        "country"]


def test_an_unknown_or_unwritten_field_is_a_misuse(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": OSLO})
    typo = cli("explain", "oslo", "contry", root=root)
    assert typo.exit_code == 2 and "did you mean 'country'?" in typo.stderr
    unwritten = cli("explain", "oslo", "subdivision", root=root)
    assert unwritten.exit_code == 2 and "does not write `subdivision`" in unwritten.stderr
    assert cli("explain", "nowhere", root=root).exit_code == 2


def test_without_git_installed_the_sources_and_one_warning(cli, make_registry, tmp_path):
    root = make_registry({"data/cities/oslo.yaml": OSLO})
    run = cli("explain", "oslo", root=root, env={"PATH": str(tmp_path / "no-bin")})
    assert run.exit_code == 0  # the sources need no git: they are shown, the commits are not
    assert run.stderr == "warning: no commit is shown: git is not installed\n"
    assert "Traceback" not in run.stderr and "source:" in run.stdout


def test_the_library_maps_fields_to_lines_and_blames_them(make_registry):
    root, first, second = committed_registry(make_registry)
    text = (root / "data/cities/oslo.yaml").read_text()
    assert field_lines(text) == {"names": (1, 1), "country": (2, 2), "geonames_id": (3, 3),
                                 "location": (4, 6), "sources": (7, 11)}
    lines = blame(root, "data/cities/oslo.yaml")
    assert lines[3].sha == second and lines[1].sha == first
    registry, _ = load(root, use_cache=False)
    found = explain(root, find_entry(registry, "oslo"), "geonames_id")
    assert [f.field for f in found.fields] == ["geonames_id"]


def test_shipped_data_seoul_taipei_signed_names_the_seoul_page(cli):
    run = cli("explain", "seoul-taipei-sister", "signed", root=SHIPPED)
    assert run.exit_code == 0, run.stderr
    assert "signed: 1968" in run.stdout
    assert "source: Diplomatie de la ville (as of 2017-03)" in run.stdout
