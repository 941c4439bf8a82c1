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
