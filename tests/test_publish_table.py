"""The `list` table on a terminal: ids are never cut, empty columns go, the rest narrows."""

from __future__ import annotations

import re

from citynet.publish.formats import to_table

ANSI = re.compile(r"\x1b\[[0-9;]*m")

ROWS = [
    {"id": "seoul-federal-district-brazil-friendship", "kind": "friendship",
     "parties": ["seoul", "federal-district-brazil"], "signed": "1997", "ended": None,
     "notes": "A long note that says a great deal about the agreement and its history " * 2},
    {"id": "seoul-taipei-sister", "kind": "sister", "parties": ["seoul", "taipei"],
     "signed": "1968", "ended": None, "notes": None},
]


def render(rows=ROWS, width=80, **options) -> list[str]:
    text = to_table(rows, terminal=True, width=width, title="2 agreements", **options)
    return ANSI.sub("", text).splitlines()


def test_ids_are_whole_on_one_line_at_80_columns():
    lines = render()
    assert all(len(line) <= 80 for line in lines)
    for row in ROWS:
        assert any(f" {row['id']} " in line for line in lines), row["id"]


def test_other_columns_wrap_between_words_or_are_left_out_and_named():
    left_out: list[str] = []
    lines = render(left_out=left_out)
    page = "\n".join(lines)
    assert "…" not in page  # nothing is cut short
    assert left_out == ["parties", "notes"]  # no room for either at 80 columns
    assert "parties" not in page and "notes" not in page
    left_out = []
    lines = render(width=200, left_out=left_out)
    assert left_out == [] and all(len(line) <= 200 for line in lines)
    words = " ".join(line.split("1997")[-1] for line in lines).split()
    assert " ".join(words).count("A long note that says a great deal") == 2  # wrapped, whole
    assert any(" federal-district-brazil" in line for line in lines)  # an id never broken


def test_a_column_is_given_room_for_its_longest_word_in_a_few_lines():
    from citynet.publish.table import MOST_LINES, fitting

    cells = [["a", "word " * 30], ["b", "x" * 30]]
    kept, sizes = fitting(["id", "text"], cells, 60, "id", False)
    assert kept == [0, 1] and sizes[1] >= max(30, len(cells[0][1]) // MOST_LINES)
    kept, _ = fitting(["id", "text"], cells, 30, "id", False)
    assert kept == [0]


def test_columns_empty_for_every_row_are_hidden_when_asked():
    header = next(line for line in render(hide_empty=True) if " id " in line)
    assert "ended" not in header and "signed" in header
    header = next(line for line in render() if " id " in line)
    assert "ended" in header


def test_a_very_narrow_terminal_drops_columns_from_the_right_before_cutting_an_id():
    lines = render(width=50)
    assert all(len(line) <= 50 for line in lines)
    assert any(" seoul-federal-district-brazil-friendship" in line for line in lines)
    header = next(line for line in lines if " id " in line)
    assert "notes" not in header


def test_piped_table_is_unchanged_plain_text():
    text = to_table(ROWS, hide_empty=True)
    assert "\x1b" not in text
    assert text.splitlines()[0].split() == ["id", "kind", "parties", "signed", "ended", "notes"]


def test_a_terminal_narrower_than_an_id_loses_no_character_of_it():
    """Too narrow for the id: the line runs on and the terminal wraps it; nothing is dropped."""
    for width in (12, 20, 24, 30):
        text = "".join(render(width=width))
        for row in ROWS:
            assert row["id"] in text, (width, row["id"])
