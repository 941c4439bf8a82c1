"""A tab in the indentation is named as such by every reader: validate, fmt and the editor's."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from citynet.store.files import parse_text
from citynet.yaml import reader

TAB_AT_3_1 = "id: oslo\nnames:\n\ten: Oslo\ncountry: 'NO'\n"
TAB_AFTER_SPACES = "id: oslo\nnames:\n  en: Oslo\n  \tes: Oslo\ncountry: 'NO'\n"
MESSAGE = "a tab in the indentation at line {}, column {}: YAML indents with spaces"


@pytest.mark.parametrize("text, line, column", [
    (TAB_AT_3_1, 3, 1),
    (TAB_AFTER_SPACES, 4, 3),
    ("id: oslo\nnames:\n  en: Oslo\n\tcountry: 'NO'\n", 4, 1),  # libyaml: "a plain scalar"
    ("notes: |\n\tindented with a tab\n", 2, 1),  # libyaml: "a block scalar"
])
def test_the_reader_names_the_tab(text, line, column):
    _, issues = reader.load(text)
    assert [(i.code, i.message, i.line, i.column) for i in issues] == [
        ("yaml-syntax", MESSAGE.format(line, column), line, column)]


def test_other_syntax_errors_keep_libyaml_words():
    _, issues = reader.load("names:\n  en: a: b\n")
    assert "tab" not in issues[0].message


def test_a_tab_in_a_flow_collection_is_no_error_and_a_later_fault_is_not_blamed_on_it():
    assert reader.load("a: [1,\n\t2]\n") == ({"a": [1, 2]}, [])
    _, issues = reader.load("a: [1,\n\t2: 3: 4]\n")
    assert issues and "tab" not in issues[0].message


@given(st.integers(0, 6), st.integers(1, 3))
def test_any_indentation_with_a_tab_is_named_at_the_tab(spaces, tabs):
    text = f"id: oslo\nnames:\n{' ' * spaces}{chr(9) * tabs}en: Oslo\n"
    _, issues = reader.load(text)
    assert issues[0].message == MESSAGE.format(3, spaces + 1)


def test_the_editor_reader_says_it_too():
    """The language server reads a buffer with store.files.parse_text, as validate does."""
    _, problems = parse_text(TAB_AT_3_1.encode(), "data/cities/oslo.yaml")
    assert [(p.code, p.message, p.line, p.column) for p in problems] == [
        ("yaml-syntax", MESSAGE.format(3, 1), 3, 1)]


def test_validate_and_fmt_name_the_tab(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": TAB_AT_3_1})
    checked = cli("validate", root=root)
    assert checked.exit_code == 1
    assert f"data/cities/oslo.yaml:3:1: error [yaml-syntax] {MESSAGE.format(3, 1)}" \
        in checked.stdout
    formatted = cli("fmt", root=root)
    assert formatted.exit_code == 1
    assert f"data/cities/oslo.yaml: error [fmt] not formatted: {MESSAGE.format(3, 1)}" \
        in formatted.stderr
    assert (root / "data/cities/oslo.yaml").read_text() == TAB_AT_3_1
