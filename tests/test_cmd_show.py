"""`citynet show`: a record and everything tied to it."""


def test_city_shows_agreements_with_partner_names(cli, make_registry):
    run = cli("show", "seoul", "--format", "json", root=make_registry())
    assert run.exit_code == 0
    view = run.json()
    assert (view["kind"], view["id"], view["path"]) == ("city", "seoul", "data/cities/seoul.yaml")
    assert view["record"]["names"]["fr"] == "Séoul"
    partners = {a["id"]: a["partner"] for a in view["related"]["agreements"]}
    assert partners["seoul-taipei-sister"] == {"id": "taipei", "name": "Taipei", "country": "TW"}
    assert view["related"]["memberships"] == []


def test_text_output_names_partners(cli, make_registry):
    out = cli("show", "seoul", root=make_registry()).stdout
    assert out.startswith("city seoul  (data/cities/seoul.yaml)\n")
    assert "  seoul-taipei-sister: sister, Taipei [taipei] (TW), 1968" in out.splitlines()


def test_agreement_shows_its_parties(cli, make_registry):
    view = cli("show", "seoul-ottawa-friendship", "-f", "json", root=make_registry()).json()
    assert [p["name"] for p in view["related"]["parties"]] == ["Seoul", "Ottawa"]


def test_organisation_shows_members_and_committees(cli, make_registry):
    root = make_registry({
        "data/organisations/citynet.yaml": "names: {en: CITYNET}\nkind: network\n"
                                           "headquarters: seoul\nsources: [{title: t}]\n",
        "data/memberships/seoul-citynet.yaml": "member: seoul\norganisation: citynet\nsince: 1989\n"
                                               "roles: [{role: president}]\nsources: [{title: t}]\n",
        "data/committees/tourism.yaml": "names: {en: Tourism}\norganisation: citynet\n"
                                        "status: preparatory\nsources: [{title: t}]\n",
    })
    related = cli("show", "citynet", "-f", "json", root=root).json()["related"]
    assert related["headquarters"]["name"] == "Seoul"
    assert related["members"][0]["member"]["id"] == "seoul"
    assert related["members"][0]["roles"] == [{"role": "president", "since": None, "until": None}]
    assert related["committees"] == [{"id": "tourism", "name": "Tourism", "status": "preparatory"}]
    member_view = cli("show", "seoul-citynet", "-f", "json", root=root).json()["related"]
    assert member_view["organisation"]["name"] == "CITYNET"


def test_ambiguous_id_needs_kind(cli, make_registry):
    root = make_registry({"data/organisations/seoul.yaml": "names: {en: Seoul Org}\n"
                                                           "kind: network\nsources: [{title: t}]\n"})
    run = cli("show", "seoul", root=root)
    assert run.exit_code == 2
    assert "add --kind" in run.stderr
    assert cli("show", "seoul", "--kind", "organisation", "-f", "json",
               root=root).json()["kind"] == "organisation"


def test_unknown_id_is_misuse(cli, make_registry):
    run = cli("show", "atlantis", root=make_registry())
    assert (run.exit_code, run.stderr) == (2, "citynet: error: no record has the id 'atlantis'\n")


def test_unknown_kind_option_is_misuse(cli, make_registry):
    run = cli("show", "seoul", "--kind", "planet", root=make_registry())
    assert run.exit_code == 2
    assert "unknown kind 'planet'" in run.stderr
