"""Bounded work on any input: depth, huge integers, long keys, unusual line breaks.

Each class of input gets the same answer from the fast canonical reader and
from libyaml, whatever libyaml version PyYAML bundles.
"""

import pytest

from citynet.yaml import fast, reader


def _block(levels: int) -> str:
    """A canonical text whose innermost mapping is `levels` deep (the root is level 1)."""
    return "".join("  " * i + "a:\n" for i in range(levels - 1)) + "  " * (levels - 1) + "a: v\n"


def _flow(levels: int) -> str:
    return "a: " + "[" * (levels - 1) + "]" * (levels - 1) + "\n"


@pytest.mark.parametrize("make", [_block, _flow], ids=["block", "flow"])
def test_sixty_four_levels_are_read(make):
    data, issues = reader.load(make(64))
    assert issues == [] and data is not None
    assert reader.load_libyaml(make(64)) == (data, [])


@pytest.mark.parametrize("levels", [65, 495, 999, 1000, 1001, 5000])
def test_deep_block_nesting_is_too_deep_where_level_65_starts(levels):
    text = _block(levels)
    assert fast.read(text) is fast.NOT_SIMPLE  # bounded: no RecursionError
    expected = (None, [reader.YamlIssue("yaml-too-deep", "the YAML is nested deeper than 64 "
                                        "levels", 65, 129)])
    assert reader.load(text) == expected
    assert reader.load_libyaml(text) == expected


@pytest.mark.parametrize("levels", [65, 999, 1000, 1001, 5000])
@pytest.mark.parametrize("opener", ["[", "{a: "])
def test_deep_flow_nesting_is_too_deep_where_level_65_starts(levels, opener):
    # libyaml 0.2.6 stops at 1000 levels with a syntax error before handing over any event
    text = "a: " + opener * (levels - 1) + "\n"
    data, issues = reader.load(text)
    assert data is None
    assert (issues[0].code, issues[0].line, issues[0].column) == (
        "yaml-too-deep", 1, 4 + 63 * len(opener))


def test_problems_before_the_deep_part_are_still_reported():
    text = "a: !custom x\nb: " + "[" * 2000 + "\n"
    _, issues = reader.load(text)
    assert [(i.code, i.line, i.column) for i in issues[:2]] == [
        ("yaml-tag", 1, 4), ("yaml-too-deep", 2, 4 + 63)]


@pytest.mark.parametrize("text", [
    "a: " + "9" * 5000 + "\n", "a:\n  - " + "9" * 5000 + "\n", "a: [-" + "9" * 5000 + "]\n",
    "a: !!int " + "9" * 5000 + "\n", "a: 0x" + "f" * 4000 + "\n",
])
def test_an_integer_past_the_digit_limit_is_a_schema_problem(text):
    for read in (reader.load, reader.load_libyaml):
        data, [issue] = read(text)
        assert data is None and issue.code == "schema" and issue.line is not None


def test_integers_up_to_the_digit_limit_are_read():
    assert reader.load("a: " + "9" * 4300 + "\n")[0] == {"a": int("9" * 4300)}


@pytest.mark.parametrize("prefix", ["", "a:\n  - ", "a:\n  - b: 1\n    "])
def test_a_key_over_1024_characters_is_a_syntax_error_on_every_path(prefix):
    assert reader.load(prefix + "k" * 1024 + ": v\n")[1] == []
    for read in (reader.load, reader.load_libyaml):
        data, issues = read(prefix + "k" * 1025 + ": v\n")
        assert data is None and [i.code for i in issues] == ["yaml-syntax"]


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_nel_ls_and_ps_are_characters_not_line_breaks_as_yaml_1_2_says(char):
    for read in (reader.load, reader.load_libyaml):
        assert read(f"a: x{char}y\n") == ({"a": f"x{char}y"}, [])
        assert read(f'a: "x{char}y"\n') == ({"a": f"x{char}y"}, [])
        assert read(f"# note{char}b: 1\na: 1\n") == ({"a": 1}, [])  # the comment runs on
        data, [issue] = read(f"a: x{char}b: y\n")  # one scalar holding ": ", not two keys
        assert (data, issue.code, issue.line) == (None, "yaml-syntax", 1)


def test_escapes_of_nel_ls_and_ps_still_read_as_those_characters():
    assert reader.load('a: "\\N\\L\\P\\U000F0000"\n\u2028: 1\n')[0] == {
        "a": "\x85\u2028\u2029\U000F0000", "\u2028": 1}
