"""Names compared across scripts, and the readable ids made from them.

A city is written "Łódź" in one list and "Lodz" in the next, "北京" in one
and "Beijing" in another. Comparing their transliterations (anyascii, a
maintained table for every script, not hand-made folding) finds them one
place; the same transliteration makes ids people can read and type.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

MAX_SLUG = 40
"""Longest slug made from a name (before a country suffix): two, a kind and dashes fit in 120."""


def ascii_text(text: str) -> str:
    """`text` transliterated to ASCII, lowercase, spaces collapsed: "Łódź" -> "lodz"."""
    from anyascii import anyascii

    bare = "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c))
    return " ".join(anyascii(bare).casefold().split())


def slug(text: str) -> str:
    """A readable id for a name: transliterated, hyphenated, at most MAX_SLUG long.

    A longer one is cut and ends in 7 hex digits of its SHA-1, so two long
    names that share a beginning still differ.
    """
    made = re.sub(r"[^a-z0-9]+", "-", ascii_text(text)).strip("-")
    if len(made) <= MAX_SLUG:
        return made
    digest = hashlib.sha1(made.encode()).hexdigest()[:7]
    return f"{made[:MAX_SLUG - 8].rstrip('-')}-{digest}"
