"""Names in the reader's language: record names, CLDR country names, headings.

Record names come from a record's `names` (English when the language is
missing); country and region names from CLDR through babel; headings from the
message catalogue `messages.yaml` beside the templates.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from citynet.errors import BadOption

LANGUAGES = ("en", "fr", "es", "pt", "vi")


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise BadOption(f"--lang {lang!r} is not supported (languages: {', '.join(LANGUAGES)})")
    return lang


def pick(text: dict[str, str] | None, lang: str, fallback: str = "") -> str:
    """The text in `lang`, else in English, else `fallback`."""
    if not text:
        return fallback
    return text.get(lang) or text.get("en") or fallback


def fold(text: str) -> str:
    """Text compared without case, accents or extra spaces (Bogotá = bogota, Đà Nẵng = da nang)."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def sort_key(text: str) -> tuple[str, str]:
    """Alphabetical order that ignores accents (Ámsterdam with the A's, Đà Nẵng with the D's)."""
    return fold(text), text


@cache
def _territories(lang: str) -> Any:
    from babel import Locale

    return Locale.parse(lang).territories


def territory_name(code: str, lang: str) -> str:
    """A country (ISO alpha-2) or M49 area (three digits) in `lang`, from CLDR."""
    return _territories(lang).get(code) or _territories("en").get(code) or code


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """The message catalogue: key -> {language: text}."""
    import yaml

    from citynet.publish.templates import builtin_templates

    text = (builtin_templates() / "messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def messages(lang: str) -> dict[str, str]:
    """Every heading in `lang`, falling back to English key by key."""
    return {key: pick(texts, lang, key) for key, texts in catalogue().items()}
