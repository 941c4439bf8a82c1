"""Markdown that is safe to publish: escaped cells and text, no raw HTML.

Reports and `list --format markdown` put record text into tables. A name
holding `|`, `*`, `<script>` or a line break must come out as that literal
text, never as markup.
"""

from __future__ import annotations

import re

from citynet.inert import inert

_SPECIAL = re.compile(r"([\\`*_\[\]|<>~&:@])")
"""Markdown's active characters, and `:` and `@`, which GFM's autolinker reads as the start
of a link (`https:`, `xmpp:`, `mailto:`) or an e-mail address."""
_DOMAIN_DOT = re.compile(r"\.(?=[^\W\d_]{2})")
"""A dot before two letters, as in `www.example` or `seoul.go.kr` (no top-level domain is one
letter): escaped, it splits the text an autolinker reads, while a decimal mark (`1.000`), an
initial (`D.C.`) and a sentence's full stop stay bare."""
_LEADING = re.compile(r"^(\s*)([-=+:#])")
_LEADING_NUMBER = re.compile(r"^(\s*\d{1,9})([.)])(?=\s|$)")
"""`1.` or `1)` then a space starts an ordered list; `1.000` does not."""
_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def escape(text: object) -> str:
    """Inline text with every Markdown-active character backslash-escaped.

    Line breaks become spaces (a table row is one line) and other control
    characters are spelled out (`citynet.inert`); `<` and `&` are escaped so no
    HTML tag or entity reaches the page; a URL, a bare domain or an e-mail
    address is broken up by escapes so no GFM autolinker makes it a link (it
    still reads as the same text).
    """
    value = "" if text is None else str(text)
    value = " ".join(value.split()) if ("\n" in value or "\r" in value) else value
    value = inert(value)
    value = _SPECIAL.sub(r"\\\1", value)
    value = _DOMAIN_DOT.sub(r"\\.", value)
    value = _LEADING_NUMBER.sub(r"\1\\\2", value)
    return _LEADING.sub(r"\1\\\2", value)


def link(label: object, url: str | None) -> str:
    """An escaped label, linked only when the address has a safe scheme."""
    text = escape(label)
    if not url or not url.lower().startswith(_SAFE_SCHEMES) or any(c in url for c in " <>\n"):
        return text
    return f"[{text}]({url.replace('(', '%28').replace(')', '%29')})"


def table(headers: list[str], rows: list[list[object]]) -> str:
    """A GitHub-flavoured Markdown table, every cell escaped."""
    lines = [
        "| " + " | ".join(escape(h) for h in headers) + " |",
        "|" + "|".join(" --- " for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(escape(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"
