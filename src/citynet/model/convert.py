"""What `new` makes of a value typed on the command line or at a prompt: names, roles, two
ids, country codes, a location, a yes or no, a grouping's groups.

Each function takes what was typed and returns the record's value, or raises ValueError
saying why the value cannot be used; `model/kinds.py` names them in its `NewField`s.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from citynet.model.terms import Region


def roles(values: Iterable[str]) -> list[dict[str, str]]:
    """`--role member --role founder,observer`: a role a value, or several comma-separated."""
    return [{"role": role.strip()} for value in values for role in value.split(",")
            if role.strip()]


def names(values: Iterable[str]) -> dict[str, str]:
    """`--name Seoul --name fr=Séoul`: a bare name is English, `lang=` names another language."""
    from citynet.model.records import LANG_PATTERN

    names: dict[str, str] = {}
    for value in values:
        lang, equals, text = value.partition("=")
        if not equals or not re.match(LANG_PATTERN, lang.strip()):
            lang, text = "en", value
        lang = lang.strip()
        if lang in names:
            raise ValueError(f"two names in {lang!r}: {names[lang]!r} and {text!r}")
        names[lang] = text
    return names


def codes(value: str | Iterable[str]) -> list[str]:
    """Country codes, as repeated options give them or as typed at a prompt (`TH LK`)."""
    return [code.upper() for code in pair(value)]


def pair(value: str | Iterable[str]) -> list[str]:
    """Two ids, as options give them (`--parties seoul,busan`, or repeated) or as typed at a
    prompt (`seoul busan`)."""
    values = [value] if isinstance(value, str) else value
    return [part for item in values for part in item.replace(",", " ").split()]


def location(value: str) -> dict[str, float]:
    """`37.57,126.98`: latitude and longitude in decimal degrees."""
    parts = value.replace(" ", "").split(",")
    try:
        lat, lon = (float(part) for part in parts)
    except ValueError:
        raise ValueError(f"{value!r} is not LAT,LON in decimal degrees, such as "
                         "37.57,126.98") from None
    return {"lat": lat, "lon": lon}


def whole_number(value: str | int) -> int:
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None


def yes(value: bool | str) -> bool | None:
    """A flag's True, or a prompt's yes/no; False is left out of the record."""
    if isinstance(value, str):
        answer = value.strip().lower()
        if answer not in ("y", "yes", "n", "no"):
            raise ValueError(f"answer yes or no, not {value!r}")
        value = answer in ("y", "yes")
    return True if value else None


def groups(values: Iterable[str]) -> list[dict[str, list[str]]]:
    """`--group KR,JP --group Europe`: one group a value; two capitals make a country code."""
    regions = {region.value.casefold(): region.value for region in Region}
    groups = []
    for value in values:
        items = [item.strip() for item in value.split(",") if item.strip()]
        countries = [i.upper() for i in items if i.casefold() not in regions]
        found = [regions[i.casefold()] for i in items if i.casefold() in regions]
        groups.append({k: v for k, v in (("countries", countries), ("regions", found)) if v})
    return groups
