"""docs/data.md is true: each row of its "Claims checked against the data" table holds.

A row is `| fact | kind/id | field | value |`. The field is a dotted path into the record
(list items by position from 0); the value, in backticks, must equal the field's value, or
appear in it for a `notes`, `note` or `text` field; `(absent)` means the field is not set.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from citynet.store.registry import load  # the one place the library is imported

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "data.md"
HEADING = "## Claims checked against the data"
ABSENT = "(absent)"
TEXT_FIELDS = {"notes", "note", "text"}


def claims() -> list[tuple[str, str, str, str]]:
    text = DOC.read_text(encoding="utf-8")
    assert HEADING in text, f"{DOC.name} has no {HEADING!r} section"
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) != 4 or cells[0] in ("fact", "---"):
            continue
        fact, record, field, value = cells
        match = re.fullmatch(r"`(.*)`", value)
        assert match, f"value of {fact!r} is not in backticks: {value!r}"
        rows.append((fact, record, field, match.group(1)))
    return rows


CLAIMS = claims()


@pytest.fixture(scope="module")
def registry():
    found, _problems = load(REPO, use_cache=False)
    return found


def resolve(value: Any, path: str) -> Any:
    for part in path.split("."):
        if value is None:
            return None
        if part.isdigit():
            index = int(part)
            value = value[index] if index < len(value) else None
        elif isinstance(value, dict):
            value = value.get(part)
        else:
            value = getattr(value, part)
    return value


def plain(value: Any) -> str:
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def test_the_table_has_claims():
    assert len(CLAIMS) >= 40


@pytest.mark.parametrize(("fact", "record", "field", "expected"), CLAIMS,
                         ids=[f"{r}:{f}" for _, r, f, _ in CLAIMS])
def test_claim_holds(registry, fact, record, field, expected):
    folder, _, record_id = record.partition("/")
    entry = registry.get(folder, record_id)
    assert entry is not None, f"{fact}: no record {record}"
    actual = resolve(entry.model, field)
    if expected == ABSENT:
        assert actual in (None, False, [], {}), f"{fact}: {record} {field} is {actual!r}"
    elif field.rsplit(".", 1)[-1] in TEXT_FIELDS:
        assert actual is not None and expected in actual, f"{fact}: not in {record} {field}"
    else:
        assert plain(actual) == expected, f"{fact}: {record} {field} is {actual!r}"


SEVERAL = "A city named in several documents is one record citing each of them:"
DOCUMENTS = {
    "Diplomatie de la ville": "Seoul page",
    "Bản Tóm tắt Dự án Mạng lưới Thành phố Thông minh ASEAN": "ASCN article",
    "Cities Alliance Operational Structure Establishes during the Initiation Phase (2015-2016)":
        "MCSR text",
    "Structure opérationnelle de l'Alliance des villes établie pendant la phase d'initiation "
    "(2015-2016)": "MCSR text",
    "Estrutura Operacional da Aliança de Cidades Estabelece durante a Fase de Iniciação "
    "(2015-2016)": "MCSR text",
}
"""The seed documents by title; the MCSR text's three versions are one document."""


def test_the_list_of_cities_in_several_documents_is_the_datas(registry):
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert SEVERAL in text, f"{DOC.name} no longer says {SEVERAL!r}"
    listed = text.split(SEVERAL, 1)[1].split("(", 1)[0]
    named = set(re.findall(r"`([a-z0-9-]+)`", listed))
    several = {entry.id for entry in registry.of_kind("cities")
               if len({DOCUMENTS[s.title] for s in entry.model.sources
                       if s.title in DOCUMENTS}) > 1}
    assert named == several
