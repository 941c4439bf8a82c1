"""`import pairs` makes ids people can read, the same whatever the row order (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from citynet.edit.countries import country_code
from citynet.query.spelling import slug

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def write_csv(tmp_path: Path, rows: list[str], name: str = "pairs.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def city_ids(root: Path) -> set[str]:
    return {p.stem for p in (root / "data/cities").glob("*.yaml")}


@pytest.mark.parametrize(("name", "country", "expected"), [
    ("Łódź", "Poland", "lodz"), ("Tromsø", "Norway", "tromso"),
    ("København", "Denmark", "kobenhavn"), ("北京", "China", "beijing"),
])
def test_names_outside_ascii_are_transliterated(cli, make_registry, tmp_path, name, country,
                                                expected):
    root = make_registry()
    source = write_csv(tmp_path, [f"{name},{country},,,Seoul,South Korea,,\n"])
    assert cli("import", "pairs", str(source), root=root).exit_code == 0
    assert expected in city_ids(root)


def test_two_spellings_of_one_city_are_one_city(cli, make_registry, tmp_path):
    root = make_registry()
    source = write_csv(tmp_path, ["Lodz,Poland,,,Seoul,South Korea,,\n",
                                  "Łódź,Poland,,,Taipei,Taiwan,,\n"])
    cli("import", "pairs", str(source), root=root)
    assert city_ids(root) - {"seoul", "taipei", "ottawa"} == {"lodz"}
    # The record keeps the spelling in the city's own script, whichever row came first.
    assert "en: Łódź" in (root / "data/cities/lodz.yaml").read_text(encoding="utf-8")


def test_ids_do_not_depend_on_row_order(cli, make_registry, tmp_path):
    rows = ["San Francisco,Argentina,,,Seoul,South Korea,,\n",
            "San Francisco,United States,,,Taipei,Taiwan,,\n",
            "Springfield,United States,,,Seoul,South Korea,,\n"]
    made = []
    for order, name in ((rows, "a"), (rows[::-1], "b")):
        root = make_registry()
        source = write_csv(tmp_path, order, f"{name}.csv")
        assert cli("import", "pairs", str(source), root=root).exit_code == 0
        made.append(city_ids(root))
        for path in (root / "data").rglob("*.yaml"):
            path.unlink()
    assert made[0] == made[1]
    assert {"san-francisco-ar", "san-francisco-us", "springfield"} <= made[0]


def test_a_very_long_name_gets_a_short_id_with_a_hash(cli, make_registry, tmp_path):
    root = make_registry()
    long_name = "Llanfair " * 28
    source = write_csv(tmp_path, [f"{long_name.strip()},Wales,,,Seoul,South Korea,,\n"])
    result = cli("import", "pairs", str(source), root=root)
    assert result.exit_code == 0, result.stderr
    new = city_ids(root) - {"seoul", "taipei", "ottawa"}
    assert len(new) == 1
    made = new.pop()
    assert len(made) <= 40 and made.startswith("llanfair-llanfair")
    assert cli("validate", root=root).exit_code == 0


def test_long_names_sharing_a_beginning_get_different_ids():
    assert slug("a" * 60 + " north") != slug("a" * 60 + " south")


@pytest.mark.parametrize(("written", "code"), [
    ("Republic of Korea", "KR"), ("Korea, South", "KR"), ("Korea, North", "KP"),
    ("Bavaria, Germany", "DE"),
])
def test_country_names_the_lists_use(written, code):
    assert country_code(written) == code


def test_korea_south_rows_are_imported(cli, make_registry, tmp_path):
    root = make_registry()
    source = write_csv(tmp_path, ['Busan,"Korea, South",,,Taipei,Taiwan,,\n'])
    result = cli("import", "pairs", str(source), "--format", "json", root=root)
    assert result.json()["skipped"]["rows"] == 0
    assert "country: KR" in (root / "data/cities/busan.yaml").read_text(encoding="utf-8")


def test_an_alias_maps_a_later_import_to_its_city(cli, make_registry, tmp_path):
    root = make_registry({"data/cities/lodz.yaml": (
        "names: {en: Łódź}\ncountry: PL\naliases: [odz]\nsources: [{title: t}]\n")})
    (root / "data/cities/lodz.yaml").rename(root / "data/cities/lodz-city.yaml")
    source = write_csv(tmp_path, ["Odz,Poland,,,Seoul,South Korea,,\n"])
    cli("import", "pairs", str(source), root=root)
    assert "odz" not in city_ids(root)
    assert (root / "data/agreements/lodz-city-seoul-twinning.yaml").exists()
