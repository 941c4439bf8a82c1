"""citynet import pairs: country and city matching, one agreement per pair, idempotent."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from citynet.yaml import writer
from citynet.yaml.canonical import canonical_text
from citynet.edit.countries import UnknownCountry, country_code
from citynet.edit.pairs import normalise_city
from citynet.model.kinds import KINDS
from conftest import REPO

SAMPLE = REPO.parent / "shared" / "data" / "twin-cities-sample.csv"
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


@pytest.mark.parametrize(("name", "code"), [
    ("South Korea", "KR"), ("Vietnam", "VN"), ("Viet Nam", "VN"), ("Turkey", "TR"),
    ("England", "GB"), ("England, United Kingdom", "GB"), ("Scotland, United Kingdom", "GB"),
    ("Georgia (country)", "GE"), ("Georgia", "GE"), ("Ivory Coast", "CI"),
    ("São Tomé and Príncipe", "ST"), ("Algarve, Portugal", "PT"), ("Palestine", "PS"),
    ("Republic of Ireland", "IE"), ("East Timor", "TL"), ("Russia", "RU"), ("Taiwan", "TW"),
])
def test_country_names_map_to_iso_codes(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["Kosovo", "Northern Cyprus", "Atlantis", ""])
def test_countries_without_a_code_are_never_guessed(name):
    with pytest.raises(UnknownCountry):
        country_code(name)


@pytest.mark.parametrize(("raw", "normal"), [
    ("Seoul – Gangbuk", "Gangbuk (Seoul)"), ("Gangbuk (Seoul)", "Gangbuk (Seoul)"),
    ("  Neukölln   (Berlin) ", "Neukölln (Berlin)"), ("Świdnica (rural gmina)", "Świdnica (rural gmina)"),
    ("Buenos Aires", "Buenos Aires"),
])
def test_city_names_are_normalised(raw, normal):
    assert normalise_city(raw) == normal


def write_csv(tmp_path, rows):
    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_import_matches_creates_and_skips(cli, make_registry, tmp_path):
    root = make_registry()
    source = write_csv(tmp_path, [
        "Seoul,South Korea,37.56,126.97,Busan,South Korea,35.1,129.0\n",
        "Busan,South Korea,,,Seoul,South Korea,,\n",          # the same pair, reversed
        "Seoul – Gangbuk,South Korea,,,Taipei,Taiwan,,\n",
        "Gangbuk (Seoul),South Korea,,,Ottawa,Canada,,\n",    # the same district, spelled again
        "Taipei,Taiwan,,,Seoul,South Korea,,\n",              # already recorded (sister)
        "Prizren,Kosovo,,,Seoul,South Korea,,\n",             # no ISO code: skipped
        "Seoul,South Korea,,,Seoul,South Korea,,\n",          # a city with itself
    ])
    run = cli("import", "pairs", str(source), "--format", "json", root=root)
    assert run.exit_code == 0, run.stderr
    summary = run.json()
    assert summary["cities"] == {"created": 2, "matched": 3}  # busan, gangbuk; seoul, taipei, ottawa
    assert summary["agreements"] == {"created": 3, "existing": 1, "repeated_in_file": 0,
                                     "confirmed_by_both": 1}  # seoul-busan, listed both ways
    assert summary["skipped"]["reasons"] == {"'Kosovo' has no ISO 3166-1 country code": 1,
                                             "a city paired with itself": 1}
    busan = cli("show", "busan", "-f", "json", root=root).json()["record"]
    assert busan == {"id": "busan", "names": {"en": "Busan"}, "country": "KR",
                     "location": {"lat": 35.1, "lon": 129.0},
                     "sources": [{"title": "pairs.csv", "note": "Imported from a list of city "
                                  "pairs; the list writes the name 'Busan'."}]}
    assert cli("show", "gangbuk-seoul", "-f", "json", root=root).json()["record"]["names"] == {
        "en": "Gangbuk (Seoul)"}
    assert cli("validate", root=root).exit_code == 0
    assert cli("fmt", "--check", str(root / "data/cities/busan.yaml"), root=root).exit_code == 0


def test_import_again_is_a_no_op(cli, make_registry, tmp_path):
    root = make_registry()
    source = write_csv(tmp_path, ["Lyon,France,45.76,4.83,Seoul,South Korea,,\n"])
    cli("import", "pairs", str(source), root=root)
    files = sorted(p.name for p in (root / "data").rglob("*.yaml"))
    again = cli("import", "pairs", str(source), "--format", "json", root=root).json()
    assert again["cities"]["created"] == again["agreements"]["created"] == 0
    assert sorted(p.name for p in (root / "data").rglob("*.yaml")) == files


def test_dry_run_writes_nothing(cli, make_registry, tmp_path):
    root = make_registry()
    before = sorted(p.name for p in (root / "data").rglob("*.yaml"))
    source = write_csv(tmp_path, ["Lyon,France,,,Seoul,South Korea,,\n"])
    run = cli("import", "pairs", str(source), "--dry-run", root=root)
    assert "cities: would create 1" in run.stdout
    assert sorted(p.name for p in (root / "data").rglob("*.yaml")) == before


def test_ids_are_disambiguated_by_country(cli, make_registry, tmp_path):
    root = make_registry()
    source = write_csv(tmp_path, ["Paris,France,,,Seoul,South Korea,,\n",
                                  "Paris,United States,,,Seoul,South Korea,,\n"])
    cli("import", "pairs", str(source), root=root)
    # A name used in several countries takes the country for each (issue 17: order-free ids).
    assert (root / "data/cities/paris-fr.yaml").exists()
    assert (root / "data/cities/paris-us.yaml").exists()


@pytest.mark.parametrize(("content", "message"), [
    ("a,b\n1,2\n", "missing column(s) city1, country1, city2, country2"),
    (b"\xff\xfe\x00", "not a readable UTF-8 CSV"),
])
def test_bad_csv_is_misuse(cli, make_registry, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    run = cli("import", "pairs", str(path), root=make_registry())
    assert run.exit_code == 2 and message in run.stderr


def test_import_kind_must_be_known(cli, make_registry, tmp_path):
    source = write_csv(tmp_path, ["Lyon,France,,,Seoul,South Korea,,\n"])
    run = cli("import", "pairs", str(source), "--kind", "romance", root=make_registry())
    assert run.exit_code == 2 and "--kind 'romance'" in run.stderr


@pytest.mark.skipif(not SAMPLE.exists(), reason="the shared sample is not beside the project")
def test_the_real_sample_imports_into_a_new_registry(cli, tmp_path):
    root = tmp_path / "fresh"
    cli("init", str(root))
    summary = cli("import", "pairs", str(SAMPLE), "-f", "json", root=root).json()
    assert summary["rows"] == 1277
    assert summary["skipped"]["reasons"] == {"'Northern Cyprus' has no ISO 3166-1 country code": 3}
    agreements = summary["agreements"]
    assert agreements["created"] + agreements["repeated_in_file"] \
        + agreements["confirmed_by_both"] == 1274
    assert cli("validate", root=root).exit_code == 0
    assert cli("fmt", "--check", root=root).exit_code == 0
    again = cli("import", "pairs", str(SAMPLE), "-f", "json", root=root).json()
    assert again["cities"]["created"] == again["agreements"]["created"] == 0



NAME = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
               min_size=1, max_size=30).filter(lambda s: s.strip() == s and "\n" not in s)


@settings(max_examples=200, deadline=None)
@given(NAME, st.floats(-90, 90), st.floats(-180, 180))
def test_the_fast_writer_writes_the_canonical_form(name, lat, lon):
    record = {"id": "x", "names": {"en": name}, "country": "KR",
              "location": {"lat": lat, "lon": lon},
              "sources": [{"title": name, "note": f"The list writes the name {name!r}."}]}
    text = writer.dump(record)
    assert canonical_text(text, KINDS["cities"]) == text


