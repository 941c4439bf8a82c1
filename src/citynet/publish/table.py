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
NARROWEST = 8
"""The fewest characters a column other than the id is given (or its header's length)."""
MOST_LINES = 3
"""A column is given room for its longest value in about this many lines, or left out."""
PADDING = 3


def layout(columns: list[str], cells: list[list[str]], *, terminal: bool = False,
           width: int | None = None, title: str | None = None, hide_empty: bool = False,
           whole: str = "id", left_out: list[str] | None = None) -> str:
    """A rich table with borders and colour on a terminal, plain aligned text when piped.

    On a terminal the `whole` column (the id, which people copy into `show`)
    is never cut or wrapped; each other column is given room for its header, its
    longest word (the ids it names) and its longest value in a few lines, and wraps
    between words, losing no character; a column that cannot have that room is left
    out, from the right, and named in `left_out`. `hide_empty` leaves off the columns
    no row has a value in. Piped, every column is written.
    """
    if not terminal:
        return _aligned(columns, cells)
    sizes: list[int] | None = None
    if width:
        keep, sizes = fitting(columns, cells, width, whole, hide_empty)
        shown = {columns[i] for i in keep}
        if left_out is not None:
            left_out.extend(c for i, c in enumerate(columns) if c not in shown
                            and any(line[i] for line in cells))
        columns = [columns[i] for i in keep]
        cells = [[line[i] for i in keep] for line in cells]
    if len(cells) > RICH_ROWS:
        return (f"{title}\n" if title else "") + _aligned(columns, cells, sizes)
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=True, pad_edge=False,
                  header_style="bold")
    console_width = width or 10_000
    for position, name in enumerate(columns):
        size = sizes[position] if sizes else None
        if name == whole:
            longest = max((_length(line[position]) for line in cells), default=0)
            if width and longest + PADDING + 2 > width:
                # Narrower than an id: the line runs past the edge and the terminal wraps it,
                # every character kept (rich's own folding dropped one at each break).
                console_width = longest + PADDING + 2
            table.add_column(name, no_wrap=True, min_width=max(longest, len(name)))
        else:
            table.add_column(name, overflow="fold", width=size)
    for line in cells:
        table.add_row(*line, style=None)
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=console_width, highlight=False,
                      markup=False, emoji=False)
    console.print(table)
    return buffer.getvalue()


def _length(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(part) for part in text.split("\n")), default=0)


def _aligned(columns: list[str], cells: list[list[str]],
             sizes: list[int] | None = None) -> str:
    """Plain columns two spaces apart, as rich lays out a borderless table, without rich.

    A cell's lines stack in its row. Given `sizes`, a column given one is that wide, and
    its values wrap to it (the id column, given none, keeps its width).
    """
    from rich.cells import cell_len

    split = [[_wrapped(value, sizes[i] if sizes else None) for i, value in enumerate(line)]
             for line in [columns, *cells]]
    widths = [max(cell_len(part) for line in split for part in line[i]) for i in
              range(len(columns))]

    def fit(text: str, size: int) -> str:
        return text + " " * (size - cell_len(text))

    out = []
    for line in split:
        for depth in range(max(len(parts) for parts in line)):
            texts = [parts[depth] if depth < len(parts) else "" for parts in line]
            out.append("  ".join(fit(t, w) for t, w in zip(texts, widths, strict=True)).rstrip())
    return "\n".join(out) + "\n"


def _wrapped(value: str, size: int | None) -> list[str]:
    """A value's lines, each wrapped at spaces to `size` cells (a longer word is broken:
    no character is lost)."""
    if size is None:
        return value.split("\n")
    from rich.cells import cell_len, chop_cells

    found: list[str] = []
    for paragraph in value.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if cell_len(candidate) <= size:
                line = candidate
                continue
            if line:
                found.append(line)
            pieces = chop_cells(word, size) if cell_len(word) > size else [word]
            found.extend(pieces[:-1])
            line = pieces[-1]
        found.append(line)
    return found


def fitting(columns: list[str], cells: list[list[str]], width: int, whole: str,
            hide_empty: bool) -> tuple[list[int], list[int]]:
    """The positions of the columns to show in `width`, and each one's width: the id
    whole, then from the left each column that can have room for its header, its longest
    word (an id it refers to is never broken) and its longest value in MOST_LINES lines;
    the room left widens them towards their longest."""
    shown = [i for i, name in enumerate(columns)
             if name == whole or not hide_empty or not cells or any(line[i] for line in cells)]
    longest = {i: max([0, *(_length(line[i]) for line in cells)]) for i in shown}
    full = {i: max(len(columns[i]), longest[i]) for i in shown}
    word = {i: max([0, *(_length(part) for line in cells for part in line[i].split())])
            for i in shown}
    room = width - 2 - sum(full[i] + PADDING for i in shown if columns[i] == whole)
    kept: list[int] = []
    least: dict[int, int] = {}
    for i in shown:
        if columns[i] == whole:
            kept.append(i)
            continue
        least[i] = min(full[i], max(len(columns[i]), NARROWEST, word[i],
                                    -(-longest[i] // MOST_LINES)))
        if least[i] + PADDING <= room:
            kept.append(i)
            room -= least[i] + PADDING
    sizes = {i: least.get(i, full[i]) for i in kept}
    for i in sorted(least.keys() & set(kept), key=lambda i: full[i] - least[i]):
        more = min(full[i] - sizes[i], room)
        sizes[i] += more
        room -= more
    return kept, [sizes[i] for i in kept]
