"""Reports: builders on small registries, the CLI's options, safe Markdown, golden files."""

import json

import pytest

from citynet.model.dates import PartialDate
from citynet.store.registry import load
from citynet.publish.reports import REPORTS, committees, memberships, network, partners
from conftest import SHIPPED
from markdown_cells import plain_text, tables, token_types

LANGS = ["en", "fr", "es", "pt", "vi"]
SHIPPED_REPORTS = [("partners", "seoul"), ("network", "ascn"),
                   ("committees", "mcsr-cities-alliance"), ("memberships", "seoul")]

EXTRA = {
    "data/cities/paris.yaml": "names: {en: Paris, fr: Paris, es: París}\ncountry: FR\n"
                              "level: city\ncapital: true\nsources: [{title: t}]\n",
    "data/cities/istanbul.yaml": "names: {en: Istanbul, es: Estambul}\ncountry: TR\nlevel: city\n"
                                 "sources: [{title: t}]\n",
    "data/agreements/seoul-paris-sister.yaml": "kind: sister\nparties: [paris, seoul]\n"
                                               "signed: 1991\nsources: [{title: t}]\n",
    "data/agreements/seoul-istanbul-friendship.yaml":
        "kind: friendship\nparties: [seoul, istanbul]\nsigned: 2000\n"
        "lifecycle: [{step: ended, date: 2010}]\n"
        "sources: [{title: t, as_of: 2017-03}]\n",
    "data/agreements/seoul-paris-twinning.yaml": "kind: twinning\nparties: [seoul, paris]\n"
                                                 "sources: [{title: t}]\n",
}


def registry_of(make_registry, files=None):
    registry, problems = load(make_registry({**EXTRA, **(files or {})}))
    assert not problems
    return registry


def test_partners_default_grouping_is_un_m49(make_registry):
    data = partners(registry_of(make_registry), "seoul")
    assert data["grouping"]["id"] == "un-m49-regions"
    assert [(g["name"], g["count"]) for g in data["groups"]] == [
        ("Americas", 1), ("Asia", 2), ("Europe", 2)]
    asia = data["groups"][1]
    assert [p["id"] for p in asia["sister"]] == ["taipei"]
    assert [p["id"] for p in asia["friendship"]] == ["istanbul"]
    assert data["kinds"] == ["sister", "friendship", "twinning"]
    assert data["totals"] == {"sister": 2, "friendship": 2, "twinning": 1, "all": 5}
    assert data["as_of"] == "2017-03"
    taipei = asia["sister"][0]
    assert (taipei["name"], taipei["country_name"], taipei["signed"], taipei["qualified"]) == (
        "Taipei", "Taiwan", "1968", True)


GROUPING = """\
names: {en: Seoul's table}
city: seoul
groups:
  - names: {en: China, es: China}
    countries: [CN, TW]
  - names: {en: Europe, es: Europa}
    regions: [Europe]
    countries: [TR]
sources: [{title: t}]
"""


def test_partners_grouping_record_with_overrides(make_registry):
    registry = registry_of(make_registry, {"data/groupings/seoul-table.yaml": GROUPING})
    data = partners(registry, "seoul", lang="es")
    assert data["grouping"]["id"] == "seoul-table"
    assert [(g["name"], g["count"]) for g in data["groups"]] == [
        ("China", 1), ("Europa", 3), ("Otros", 1)]
    europe = data["groups"][1]
    assert [p["name"] for p in europe["friendship"]] == ["Estambul"]
    assert data["groups"][0]["sister"][0]["qualified"] is True  # Taipei in the China group
    assert europe["sister"][0]["qualified"] is True


def test_partners_group_name_falls_back_to_cldr(make_registry):
    registry = registry_of(make_registry, {"data/groupings/seoul-table.yaml": GROUPING})
    data = partners(registry, "seoul", lang="fr")
    assert [g["name"] for g in data["groups"]] == ["Chine", "Europe", "Autres"]
    no_fr = registry_of(make_registry, {"data/groupings/seoul-table.yaml": GROUPING.replace(
        "  - names: {en: China, es: China}\n", "  - names: {en: Sino}\n")})
    assert partners(no_fr, "seoul", lang="vi")["groups"][0]["name"] == "Trung Quốc"


def test_partners_explicit_grouping_and_default_by_id(make_registry):
    registry = registry_of(make_registry, {"data/groupings/seoul-table.yaml": GROUPING})
    assert partners(registry, "seoul", grouping="un-m49-regions")["groups"][0]["name"] == "Americas"


def test_partners_as_of(make_registry):
    registry = registry_of(make_registry)
    assert partners(registry, "seoul", as_of=PartialDate.parse(2005))["totals"]["friendship"] == 2
    data = partners(registry, "seoul", as_of=PartialDate.parse(2012))
    assert data["totals"]["friendship"] == 1
    assert data["as_of"] == "2012"


NETWORK = {
    "data/organisations/net.yaml": "names: {en: Net, vi: Mạng}\nacronym: NET\nkind: network\n"
                                   "rules:\n  max_members_per_country:\n    limit: 1\n"
                                   "    capital_included: true\npartners: [bank]\n"
                                   "sources: [{title: t}]\n",
    "data/organisations/bank.yaml": "names: {en: Bank}\nkind: financial-institution\n"
                                    "sources: [{title: t}]\n",
    "data/cities/busan.yaml": "names: {en: Busan}\ncountry: KR\nlevel: city\nsources: [{title: t}]\n",
    "data/memberships/seoul-net.yaml": "member: seoul\norganisation: net\nsince: 2018\n"
                                       "roles: [{role: pilot-city}]\nsources: [{title: t}]\n",
    "data/memberships/busan-net.yaml": "member: busan\norganisation: net\nsince: 2019\n"
                                       "sources: [{title: t}]\n",
    "data/memberships/paris-net.yaml": "member: paris\norganisation: net\nsince: 2018\n"
                                       "sources: [{title: t}]\n",
}


def test_network_members_rules_and_breaches(make_registry):
    data = network(registry_of(make_registry, NETWORK), "net")
    assert [(c["country_name"], c["count"]) for c in data["countries"]] == [
        ("France", 1), ("South Korea", 2)]
    assert [m["id"] for m in data["countries"][1]["members"]] == ["busan", "seoul"]
    assert data["breaches"] == [{"country": "KR", "country_name": "South Korea",
                                 "kind": "over-limit", "count": 2, "limit": 1, "strict": False,
                                 "members": ["Busan", "Seoul"]}]
    assert data["totals"] == {"members": 3, "countries": 2, "capitals": 2}
    assert data["partners"] == [{"id": "bank", "name": "Bank", "acronym": None}]
    as_of = network(registry_of(make_registry, NETWORK), "net", as_of=PartialDate.parse(2018))
    assert as_of["breaches"] == [] and as_of["totals"]["members"] == 2


COMMITTEES = {
    "data/organisations/net.yaml": "names: {en: Net}\nkind: network\nsources: [{title: t}]\n",
    "data/committees/trade.yaml": "names: {en: Trade, fr: Commerce}\norganisation: net\n"
                                  "status: established\nsector: trade\nworkplans:\n"
                                  "  - year: 2019\n    activities: [{en: Later}]\n"
                                  "  - year: 2018\n    activities: [{en: Fair, fr: Foire}, {en: Expo}]\n"
                                  "member_counts: [{as_of: 2016, counts: {group: 25}}]\n"
                                  "sources: [{title: t}]\n",
    "data/committees/tourism.yaml": "names: {en: Tourism}\norganisation: net\n"
                                    "status: preparatory\nsources: [{title: t}]\n",
}


def test_committees_by_status_with_workplans(make_registry):
    data = committees(registry_of(make_registry, COMMITTEES), "net", lang="fr")
    assert [(s["status"], s["title"], s["count"]) for s in data["sections"]] == [
        ("established", "Comités établis", 1), ("preparatory", "Comités préparatoires", 1)]
    trade = data["sections"][0]["committees"][0]
    assert trade["name"] == "Commerce"
    assert trade["workplans"] == [{"year": 2018, "activities": ["Foire", "Expo"]},
                                  {"year": 2019, "activities": ["Later"]}]
    assert data["totals"] == {"established": 1, "preparatory": 1, "all": 2, "activities": 3}
    early = committees(registry_of(make_registry, COMMITTEES), "net", as_of=PartialDate.parse(2018))
    assert [w["year"] for w in early["sections"][0]["committees"][0]["workplans"]] == [2018]


def test_memberships_with_roles_and_reported_counts(make_registry):
    files = {**NETWORK, "data/organisations/net.yaml": NETWORK["data/organisations/net.yaml"]
             .replace("partners: [bank]\n", "reported_members: [{count: 26, as_of: 2018}]\n")}
    data = memberships(registry_of(make_registry, files), "seoul", lang="vi")
    [row] = data["memberships"]
    assert row["organisation"] == {"id": "net", "name": "Mạng", "acronym": "NET"}
    assert row["roles"] == [{"role": "pilot-city", "label": "thành phố thí điểm",
                             "since": None, "until": None, "note": None,
                             "regions": [], "regions_label": None}]
    assert row["reported_members"] == [{"count": 26, "approximate": False, "text": None,
                                        "as_of": "2018"}]


def test_unknown_subject_is_misuse(cli, make_registry):
    run = cli("report", "partners", "atlantis", root=make_registry())
    assert (run.exit_code, run.stderr) == (2, "citynet: error: no city has the id 'atlantis'\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("nope", "seoul"), "unknown report 'nope'"),
        (("partners",), "needs the id of a city"),
        ((), "name a report"),
        (("partners", "seoul", "--lang", "de"), "--lang 'de' is not supported"),
        (("network", "seoul", "--grouping", "x"), "--grouping applies to the partners report"),
        (("partners", "seoul", "--grouping", "x"), "no grouping has the id 'x'"),
        (("partners", "seoul", "--as-of", "2017-02-30"), "--as-of: 2017-02 has no day 30"),
        (("partners", "seoul", "--template", "missing.j2"), "--template missing.j2: no such file"),
        (("partners", "seoul", "--format", "pdf"), "'pdf' is not one of"),
    ],
)
def test_report_misuse(cli, make_registry, args, message):
    run = cli("report", *args, root=make_registry())
    assert run.exit_code == 2
    assert message in run.stderr
    assert run.stderr.count("\n") == 1


def test_report_list(cli):
    run = cli("report", "--list")
    assert run.exit_code == 0
    for name in REPORTS:
        assert name in run.stdout
    assert "languages: en, fr, es, pt, vi" in run.stdout


def test_json_is_exactly_the_template_data(cli, make_registry):
    root = make_registry(EXTRA)
    registry, _ = load(root)
    run = cli("report", "partners", "seoul", "--format", "json", "--lang", "es", root=root)
    assert run.json() == partners(registry, "seoul", lang="es")


def test_output_file_is_written_and_nothing_printed(cli, make_registry, tmp_path):
    target = tmp_path / "seoul.md"
    target.write_text("old")
    target.chmod(0o640)
    refused = cli("report", "partners", "seoul", "--output", str(target), root=make_registry(EXTRA))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text() == "old"
    run = cli("report", "partners", "seoul", "--output", str(target), "--force",
              root=make_registry(EXTRA))
    assert (run.exit_code, run.stdout) == (0, "")
    assert target.read_text().startswith("# Sister and friendship cities of Seoul\n")
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_output_into_missing_folder_is_misuse(cli, make_registry, tmp_path):
    run = cli("report", "partners", "seoul", "--output", str(tmp_path / "no" / "x.md"),
              root=make_registry())
    assert run.exit_code == 2 and "does not exist" in run.stderr


def test_users_own_template_gets_the_same_data_escaped(cli, make_registry, tmp_path):
    template = tmp_path / "mine.md.j2"
    template.write_text("{{ city.name }}: {{ totals.all }} partners, {{ groups[0].name }}\n")
    run = cli("report", "partners", "seoul", "--template", str(template),
              root=make_registry(EXTRA))
    assert run.stdout == "Seoul: 5 partners, Americas\n"


def test_broken_template_is_misuse(cli, make_registry, tmp_path):
    template = tmp_path / "bad.md.j2"
    template.write_text("{% for x in %}\n")
    run = cli("report", "partners", "seoul", "--template", str(template), root=make_registry())
    assert run.exit_code == 2 and "bad.md.j2:1" in run.stderr


def test_registry_templates_override_the_shipped_ones(cli, make_registry):
    root = make_registry({**EXTRA, "templates/partners.md.j2": "ours: {{ city.id }}\n"})
    assert cli("report", "partners", "seoul", root=root).stdout == "ours: seoul\n"


HOSTILE = {
    "data/cities/evil.yaml": (
        "names:\n  en: \"Evil | City <script>alert(1)</script> [click](javascript:alert(1)) "
        "*bold* _it_ `code` ![img](x.png)\"\n  fr: \"# heading\\nnext line\"\n"
        "country: FR\nlevel: city\nsources: [{title: t}]\n"),
    "data/agreements/seoul-evil-sister.yaml": "kind: sister\nparties: [seoul, evil]\n"
                                              "sources: [{title: '<b>t</b> [x](y)'}]\n",
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hostile_names_come_out_inert(cli, make_registry, lang):
    root = make_registry(HOSTILE)
    text = cli("report", "partners", "seoul", "--lang", lang, root=root).stdout
    kinds = token_types(text)
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "heading_open"} - (
        {"heading_open"} if text.startswith("# ") else set()), kinds
    assert "javascript:" not in "".join(t for t in kinds)
    [table] = tables(text)
    assert all(len(row) == len(table[0]) for row in table)
    data = cli("report", "partners", "seoul", "--lang", lang, "-f", "json", root=root).json()
    evil = next(p for g in data["groups"] for p in g["sister"] if p["id"] == "evil")
    shown = " ".join(plain_text(text).split())
    assert " ".join(evil["name"].split()) + " (" + evil["country_name"] + ")" in shown


def test_heading_in_a_name_does_not_become_a_heading(cli, make_registry):
    text = cli("report", "partners", "seoul", "--lang", "fr", root=make_registry(HOSTILE)).stdout
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert len(headings) == 1


def test_schema_refuses_unsafe_source_urls(make_registry):
    from citynet.lint.engine import validate

    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          "kind: sister\nparties: [seoul, taipei]\n"
                          "sources: [{title: t, url: 'javascript:alert(1)'}]\n"})
    [problem] = validate(root).problems
    assert "must be an http:// or https:// address" in problem.message


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x",
                                 "https://a b", "https://x/<y>", None, ""])
def test_link_refuses_unsafe_addresses(url):
    from citynet.publish.markdown import link

    assert link("a [b]", url) == "a \\[b\\]"


def test_safe_source_links_only(cli, make_registry):
    root = make_registry({
        "data/agreements/seoul-paris-sister.yaml": "kind: sister\nparties: [seoul, paris]\n"
                                                   "sources: [{title: Good, url: 'https://e.org/a_(b)'}]\n",
        "data/cities/paris.yaml": EXTRA["data/cities/paris.yaml"]})
    text = cli("report", "partners", "seoul", root=root).stdout
    assert "[Good](https://e.org/a_%28b%29)" in text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("name", "subject"), SHIPPED_REPORTS)
def test_golden_reports_on_shipped_data(cli, golden, name, subject, lang):
    run = cli("report", name, subject, "--lang", lang, root=SHIPPED)
    assert run.exit_code == 0, run.stderr
    golden(f"{name}-{subject}.{lang}.md", run.stdout, lang=lang)


@pytest.mark.parametrize("lang", LANGS)
def test_partners_table_cells_match_the_data(cli, lang):
    data = cli("report", "partners", "seoul", "--lang", lang, "-f", "json", root=SHIPPED).json()
    text = cli("report", "partners", "seoul", "--lang", lang, root=SHIPPED).stdout
    [table] = tables(text)
    body = table[1:-1]
    assert [row[0] for row in body] == [f"{g['name']} ({g['count']})" for g in data["groups"]]
    for row, group in zip(body, data["groups"]):
        for cell, kind in zip(row[1:], data["kinds"]):
            for partner in group[kind]:
                assert partner["name"] in cell
            assert cell.count(", ") >= len(group[kind]) - 1
    assert table[-1][1:] == [str(data["totals"][k]) for k in data["kinds"]]


def test_seoul_partners_reproduce_the_seed_table(cli):
    data = cli("report", "partners", "seoul", "--lang", "es", "-f", "json", root=SHIPPED).json()
    assert [(g["name"], g["count"], len(g["sister"]), len(g["friendship"])) for g in data["groups"]] == [
        ("EE.UU", 5, 3, 2), ("China", 9, 2, 7), ("Japón", 2, 1, 1), ("Asia", 11, 6, 5),
        ("Europa", 17, 6, 11), ("Oceanía", 2, 1, 1), ("África", 4, 1, 3),
        ("América del Norte/Sur", 7, 3, 4)]
    assert data["totals"] == {"sister": 23, "friendship": 34, "all": 57}
    assert (data["city"]["id"], data["as_of"]) == ("seoul", "2017-03")
    china = data["groups"][1]
    assert [p["name"] for p in china["sister"]] == ["Pekín", "Taipéi"]
    assert [p["id"] for p in data["groups"][4]["friendship"]][:1] == ["amsterdam"]


def test_ascn_network_in_vietnamese(cli):
    data = cli("report", "network", "ascn", "--lang", "vi", "-f", "json", root=SHIPPED).json()
    # No seed says which city is a capital; GeoNames' country data names each country's capital.
    assert data["totals"] == {"members": 26, "countries": 10, "capitals": 10}
    names = {m["id"]: m["name"] for c in data["countries"] for m in c["members"]}
    assert names["hanoi"] == "Hà Nội" and names["jakarta"] == "DKI Jakarta"
    [breach] = data["breaches"]
    assert (breach["country"], breach["count"], breach["limit"]) == ("MY", 4, 3)
    text = cli("report", "network", "ascn", "--lang", "vi", root=SHIPPED).stdout
    assert "Malaysia\\: 4 thành viên, nhiều hơn 3" in text  # ":" escaped against autolinks


@pytest.mark.parametrize("lang", LANGS)
def test_no_english_heading_left_where_a_translation_exists(lang):
    from citynet.publish.i18n import catalogue

    for key, texts in catalogue().items():
        assert set(texts) == set(LANGS), key
        assert all(texts[code].strip() for code in LANGS), key


def test_every_report_json_matches_its_markdown_counts(cli):
    for name, subject in SHIPPED_REPORTS:
        data = cli("report", name, subject, "-f", "json", root=SHIPPED).json()
        text = plain_text(cli("report", name, subject, root=SHIPPED).stdout)
        for source in data["sources"]:
            assert source["title"] in text
        if "totals" in data and name != "partners":
            assert all(str(v) in text for v in data["totals"].values())
        json.dumps(data)


@pytest.mark.parametrize("args", [("committees", "mcsr-cities-alliance"),
                                  ("network", "ascn"), ("partners", "seoul"),
                                  ("memberships", "seoul"), ("network", "mcsr-cities-alliance")])
def test_no_report_publishes_a_maintainers_note(cli, args):
    """A record's `notes` are the maintainers' (how a source was read, what it left unsaid),
    as on the site: no report prints them, in Markdown or in its data."""
    registry, _ = load(SHIPPED)
    notes = [entry.raw["notes"] for folder in registry.entries
             for entry in registry.of_kind(folder) if entry.raw.get("notes")]
    for fmt in ("markdown", "json"):
        run = cli("report", *args, "--format", fmt, root=SHIPPED)
        assert run.exit_code == 0, run.stderr
        for note in notes:
            assert note[:60] not in run.stdout, (args, fmt)
