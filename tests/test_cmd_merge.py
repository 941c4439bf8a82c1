"""`citynet merge KEEP DROP`: one city from two, and KEEP remembers DROP (issue 17)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from citynet.edit.merge import merge
from citynet.errors import BadOption

TAIPEI_2 = """\
# The list's spelling.
names: {en: Taipei, zh: 臺北}
country: TW
location: {lat: 25.03, lon: 121.56}
sources: [{title: A list, url: "https://example.org/list"}]
"""
BUSAN = "names: {en: Busan}\ncountry: KR\nsources: [{title: t}]\n"
WITH_BUSAN = "kind: sister\nparties: [taipei-2, busan]\nsources: [{title: t}]\n"


@pytest.fixture
def root(make_registry) -> Path:
    return make_registry({
        "data/cities/taipei-2.yaml": TAIPEI_2,
        "data/cities/busan.yaml": BUSAN,
        "data/agreements/busan-taipei-2-sister.yaml": WITH_BUSAN,
    })


def test_merge_rewrites_references_and_remembers_the_dropped_id(cli, root):
    result = cli("merge", "taipei", "taipei-2", root=root)
    assert result.exit_code == 0, result.stderr
    assert not (root / "data/cities/taipei-2.yaml").exists()
    assert not (root / "data/agreements/busan-taipei-2-sister.yaml").exists()
    agreement = (root / "data/agreements/busan-taipei-sister.yaml").read_text()
    assert "parties: [taipei, busan]" in agreement
    kept = (root / "data/cities/taipei.yaml").read_text()
    assert "zh: 臺北" in kept and "es: Taipéi" in kept
    assert "lat: 25.03" in kept
    assert "aliases:\n- taipei-2\n" in kept
    assert "url: https://example.org/list" in kept and "title: Diplomatie de la ville" in kept
    assert cli("validate", root=root).exit_code == 0
    assert "city taipei-2 is merged into taipei: 3 files changed" in result.stdout


def test_a_conflict_stops_the_merge_unless_one_side_is_preferred(cli, make_registry):
    root = make_registry({"data/cities/taipei-2.yaml": TAIPEI_2.replace("Taipei", "Taipei City")})
    before = sorted(p.read_text() for p in (root / "data").rglob("*.yaml"))
    result = cli("merge", "taipei", "taipei-2", root=root)
    assert result.exit_code == 2
    assert "differ in names.en ('Taipei' / 'Taipei City')" in result.stderr
    assert "--prefer" in result.stderr
    assert sorted(p.read_text() for p in (root / "data").rglob("*.yaml")) == before
    assert cli("merge", "taipei", "taipei-2", "--prefer", "drop", root=root).exit_code == 0
    assert "en: Taipei City" in (root / "data/cities/taipei.yaml").read_text()


def test_dry_run_prints_the_diff_and_writes_nothing(cli, root):
    before = {p: p.read_text() for p in (root / "data").rglob("*.yaml")}
    result = cli("merge", "taipei", "taipei-2", "--dry-run", root=root)
    assert result.exit_code == 0
    assert "deleted file mode" in result.stdout and "+- taipei-2" in result.stdout
    assert {p: p.read_text() for p in (root / "data").rglob("*.yaml")} == before


def test_agreements_that_would_be_twice_recorded_stop_the_merge(cli, root):
    (root / "data/agreements/busan-taipei-sister.yaml").write_text(
        "kind: sister\nparties: [taipei, busan]\nsources: [{title: t}]\n")
    result = cli("merge", "taipei", "taipei-2", root=root)
    assert result.exit_code == 2
    assert "two sister agreements between taipei and busan" in result.stderr
    assert (root / "data/cities/taipei-2.yaml").exists()


def test_an_agreement_between_the_two_stops_the_merge(cli, root):
    (root / "data/agreements/taipei-taipei-2-friendship.yaml").write_text(
        "kind: friendship\nparties: [taipei, taipei-2]\nsources: [{title: t}]\n")
    result = cli("merge", "taipei", "taipei-2", root=root)
    assert result.exit_code == 2
    assert "an agreement with itself" in result.stderr


def test_cities_recorded_as_distinct_are_not_merged(cli, root):
    assert cli("duplicates", "--distinct", "taipei", "taipei-2", root=root).exit_code == 0
    result = cli("merge", "taipei-2", "taipei", root=root)
    assert result.exit_code == 2
    assert "recorded as different places" in result.stderr


def test_inside_git_the_dropped_file_is_git_removed(cli, root):
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                              text=True).stdout

    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "base")
    assert cli("merge", "taipei", "taipei-2", root=root).exit_code == 0
    status = git("status", "--porcelain")
    assert "D  data/cities/taipei-2.yaml" in status
    assert "data/agreements/busan-taipei-2-sister.yaml -> " in status  # git mv


def test_the_comments_of_the_kept_city_stay(cli, make_registry):
    root = make_registry({"data/cities/seoul.yaml": "# Capital.\n" + (
        "names: {en: Seoul}\ncountry: KR\nsources: [{title: t}]  # the founders' list\n"),
        "data/cities/seoul-2.yaml": "names: {en: Seoul, ko: 서울}\ncountry: KR\n"
                                    "sources: [{title: t}]\n"})
    assert cli("merge", "seoul", "seoul-2", root=root).exit_code == 0
    text = (root / "data/cities/seoul.yaml").read_text()
    assert text.startswith("# Capital.\n") and "# the founders' list" in text
    assert "ko: 서울" in text


def test_an_alias_that_is_an_id_is_refused_by_validate(cli, make_registry):
    root = make_registry({"data/cities/ottawa-2.yaml": (
        "names: {en: Ottawa}\ncountry: CA\naliases: [ottawa]\nsources: [{title: t}]\n")})
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert "alias-conflict" in result.stdout


def test_library_refuses_an_unknown_preference(root):
    with pytest.raises(BadOption, match="--prefer 'both'"):
        merge(root, "taipei", "taipei-2", prefer="both")


def test_a_later_import_maps_the_dropped_id_to_the_kept_city(cli, root, tmp_path):
    assert cli("merge", "taipei", "taipei-2", root=root).exit_code == 0
    (root / "data/cities/taipei.yaml").write_text(
        (root / "data/cities/taipei.yaml").read_text().replace("en: Taipei", "en: Taipei City"))
    source = tmp_path / "pairs.csv"
    source.write_text("city1,country1,city2,country2\nTaipei 2,Taiwan,Ottawa,Canada\n")
    result = cli("import", "pairs", str(source), "--format", "json", root=root)
    assert result.json()["cities"] == {"created": 0, "matched": 2}
    assert (root / "data/agreements/ottawa-taipei-twinning.yaml").exists()


def test_a_link_validate_reads_does_not_stop_a_merge_elsewhere(cli, root):
    """Issue 24: the checking copy left a link dangling, so every merge refused."""
    (root / "records").mkdir()
    (root / "data/cities/ottawa.yaml").rename(root / "records/ottawa.yaml")
    (root / "data/cities/ottawa.yaml").symlink_to("../../records/ottawa.yaml")
    result = cli("merge", "taipei", "taipei-2", root=root)
    assert result.exit_code == 0, result.stderr
    assert (root / "data/cities/ottawa.yaml").is_symlink()
    assert cli("validate", root=root).exit_code == 0
