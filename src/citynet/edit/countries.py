"""Country names, as real lists write them, to ISO 3166-1 alpha-2 codes.

pycountry's ISO names (official and common), CLDR's English names (babel),
then `COUNTRY_NAMES` below; "Region, Country", "Country, Qualifier" and
"Name (country)" forms are read for their country. A name none of these know
(Kosovo, Northern Cyprus: no ISO 3166-1 code) is UnknownCountry, never a guess.
"""

from __future__ import annotations

import re
from functools import cache

from citynet.publish.i18n import fold

COUNTRY_NAMES: dict[str, str | None] = {
    # Constituent countries and old or informal names that ISO and CLDR do not list.
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "Great Britain": "GB",
    "East Timor": "TL",
    "Ivory Coast": "CI",
    "Republic of Ireland": "IE",
    "Palestine": "PS",
    "State of Palestine": "PS",
    "Turkey": "TR",
    "Swaziland": "SZ",
    "Macedonia": "MK",
    "Republic of Macedonia": "MK",
    "Burma": "MM",
    "Cape Verde": "CV",
    "Vatican City": "VA",
    "The Gambia": "GM",
    "The Bahamas": "BS",
    "Federated States of Micronesia": "FM",
    "Republic of the Congo": "CG",
    "Democratic Republic of the Congo": "CD",
    "Czech Republic": "CZ",
    "Holland": "NL",
    "Republic of Korea": "KR",
    "South Korea": "KR",
    "Korea": "KR",
    "North Korea": "KP",
    "Democratic People's Republic of Korea": "KP",
    # Places without an ISO 3166-1 code: reported and skipped, never guessed.
    "Kosovo": None,
    "Northern Cyprus": None,
    "Abkhazia": None,
    "South Ossetia": None,
    "Transnistria": None,
    "Somaliland": None,
    "Artsakh": None,
}
"""Country names the maintained sources do not know, and those with no ISO code (None)."""


@cache
def _country_index() -> dict[str, str]:
    import pycountry
    from babel import Locale

    index: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            name = getattr(country, attribute, None)
            if name:
                index.setdefault(fold(name), country.alpha_2)
    for code, name in Locale("en").territories.items():
        if len(code) == 2 and code.isalpha() and code in {c.alpha_2 for c in pycountry.countries}:
            index.setdefault(fold(name), code)
    return index


class UnknownCountry(ValueError):
    """A country name that cannot be mapped to an ISO 3166-1 code."""


@cache
def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country name; UnknownCountry if there is none."""
    text = " ".join(name.split())
    if text in COUNTRY_NAMES:
        code = COUNTRY_NAMES[text]
        if code is None:
            raise UnknownCountry(f"{text!r} has no ISO 3166-1 country code")
        return code
    found = _country_index().get(fold(text))
    if found:
        return found
    known = {v.lower() for v in _country_index().values()}
    if re.fullmatch(r"[A-Z]{2}", text) and fold(text) in known:
        return text
    qualified = re.fullmatch(r"(.+?)\s*\(country\)", text)
    if qualified:
        return country_code(qualified.group(1))
    if "," in text:
        region, country = text.rsplit(",", 1)
        inverted = f"{country.strip()} {region.strip()}"  # "Korea, South" is South Korea
        if inverted in COUNTRY_NAMES or fold(inverted) in _country_index():
            return country_code(inverted)
        code = country_code(country)
        return COUNTRY_NAMES.get(region.strip()) or code
    raise UnknownCountry(f"unknown country {text!r}")
