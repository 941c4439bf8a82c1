"""A table of cells laid out for people: rich's bordered table on a terminal, aligned text
when piped.

The cells arrive as text already made safe (`formats.to_table` writes each one
through `citynet.inert`); this module only places them.
"""

from __future__ import annotations

import io

RICH_ROWS = 300
"""Up to this many rows a terminal gets rich's table; past it, which no screen holds, the
plain aligned one, which is some twenty times faster."""
NARROWEST = 6
"""The fewest characters a column other than the id is shown in, with its padding."""
PADDING = 3


def layout(columns: list[str], cells: list[list[str]], *, terminal: bool = False,
           width: int | None = None, title: str | None = None, hide_empty: bool = False,
           whole: str = "id") -> str:
    """A rich table with borders and colour on a terminal, plain aligned text when piped.

    On a terminal the `whole` column (the id, which people copy into `show`)
    is never cut: the others wrap or are shortened with an ellipsis, and when
    even that cannot fit they are left off from the right; `hide_empty` leaves
    off the columns no row has a value in. Piped, every column is written.
    """
    if not terminal:
        return _aligned(columns, cells)
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
            out.append("  ".join(fit(t, w) for t, w in zip(texts, widths, strict=True)).rstrip())
    return "\n".join(out) + "\n"


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
