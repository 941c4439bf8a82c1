"""Wikidata: `export --format quickstatements` and `compare wikidata FILE` (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import OTTAWA, REPO, SEOUL, TAIPEI

FIXTURE = REPO / "tests/fixtures/wikidata/wbgetentities.json"
SISTER = """\
kind: sister
parties: [seoul, taipei]
signed: 1968-03-15
lifecycle: [{step: ended, date: 1992}]
sources:
  - {title: Seoul, url: "https://example.org/seoul"}
  - {title: Taipei, url: "https://example.org/taipei"}
  - {title: A book}
"""


def with_qid(text: str, qid: str) -> str:
    return text.rstrip("\n") + f"\nwikidata: {qid}\n"


@pytest.fixture
def root(make_registry) -> Path:
    return make_registry({
        "data/cities/seoul.yaml": with_qid(SEOUL, "Q8684"),
        "data/cities/taipei.yaml": with_qid(TAIPEI, "Q1867"),
        "data/cities/ottawa.yaml": with_qid(OTTAWA, "Q1930"),
    })


def test_quickstatements_state_both_directions_with_every_reference(cli, make_registry,
                                                                    tmp_path):
    root = make_registry({
        "data/cities/seoul.yaml": with_qid(SEOUL, "Q8684"),
        "data/cities/taipei.yaml": with_qid(TAIPEI, "Q1867"),
        "data/agreements/seoul-taipei-sister.yaml": SISTER,
    })
    target = tmp_path / "p190.tsv"
    result = cli("export", "--format", "quickstatements", "--output", str(target), root=root)
    assert result.exit_code == 0, result.stderr
    time = "P580\t+1968-03-15T00:00:00Z/11\tP582\t+1992-00-00T00:00:00Z/9"
    assert target.read_text().splitlines() == [
        f'Q8684\tP190\tQ1867\t{time}\tS854\t"https://example.org/seoul"',
        f'Q8684\tP190\tQ1867\t{time}\tS854\t"https://example.org/taipei"',
        f'Q8684\tP190\tQ1867\t{time}\tS1476\tund:"A book"',
        f'Q1867\tP190\tQ8684\t{time}\tS854\t"https://example.org/seoul"',
        f'Q1867\tP190\tQ8684\t{time}\tS854\t"https://example.org/taipei"',
        f'Q1867\tP190\tQ8684\t{time}\tS1476\tund:"A book"',
    ]
    # Ottawa has no Q-id: its friendship with Seoul is not stated.
    assert "1 agreement," in result.stdout  # one, in the singular


@pytest.mark.parametrize(("signed", "value"), [
    ("1968", "+1968-00-00T00:00:00Z/9"), ("1968-03", "+1968-03-00T00:00:00Z/10"),
])
def test_a_partial_date_keeps_its_precision(cli, root, signed, value):
    (root / "data/agreements/seoul-taipei-sister.yaml").write_text(
        f"kind: sister\nparties: [seoul, taipei]\nsigned: {signed}\nsources: [{{title: t}}]\n")
    result = cli("export", "-f", "quickstatements", "--output", "-", root=root)
    lines = result.stdout.splitlines()
    reference = '\tS1476\tund:"t"'
    assert f"Q8684\tP190\tQ1867\tP580\t{value}{reference}" in lines
    assert f"Q1867\tP190\tQ8684\tP580\t{value}{reference}" in lines
    assert ('Q8684\tP190\tQ1930\tP580\t+1997-00-00T00:00:00Z/9\tS1476\t'
            'und:"Diplomatie de la ville"') in lines


def test_compare_lists_what_only_one_side_has(cli, root):
    result = cli("compare", "wikidata", str(FIXTURE), "--format", "json", root=root)
    assert result.exit_code == 0, result.stderr
    report = result.json()
    assert [(p["a"]["qid"], p["b"]["qid"], p["b"]["city"]) for p in report["only_wikidata"]] == [
        ("Q90", "Q1930", "ottawa"), ("Q1490", "Q8684", "seoul")]
    assert [p["agreement"] for p in report["only_registry"]] == ["seoul-ottawa-friendship"]
    assert report["date_conflicts"] == []  # 1968 and 1968-03 may be one date


def test_compare_reports_start_dates_that_differ(cli, root):
    (root / "data/agreements/seoul-taipei-sister.yaml").write_text(
        "kind: sister\nparties: [seoul, taipei]\nsigned: 1968-04\nsources: [{title: t}]\n")
    result = cli("compare", "wikidata", str(FIXTURE), root=root)
    assert result.exit_code == 0
    assert "start dates that differ: 1" in result.stdout
    assert ("  taipei (Q1867) – seoul (Q8684)  registry 1968-04, Wikidata 1968-03"
            in result.stdout)
    assert "only in Wikidata: 2\n  ? (Q90) – ottawa (Q1930)" in result.stdout


def test_compare_refuses_a_file_that_is_not_wbgetentities_json(cli, root, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    result = cli("compare", "wikidata", str(bad), root=root)
    assert result.exit_code == 2
    assert "no `entities` object" in result.stderr
    bad.write_text("{")
    assert "not a readable UTF-8 JSON file" in cli("compare", "wikidata", str(bad),
                                                  root=root).stderr


@pytest.mark.parametrize("qid", ["Q0", "q42", "Q12a", "P190", "Q" + "1" * 19, "Q" + "1" * 5000])
def test_a_wikidata_id_is_q_and_digits(cli, make_registry, qid):
    """A few digits: Wikidata's items number in the hundreds of millions, and no number
    should be one Python cannot read (4300 digits)."""
    root = make_registry({"data/cities/seoul.yaml": with_qid(SEOUL, qid)})
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert "schema" in result.stdout


def test_on_the_shipped_data_nothing_is_matched_as_the_docs_say(cli):
    """docs/commands/compare.md: the shipped cities carry no wikidata id (no seed gives one)."""
    run = cli("compare", "wikidata", str(REPO / "tests/fixtures/wikidata/wbgetentities.json"),
              root=REPO)
    assert "? (Q8684)" in run.stdout and "only in the registry: 0" in run.stdout


def _hostile(qid: object) -> str:
    """A wbgetentities document whose Seoul twins with `qid` (given as its `id`, or as its
    `numeric-id` when `qid` is a number)."""
    import json

    value = {"numeric-id": qid} if isinstance(qid, int) else {"id": qid}
    snak = {"mainsnak": {"datavalue": {"value": value}}, "rank": "normal"}
    good = {"mainsnak": {"datavalue": {"value": {"id": "Q90"}}}, "rank": "normal"}
    return json.dumps({"entities": {"Q8684": {"id": "Q8684", "claims": {"P190": [snak, good]}},
                                    qid if isinstance(qid, str) else "Q1": {"claims": {}}}})


@pytest.mark.parametrize("qid", ["Q" + "1" * 5000, "Q²", "Q١٢", "Q0", "", 10 ** 60])
def test_compare_takes_only_item_ids_from_the_file(cli, root, tmp_path, qid):
    """An `id` that is not Q and ASCII digits names no item: one past Python's 4300 digits
    was an internal error."""
    document = tmp_path / "w.json"
    document.write_text(_hostile(qid))
    result = cli("compare", "wikidata", str(document), root=root)
    assert result.exit_code == 0, result.stderr
    assert "? (Q90) – seoul (Q8684)" in result.stdout
    assert "Q²" not in result.stdout and "Q111" not in result.stdout and "Q0" not in result.stdout


@pytest.mark.parametrize("text", ['{"entities": ' + "[" * 100_000 + "]" * 100_000 + "}",
                                  '{"entities": {"Q1": ' + "1" * 5000 + "}}"])
def test_compare_refuses_json_it_cannot_read_in_one_line(cli, root, tmp_path, text):
    document = tmp_path / "w.json"
    document.write_text(text)
    result = cli("compare", "wikidata", str(document), root=root)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "not a readable" in result.stderr
