"""Names in the reader's language: record names, CLDR country names, headings.

Record names come from a record's `names` (English when the language is
missing); country and region names from CLDR through babel; headings, and
citynet's words for the data's codes and terms (roles, sectors, member
categories), from the message catalogue `messages.yaml` beside the templates.
The language's conventions live here too: numbers from CLDR, French elision and
the French colon, and the BCP 47 tags `--lang` accepts.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import ORGANISATIONS
from citynet.model.records import Grouping
from citynet.model.terms import LANGUAGES


def resolve_language(tag: str) -> tuple[str, str | None]:
    """A BCP 47 tag (`EN`, `pt-BR`, `pt_BR`) as one of LANGUAGES, and a note when narrowed.

    Tags are case-insensitive; a region or script citynet has no messages for
    falls back to its language (`pt-BR` -> `pt`), and the note says so. A tag
    whose language citynet does not publish (`de`, `zh-Hant`) is a BadOption.
    """
    parts = tag.strip().replace("_", "-").lower().split("-")
    if not all(part.isascii() and part.isalnum() for part in parts):
        parts = [""]
    lang = parts[0]
    if lang not in LANGUAGES:
        raise BadOption(f"--lang {tag!r} is not supported (languages: {', '.join(LANGUAGES)})")
    note = None if len(parts) == 1 else (
        f"--lang {tag!r}: citynet has no messages for {tag.strip()}; using {lang!r}")
    return lang, note


def check_language(tag: str) -> str:
    """The one of LANGUAGES a BCP 47 tag names (see resolve_language)."""
    return resolve_language(tag)[0]


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
    from importlib import resources

    import yaml

    text = (resources.files("citynet.templates") / "messages.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def messages(lang: str) -> dict[str, str]:
    """Every heading in `lang`, falling back to English key by key (made once a language:
    a site asks for it on every page; callers only read it)."""
    return {key: pick(texts, lang, key) for key, texts in catalogue().items()}


def label(texts: dict[str, str], prefix: str, value: str) -> str:
    """The catalogue's word for a code or a source's term (`sector_business`), else the term.

    The key is the prefix and the term in lower case with `_` between words, so
    `think tanks` is looked up as `sector_think_tanks`.
    """
    key = prefix + "_" + "_".join(re.findall(r"[^\W_]+", value.lower()))
    return texts.get(key, value)


def number(value: Any, lang: str) -> str:
    """A count in the reader's conventions (1,078 · 1 078 · 1.078), from CLDR."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return _decimal(value, isinstance(value, int), lang)


@lru_cache(maxsize=8192)
def _decimal(value: float, whole: bool, lang: str) -> str:
    """CLDR's formatting of a number, kept: a site formats the same few counts many times
    (`whole` keeps 1 and 1.0 apart)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang)


def region_names(regions: list[Any], lang: str) -> str:
    """UN M49 regions named from CLDR and joined as the language joins a list (Asie et Océanie)."""
    from babel.lists import format_list

    from citynet.query.regions import M49_CODES

    names = [territory_name(M49_CODES[region], lang) for region in regions]
    return format_list(names, locale=lang) if names else ""


def grouping_name(grouping: Grouping, lang: str) -> str:
    """A grouping's name in `lang`; else, rather than its English name, where it comes from."""
    from citynet.query.regions import DEFAULT_GROUPING

    if grouping.names and lang in grouping.names:
        return str(grouping.names[lang])
    if grouping.id == DEFAULT_GROUPING.id:
        return messages(lang)["grouping_un_m49"]
    if grouping.sources:
        return messages(lang)["grouping_from_source"] % {"source": grouping.sources[0].title}
    return pick(grouping.names, lang, grouping.id or "")


COLON = {"fr": "\u202f:"}
"""French sets a narrow no-break space before a colon; the others set none. Every colon of
the French messages follows the same rule (tests/test_publish_i18n.py checks them)."""


def colon(lang: str) -> str:
    """The colon after a label, as the language sets it."""
    return COLON.get(lang, ":")


_VOWELS = "aeiouàâäéèêëîïôöùûüœæ"
_VOWEL_SOUND = re.compile(rf"(?i)(?:[{_VOWELS}]|h[{_VOWELS}y]|y[^{_VOWELS}y])")
_CONTRACTED = {"le ": "du ", "les ": "des "}
TAKES_ARTICLE = frozenset({ORGANISATIONS.name})
"""Placeholders whose names French puts an article before (l'ASEAN, l'UNESCO); a city's
name takes none (d'Amsterdam)."""


def de(name: str, *, article: bool = False) -> str:
    """French "de" before a name: `d'Amsterdam`, `de l'ASEAN`, `du réseau …`, `de Séoul`.

    A vowel or a mute h elides (an h before a vowel is taken as mute); `le`
    and `les` opening a name contract (du, des). With `article`, a name that
    elides takes "l'" (organisations: "de l'Alliance des villes"); before
    other names the article's gender is unknown, so "de" stays bare.
    """
    lower = name.lower()
    for opening, contracted in _CONTRACTED.items():
        if lower.startswith(opening):
            return contracted + name[len(opening):]
    if _VOWEL_SOUND.match(name):
        return ("de l'" if article else "d'") + name
    return "de " + name


_PLURAL = re.compile(r"\{(\w+), plural,((?:\s*[a-z]+\s*\{[^{}]*\})+)\s*\}")
_FORM = re.compile(r"([a-z]+)\s*\{([^{}]*)\}")


def plural(message: str, values: dict[str, Any], lang: str) -> str:
    """`message` with each ICU plural choice made for its count in `lang`'s CLDR rules:
    `{count, plural, one {# city} other {# cities}}` is "1 city", "2 cities"; in French
    `one` is 0 and 1. `#` is the count as the language writes it; a form the message does
    not give (`many`) falls back to `other`."""

    def choose(found: re.Match[str]) -> str:
        count = values.get(found[1])
        forms = dict(_FORM.findall(found[2]))
        if not isinstance(count, int | float) or isinstance(count, bool):
            return forms.get("other", "").replace("#", str(count))
        form = forms.get(_plural_form(lang, count)) or forms.get("other", "")
        return form.replace("#", number(count, lang))

    return _PLURAL.sub(choose, message)


@lru_cache(maxsize=1024)
def _plural_form(lang: str, count: float) -> str:
    from babel import Locale

    return str(Locale.parse(lang).plural_form(abs(count)))


def fill(message: str, values: dict[str, Any], lang: str) -> str:
    """A message with its placeholders filled: plural choices made (see `plural`), numbers
    as the language writes them, and in French "de %(name)s" elided or contracted to suit
    the name (see `de`)."""
    message = plural(message, values, lang)
    filled: dict[str, Any] = {key: number(value, lang) for key, value in values.items()}
    if lang == "fr":
        for key, value in values.items():
            marker = f"de %({key})s"
            if isinstance(value, str) and marker in message:
                message = message.replace(marker, f"%({key}__de)s")
                filled[f"{key}__de"] = de(value, article=key in TAKES_ARTICLE)
    return message % filled
