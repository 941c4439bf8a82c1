"""`import pairs` takes a row whole or skips it whole, counting why (issue 24, item 6; issue
23's importer crash): it never crashes on a row the README says it skips, and never writes
a record naming a city that does not exist.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from conftest import REPO

SAMPLE = REPO.parent / "shared" / "data" / "twin-cities-sample.csv"
LONG = "vilnius-" + "x" * 110  # 118 characters: an agreement id made with it is over 120
VILNIUS = "names: {en: Vilnius}\ncountry: LT\nsources: [{title: t}]\n"
TOO_LONG = "the agreement it makes would not validate (id)"


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "pairs.csv"
    path.write_text("city1,country1,city2,country2\n" + text, encoding="utf-8")
    return path


def agreements_name_cities_that_exist(root: Path) -> None:
    """Every party of every agreement file is a city file (what validate's dangling-ref says,
    checked apart from it)."""
    import yaml

    cities = {p.stem for p in (root / "data" / "cities").glob("*.yaml")}
    for path in (root / "data" / "agreements").glob("*.yaml"):
        parties = yaml.safe_load(path.read_text(encoding="utf-8"))["parties"]
        assert set(parties) <= cities, path.name


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample is not beside the project")
def test_the_sample_with_a_long_id_skips_what_the_readme_says_and_validates(cli, make_registry):
    """Issue 23: exit 3, "'dict' object has no attribute 'discard'", on the sample's row
    Vilnius–Łódź once Vilnius's id was long (agreement id over 120 characters)."""
    root = make_registry({f"data/cities/{LONG}.yaml": VILNIUS})
    run = cli("import", "pairs", str(SAMPLE), "-f", "json", root=root)
    assert run.exit_code == 0, run.stderr
    summary = run.json()
    with SAMPLE.open(encoding="utf-8", newline="") as stream:
        vilnius_rows = sum(1 for row in csv.DictReader(stream)
                           if ("Vilnius", "Lithuania") in ((row["city1"], row["country1"]),
                                                           (row["city2"], row["country2"])))
    assert vilnius_rows == 2
    assert summary["skipped"]["reasons"] == {
        TOO_LONG: vilnius_rows, "'Northern Cyprus' has no ISO 3166-1 country code": 3}
    assert summary["skipped"]["rows"] == vilnius_rows + 3
    assert cli("validate", root=root).exit_code == 0
    agreements_name_cities_that_exist(root)


def test_a_skipped_row_leaves_no_trace_for_a_later_row(cli, make_registry, tmp_path):
    """Issue 24: once the crash was fixed, the undo removed the key `łodz` where `lodz` was
    kept, and a later row wrote an agreement naming the city `lodz` that was never written."""
    root = make_registry({f"data/cities/{LONG}.yaml": VILNIUS})
    pairs = write_csv(tmp_path, "Vilnius,Lithuania,Łódź,Poland\nŁódź,Poland,Kraków,Poland\n")
    run = cli("import", "pairs", str(pairs), "-f", "json", root=root)
    assert run.exit_code == 0, run.stderr
    summary = run.json()
    assert summary["skipped"]["reasons"] == {TOO_LONG: 1}
    assert summary["cities"] == {"created": 2, "matched": 0}  # Vilnius's row matched nothing
    assert summary["agreements"]["created"] == 1
    assert (root / "data/cities/lodz.yaml").is_file()
    assert (root / "data/agreements/krakow-lodz-twinning.yaml").is_file()
    assert cli("validate", root=root).exit_code == 0
    agreements_name_cities_that_exist(root)


def test_a_pair_a_skipped_row_would_have_made_is_made_by_a_later_row(cli, make_registry,
                                                                     tmp_path):
    """The other way round: the skipped row's pair is not taken for recorded."""
    root = make_registry({f"data/cities/{LONG}.yaml": VILNIUS,
                          "data/cities/kaunas.yaml": "names: {en: Kaunas}\ncountry: LT\n"
                                                     "sources: [{title: t}]\n"})
    pairs = write_csv(tmp_path, "Vilnius,Lithuania,Riga,Latvia\nRiga,Latvia,Kaunas,Lithuania\n"
                                "Kaunas,Lithuania,Riga,Latvia\n")
    summary = cli("import", "pairs", str(pairs), "-f", "json", root=root).json()
    assert summary["skipped"]["reasons"] == {TOO_LONG: 1}
    assert summary["agreements"]["created"] == 1 and summary["agreements"][
        "confirmed_by_both"] == 1
    text = (root / "data/agreements/kaunas-riga-twinning.yaml").read_text(encoding="utf-8")
    assert "confirmed_by:\n- riga\n- kaunas\n" in text
    assert cli("validate", root=root).exit_code == 0
    agreements_name_cities_that_exist(root)


@pytest.mark.parametrize("option, value, said", [
    ("--source-url", "ftp://example.org/x",
     "--source-url 'ftp://example.org/x' cannot be an http(s) address in a record"),
    ("--source-url", "https://exa mple.org",
     "--source-url 'https://exa mple.org' cannot be an http(s) address in a record"),
    ("--source", "\x1b[31mred", "--source '\\x1b[31mred' cannot be a source's title in a record"),
])
def test_a_source_no_record_may_cite_is_misuse(cli, make_registry, tmp_path, option, value, said):
    """Issue 23: `--source-url ftp://…` ended in "internal error: AttributeError"."""
    root = make_registry()
    before = sorted(p.name for p in (root / "data").rglob("*"))
    pairs = write_csv(tmp_path, "Busan,South Korea,Osaka,Japan\n")
    run = cli("import", "pairs", str(pairs), option, value, root=root)
    assert run.exit_code == 2
    assert run.stderr == f"citynet: error: {said}\n"
    assert sorted(p.name for p in (root / "data").rglob("*")) == before


def test_every_skip_reason_is_counted(cli, make_registry, tmp_path):
    root = make_registry({f"data/cities/{LONG}.yaml": VILNIUS})
    pairs = write_csv(tmp_path, "".join([
        ",South Korea,Busan,South Korea\n",
        "Bad\x07Name,South Korea,Busan,South Korea\n",
        "Prizren,Kosovo,Busan,South Korea\n",
        "Busan,South Korea,Busan,South Korea\n",
        "Vilnius,Lithuania,Busan,South Korea\n",
        "Vilnius,Lithuania,Daegu,South Korea\n",
        "Busan,South Korea,Daegu,South Korea\n",
    ]))
    summary = cli("import", "pairs", str(pairs), "-f", "json", root=root).json()
    assert summary["skipped"]["reasons"] == {
        "a city or country is empty": 1, "a name holds a control character": 1,
        "'Kosovo' has no ISO 3166-1 country code": 1, "a city paired with itself": 1,
        TOO_LONG: 2}
    assert summary["skipped"]["rows"] == 6
    assert [d["row"] for d in summary["skipped"]["details"]] == [2, 3, 4, 5, 6, 7]
    assert summary["cities"]["created"] == 2 and summary["agreements"]["created"] == 1
    assert cli("validate", root=root).exit_code == 0
