"""validate speaks the editor's words: the form to write, the nearest value, never a Python type.

Each case is a record an editor could write by hand; its message must say what to write
instead, and no message may name a Python class or pydantic's own phrasing.
"""

from __future__ import annotations

import pytest

from citynet.lint.engine import validate

CITY = "names: {en: Metz}\ncountry: FR\nsources: [{title: t}]\n"
PYTHON_WORDS = ("Input should be", "instance of", "valid dictionary", "Location", "StrictFloat",
                "pydantic", "dict", "NoneType")


def _messages(make_registry, files):
    root = make_registry(files)
    return {p.path: p.message for p in validate(root, use_cache=False).problems
            if p.path in files}, validate(root, use_cache=False).problems


@pytest.mark.parametrize(("line", "expected"), [
    ("capital: yes", "write true, without quotes"),
    ("capital: 'no'", "write false, without quotes"),
    ("capital: On", "write true, without quotes"),
    ("capital: 'True'", "write true, without quotes"),
    ("geonames_id: '2994160'", "write 2994160 without quotes"),
    ("location: 49.1,6.2", "write {lat: 49.1, lon: 6.2}"),
    ("location: '49.1, 6.2'", "write {lat: 49.1, lon: 6.2}"),
    ("location: [49.1, 6.2]", "write {lat: 49.1, lon: 6.2}"),
    ("location: {lat: 999, lon: 6}", "location.lat: must be at most 90"),
    ("location: {lat: 49.1, lon: east}", "location.lon: must be a number, not 'east'"),
    ("level: cty", "did you mean 'city'?"),
    ("level: Province", "did you mean 'province'?"),
    ("notes: 5", "write it in quotes: '5'"),
    ("aliases: metz-old", "write [metz-old]"),
])
def test_a_typed_field_says_what_to_write(make_registry, line, expected):
    messages, _ = _messages(make_registry, {"data/cities/metz.yaml": CITY + line + "\n"})
    message = messages["data/cities/metz.yaml"]
    assert expected in message
    assert not any(word in message for word in PYTHON_WORDS), message


@pytest.mark.parametrize(("value", "code"), [("FRA", "FR"), ("fr", "FR"), ("France", "FR"),
                                             ("250", "FR"), ("KOR", "KR")])
def test_a_country_written_otherwise_gets_its_code_suggested(make_registry, value, code):
    text = CITY.replace("country: FR", f"country: '{value}'")
    messages, _ = _messages(make_registry, {"data/cities/metz.yaml": text})
    assert f"did you mean {code!r}?" in messages["data/cities/metz.yaml"]


def test_an_enum_value_gets_the_nearest_allowed_one(make_registry):
    messages, _ = _messages(make_registry, {"data/agreements/seoul-taipei-cooperation.yaml":
                                            "kind: sistr\nparties: [seoul, taipei]\n"
                                            "sources: [{title: t}]\n"})
    assert "did you mean 'sister'?" in messages["data/agreements/seoul-taipei-cooperation.yaml"]


def test_a_dangling_id_gets_the_nearest_id_of_its_kind(make_registry):
    _, problems = _messages(make_registry, {"data/agreements/seoul-taipie-cooperation.yaml":
                                            "kind: cooperation\nparties: [seoul, taipie]\n"
                                            "sources: [{title: t}]\n"})
    [dangling] = [p for p in problems if p.code == "dangling-ref"]
    assert dangling.message.endswith("did you mean 'taipei'?")
    assert (dangling.line, dangling.column) == (2, 18)


def test_a_schema_error_does_not_hide_the_same_files_dangling_reference(make_registry):
    _, problems = _messages(make_registry, {"data/agreements/seoul-lyonn-cooperation.yaml":
                                            "kind: sistr\nparties: [seoul, lyonn]\n"
                                            "sources: [{title: t}]\n"})
    assert sorted((p.code, p.line) for p in problems
                  if p.path == "data/agreements/seoul-lyonn-cooperation.yaml") == [
        ("dangling-ref", 2), ("schema", 1)]


@pytest.mark.parametrize("text", [
    "names: {en: 'Metz\ncountry: FR\n",
    "names: {en: \"Metz}\ncountry: FR\n",
    "names: {en: Metz\ncountry: FR\n",
    "names: [Metz\n",
    "sources: [{title: t}\n\n\n",
])
def test_a_syntax_error_is_placed_on_a_line_of_the_file(make_registry, text):
    _, problems = _messages(make_registry, {"data/cities/metz.yaml": text})
    [problem] = [p for p in problems if p.path == "data/cities/metz.yaml"]
    lines = text.split("\n")
    assert problem.code == "yaml-syntax"
    assert 1 <= problem.line <= len(text.rstrip("\n").split("\n"))
    assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1
