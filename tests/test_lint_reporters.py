"""Validate's report on a hand-built Result, in each format: the exact text written, and
nothing else read."""

import json

import pytest

from citynet.lint import reporters
from citynet.model.problems import Problem, Result, Severity
from citynet.publish.formats import Offer
from citynet.publish.shapes import Annotations, Output, Shape

VALIDATE = Offer(Shape.TEXT, Shape.DATA, Shape.ANNOTATIONS)


def write(name: str, result: "Result") -> str:
    """The report in the format called `name`, as `validate --format NAME` writes it."""
    return VALIDATE.write(name, Output({
        Shape.TEXT: lambda: reporters.text(result),
        Shape.DATA: lambda: reporters.document(result),
        Shape.ANNOTATIONS: lambda: Annotations(result.problems, reporters.closing(result))}))

RESULT = Result(
    problems=[
        Problem("schema", "unknown key 'contry' (did you mean 'country'?)",
                "data/cities/oslo.yaml", 3, 1, loc=("contry",), key=True),
        Problem("rule-breach", "ascn: MY has 4 members, more than 3",
                "data/organisations/ascn.yaml", 9, 12,
                loc=("rules", "max_members_per_country", "limit")),
        Problem("unknown-folder", "data/towns is not read", "data/towns"),
    ],
    files=7,
    records=6,
)


def test_text():
    assert reporters.text(RESULT) == (
        "data/cities/oslo.yaml:3:1: error [schema] unknown key 'contry' "
        "(did you mean 'country'?)\n"
        "data/organisations/ascn.yaml:9:12: warning [rule-breach] ascn: MY has 4 members, "
        "more than 3\n"
        "data/towns: warning [unknown-folder] data/towns is not read\n"
        "7 files checked: 1 error, 2 warnings\n"
    )


def test_text_of_a_clean_result():
    assert reporters.text(Result(files=1, records=1)) == "1 file checked: no problems\n"


def test_json():
    assert json.loads(write("json", RESULT)) == {
        "problems": [
            {"severity": "error", "code": "schema",
             "message": "unknown key 'contry' (did you mean 'country'?)",
             "path": "data/cities/oslo.yaml", "line": 3, "column": 1, "field": "contry"},
            {"severity": "warning", "code": "rule-breach",
             "message": "ascn: MY has 4 members, more than 3",
             "path": "data/organisations/ascn.yaml", "line": 9, "column": 12,
             "field": "rules.max_members_per_country.limit"},
            {"severity": "warning", "code": "unknown-folder", "message": "data/towns is not read",
             "path": "data/towns", "line": None, "column": None, "field": None},
        ],
        "summary": {"files": 7, "records": 6, "errors": 1, "warnings": 2},
    }
    assert write("json", RESULT).endswith("}\n")


def test_json_keeps_text_as_written():
    result = Result([Problem("schema", "names.fr: « Séoul »", "data/cities/séoul.yaml", 1, 1)])
    assert "« Séoul »" in write("json", result)


def test_github():
    assert write("github", RESULT) == (
        "::error file=data/cities/oslo.yaml,line=3,col=1,title=citynet schema::"
        "unknown key 'contry' (did you mean 'country'?)\n"
        "::warning file=data/organisations/ascn.yaml,line=9,col=12,title=citynet rule-breach::"
        "ascn: MY has 4 members, more than 3\n"
        "::warning file=data/towns,title=citynet unknown-folder::data/towns is not read\n"
        "7 files checked: 1 error, 2 warnings\n"
    )


def test_github_escapes_what_would_end_a_command():
    """Data escapes %, CR and LF; properties also escape : and , (they separate properties)."""
    problem = Problem("schema", "100% wrong\r\nsecond line: a, b", "data/cities/a:b,c%.yaml",
                      2, 5, Severity.ERROR)
    first = write("github", Result([problem], files=1)).splitlines()[0]
    assert first == ("::error file=data/cities/a%3Ab%2Cc%25.yaml,line=2,col=5,"
                     "title=citynet schema::100%25 wrong%0D%0Asecond line: a, b")


@pytest.mark.parametrize(("env", "chosen"), [
    ({"GITHUB_ACTIONS": "true"}, "github"),
    ({"GITHUB_ACTIONS": "false"}, "text"),
    ({}, "text"),
])
def test_auto_is_github_under_github_actions(monkeypatch, env, chosen):
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert VALIDATE.choose("auto") == chosen
    assert write("auto", RESULT) == write(chosen, RESULT)


def test_a_problem_always_has_a_severity():
    """None stands for the code's catalogued severity; a code outside the catalogue is refused."""
    assert Problem("missing-source", "m", "p").severity is Severity.WARNING
    assert Problem("rule-breach", "m", "p", severity=Severity.ERROR).severity is Severity.ERROR
    with pytest.raises(ValueError):
        Problem("no-such-code", "m", "p")
