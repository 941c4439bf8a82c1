"""Writers: the same rows as a table, JSON, CSV, YAML or Markdown, chosen by name.

Rows are built once (plain dicts, values as stored, see `citynet.query.rows`);
each writer is a small function in `WRITERS` and returns text. Nested values
become compact text in the flat formats and stay structured in JSON and YAML.
Booleans are `true`/`false` in every format but the table, which is read by
people and says `yes`/`no`. Every command's `--format` choices come from
`choices()`, so a format has one name everywhere; `dumps` is the one JSON
encoder of every command.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Any

from citynet.publish import markdown

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters but tab and newline: on a terminal they move the cursor, change colours
or retitle the window, so what a registry holds (a file's name, say) never prints them raw."""


def printable(text: str) -> str:
    """`text` with every control character but tab and newline written as `\\xNN`."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def dumps(data: Any, *, pretty: bool = True, compact: bool = False) -> str:
    """The one JSON encoding, non-ASCII text kept as is.

    `pretty`: indented, ending with a newline (a document); otherwise one line,
    `compact` leaving out the spaces (a value in one cell).
    """
    if not pretty:
        separators = (",", ":") if compact else None
        return json.dumps(data, ensure_ascii=False, separators=separators)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def cell(value: Any, *, human: bool = False) -> str:
    """A value as one line of text for a cell; `human` says yes/no for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("yes" if value else "no") if human else ("true" if value else "false")
    if isinstance(value, list):
        return ", ".join(_item(v, human) for v in value)
    if isinstance(value, dict):
        return dumps(value, pretty=False, compact=True)
    return str(value)


def _item(value: Any, human: bool) -> str:
    if isinstance(value, dict) and "role" in value:
        extra = [f"{k} {value[k]}" for k in ("since", "until") if value.get(k) is not None]
        return f"{value['role']} ({', '.join(extra)})" if extra else str(value["role"])
    return cell(value, human=human)


def _columns(rows: list[dict[str, Any]], columns: list[str] | None) -> list[str]:
    if columns is not None:
        return columns
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def to_json(rows: Any, columns: list[str] | None = None) -> str:
    return dumps(rows)


def to_yaml(rows: Any, columns: list[str] | None = None) -> str:
    """YAML that every reader reads back as the rows: text such as `NO`, `yes` or `1e3` is
    quoted, as in record files."""
    import yaml

    from citynet.yaml.quoting import ambiguous

    class Dumper(yaml.SafeDumper):
        def represent_str(self, data: str) -> yaml.ScalarNode:
            style = "'" if ambiguous(data) else None
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, Dumper.represent_str)
    return yaml.dump(rows, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)


def csv_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    columns = _columns(rows, columns)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(
            [
                csv_safe(cell(row.get(c))) if isinstance(row.get(c), str) else cell(row.get(c))
                for c in columns
            ]
        )
    return buffer.getvalue()


def to_markdown(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    columns = _columns(rows, columns)
    return markdown.table(columns, [[cell(row.get(c)) for c in columns] for row in rows])


def to_table(
    rows: list[dict[str, Any]],
    columns: list[str] | None = None,
    *,
    terminal: bool = False,
    width: int | None = None,
    title: str | None = None,
    hide_empty: bool = False,
    whole: str = "id",
) -> str:
    """A rich table with borders and colour on a terminal, plain aligned text when piped.

    On a terminal the `whole` column (the id, which people copy into `show`)
    is never cut: the others wrap or are shortened with an ellipsis, and when
    even that cannot fit they are left off from the right; `hide_empty` leaves
    off the columns no row has a value in. Piped, every column is written.
    """
    columns = _columns(rows, columns)
    cells = [[cell(row.get(c), human=True) for c in columns] for row in rows]
    if not terminal:
        return _aligned(columns, cells)
    columns = [printable(c) for c in columns]
    cells = [[printable(value) for value in line] for line in cells]
    if width:
        keep = _fitting(columns, cells, width, whole, hide_empty)
        columns = [columns[i] for i in keep]
        cells = [[line[i] for i in keep] for line in cells]
    if len(cells) > RICH_ROWS:
        return (f"{title}\n" if title else "") + _aligned(columns, cells, width,
                                                            columns.index(whole)
                                                            if whole in columns else None)
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=True, pad_edge=False,
                  header_style="bold")
    console_width = width or 10_000
    for name in columns:
        if name == whole:
            longest = max((len(line[columns.index(name)]) for line in cells), default=0)
            if width and longest + PADDING + 2 > width:
                # Narrower than an id: the line runs past the edge and the terminal wraps it,
                # every character kept (rich's own folding dropped one at each break).
                console_width = longest + PADDING + 2
            table.add_column(name, no_wrap=True, min_width=max(longest, len(name)))
        else:
            table.add_column(name, overflow="ellipsis")
    for line in cells:
        table.add_row(*line, style=None)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=console_width, highlight=False,
                      markup=False, emoji=False)
    console.print(table)
    return buffer.getvalue()


RICH_ROWS = 300
"""Up to this many rows a terminal gets rich's table; past it, which no screen holds, the
plain aligned one, which is some twenty times faster."""


def _aligned(columns: list[str], cells: list[list[str]], width: int | None = None,
             whole: int | None = None) -> str:
    """Plain columns two spaces apart, as rich lays out a borderless table, without rich.

    A cell's lines stack in its row. Given a `width`, the widest columns other
    than `whole` are shortened (with an ellipsis) until the table fits.
    """
    from rich.cells import cell_len, set_cell_size

    split = [[value.split("\n") for value in line] for line in [columns, *cells]]
    widths = [max(cell_len(part) for line in split for part in line[i]) for i in
              range(len(columns))]
    while width and sum(widths) + 2 * (len(widths) - 1) > width:
        shrinkable = [i for i in range(len(widths)) if i != whole and widths[i] > NARROWEST]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i])
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        widths[widest] = max(NARROWEST, widths[widest] - excess)

    def fit(text: str, size: int) -> str:
        if cell_len(text) <= size:
            return text + " " * (size - cell_len(text))
        return set_cell_size(text, size - 1) + "…"

    out = []
    for line in split:
        for depth in range(max(len(parts) for parts in line)):
            texts = [parts[depth] if depth < len(parts) else "" for parts in line]
            out.append("  ".join(fit(t, w) for t, w in zip(texts, widths)).rstrip())
    return "\n".join(out) + "\n"


NARROWEST = 6
"""The fewest characters a column other than the id is shown in, with its padding."""
PADDING = 3


def _fitting(columns: list[str], cells: list[list[str]], width: int, whole: str,
             hide_empty: bool) -> list[int]:
    """The positions of the columns to show in `width`: the id always, then from the left."""
    shown = [i for i, name in enumerate(columns)
             if name == whole or not hide_empty or not cells or any(line[i] for line in cells)]
    need = {i: max([len(columns[i]), *(len(line[i]) for line in cells)]) + PADDING for i in shown}
    room = width - 2 - sum(need[i] for i in shown if columns[i] == whole)
    kept = []
    for i in shown:
        if columns[i] == whole:
            kept.append(i)
            continue
        narrowest = min(need[i], NARROWEST + PADDING)
        if narrowest <= room:
            kept.append(i)
            room -= narrowest
    return kept


WRITERS: dict[str, Callable[..., str]] = {
    "table": to_table,
    "json": to_json,
    "csv": to_csv,
    "yaml": to_yaml,
    "markdown": to_markdown,
}


TEXT = "text"
"""A command's own text for people (show, diff, import), where rows do not fit."""


def choices(enum_name: str, names: Iterable[str]) -> type[StrEnum]:
    """A `--format` choice of these writer names, refusing a name no writer has."""
    names = list(names)
    unknown = [n for n in names if n not in WRITERS and n != TEXT]
    if unknown:
        raise ValueError(f"no writer is called {unknown[0]!r} (writers: {', '.join(WRITERS)})")
    return StrEnum(enum_name, {name.upper(): name for name in names})  # type: ignore[return-value]
