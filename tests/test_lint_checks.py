"""Each check: the code it raises, and the line and column it points at."""

from citynet.lint.engine import validate


def found(root, path=None):
    return [
        (p.code, p.line, p.column, str(p.severity))
        for p in validate(root).problems
        if path is None or p.path == path
    ]


def test_shipped_base_fixture_is_clean(make_registry):
    assert found(make_registry()) == []


def test_misspelled_key_is_reported_at_its_own_line_and_column(make_registry):
    root = make_registry({"data/cities/oslo.yaml": (
        "names:\n  en: Oslo\ncountry: NO\nlevel: city\n  \ncapitol: true\n"
        "sources: [{title: t}]\n")})
    [problem] = validate(root).problems
    assert (problem.code, problem.line, problem.column) == ("schema", 6, 1)
    assert "unknown key 'capitol' (did you mean 'capital'?)" in problem.message


def test_nested_unknown_key_points_at_the_key(make_registry):
    root = make_registry({"data/cities/oslo.yaml": (
        "names: {en: Oslo}\ncountry: NO\nlevel: city\nlocation:\n  lat: 59.9\n  long: 10.7\n"
        "sources: [{title: t}]\n")})
    missing, unknown = validate(root).problems
    assert (unknown.line, unknown.column) == (6, 3)
    assert "unknown key 'long' (did you mean 'lon'?)" in unknown.message
    assert (missing.line, missing.column, missing.message) == (
        5, 3, "missing required key 'lon' in location")


def test_missing_key_points_at_the_mapping(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: Oslo}\nlevel: city\n"
                                                   "sources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.code, problem.line, problem.column) == ("schema", 1, 1)
    assert problem.message == "missing required key 'country'"


def test_wrong_value_points_at_the_value(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\n"
                                                   "level: town\nsources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.code, problem.line, problem.column) == ("schema", 3, 8)
    assert problem.message.startswith("level: must be one of 'city'")


def test_strict_booleans(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\n"
                                                   "level: city\ncapital: yes\n"
                                                   "sources: [{title: t}]\n"})
    assert found(root) == [("schema", 4, 10, "error")]


def test_english_name_is_required(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {no: Oslo}\ncountry: NO\n"
                                                   "level: city\nsources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.line, problem.column) == (1, 8)
    assert "English name ('en') is required" in problem.message


def test_impossible_date_is_a_schema_error_at_the_value(make_registry):
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          "kind: sister\nparties: [seoul, taipei]\nsigned: 2017-02-30\n"
                          "sources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.code, problem.line, problem.column) == ("schema", 3, 9)
    assert "has no day 30" in problem.message


def test_location_out_of_range(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\n"
                                                   "level: city\nlocation: {lat: 95, lon: 10}\n"
                                                   "sources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.line, problem.column) == (4, 17)


def test_id_mismatch(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "id: olso\nnames: {en: Oslo}\ncountry: NO\n"
                                                   "level: city\nsources: [{title: t}]\n"})
    assert found(root) == [("id-mismatch", 1, 5, "error")]


def test_invalid_id(make_registry):
    root = make_registry({"data/cities/Oslo City.yaml": "names: {en: Oslo}\ncountry: NO\n"
                                                        "level: city\nsources: [{title: t}]\n"})
    assert found(root) == [("invalid-id", 1, 1, "error")]


def test_duplicate_id_across_subfolders(make_registry):
    city = "names: {en: Oslo}\ncountry: NO\nlevel: city\nsources: [{title: t}]\n"
    root = make_registry({"data/cities/a/oslo.yaml": city, "data/cities/b/oslo.yaml": city})
    problems = validate(root).problems
    assert [(p.code, p.path, p.line) for p in problems] == [
        ("duplicate-id", "data/cities/b/oslo.yaml", 1)]
    assert "data/cities/a/oslo.yaml" in problems[0].message


def test_dangling_reference_points_at_the_item(make_registry):
    root = make_registry({"data/agreements/x.yaml":
                          "kind: friendship\nparties:\n  - seoul\n  - atlantis\n"
                          "sources: [{title: t}]\n"})
    assert found(root) == [("dangling-ref", 4, 5, "error")]


def test_reference_to_a_broken_record_is_not_reported_twice(make_registry):
    root = make_registry({"data/cities/taipei.yaml": "names: {en: Taipei}\ncountry: Taiwan\n"})
    assert [p.code for p in validate(root).problems] == ["schema"]


def test_nested_references_resolve(make_registry):
    root = make_registry({"data/organisations/citynet.yaml":
                          "names: {en: CITYNET}\nkind: network\nheadquarters: seoul\n"
                          "offices:\n  - city: busan\n    kind: office\n"
                          "sources: [{title: t}]\n"})
    assert found(root) == [("dangling-ref", 5, 11, "error")]


def test_self_agreement(make_registry):
    root = make_registry({"data/agreements/x.yaml":
                          "kind: friendship\nparties: [seoul, seoul]\nsources: [{title: t}]\n"})
    assert found(root) == [("self-agreement", 2, 18, "error")]


def test_duplicate_agreement_in_either_order(make_registry):
    root = make_registry({"data/agreements/taipei-seoul.yaml":
                          "kind: sister\nparties: [taipei, seoul]\nsources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.code, problem.path, problem.line, problem.column) == (
        "duplicate-agreement", "data/agreements/taipei-seoul.yaml", 2, 10)


def test_same_pair_different_kind_is_fine(make_registry):
    root = make_registry({"data/agreements/x.yaml":
                          "kind: friendship\nparties: [taipei, seoul]\nsources: [{title: t}]\n"})
    assert found(root) == []


def test_date_order(make_registry):
    root = make_registry({"data/projects/exchange.yaml":
                          "names: {en: An exchange}\nprovider: seoul\nsince: 1968\n"
                          "until: 1967-12\nsources: [{title: t}]\n"})
    assert found(root) == [("date-order", 4, 8, "error")]


def test_an_end_before_the_signature_is_out_of_order(make_registry):
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          "kind: sister\nparties: [seoul, taipei]\nsigned: 1968\n"
                          "lifecycle:\n- step: ended\n  date: 1967-12\nsources: [{title: t}]\n"})
    assert found(root) == [("lifecycle-order", 6, 9, "error")]


def test_same_year_partial_dates_are_not_out_of_order(make_registry):
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          "kind: sister\nparties: [seoul, taipei]\nsigned: 1968-05\n"
                          "lifecycle: [{step: suspended, date: 1968}, {step: ended, date: "
                          "1968-05}]\nsources: [{title: t}]\n"})
    assert found(root) == []


MEMBERSHIP_ORG = {"data/organisations/citynet.yaml":
                  "names: {en: CITYNET}\nkind: network\nsources: [{title: t}]\n"}


def test_role_before_membership(make_registry):
    root = make_registry({**MEMBERSHIP_ORG, "data/memberships/seoul-citynet.yaml":
                          "member: seoul\norganisation: citynet\nsince: 1989\nroles:\n"
                          "  - role: president\n    since: 1980\nsources: [{title: t}]\n"})
    assert found(root) == [("role-dates", 6, 12, "error")]


def test_role_after_membership_ends(make_registry):
    root = make_registry({**MEMBERSHIP_ORG, "data/memberships/seoul-citynet.yaml":
                          "member: seoul\norganisation: citynet\nsince: 1989\n"
                          "lifecycle: [{step: ended, date: 2000}]\n"
                          "roles:\n  - role: president\n    until: 2005\nsources: [{title: t}]\n"})
    assert found(root) == [("role-dates", 7, 12, "error")]


def test_role_dates_in_order(make_registry):
    root = make_registry({**MEMBERSHIP_ORG, "data/memberships/seoul-citynet.yaml":
                          "member: seoul\norganisation: citynet\nroles:\n"
                          "  - role: president\n    since: 2010\n    until: 2005\n"
                          "sources: [{title: t}]\n"})
    assert found(root) == [("date-order", 6, 12, "error")]


def test_unknown_country(make_registry):
    root = make_registry({"data/cities/london.yaml": "names: {en: London}\ncountry: UK\n"
                                                     "level: city\nsources: [{title: t}]\n"})
    assert found(root) == [("unknown-country", 2, 10, "error")]


def test_unknown_subdivision(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\n"
                                                   "level: city\nsubdivision: KR-11\n"
                                                   "sources: [{title: t}]\n"})
    [problem] = validate(root).problems
    assert (problem.code, problem.line, problem.column) == ("unknown-subdivision", 4, 14)
    assert "of KR, not of NO" in problem.message


def test_missing_source_is_a_warning(make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\nlevel: city\n"})
    assert found(root) == [("missing-source", 1, 1, "warning")]


RULE_ORG = """\
names: {en: Net}
kind: network
rules:
  max_members_per_country:
    limit: 1
    role: pilot-city
    capital_included: true%s
sources: [{title: t}]
"""


def _pilots(root_files, org_text):
    files = {"data/organisations/net.yaml": org_text,
             "data/cities/busan.yaml": "names: {en: Busan}\ncountry: KR\nlevel: city\n"
                                       "sources: [{title: t}]\n"}
    for city in ("seoul", "busan"):
        files[f"data/memberships/{city}-net.yaml"] = (
            f"member: {city}\norganisation: net\nroles: [{{role: pilot-city}}]\n"
            "sources: [{title: t}]\n")
    return {**root_files, **files}


def test_rule_breach_is_a_warning_naming_country_and_count(make_registry):
    root = make_registry(_pilots({}, RULE_ORG % ""))
    [problem] = validate(root).problems
    assert (problem.code, str(problem.severity), problem.line, problem.column) == (
        "rule-breach", "warning", 5, 12)
    assert "net: KR has 2 pilot-city members (busan, seoul)" in problem.message


def test_strict_rule_breach_is_an_error(make_registry):
    root = make_registry(_pilots({}, RULE_ORG % "\n    strict: true"))
    assert [str(p.severity) for p in validate(root).problems] == ["error"]


def test_recorded_exception_silences_the_rule(make_registry):
    exception = "\n    exceptions:\n      - country: KR\n        sources: [{title: t}]"
    root = make_registry(_pilots({}, RULE_ORG % exception))
    assert validate(root).problems == []


def test_capital_must_be_included(make_registry):
    files = _pilots({}, RULE_ORG.replace("limit: 1", "limit: 2") % "")
    files["data/memberships/seoul-net.yaml"] = files["data/memberships/seoul-net.yaml"].replace(
        "pilot-city", "member")
    root = make_registry(files)
    [problem] = validate(root).problems
    assert "none of KR's pilot-city members (busan) is its capital" in problem.message
    assert (problem.line, problem.column) == (7, 23)


def test_capital_rule_is_silent_where_the_capital_is_unknown(make_registry):
    # No KR city is marked a capital: the registry cannot tell whether one is missing.
    files = _pilots({}, RULE_ORG.replace("limit: 1", "limit: 2") % "")
    files["data/cities/seoul.yaml"] = "names: {en: Seoul}\ncountry: KR\nsources: [{title: t}]\n"
    assert validate(make_registry(files)).problems == []
