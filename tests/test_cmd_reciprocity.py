"""Both sides of an agreement: confirmed_by, import direction, the reciprocity report,
`list --confirmed`, the export column and the opt-in one-sided-agreement check."""

import csv

import pytest

from conftest import SHIPPED

LANGS = ["en", "fr", "es", "pt", "vi"]
HEADER = "city1,country1,city2,country2\n"
CITY = "names: {{en: {name}}}\ncountry: {country}\nsources: [{{title: t}}]\n"


def _agreement(parties, confirmed=None):
    line = f"confirmed_by: [{', '.join(confirmed)}]\n" if confirmed is not None else ""
    return f"kind: sister\nparties: [{', '.join(parties)}]\n{line}sources: [{{title: t}}]\n"


@pytest.fixture
def confirmations(make_registry):
    """Seoul–Taipei confirmed by both, Seoul–Ottawa by Seoul, Paris–Ottawa by none."""
    return make_registry({
        "data/cities/paris.yaml": CITY.format(name="Paris", country="FR"),
        "data/agreements/seoul-taipei-sister.yaml": _agreement(["seoul", "taipei"],
                                                               ["taipei", "seoul"]),
        "data/agreements/seoul-ottawa-friendship.yaml": _agreement(["seoul", "ottawa"],
                                                                   ["seoul"]),
        "data/agreements/paris-ottawa-sister.yaml": _agreement(["paris", "ottawa"]),
    })


def test_import_keeps_each_rows_direction_and_records_who_confirms(cli, make_registry, tmp_path):
    root = make_registry(base=False)
    rows = tmp_path / "pairs.csv"
    rows.write_text(HEADER + "Lyon,France,Turin,Italy\nTurin,Italy,Lyon,France\n"
                    "Nantes,France,Cardiff,United Kingdom\nNantes,France,Cardiff,"
                    "United Kingdom\nJena,Germany,Lyon,France\n", encoding="utf-8")
    run = cli("import", "pairs", str(rows), "-f", "json", root=root)
    assert run.exit_code == 0, run.stderr
    agreements = run.json()["agreements"]
    assert (agreements["created"], agreements["confirmed_by_both"],
            agreements["repeated_in_file"]) == (3, 1, 1)
    listed = {a["id"]: a for a in cli("list", "agreements", "-f", "json", root=root).json()}
    assert listed["lyon-turin-twinning"]["parties"] == ["lyon", "turin"]
    assert listed["lyon-turin-twinning"]["confirmed_by"] == ["lyon", "turin"]
    assert listed["jena-lyon-twinning"]["parties"] == ["jena", "lyon"]  # the list's order
    assert listed["jena-lyon-twinning"]["confirmed_by"] == ["jena"]
    assert cli("validate", root=root).exit_code == 0


def test_the_import_summary_counts_pairs_listed_both_ways(cli, make_registry, tmp_path):
    rows = tmp_path / "pairs.csv"
    rows.write_text(HEADER + "Lyon,France,Turin,Italy\nTurin,Italy,Lyon,France\n",
                    encoding="utf-8")
    run = cli("import", "pairs", str(rows), "--dry-run", root=make_registry(base=False))
    assert "1 confirmed by both sides" in run.stdout
    assert "0 rows repeating a pair the same way" in run.stdout


@pytest.mark.parametrize(("level", "ids"), [
    ("both", ["seoul-taipei-sister"]), ("one", ["seoul-ottawa-friendship"]),
    ("none", ["paris-ottawa-sister"]), ("both,none", ["paris-ottawa-sister",
                                                      "seoul-taipei-sister"]),
])
def test_list_filters_agreements_by_how_many_sides_confirm(cli, confirmations, level, ids):
    run = cli("list", "agreements", "--confirmed", level, "-f", "json", root=confirmations)
    assert [a["id"] for a in run.json()] == ids


def test_list_refuses_a_confirmation_level_that_does_not_exist(cli, confirmations):
    run = cli("list", "agreements", "--confirmed", "bath", root=confirmations)
    assert run.exit_code == 2
    assert "did you mean 'both'" in run.stderr
    assert cli("list", "cities", "--confirmed", "both", root=confirmations).exit_code == 2


def test_export_has_the_confirmation_columns(cli, confirmations, tmp_path):
    assert cli("export", "-f", "csv", "--output", str(tmp_path / "csv"),
               root=confirmations).exit_code == 0
    with open(tmp_path / "csv" / "agreements.csv", encoding="utf-8") as stream:
        rows = {row["id"]: row for row in csv.DictReader(stream)}
    assert rows["seoul-taipei-sister"]["confirmed"] == "both"
    assert rows["seoul-ottawa-friendship"]["confirmed"] == "one"
    assert rows["seoul-ottawa-friendship"]["confirmed_by"] == '["seoul"]'
    assert rows["paris-ottawa-sister"]["confirmed"] == "none"


def test_one_sided_agreements_are_reported_only_when_selected(cli, confirmations):
    assert "one-sided-agreement" not in cli("validate", root=confirmations).stdout
    run = cli("validate", "--select", "one-sided-agreement", root=confirmations)
    found = [line for line in run.stdout.splitlines() if "one-sided-agreement" in line]
    assert len(found) == 2 and all("warning" in line for line in found)
    assert not any("seoul-taipei" in line for line in found)


def test_a_confirmation_by_a_city_that_is_not_a_party_is_an_error(cli, make_registry):
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          _agreement(["seoul", "taipei"], ["ottawa"])})
    run = cli("validate", root=root)
    assert run.exit_code == 1
    assert "confirmer-not-party" in run.stdout and "'ottawa'" in run.stdout


def test_the_report_counts_by_country_and_overall(cli, confirmations):
    data = cli("report", "reciprocity", "-f", "json", root=confirmations).json()
    assert data["totals"] == {"both": 1, "one": 1, "none": 1, "all": 3}
    by_country = {c["country"]: (c["all"], c["both"], c["one"], c["none"])
                  for c in data["countries"]}
    assert by_country == {"KR": (2, 1, 1, 0), "TW": (1, 1, 0, 0), "CA": (2, 0, 1, 1),
                          "FR": (1, 0, 0, 1)}
    [one] = data["one_sided"]
    assert ([c["id"] for c in one["confirmed_by"]], [c["id"] for c in one["unconfirmed"]]) \
        == (["seoul"], ["ottawa"])


def test_the_report_for_one_country(cli, confirmations):
    data = cli("report", "reciprocity", "--country", "fr", "-f", "json",
               root=confirmations).json()
    assert data["country"]["code"] == "FR"
    assert data["totals"] == {"both": 0, "one": 0, "none": 1, "all": 1}
    assert [c["country"] for c in data["countries"]] == ["FR"]
    text = cli("report", "reciprocity", "--country", "CA", root=confirmations).stdout
    assert text.startswith("# Reciprocity of the agreements of cities in Canada\n")
    assert "| Seoul (South Korea) | Ottawa (Canada) |" in text


@pytest.mark.parametrize("args", [
    ("report", "reciprocity", "seoul"), ("report", "reciprocity", "--country", "Frnace"),
    ("report", "partners", "seoul", "--country", "KR"),
])
def test_report_misuse_is_one_line(cli, confirmations, args):
    run = cli(*args, root=confirmations)
    assert run.exit_code == 2
    assert len(run.stderr.strip().splitlines()) == 1


def test_seouls_page_confirms_all_57_of_its_agreements(cli):
    data = cli("report", "reciprocity", "--country", "KR", "-f", "json", root=SHIPPED).json()
    assert data["totals"] == {"both": 0, "one": 57, "none": 0, "all": 57}
    assert all([c["id"] for c in a["confirmed_by"]] == ["seoul"] for a in data["one_sided"])


@pytest.mark.parametrize("lang", LANGS)
def test_golden_reciprocity_on_shipped_data(cli, golden, lang):
    run = cli("report", "reciprocity", "--country", "FR", "--lang", lang, root=SHIPPED)
    assert run.exit_code == 0, run.stderr
    golden(f"reciprocity-FR.{lang}.md", run.stdout, lang=lang)
