"""`export` in the field's standards: a Frictionless Data Package that `frictionless validate`
passes, Popolo valid against Popolo's own JSON Schemas (tests/fixtures/popolo), and Wikidata
QuickStatements with a reference on every statement; each carries lifecycles, successions
and projects."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

POPOLO = Path(__file__).parent / "fixtures" / "popolo"

FILES = {
    "data/cities/seoul.yaml": "names: {en: Seoul, fr: Séoul}\ncountry: KR\nwikidata: Q8684\n"
                              "location: {lat: 37.57, lon: 126.98}\nsources: [{title: t}]\n",
    "data/cities/taipei.yaml": "names: {en: Taipei}\ncountry: TW\nwikidata: Q1867\n"
                               "sources: [{title: t}]\n",
    "data/cities/ottawa.yaml": "names: {en: Ottawa}\ncountry: CA\nwikidata: Q1930\n"
                               "sources: [{title: t}]\n",
    "data/cities/bytown.yaml": "names: {en: Bytown}\ncountry: CA\nwikidata: Q4984\n"
                               "sources: [{title: t}]\n",
    "data/cities/carleton.yaml": "names: {en: Carleton}\ncountry: CA\nsources: [{title: t}]\n",
    "data/agreements/seoul-taipei-sister.yaml":
        "kind: sister\nparties: [seoul, taipei]\nsigned: 1968\nlifecycle:\n"
        "- step: suspended\n  date: 2022-03-07\n  by: [seoul]\n  reason: the council voted\n"
        "  source: {title: Council minutes, as_of: 2022-03}\n"
        "sources:\n- {title: Diplomatie de la ville, url: 'https://fr.seoul.go.kr/Séoul?a=\"b\"'}\n",
    "data/agreements/ottawa-seoul-friendship.yaml":
        "kind: friendship\nparties: [seoul, ottawa]\nsigned: 1997-06\nlifecycle:\n"
        "- {step: terminated, date: 2020, by: [ottawa, seoul]}\n"
        "sources: [{title: A book, as_of: 2021}]\n",
    "data/organisations/net.yaml": "names: {en: Net}\nkind: network\nfounded: 1987\n"
                                   "headquarters: seoul\nposts:\n"
                                   "- {label: {en: City Chair}, role: chair, area: member-city}\n"
                                   "sources: [{title: t, url: 'https://net.example/'}]\n",
    "data/memberships/seoul-net.yaml":
        "member: seoul\norganisation: net\nsince: 1989\nroles: [{role: founder, since: 1989}]\n"
        "lifecycle:\n- {step: suspended, date: 2022, by: [organisation], reason: expelled}\n"
        "- {step: terminated, date: 2022-05, by: [organisation]}\nsources: [{title: t}]\n",
    "data/projects/seoul-taipei-cards.yaml":
        "names: {en: Transport card}\nprovider: seoul\nrecipients: [taipei]\nsince: 2005\n"
        "partners: [net]\nsources: [{title: t}]\n",
}
SUCCESSION = ("predecessors:\n- {city: bytown, date: 1855, how: renamed, "
              "source: {title: Ottawa history, url: 'https://ottawa.example/history'}}\n"
              "- {city: carleton, date: 2001-01-01, how: merged}\n")


@pytest.fixture
def root(make_registry) -> Path:
    root = make_registry(FILES, base=False)
    ottawa = root / "data/cities/ottawa.yaml"
    ottawa.write_text(ottawa.read_text() + SUCCESSION)
    return root


def export(cli, root, fmt, target, *extra):
    run = cli("export", "-f", fmt, "--output", str(target), *extra, root=root)
    assert run.exit_code == 0, run.stderr
    return run


def frictionless(*args: str) -> subprocess.CompletedProcess[str]:
    """The frictionless command line installed beside this Python (the test extra's)."""
    command = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert command, "frictionless is in the test extra: pip install -e '.[test]'"
    return subprocess.run([command, *args], capture_output=True, text=True, timeout=300)


# -- the data package -----------------------------------------------------------------------

def test_the_data_package_passes_frictionless_validate(cli, root, tmp_path):
    target = tmp_path / "package"
    run = export(cli, root, "datapackage", target, "--license", "CC-BY-4.0")
    assert run.stdout.startswith(f"{target}: 5 cities")
    checked = frictionless("validate", str(target / "datapackage.json"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    descriptor = json.loads((target / "datapackage.json").read_text())
    assert descriptor["licenses"] == [{"name": "CC-BY-4.0",
                                       "path": "https://spdx.org/licenses/CC-BY-4.0.html"}]
    assert {"title": "Council minutes"} in descriptor["sources"]
    assert {"title": "Ottawa history", "path": "https://ottawa.example/history"} in \
        descriptor["sources"]
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert {"agreement_steps", "membership_steps", "city_predecessors", "projects",
            "project_recipients"} <= set(resources)
    steps = resources["agreement_steps"]["schema"]
    assert steps["primaryKey"] == ["agreement", "position"]
    assert steps["foreignKeys"] == [{"fields": ["agreement"], "reference": {
        "resource": "agreements", "fields": ["id"]}}]
    types = {f["name"]: f["type"] for f in resources["cities"]["schema"]["fields"]}
    assert (types["lat"], types["id"]) == ("number", "string")
    with open(target / "agreement_steps.csv", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["agreement"], r["step"], r["date"], r["by"]) for r in rows] == [
        ("ottawa-seoul-friendship", "terminated", "2020", '["ottawa","seoul"]'),
        ("seoul-taipei-sister", "suspended", "2022-03-07", '["seoul"]')]


def test_frictionless_finds_a_broken_foreign_key(cli, root, tmp_path):
    """The validator does check the keys the descriptor declares."""
    target = tmp_path / "package"
    export(cli, root, "datapackage", target)
    path = target / "agreement_parties.csv"
    path.write_text(path.read_text().replace("taipei", "taipie"))
    checked = frictionless("validate", str(target / "datapackage.json"))
    assert checked.returncode != 0 and "foreign-key" in checked.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("-f", "json", "--license", "CC-BY-4.0"), "--license applies to datapackage, not json"),
    (("-f", "datapackage", "--license", "CC BY 4.0"), "is not an SPDX licence id"),
    (("-f", "popolo", "--history"), "--history takes a format of tables"),
])
def test_misuse_is_exit_2(cli, root, tmp_path, args, message):
    run = cli("export", *args, "--output", str(tmp_path / "x"), root=root)
    assert run.exit_code == 2 and message in run.stderr
    assert not (tmp_path / "x").exists()


# -- Popolo ---------------------------------------------------------------------------------

def popolo_validators():
    jsonschema = pytest.importorskip("jsonschema")
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    schemas = {path.stem: json.loads(path.read_text()) for path in POPOLO.glob("*.json")}
    registry = Registry().with_resources(
        (schema["id"], Resource(contents=schema, specification=DRAFT3))
        for schema in schemas.values())
    return {name: jsonschema.Draft3Validator(schemas[schema], registry=registry)
            for name, schema in (("organizations", "organization"), ("memberships", "membership"),
                                 ("posts", "post"), ("areas", "area"))}


def test_popolo_is_valid_against_popolos_schemas(cli, root, tmp_path):
    target = tmp_path / "popolo.json"
    run = export(cli, root, "popolo", target)
    assert run.stdout.startswith(f"{target}: ")
    document = json.loads(target.read_text())
    validators = popolo_validators()
    for name, validator in validators.items():
        assert document[name], name
        errors = [error.message for item in document[name] for error in
                  validator.iter_errors(item)]
        assert errors == [], name
    broken = {**document["memberships"][0], "start_date": 1968}
    assert list(validators["memberships"].iter_errors(broken))  # the schemas do check


def test_popolo_carries_lifecycles_successions_posts_and_projects(cli, root, tmp_path):
    export(cli, root, "popolo", tmp_path / "popolo.json")
    document = json.loads((tmp_path / "popolo.json").read_text())
    organizations = {o["id"]: o for o in document["organizations"]}
    memberships = {m["id"]: m for m in document["memberships"]}
    member = memberships["membership/seoul-net"]
    assert (member["member"], member["organization_id"], member["role"], member["start_date"],
            member["end_date"]) == ({"@type": "Organization", "id": "city/seoul"},
                                    "organisation/net", "member", "1989", "2022-05")
    assert member["lifecycle"][0] == {"step": "suspended", "date": "2022",
                                      "by": ["organisation/net"], "reason": "expelled"}
    assert memberships["membership/seoul-net/role/1"]["role"] == "founder"
    ottawa = organizations["city/ottawa"]
    assert ottawa["predecessors"] == [
        {"organization_id": "city/bytown", "date": "1855", "how": "renamed"},
        {"organization_id": "city/carleton", "date": "2001-01-01", "how": "merged"}]
    assert {"name": "Bytown", "end_date": "1855", "note": "former name"} in ottawa["other_names"]
    assert organizations["city/carleton"]["dissolution_date"] == "2001-01-01"
    assert organizations["city/bytown"]["successors"] == [
        {"organization_id": "city/ottawa", "date": "1855", "how": "renamed"}]
    sister = organizations["agreement/seoul-taipei-sister"]
    assert (sister["classification"], sister["founding_date"]) == ("sister", "1968")
    assert sister["lifecycle"][0]["by"] == ["city/seoul"]
    assert sister["sources"] == [{"url": "https://fr.seoul.go.kr/Séoul?a=\"b\"",
                                  "note": "Diplomatie de la ville"}]
    ended = organizations["agreement/ottawa-seoul-friendship"]
    assert ended["dissolution_date"] == "2020"
    project = organizations["project/seoul-taipei-cards"]
    assert project["classification"] == "cooperation-project"
    assert sorted(m["role"] for m in memberships.values()
                  if m["organization_id"] == "project/seoul-taipei-cards") == [
        "partner", "provider", "recipient"]
    assert [p["id"] for p in document["posts"]] == ["post/organisation/net/1/seoul"]
    areas = {a["id"]: a for a in document["areas"]}
    assert areas["area/seoul"]["parent_id"] == "area/country/KR"
    assert areas["area/seoul"]["geometry"] == {"type": "Point", "coordinates": [126.98, 37.57]}


# -- Wikidata QuickStatements ---------------------------------------------------------------

def test_quickstatements_reference_every_statement_and_say_what_ended(cli, root, tmp_path):
    run = cli("export", "-f", "quickstatements", "--output", "-", root=root)
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines, run.stderr
    assert all("\tS854\t" in line or "\tS1476\t" in line for line in lines)
    suspended = "Q8684\tP190\tQ1867\tP580\t+1968-00-00T00:00:00Z/9\tP582\t" \
                "+2022-03-07T00:00:00Z/11"
    assert f'{suspended}\tS854\t"https://fr.seoul.go.kr/Séoul?a=%22b%22"' in lines
    assert f'{suspended}\tS1476\tund:"Council minutes"\tS577\t+2022-03-00T00:00:00Z/10' \
        in lines
    assert ('Q1930\tP190\tQ8684\tP580\t+1997-06-00T00:00:00Z/10\tP582\t'
            '+2020-00-00T00:00:00Z/9\tS1476\tund:"A book"\tS577\t+2021-00-00T00:00:00Z/9') in lines
    renamed = ('\tP585\t+1855-00-00T00:00:00Z/9\tS854\t"https://ottawa.example/history"')
    assert f"Q1930\tP1365\tQ4984{renamed}" in lines and f"Q4984\tP1366\tQ1930{renamed}" in lines
    assert not any("\tP576\t" in line for line in lines)  # renamed, not dissolved; Carleton
    # has no item and its merger no source
    assert "\\u" not in run.stdout
    assert run.stderr == ""  # a stream: what it holds is on stdout, nothing said beside it
    run = export(cli, root, "quickstatements", tmp_path / "qs.txt")
    assert run.stdout.endswith(": 2 agreements, 1 succession, 8 statements\n")


def test_a_resumed_agreement_has_no_end_and_one_never_cited_is_not_stated(cli, root):
    path = root / "data/agreements/seoul-taipei-sister.yaml"
    path.write_text(path.read_text().replace("sources:\n-", "- {step: resumed, date: 2023}\n"
                                             "sources:\n-"))
    (root / "data/agreements/ottawa-taipei-sister.yaml").write_text(
        "kind: sister\nparties: [taipei, ottawa]\nsigned: 2001\n")
    lines = cli("export", "-f", "quickstatements", "--output", "-", root=root).stdout.splitlines()
    assert 'Q8684\tP190\tQ1867\tP580\t+1968-00-00T00:00:00Z/9\tS854\t' \
           '"https://fr.seoul.go.kr/Séoul?a=%22b%22"' in lines
    assert not any(line.startswith("Q1930\tP190\tQ1867") for line in lines)


def test_quickstatements_carry_a_title_on_one_line_without_a_straight_quote(cli, root):
    path = root / "data/agreements/ottawa-seoul-friendship.yaml"
    path.write_text(path.read_text().replace("title: A book", 'title: "The \\"Twins\\"\\tbook"'))
    lines = cli("export", "-f", "quickstatements", "--output", "-", root=root).stdout
    assert '\tS1476\tund:"The ”Twins” book"\tS577\t' in lines
    assert all(line.count("\t") >= 4 and line.count('"') % 2 == 0
               for line in lines.splitlines())


def test_a_data_package_with_history_still_validates(cli, root, tmp_path):
    from git_history import commit, git

    git(root, "init", "-q", "-b", "main")
    commit(root, "The registry", "Ann", "2022-06-01T10:00:00+00:00")
    target = tmp_path / "package"
    export(cli, root, "datapackage", target, "--history")
    assert (target / "record_versions.csv").is_file()
    checked = frictionless("validate", str(target / "datapackage.json"))
    assert checked.returncode == 0, checked.stdout


def test_geojson_carries_the_state_the_successions_and_the_projects(cli, root, tmp_path):
    for city, where in (("taipei", "{lat: 25.03, lon: 121.56}"), ("ottawa", "{lat: 45.42, "
                                                                            "lon: -75.7}")):
        path = root / f"data/cities/{city}.yaml"
        path.write_text(path.read_text() + f"location: {where}\n")
    run = export(cli, root, "geojson", tmp_path / "map.geojson")
    assert run.stdout.endswith(": 3 cities, 2 agreements, 1 project\n")
    features = {f["id"]: f["properties"] for f in
                json.loads((tmp_path / "map.geojson").read_text())["features"]}
    sister = features["seoul-taipei-sister"]
    assert (sister["status"], sister["ended"], sister["lifecycle"][0]["date"]) == (
        "suspended", None, "2022-03-07")
    assert features["ottawa-seoul-friendship"]["ended"] == "2020"
    assert features["ottawa"]["predecessors"] == ["bytown", "carleton"]
    assert features["seoul-taipei-cards/taipei"]["provider"] == "seoul"
