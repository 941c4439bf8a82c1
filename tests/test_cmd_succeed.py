"""`citynet succeed`: municipalities merged into (or renamed as) another, whose agreements
still in force it carries on; `list --city`, `report partners` and `show` follow them."""

from __future__ import annotations

from pathlib import Path

import pytest


def city(name: str, country: str = "FR") -> str:
    return f"names: {{en: {name}}}\ncountry: {country}\nsources: [{{title: t}}]\n"


def twinning(a: str, b: str, signed: str, extra: str = "") -> str:
    return f"kind: twinning\nparties: [{a}, {b}]\nsigned: {signed}\n{extra}sources: [{{title: t}}]\n"


FILES = {
    "data/cities/cherbourg.yaml": city("Cherbourg"),
    "data/cities/cherbourg-octeville.yaml": city("Cherbourg-Octeville"),
    "data/cities/cherbourg-en-cotentin.yaml": city("Cherbourg-en-Cotentin"),
    "data/cities/tourlaville.yaml": city("Tourlaville"),
    "data/cities/bremerhaven.yaml": city("Bremerhaven", "DE"),
    "data/cities/northeim.yaml": city("Northeim", "DE"),
    "data/cities/poole.yaml": city("Poole", "GB"),
    "data/agreements/bremerhaven-cherbourg-twinning.yaml":
        twinning("bremerhaven", "cherbourg", "1960-06-29"),
    "data/agreements/northeim-tourlaville-twinning.yaml":
        twinning("northeim", "tourlaville", "1967-07-19"),
    "data/agreements/poole-tourlaville-twinning.yaml":
        twinning("poole", "tourlaville", "1970", "lifecycle: [{step: terminated, date: 2010}]\n"),
}


@pytest.fixture
def root(make_registry) -> Path:
    return make_registry(FILES)


def succeed(cli, root, *args):
    run = cli("succeed", *args, "--source", "Partnerstadt Cherbourg-en-Cotentin", root=root)
    assert run.exit_code == 0, run.stderr
    return run


def listed(cli, root, *args):
    run = cli("list", "agreements", *args, "--fields", "id,partner.id", "-f", "json",
              root=root)
    assert run.exit_code == 0, run.stderr
    return run.json()


def test_succeed_records_the_predecessors_with_date_how_and_source(root, cli):
    run = succeed(cli, root, "cherbourg-en-cotentin", "--from", "cherbourg-octeville",
                  "--from", "tourlaville", "--date", "2016-01-01", "--source-url",
                  "https://www.bremerhaven.de/partnerstadt")
    assert run.stdout == ("cherbourg-en-cotentin succeeded cherbourg-octeville, tourlaville "
                          "(merged) on 2016-01-01: data/cities/cherbourg-en-cotentin.yaml\n")
    record = cli("show", "cherbourg-en-cotentin", "-f", "json", root=root).json()["record"]
    source = {"title": "Partnerstadt Cherbourg-en-Cotentin",
              "url": "https://www.bremerhaven.de/partnerstadt"}
    assert record["predecessors"] == [
        {"city": "cherbourg-octeville", "date": "2016-01-01", "how": "merged", "source": source},
        {"city": "tourlaville", "date": "2016-01-01", "how": "merged", "source": source}]
    assert cli("validate", root=root).exit_code == 0


def test_the_successor_lists_what_it_inherited_through_every_succession(root, cli):
    succeed(cli, root, "cherbourg-octeville", "--from", "cherbourg", "--date", "2000")
    succeed(cli, root, "cherbourg-en-cotentin", "--from", "cherbourg-octeville,tourlaville",
            "--date", "2016-01-01")
    assert listed(cli, root, "--city", "cherbourg-en-cotentin") == [
        {"id": "bremerhaven-cherbourg-twinning", "partner.id": "bremerhaven",
         "inherited_from": "cherbourg"},
        {"id": "northeim-tourlaville-twinning", "partner.id": "northeim",
         "inherited_from": "tourlaville"}]  # not Poole's: it ended in 2010, before the merger
    assert listed(cli, root, "--city", "cherbourg-octeville") == [
        {"id": "bremerhaven-cherbourg-twinning", "partner.id": "bremerhaven",
         "inherited_from": "cherbourg"}]
    assert [r["id"] for r in listed(cli, root, "--city", "cherbourg-en-cotentin",
                                    "--country", "DE", "--region", "europe")] == [
        "bremerhaven-cherbourg-twinning", "northeim-tourlaville-twinning"]
    assert listed(cli, root, "--city", "tourlaville") == [  # the predecessor's own, as stored
        {"id": "northeim-tourlaville-twinning", "partner.id": "northeim"},
        {"id": "poole-tourlaville-twinning", "partner.id": "poole"}]
    uncached = cli("--no-cache", "list", "agreements", "--city", "cherbourg-en-cotentin",
                   "-f", "csv", root=root).stdout
    assert uncached == cli("list", "agreements", "--city", "cherbourg-en-cotentin",
                           "-f", "csv", root=root).stdout
    assert "inherited_from" in uncached.splitlines()[0]


def test_the_partners_report_marks_what_is_inherited(root, cli):
    succeed(cli, root, "cherbourg-en-cotentin", "--from", "tourlaville", "--date",
            "2016-01-01")
    report = cli("report", "partners", "cherbourg-en-cotentin", "--lang", "fr", root=root)
    assert "Northeim (Allemagne) (signé en 1967-07-19) (hérité de Tourlaville)" in report.stdout
    assert "Poole" not in report.stdout
    data = cli("report", "partners", "cherbourg-en-cotentin", "-f", "json", root=root).json()
    [partner] = data["groups"][0]["twinning"]
    assert partner["inherited_from"]["id"] == "tourlaville" and partner["id"] == "northeim"


def test_show_links_both_ways(root, cli):
    succeed(cli, root, "cherbourg-en-cotentin", "--from", "tourlaville", "--date",
            "2016-01-01", "--renamed")
    new = cli("show", "cherbourg-en-cotentin", "-f", "json", root=root).json()["related"]
    assert [(p["id"], p["date"], p["how"]) for p in new["predecessors"]] == [
        ("tourlaville", "2016-01-01", "renamed")]
    old = cli("show", "tourlaville", root=root).stdout
    assert "successors (1):\n  cherbourg-en-cotentin: Cherbourg-en-Cotentin, FR, 2016-01-01, " \
           "renamed\n" in old


def test_an_agreement_signed_by_a_predecessor_after_its_end_is_refused(root, cli):
    before = (root / "data/cities/cherbourg-en-cotentin.yaml").read_bytes()
    run = cli("succeed", "cherbourg-en-cotentin", "--from", "tourlaville", "--date", "1960",
              "--source", "s", root=root)
    assert run.exit_code == 2
    assert ("after-succession: tourlaville ceased to be on 1960, succeeded by "
            "cherbourg-en-cotentin, so it cannot begin this agreement in 1967-07-19") in run.stderr
    assert (root / "data/cities/cherbourg-en-cotentin.yaml").read_bytes() == before


def test_validate_reports_an_agreement_after_the_succession(make_registry, cli):
    root = make_registry({**FILES, "data/cities/cherbourg-octeville.yaml": city(
        "Cherbourg-Octeville") + "predecessors: [{city: cherbourg, date: 2000-02-28, "
        "how: merged}]\n"})
    assert cli("validate", root=root).exit_code == 0
    (root / "data/agreements/cherbourg-poole-twinning.yaml").write_text(
        twinning("cherbourg", "poole", "2001"))
    run = cli("validate", root=root)
    assert run.exit_code == 1
    assert ("data/agreements/cherbourg-poole-twinning.yaml:3:9: error [after-succession] "
            "cherbourg ceased to be on 2000-02-28") in run.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("cherbourg-en-cotentn", "--from", "tourlaville"), "did you mean 'cherbourg-en-cotentin'?"),
    (("cherbourg-en-cotentin", "--from", "turlaville"), "--from: no city has the id "
                                                         "'turlaville'; did you mean"),
    (("cherbourg-en-cotentin", "--from", "cherbourg-en-cotentin"), "cannot succeed itself"),
    (("cherbourg-en-cotentin", "--from", "tourlaville", "--date", "1er janvier"),
     "--date '1er janvier' is not a date"),
    (("cherbourg-en-cotentin", "--from", " , "), "name at least one city it succeeded"),
])
def test_misuse_is_exit_2_and_writes_nothing(root, cli, args, message):
    if "--date" not in args:
        args = (*args, "--date", "2016-01-01")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    run = cli("succeed", *args, "--source", "s", root=root)
    assert run.exit_code == 2, run.stdout
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_a_predecessor_named_twice_is_refused_and_dry_run_writes_nothing(root, cli):
    dry = cli("succeed", "cherbourg-en-cotentin", "--from", "tourlaville", "--date", "2016",
              "--source", "s", "--dry-run", root=root)
    assert dry.exit_code == 0 and "+predecessors:\n+- city: tourlaville\n" in dry.stdout
    assert "predecessors" not in (root / "data/cities/cherbourg-en-cotentin.yaml").read_text()
    succeed(cli, root, "cherbourg-en-cotentin", "--from", "tourlaville", "--date", "2016")
    again = cli("succeed", "cherbourg-en-cotentin", "--from", "tourlaville", "--date", "2016",
                "--source", "s", root=root)
    assert again.exit_code == 2 and "already names tourlaville" in again.stderr


def test_a_city_that_is_its_own_predecessor_is_a_problem(make_registry, cli):
    root = make_registry({"data/cities/poole.yaml": city("Poole", "GB") + (
        "predecessors: [{city: poole, date: 2019, how: renamed}]\n")})
    run = cli("validate", root=root)
    assert run.exit_code == 1 and "[after-succession] a city is not its own predecessor" \
        in run.stdout


def test_renaming_a_predecessor_renames_it_in_predecessors(root, cli):
    succeed(cli, root, "cherbourg-en-cotentin", "--from", "tourlaville", "--date", "2016")
    assert cli("rename", "city", "tourlaville", "tourlaville-50", root=root).exit_code == 0
    text = (root / "data/cities/cherbourg-en-cotentin.yaml").read_text()
    assert "- city: tourlaville-50\n" in text
    assert cli("validate", root=root).exit_code == 0


def test_a_city_renamed_back_is_followed_once(make_registry, cli):
    """Chemnitz became Karl-Marx-Stadt in 1953 and Chemnitz again in 1990: a cycle of
    successions ends, and each agreement is listed once."""
    root = make_registry({
        "data/cities/chemnitz.yaml": city("Chemnitz", "DE") + (
            "predecessors: [{city: karl-marx-stadt, date: 1990, how: renamed}]\n"),
        "data/cities/karl-marx-stadt.yaml": city("Karl-Marx-Stadt", "DE") + (
            "predecessors: [{city: chemnitz, date: 1953, how: renamed}]\n"),
        "data/cities/tampere.yaml": city("Tampere", "FI"),
        "data/agreements/karl-marx-stadt-tampere-twinning.yaml":
            twinning("karl-marx-stadt", "tampere", "1961")})
    assert [r["id"] for r in listed(cli, root, "--city", "chemnitz")] == [
        "karl-marx-stadt-tampere-twinning"]
    assert listed(cli, root, "--city", "karl-marx-stadt") == [
        {"id": "karl-marx-stadt-tampere-twinning", "partner.id": "tampere",
         "inherited_from": None}]


def test_renaming_a_party_renames_it_where_it_decided_a_step(root, cli):
    path = root / "data/agreements/northeim-tourlaville-twinning.yaml"
    path.write_text(path.read_text().replace(
        "sources:", "lifecycle: [{step: suspended, date: 2020, by: [tourlaville]}]\nsources:"))
    assert cli("rename", "city", "tourlaville", "tourlaville-50", root=root).exit_code == 0
    moved = root / "data/agreements/northeim-tourlaville-50-twinning.yaml"
    assert "by: [tourlaville-50]" in moved.read_text()
    assert cli("validate", root=root).exit_code == 0
