"""`list organisations|events --region`: by the headquarters' or the event's city's region."""

from conftest import SHIPPED

ORGS = {
    "data/organisations/asian.yaml": "names: {en: Asian}\nheadquarters: seoul\n"
                                     "sources: [{title: t}]\n",
    "data/organisations/american.yaml": "names: {en: American}\nheadquarters: ottawa\n"
                                        "sources: [{title: t}]\n",
    "data/organisations/nowhere.yaml": "names: {en: Nowhere}\nsources: [{title: t}]\n",
    "data/events/in-seoul.yaml": "names: {en: In Seoul}\ndate: 2015\ncity: seoul\n"
                                 "organisation: asian\nsources: [{title: t}]\n",
    "data/events/in-ottawa.yaml": "names: {en: In Ottawa}\ndate: 2016\ncity: ottawa\n"
                                  "sources: [{title: t}]\n",
    "data/events/cityless.yaml": "names: {en: No city}\ndate: 2017\norganisation: asian\n"
                                 "sources: [{title: t}]\n",
}


def _ids(run):
    assert run.exit_code == 0, run.stderr
    return sorted(row["id"] for row in run.json())


def test_organisations_by_their_headquarters_region(cli, make_registry):
    root = make_registry(ORGS)
    assert _ids(cli("list", "organisations", "--region", "asia", "-f", "json",
                    root=root)) == ["asian"]
    assert _ids(cli("list", "organisations", "--region", "americas,asia", "-f", "json",
                    root=root)) == ["american", "asian"]
    assert _ids(cli("list", "organisations", "--region", "europe", "-f", "json",
                    root=root)) == []


def test_events_by_their_citys_region(cli, make_registry):
    root = make_registry(ORGS)
    assert _ids(cli("list", "events", "--region", "asia", "-f", "json", root=root)) == \
        ["in-seoul"]
    assert _ids(cli("list", "events", "--region", "americas", "--organisation", "asian",
                    "-f", "json", root=root)) == []


def test_a_grouping_group_works_as_for_cities(cli, make_registry):
    root = make_registry({**ORGS, "data/groupings/table.yaml":
                          "names: {en: Table}\ngroups:\n- names: {en: Korea}\n  countries: [KR]\n"
                          "- names: {en: Rest}\n  regions: [Americas, Europe]\n"
                          "sources: [{title: t}]\n"})
    assert _ids(cli("list", "organisations", "--region", "table:korea", "-f", "json",
                    root=root)) == ["asian"]
    assert _ids(cli("list", "events", "--region", "table:2", "-f", "json",
                    root=root)) == ["in-ottawa"]


def test_an_unknown_region_is_still_misuse(cli, make_registry):
    run = cli("list", "events", "--region", "atlantis", root=make_registry(ORGS))
    assert run.exit_code == 2
    assert "--region 'atlantis' is not a UN M49 region" in run.stderr


def test_help_names_the_kinds_region_filters(cli):
    out = " ".join(cli("list", "--help").stdout.split())
    region_help = out.split("--region REGION", 1)[1].split("--confirmed", 1)[0]
    assert "organisations" in region_help and "events" in region_help


def test_the_shipped_seoul_headquartered_organisations(cli):
    rows = cli("list", "organisations", "--region", "asia", "-f", "json", root=SHIPPED).json()
    assert rows and all(row["headquarters"] for row in rows)
    assert not cli("list", "organisations", "--region", "africa", "-f", "json",
                   root=SHIPPED).json()
