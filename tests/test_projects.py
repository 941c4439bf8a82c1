"""Cooperation projects: a city transferring a policy or a system to others (issue 27.3).

Every command reads the kind's declaration; these tests drive each one through the CLI on a
scratch registry: validate (schema, references, country codes, dates), list and its filters,
show (a city shows the projects it provides and receives), export and schema.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

BANGKOK = """\
names: {en: Bangkok, fr: Bangkok}
country: TH
sources: [{title: Diplomatie de la ville}]
"""

WORLD_BANK = """\
names: {en: World Bank}
sources: [{title: a source}]
"""

CARD = """\
names:
  en: Consultation on Bangkok's transport card system
  fr: la consultation du système d'une carte de transport de Bangkok (Thaïlande)
provider: seoul
recipients: [bangkok]
countries: [TH]
sector: transport
since: 2014
partners: [world-bank]
sources: [{title: Diplomatie de la ville, as_of: 2017-03}]
"""

COLOMBIA = """\
names: {en: Urban disaster prevention system for Colombia}
provider: seoul
countries: [CO]
sector: e-government
sources: [{title: Diplomatie de la ville}]
"""


@pytest.fixture
def root(make_registry):
    return make_registry({
        "data/cities/bangkok.yaml": BANGKOK,
        "data/organisations/world-bank.yaml": WORLD_BANK,
        "data/projects/seoul-bangkok-card.yaml": CARD,
        "data/projects/seoul-colombia-disasters.yaml": COLOMBIA,
    })


def problems(cli, root):
    run = cli("validate", "--format", "json", root=root)
    return run.exit_code, [(p["code"], p["path"].rsplit("/", 1)[-1], p["line"], p["message"])
                           for p in run.json()["problems"]]


def test_valid_projects_pass(cli, root):
    assert problems(cli, root) == (0, [])


@pytest.mark.parametrize(("text", "code", "line", "message"), [
    ("recipients: [bangkok, seoul]", "schema", 3,
     "seoul is the provider: a project goes from one city to others"),
    ("recipients: [bangkok, bangkok]", "schema", 3, "bangkok is listed twice"),
    ("recipients: [bangkok]\nsector: transprt", "schema", 4, "'transport', 'water-works'"),
    ("recipients: [nowhere]", "dangling-ref", 3, "no city with that id"),
    ("partners: [nobody]", "dangling-ref", 3, "no organisation with that id"),
    ("countries: [XX]", "unknown-country", 3, "'XX' is not an ISO 3166-1 alpha-2"),
    ("since: 2015\nuntil: 2014-06", "date-order", 4, "until 2014-06 comes before since 2015"),
    ("provider: seoul", "schema", 1, "names"),
])
def test_bad_projects_are_reported_where_they_are(cli, root, text, code, line, message):
    body = ("names: {en: A project}\n" if "names" not in message else "") + \
        ("provider: seoul\n" if not text.startswith("provider") else "") + text + \
        "\nsources: [{title: a source}]\n"
    (root / "data/projects/bad.yaml").write_text(body, encoding="utf-8")
    status, found = problems(cli, root)
    assert status == 1
    assert [(c, f, n) for c, f, n, _ in found] == [(code, "bad.yaml", line)], found
    assert message in found[0][3]


def test_provider_is_required(cli, root):
    (root / "data/projects/bad.yaml").write_text("names: {en: P}\nsources: [{title: t}]\n",
                                                 encoding="utf-8")
    status, found = problems(cli, root)
    assert status == 1 and found[0][:2] == ("schema", "bad.yaml")
    assert "provider" in found[0][3]


def test_list_and_its_filters(cli, root):
    def ids(*options):
        run = cli("list", "projects", *options, "--format", "json", root=root)
        assert run.exit_code == 0, run.stderr
        return [p["id"] for p in run.json()]

    both = ["seoul-bangkok-card", "seoul-colombia-disasters"]
    assert ids() == both
    assert ids("--city", "seoul") == both  # the provider's projects
    assert ids("--city", "bangkok") == ["seoul-bangkok-card"]  # a recipient's
    assert ids("--country", "co") == ["seoul-colombia-disasters"]
    assert ids("--region", "americas") == ["seoul-colombia-disasters"]
    assert ids("--organisation", "world-bank") == ["seoul-bangkok-card"]
    assert ids("--since", "2014") == ["seoul-bangkok-card"]
    table = cli("list", "project", "--format", "csv", root=root).stdout.splitlines()
    assert table[0] == "id,sector,provider,recipients,countries,since,until"
    assert table[1] == "seoul-bangkok-card,transport,seoul,bangkok,TH,2014,"


def test_list_refuses_what_cannot_match(cli, root):
    unknown = cli("list", "projects", "--city", "bangkk", root=root)
    assert unknown.exit_code == 2 and "no city has the id 'bangkk'" in unknown.stderr
    assert "did you mean 'bangkok'" in unknown.stderr
    assert cli("list", "projects", "--role", "founder", root=root).exit_code == 2


def test_a_city_shows_the_projects_it_provides_and_receives(cli, root):
    seoul = cli("show", "seoul", "--format", "json", root=root).json()["related"]["projects"]
    assert [p["id"] for p in seoul] == ["seoul-bangkok-card", "seoul-colombia-disasters"]
    [card] = cli("show", "bangkok", "--format", "json", root=root).json()["related"]["projects"]
    assert card == {"id": "seoul-bangkok-card",
                    "name": "Consultation on Bangkok's transport card system",
                    "sector": "transport", "provider": {"id": "seoul", "name": "Seoul",
                                                        "country": "KR"},
                    "recipients": ["bangkok"], "countries": ["TH"], "since": "2014",
                    "until": None}
    text = cli("show", "bangkok", root=root).stdout
    assert "projects (1):\n  seoul-bangkok-card: Consultation on Bangkok's transport card " \
           "system, transport, Seoul [seoul] (KR), bangkok, TH, 2014" in text
    bank = cli("show", "world-bank", "--format", "json", root=root).json()["related"]
    assert [p["id"] for p in bank["projects"]] == ["seoul-bangkok-card"]


def test_a_project_shows_its_cities_and_partners(cli, root):
    view = cli("show", "seoul-bangkok-card", "--format", "json", root=root).json()
    assert view["kind"] == "project"
    assert view["related"]["provider"]["name"] == "Seoul"
    assert [c["id"] for c in view["related"]["recipients"]] == ["bangkok"]
    assert view["related"]["partners"][0]["name"] == "World Bank"


def test_a_missing_recipient_is_shown_as_missing(cli, root):
    (root / "data/cities/bangkok.yaml").unlink()
    run = cli("show", "seoul-bangkok-card", "--format", "json", root=root)
    assert run.json()["related"]["recipients"] == [
        {"id": "bangkok", "name": "bangkok", "country": None, "missing": True}]


def test_export_has_projects_and_their_long_tables(cli, root, tmp_path):
    out = tmp_path / "all.json"
    assert cli("export", "--format", "json", "--output", str(out), root=root).exit_code == 0
    projects = json.loads(out.read_text(encoding="utf-8"))["projects"]
    assert [p["id"] for p in projects] == ["seoul-bangkok-card", "seoul-colombia-disasters"]
    folder = tmp_path / "csv"
    assert cli("export", "--format", "csv", "--output", str(folder), root=root).exit_code == 0
    assert (folder / "projects.csv").read_text().splitlines()[0] == \
        "id,name,provider,sector,since,until,notes"
    assert (folder / "project_recipients.csv").read_text().splitlines() == [
        "project,position,city", "seoul-bangkok-card,1,bangkok"]
    assert (folder / "project_countries.csv").read_text().splitlines()[1:] == [
        "seoul-bangkok-card,1,TH", "seoul-colombia-disasters,1,CO"]
    assert (folder / "project_partners.csv").read_text().splitlines()[1:] == [
        "seoul-bangkok-card,world-bank"]
    database = tmp_path / "all.db"
    assert cli("export", "--format", "sqlite", "--output", str(database),
               root=root).exit_code == 0
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA foreign_keys = ON")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = db.execute("PRAGMA foreign_key_list(projects)").fetchall()
        assert [(k[2], k[3]) for k in keys] == [("cities", "provider")]
        assert db.execute("SELECT city FROM project_recipients").fetchall() == [("bangkok",)]


def test_a_project_naming_a_broken_city_is_left_out_of_exports(cli, root, tmp_path):
    (root / "data/cities/bangkok.yaml").write_text("names: {en: Bangkok}\n", encoding="utf-8")
    out = tmp_path / "all.json"
    run = cli("export", "--format", "json", "--output", str(out), root=root)
    assert run.exit_code == 0
    assert [p["id"] for p in json.loads(out.read_text())["projects"]] == [
        "seoul-colombia-disasters"]
    assert "seoul-bangkok-card" in run.stderr


def test_schema_lists_the_sectors(cli, root):
    schema = cli("schema", "--kind", "project", root=root).json()
    assert schema["required"] == ["names", "provider"]
    assert "water-works" in schema["$defs"]["ProjectSector"]["enum"]


def test_new_writes_a_project_from_its_declared_fields(cli, root):
    run = cli("new", "project", "--id", "seoul-manila-rail", "--name", "Light rail of Manila",
              "--name", "fr=le métro léger de Manille, Philippines", "--provider", "seoul",
              "--recipient", "bangkok", "--country", "th", "--sector", "urban-rail",
              "--since", "2015", "--partner", "world-bank", "--source", "Diplomatie de la ville",
              root=root)
    assert run.exit_code == 0, run.stderr
    text = (root / "data/projects/seoul-manila-rail.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: seoul-manila-rail\nnames:\n  en: Light rail of Manila\n"
                           "  fr: le métro léger de Manille, Philippines\nprovider: seoul\n"
                           "recipients:\n- bangkok\ncountries:\n- TH\nsector: urban-rail\n")
    [made] = cli("list", "projects", "--city", "seoul", "--organisation", "world-bank",
                 "--since", "2015", "--format", "json", root=root).json()
    assert made["id"] == "seoul-manila-rail"
    assert problems(cli, root) == (0, [])


def test_new_refuses_a_project_that_would_not_validate(cli, root):
    run = cli("new", "project", "--id", "p", "--name", "P", "--provider", "seoul",
              "--recipient", "seoul", "--source", "a source", root=root)
    assert run.exit_code == 2
    assert "[schema] recipients: seoul is the provider" in run.stderr
    assert not (root / "data/projects/p.yaml").exists()


def test_new_refuses_a_project_without_its_provider(cli, root):
    run = cli("new", "project", "--id", "p", "--name", "P", "--sector", "transport",
              "--source", "a source", root=root)
    assert run.exit_code == 2 and "needs --provider" in run.stderr
    assert not (root / "data/projects/p.yaml").exists()
