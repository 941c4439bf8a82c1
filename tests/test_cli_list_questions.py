"""`list` answers questions: fields through references, --region, --role, --capital on
memberships, --limit, --count, collated sorting, and fast plain tables."""

import pytest

from citynet.publish.formats import to_table
from conftest import SHIPPED

CITY = "names: {{en: {en}, es: {es}}}\ncountry: {country}\n{extra}sources: [{{title: t}}]\n"


def _city(en, country, es=None, extra=""):
    return CITY.format(en=en, es=es or en, country=country, extra=extra)


@pytest.fixture
def world(make_registry):
    """Seoul's partners in four regions, two organisations, members with roles."""
    return make_registry({
        "data/cities/amsterdam.yaml": _city("Amsterdam", "NL", "Ámsterdam", "capital: true\n"),
        "data/cities/athens.yaml": _city("Athens", "GR", "Atenas", "capital: true\n"),
        "data/cities/istanbul.yaml": _city("Istanbul", "TR", "Estambul"),
        "data/cities/zagreb.yaml": _city("Zagreb", "HR"),
        "data/agreements/seoul-amsterdam-sister.yaml":
            "kind: sister\nparties: [amsterdam, seoul]\nsources: [{title: t}]\n",
        "data/agreements/seoul-athens-friendship.yaml":
            "kind: friendship\nparties: [seoul, athens]\nsources: [{title: t}]\n",
        "data/agreements/seoul-istanbul-sister.yaml":
            "kind: sister\nparties: [seoul, istanbul]\nsources: [{title: t}]\n",
        "data/agreements/athens-zagreb-sister.yaml":
            "kind: sister\nparties: [athens, zagreb]\nsources: [{title: t}]\n",
        "data/organisations/net.yaml":
            "names: {en: A Network}\nacronym: NET\nkind: network\nsources: [{title: t}]\n",
        "data/memberships/athens-net.yaml": "member: athens\norganisation: net\n"
            "roles: [{role: pilot-city}]\nsources: [{title: t}]\n",
        "data/memberships/zagreb-net.yaml": "member: zagreb\norganisation: net\n"
            "roles: [{role: pilot-city}]\nsources: [{title: t}]\n",
        "data/memberships/amsterdam-net.yaml": "member: amsterdam\norganisation: net\n"
            "roles: [{role: founder}]\nsources: [{title: t}]\n",
        "data/groupings/seoul-table.yaml": "names: {en: Seoul's table}\ncity: seoul\n"
            "groups:\n- names: {en: Europe, es: Europa}\n  countries: [TR]\n  regions: [Europe]\n"
            "- names: {en: Asia}\n  regions: [Asia]\nsources: [{title: t}]\n",
    })


def _json(cli, root, *args):
    run = cli("list", *args, "-f", "json", root=root)
    assert run.exit_code == 0, run.stderr
    return run.json()


def test_fields_reach_the_partner_relative_to_city(cli, world):
    rows = _json(cli, world, "agreements", "--city", "seoul", "--kind", "sister",
                 "--fields", "partner,partner.names.en,partner.country")
    assert rows == [{"partner": "amsterdam", "partner.names.en": "Amsterdam",
                     "partner.country": "NL"},
                    {"partner": "istanbul", "partner.names.en": "Istanbul",
                     "partner.country": "TR"},
                    {"partner": "taipei", "partner.names.en": "Taipei", "partner.country": "TW"}]


def test_without_city_the_partner_is_both_parties(cli, world):
    rows = _json(cli, world, "agreements", "--kind", "sister", "--fields", "id,partner.country")
    assert {"id": "athens-zagreb-sister", "partner.country": ["GR", "HR"]} in rows
    table = cli("list", "agreements", "--fields", "id,partner.names.en", root=world).stdout
    assert "Athens, Zagreb" in table


def test_fields_reach_through_member_and_organisation(cli, world):
    rows = _json(cli, world, "memberships", "--organisation", "net",
                 "--fields", "member,member.capital,organisation.acronym")
    assert rows == [{"member": "amsterdam", "member.capital": True, "organisation.acronym": "NET"},
                    {"member": "athens", "member.capital": True, "organisation.acronym": "NET"},
                    {"member": "zagreb", "member.capital": False, "organisation.acronym": "NET"}]


def test_a_field_the_referenced_kind_lacks_is_misuse(cli, world):
    run = cli("list", "agreements", "--fields", "partner.contry", root=world)
    assert run.exit_code == 2
    assert "did you mean 'country'" in run.stderr


@pytest.mark.parametrize(("args", "ids"), [
    (("--region", "europe"), ["seoul-amsterdam-sister", "seoul-athens-friendship"]),
    (("--region", "EUROPE,asia"), ["seoul-amsterdam-sister", "seoul-athens-friendship",
                                   "seoul-istanbul-sister", "seoul-taipei-sister"]),
    (("--region", "seoul-table:europa"), ["seoul-amsterdam-sister", "seoul-athens-friendship",
                                          "seoul-istanbul-sister"]),
    (("--region", "seoul-table:2"), ["seoul-taipei-sister"]),
])
def test_region_judges_the_partner_of_the_city_asked_about(cli, world, args, ids):
    rows = _json(cli, world, "agreements", "--city", "seoul", *args)
    assert [r["id"] for r in rows] == ids


def test_region_without_city_matches_either_party(cli, world):
    rows = _json(cli, world, "agreements", "--region", "asia")
    assert [r["id"] for r in rows] == ["seoul-amsterdam-sister", "seoul-athens-friendship",
                                       "seoul-istanbul-sister", "seoul-ottawa-friendship",
                                       "seoul-taipei-sister"]
    assert [r["id"] for r in _json(cli, world, "cities", "--region", "americas")] == ["ottawa"]


@pytest.mark.parametrize(("value", "said"), [
    ("erope", "did you mean 'europe'"), ("nowhere:europe", "no grouping has the id"),
    ("seoul-table:mars", "has no group 'mars'"),
])
def test_a_region_that_cannot_match_is_misuse(cli, world, value, said):
    run = cli("list", "agreements", "--region", value, root=world)
    assert run.exit_code == 2
    assert said in run.stderr


def test_role_and_capital_filter_memberships(cli, world):
    rows = _json(cli, world, "memberships", "--role", "pilot-city", "--capital")
    assert [r["id"] for r in rows] == ["athens-net"]
    rows = _json(cli, world, "memberships", "--role", "pilot-city", "--not-capital")
    assert [r["id"] for r in rows] == ["zagreb-net"]
    run = cli("list", "memberships", "--role", "pilot", root=world)
    assert run.exit_code == 2 and "pilot-city" in run.stderr


def test_limit_and_count(cli, world):
    assert [r["id"] for r in _json(cli, world, "cities", "--sort", "-names.en", "--limit", "2")] \
        == ["zagreb", "taipei"]
    run = cli("list", "agreements", "--city", "seoul", "--count", root=world)
    assert (run.exit_code, run.stdout) == (0, "5\n")


def test_sort_follows_collation_not_code_points(cli, world):
    rows = _json(cli, world, "cities", "--sort", "names.es", "--fields", "names.es")
    assert [r["names.es"] for r in rows][:3] == ["Ámsterdam", "Atenas", "Estambul"]


def test_shipped_questions_from_the_readme(cli):
    rows = cli("list", "agreements", "--city", "seoul", "--kind", "sister", "--region", "europe",
               "--fields", "partner", "-f", "json", root=SHIPPED).json()
    assert [r["partner"] for r in rows] == ["athens", "moscow", "paris", "rome", "warsaw"]
    rows = cli("list", "memberships", "--organisation", "ascn", "--role", "pilot-city",
               "--capital", "--fields", "member", "-f", "json", root=SHIPPED).json()
    assert len(rows) == 10 and {"hanoi", "singapore", "vientiane"} <= {r["member"] for r in rows}


def test_plain_table_lays_out_as_rich_did():
    """Two spaces between columns, wide characters counted as two, a cell's lines stacked."""
    rows = [{"id": "seoul", "name": "서울", "notes": "two\nlines"}, {"id": "a", "name": None}]
    assert to_table(rows, ["id", "name", "notes"]) == (
        "id     name  notes\n"
        "seoul  서울  two\n"
        "             lines\n"
        "a\n")


def test_a_long_terminal_table_fits_the_width_without_rich():
    rows = [{"id": f"city-{n}", "notes": "x" * 200} for n in range(400)]
    left_out: list[str] = []
    text = to_table(rows, ["id", "notes"], terminal=True, width=60, title="400 cities",
                    left_out=left_out)
    lines = text.splitlines()
    assert lines[0] == "400 cities"
    assert all(len(line) <= 60 for line in lines)
    assert lines[2] == "city-0" and left_out == ["notes"]  # a 200-character word: no room
    rows = [{"id": f"city-{n}", "notes": "word " * 20} for n in range(400)]
    lines = to_table(rows, ["id", "notes"], terminal=True, width=60).splitlines()
    assert all(len(line) <= 60 for line in lines) and "…" not in "".join(lines)
    assert lines[1].split()[:2] == ["city-0", "word"]  # wrapped between words, under itself
    assert lines[2].startswith(" " * 10 + "word") and "city" not in lines[2]
