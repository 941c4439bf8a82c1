"""The search index: every page's names, split by the first letters of their words, in
script files the browser loads one at a time.

The browser loads a small list of the parts first; then, for what is typed, only the part
its first word's letters name (`se` for "Seoul"; `sei` and `seo` when `se` would be too
big). So a keystroke loads at most one part, of about PART_BYTES, however many records
there are. The parts are scripts (`citynetSearch(...)`), not JSON: a page opened from
disk (`file://`) may run a script beside it but not fetch a file. Words are folded the
way citynet folds them (no case, no accents), and matched from their start.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from citynet.model.kinds import CITIES, COMMITTEES, ORGANISATIONS
from citynet.publish.formats import dumps
from citynet.publish.i18n import fold, territory_name
from citynet.publish.site.words import in_language, record_path
from citynet.store.registry import Registry

KINDS = (CITIES, ORGANISATIONS, COMMITTEES)
"""The kinds searched, by their place in the `kind` of an entry; countries come after."""
PART_BYTES = 60_000
"""A part bigger than this is split by one more letter."""
MIN_PREFIX, MAX_PREFIX = 2, 6
FOLDER = "assets/search"
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> set[str]:
    return set(_WORD.findall(fold(text)))


def _entries(registry: Registry, langs: list[str], countries: list[str]
             ) -> list[tuple[list[Any], set[str]]]:
    """Each searchable page: [path, kind, {lang: label, lang_of_label}], and its words."""
    found = []
    for number, kind in enumerate(KINDS):
        for entry in registry.of_kind(kind.folder):
            names = entry.raw.get("names") or {}
            labels = {}
            for lang in langs:
                text, fallback = in_language(names, lang, entry.id)
                labels[lang] = [text, fallback] if fallback else text
            acronym = entry.raw.get("acronym")
            terms = set().union(*(words(n) for n in names.values() if isinstance(n, str)))
            if isinstance(acronym, str):
                terms |= words(acronym)
            found.append(([record_path(kind.folder, entry.id), number, labels], terms))
    for code in countries:
        country = {lang: territory_name(code, lang) for lang in langs}
        terms = set().union(*(words(n) for n in country.values()))
        found.append(([f"countries/{code}.html", len(KINDS), country], terms))
    return found


def _script(key: str, data: Any) -> str:
    return (f"citynetSearch({dumps(key, pretty=False, compact=True)},"
            f"{dumps(data, pretty=False, compact=True)});\n")


def part_name(key: str) -> str:
    """The file of a part: its prefix as hex of its UTF-8 bytes (any script, any letter)."""
    return f"{FOLDER}/{key.encode('utf-8').hex()}.js"


def _longer(key: str, members: list[int], entries: list[tuple[list[Any], set[str]]]
            ) -> list[tuple[str, list[int]]]:
    """A part's entries split by one more letter of their words; a word that is the prefix
    itself goes to the part of that exact word (`se ` for the word "se")."""
    longer: dict[str, set[int]] = defaultdict(set)
    for i in members:
        for term in entries[i][1]:
            if term.startswith(key):
                longer[term[: len(key) + 1] if len(term) > len(key) else key + " "].add(i)
    return [(k, sorted(v)) for k, v in longer.items()]


def _first_that_fit(rows: list[list[Any]]) -> list[list[Any]]:
    """A part that no more letters can split (one word shared by very many names: "san"),
    cut to the first rows by name that fit: the browser shows a dozen anyway, and a longer
    word typed with it leads to a smaller part."""
    rows = sorted(rows, key=lambda row: str(next(iter(row[2].values()), "")))
    kept, size = [], 0
    for row in rows:
        size += len(dumps(row, pretty=False, compact=True).encode("utf-8")) + 1
        if size > PART_BYTES:
            break
        kept.append(row)
    return kept


def search_files(registry: Registry, langs: list[str], countries: list[str]) -> dict[str, str]:
    """{relative path: script}: the list of parts (`index.js`) and every part."""
    entries = _entries(registry, langs, countries)
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for index, (_, terms) in enumerate(entries):
        for prefix in {t[:MIN_PREFIX] for t in terms if len(t) >= MIN_PREFIX}:
            by_prefix[prefix].append(index)
    files: dict[str, str] = {}
    pending = sorted(by_prefix.items())
    keys = []
    while pending:
        key, members = pending.pop()
        rows = [[*entries[i][0], sorted(entries[i][1])] for i in members]
        text = _script(key, rows)
        if len(text.encode("utf-8")) > PART_BYTES:
            if len(key) < MAX_PREFIX and not key.endswith(" "):
                pending.extend(_longer(key, members, entries))
                continue
            text = _script(key, _first_that_fit(rows))
        keys.append(key)
        files[part_name(key)] = text
    files[f"{FOLDER}/index.js"] = _script("", sorted(keys))
    return files
