"""`citynet duplicates`: pairs of cities that may be one place, and `--distinct` (issue 17)."""

from __future__ import annotations

from citynet.query.duplicates import duplicates
from citynet.store.registry import load


def city(name: str, country: str = "PL", extra: str = "") -> str:
    return f"names: {{en: {name}}}\ncountry: {country}\n{extra}sources: [{{title: t}}]\n"


def pairs(result) -> dict[tuple[str, str], set[str]]:
    return {(p["a"], p["b"]): {r["rule"] for r in p["reasons"]} for p in result.json()}


def test_each_rule_proposes_its_pair(cli, make_registry):
    root = make_registry({
        "data/cities/lodz.yaml": city("Łódź"),
        "data/cities/lodz-pl.yaml": city("Lodz"),
        "data/cities/krakow.yaml": city("Kraków"),
        "data/cities/krakow-old-town.yaml": city("Old Town (Kraków)"),
        "data/cities/wroclaw.yaml": city("Wroclaw"),
        "data/cities/wroclav.yaml": city("Wroclav"),
        "data/cities/gdansk.yaml": city("Gdańsk", extra="location: {lat: 54.35, lon: 18.65}\n"),
        "data/cities/danzig.yaml": city("Danzig", extra="location: {lat: 54.36, lon: 18.64}\n"),
    })
    result = cli("duplicates", "--format", "json", root=root)
    assert result.exit_code == 1
    found = pairs(result)
    assert found[("lodz", "lodz-pl")] == {"same-name"}
    assert found[("krakow", "krakow-old-town")] == {"contains"}
    assert found[("wroclav", "wroclaw")] == {"close-spelling"}
    assert found[("danzig", "gdansk")] == {"nearby"}
    assert len(found) == 4  # Seoul, Taipei, Ottawa and unrelated Polish cities are not proposed


def test_only_cities_of_one_country_are_compared(cli, make_registry):
    root = make_registry({"data/cities/seoul-pl.yaml": city("Seoul", "PL")})
    result = cli("duplicates", root=root)
    assert result.exit_code == 0
    assert result.stdout == "0 pairs to look at\n"


def test_country_option_limits_the_search(cli, make_registry):
    root = make_registry({"data/cities/lodz.yaml": city("Łódź"),
                          "data/cities/lodz-pl.yaml": city("Lodz"),
                          "data/cities/seoul-2.yaml": city("Séoul", "KR")})
    assert set(pairs(cli("duplicates", "--country", "kr", "-f", "json", root=root))) == {
        ("seoul", "seoul-2")}
    text = cli("duplicates", "--country", "PL", root=root).stdout
    assert text.splitlines() == ["lodz  lodz-pl  PL  same-name: lodz", "1 pair to look at"]


def test_distinct_pairs_are_never_proposed_again(cli, make_registry):
    root = make_registry({"data/cities/lodz.yaml": city("Łódź"),
                          "data/cities/lodz-pl.yaml": city("Lodz")})
    result = cli("duplicates", "--distinct", "lodz-pl", "lodz", root=root)
    assert result.exit_code == 0
    assert "distinct_from:\n- lodz\n" in (root / "data/cities/lodz-pl.yaml").read_text()
    assert cli("duplicates", root=root).exit_code == 0
    assert cli("validate", root=root).exit_code == 0
    again = cli("duplicates", "--distinct", "lodz", "lodz-pl", root=root)
    assert "already recorded" in again.stdout


def test_distinct_refuses_an_unknown_city(cli, make_registry):
    root = make_registry()
    result = cli("duplicates", "--distinct", "seoul", "seol", root=root)
    assert result.exit_code == 2
    assert "no city has the id 'seol'" in result.stderr


def test_distinct_from_must_name_a_city(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": city("Oslo", "NO", "distinct_from: [oslo-2]\n")})
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert "dangling-ref" in result.stdout


def test_library_returns_reasons_with_details(make_registry):
    root = make_registry({"data/cities/seoul-2.yaml": city("서울", "KR")})
    registry, _ = load(root)
    (found,) = duplicates(registry)
    assert (found.a, found.b, found.country) == ("seoul", "seoul-2", "KR")
    assert found.reasons == (("same-name", "seoul"),)
