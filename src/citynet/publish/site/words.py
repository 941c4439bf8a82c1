"""Every word a page shows, in the reader's language: record names, source text, the data's
closed lists and language names.

A name or a text that is not in the page's language (a record with no Vietnamese name, a
description its source gives only in French) keeps the language it is in, so the page
marks it `lang="…"`: screen readers then read it in its own language.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from citynet.model.kinds import CITIES, COMMITTEES, ORGANISATIONS, Kind
from citynet.store.registry import Registry

PAGE_KINDS: tuple[str, ...] = (CITIES.folder, ORGANISATIONS.folder, COMMITTEES.folder)
"""The kinds, by folder, that have a page of their own."""
ORGANISATIONS_PAGE = f"{ORGANISATIONS.folder}.html"
"""The list of every organisation and its committees."""


def record_path(folder: str, record_id: str) -> str:
    return f"{folder}/{record_id}.html"


def in_language(text: Any, lang: str, fallback: str = "") -> tuple[str, str | None]:
    """(text, its language when not `lang`) from a map of language -> text: the page's
    language, else English, else the first the map holds; `fallback` when there is none."""
    if not isinstance(text, dict) or not text:
        return fallback, None
    if isinstance(text.get(lang), str):
        return text[lang], None
    for other in ("en", *text):
        if isinstance(text.get(other), str):
            return text[other], other
    return fallback, None


def named(registry: Registry, folder: str, record_id: str, lang: str) -> dict[str, Any]:
    """A record mentioned on a page: its name in `lang` (with the language it fell back to),
    and the path of its page when it has one."""
    entry = registry.get(folder, record_id)
    name, name_lang = in_language(entry.raw.get("names") if entry else None, lang, record_id)
    path = record_path(folder, record_id) if entry and folder in PAGE_KINDS else None
    return {"id": record_id, "name": name, "lang": name_lang, "path": path}


def term(texts: dict[str, str], prefix: str, value: Any) -> str:
    """The catalogue's word for a value of a closed list (`level_federal_district`), else the
    value as written."""
    key = prefix + "_" + "_".join(re.findall(r"[^\W_]+", str(value).lower()))
    return texts.get(key, str(value))


@cache
def language_name(code: str, lang: str) -> str:
    """A language's name in `lang` from CLDR (`fr` in English: French), else the code."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(lang).languages.get(code.replace("-", "_").split("_")[0]) or code
    except (ValueError, UnknownLocaleError):
        return code


def own_name(code: str) -> str:
    """A language's name in itself (`vi`: Tiếng Việt), for the language switcher."""
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def kind_word(texts: dict[str, str], kind: Kind) -> str:
    return texts.get(f"record_{kind.name}", kind.name)
