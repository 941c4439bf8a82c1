"""Read Markdown as a CommonMark (GFM tables) parser does: table cells and tokens."""

from markdown_it import MarkdownIt

PARSER = MarkdownIt("commonmark").enable("table")


def _text(inline) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def tables(text: str) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first), as a reader sees them."""
    found, table, row, in_cell = [], None, None, False
    for token in PARSER.parse(text):
        if token.type == "table_open":
            table = []
        elif token.type == "table_close":
            found.append(table)
            table = None
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            table.append(row)
        elif token.type in ("th_open", "td_open"):
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            row.append(_text(token))
    return found


def token_types(text: str) -> set[str]:
    """Every block and inline token type in the document."""
    types = set()
    for token in PARSER.parse(text):
        types.add(token.type)
        for child in token.children or []:
            types.add(child.type)
    return types


def plain_text(text: str) -> str:
    """All text content, as a reader sees it."""
    return " ".join(_text(t) for t in PARSER.parse(text) if t.type == "inline")
