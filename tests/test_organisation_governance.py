"""What an organisation aims at and how it works: goal, objectives, posts (Popolo's Post),
governance provisions, and a phase's priority areas and sectors (issue 27.4).

Through the CLI on a scratch registry: validate (schema and dates), show, export and schema.
"""

from __future__ import annotations

import json

import pytest

NETWORK = """\
names: {en: Smart Network, vi: Mạng lưới}
goal: {en: Better lives, vi: Đời sống tốt hơn}
objectives:
- {en: to cooperate, vi: hợp tác}
- {en: to fund, vi: tài trợ}
posts:
- label: {en: City Chair, vi: Chủ tịch Thành phố}
  role: chair
  area: member-city
  filled_by: {en: Member States appoint them, vi: bổ nhiệm}
  duties:
  - {en: attend meetings, vi: tham dự các cuộc họp}
  start: 2018
- label: {en: Network Chair}
  role: chair
governance:
- topic: meetings
  text: {en: It meets every year., vi: họp hàng năm}
phases:
- names: {en: Full phase}
  start: 2017
  end: 2021
  priority_areas:
  - {en: policy coordination}
  sectors:
  - {en: tourism}
sources: [{title: a source}]
"""

COUNCIL = """\
names: {en: Council}
organisation: network
status: established
posts:
- label: {en: chairman}
  role: chair
governance:
- topic: membership
  text: {en: Observers may apply after a year.}
sources: [{title: a source}]
"""


@pytest.fixture
def root(make_registry):
    return make_registry({"data/organisations/network.yaml": NETWORK,
                          "data/committees/council.yaml": COUNCIL})


def found(cli, root):
    run = cli("validate", "--format", "json", root=root)
    return [(p["code"], p["path"].rsplit("/", 1)[-1], p["line"], p["column"], p["message"])
            for p in run.json()["problems"]]


def test_the_fields_validate(cli, root):
    assert found(cli, root) == []


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("  area: member-city\n", "  area: each-city\n", ("schema", 9),
     "'member-city' or 'member-country'"),
    ("- label: {en: Network Chair}\n", "- label: {vi: Chủ tịch}\n", ("schema", 14),
     "an English name ('en') is required"),
    ("- label: {en: Network Chair}\n", "- role: chair\n", ("schema", 14), "label"),
    ("- topic: meetings\n", "- topic: meeting\n", ("schema", 17), "'meetings', 'reporting'"),
    ("objectives:\n", "objectives: to cooperate\nold_objectives:\n", ("schema", 3), ""),
    ("  start: 2018\n", "  start: 2018\n  end: 2017-12\n", ("date-order", 14),
     "posts.0: end 2017-12 comes before start 2018"),
    ("  end: 2021\n", "  end: 2016\n", ("date-order", 22),
     "phases.0: end 2016 comes before start 2017"),
])
def test_bad_values_are_reported_at_their_line(cli, root, old, new, where, message):
    path = root / "data/organisations/network.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    problems = found(cli, root)
    assert [(code, name, line) for code, name, line, _, _ in problems][:1] == [
        (where[0], "network.yaml", where[1])], problems
    assert message in problems[0][4]


def test_a_committee_post_ending_before_it_starts(cli, root):
    path = root / "data/committees/council.yaml"
    path.write_text(path.read_text().replace("  role: chair\n", "  role: chair\n  start: 2019\n"
                                             "  end: 2018\n"), encoding="utf-8")
    assert [p[:3] for p in found(cli, root)] == [("date-order", "council.yaml", 8)]


def test_show_and_export_carry_them(cli, root, tmp_path):
    shown = cli("show", "network", "--format", "json", root=root).json()["record"]
    assert shown["posts"][0]["area"] == "member-city"
    assert shown["objectives"][1] == {"en": "to fund", "vi": "tài trợ"}
    text = cli("show", "network", root=root).stdout
    assert "goal:\n  en: Better lives\n" in text and "- topic: meetings\n" in text
    out = tmp_path / "all.json"
    assert cli("export", "--format", "json", "--output", str(out), root=root).exit_code == 0
    exported = json.loads(out.read_text(encoding="utf-8"))
    [network] = exported["organisations"]
    assert network["phases"][0]["priority_areas"] == [{"en": "policy coordination"}]
    assert exported["committees"][0]["governance"][0]["topic"] == "membership"


def test_the_schema_describes_posts_as_popolo_does(cli, root):
    schema = cli("schema", "--kind", "organisation", root=root).json()
    post = schema["$defs"]["Post"]
    assert post["required"] == ["label"]
    assert {"label", "role", "area", "filled_by", "duties", "start", "end"} <= set(
        post["properties"])
    assert schema["$defs"]["PostArea"]["enum"] == ["member-city", "member-country"]
    assert "Provision" in cli("schema", "--kind", "committee", root=root).json()["$defs"]


def test_fmt_keeps_them_in_canonical_order(cli, root):
    path = root / "data/organisations/network.yaml"
    before = path.read_text(encoding="utf-8")
    assert cli("fmt", str(path), root=root).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.index("phases:") < after.index("goal:") < after.index("objectives:") \
        < after.index("posts:") < after.index("governance:") < after.index("sources:")
    assert after.index("\n- label:") < after.index("\n  role:") < after.index("\n  area:") \
        < after.index("\n  filled_by:") < after.index("\n  duties:")
    assert before != after  # flow style became block style; the values are the same
    assert found(cli, root) == []
