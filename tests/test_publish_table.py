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


def test_other_columns_narrow_instead():
    lines = render()
    page = "\n".join(lines)
    assert "federal-district-brazil" not in page.replace("seoul-federal-district-brazil-", "")
    assert "…" in page  # the notes and parties are shortened, not the id


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
