"""Writers: every command's `--format`, chosen by name from one registry.

A command says what it has to write as an `Output` of shapes
(`citynet.publish.shapes`: its own text, rows, plain data, problems …) and
which shapes those are (an `Offer`); `WRITERS` holds each format with a way
to write each shape it knows. A command offers every writer of a shape it
has, so a writer registered once is offered by every command that can give
it what it reads, and `auto` picks the one for people (`github` under GitHub
Actions where a command has problems to annotate).

Booleans are `true`/`false` in every format but the table, which is read by
people and says `yes`/`no`; `dumps` is the one JSON encoding. Every value a
writer puts into a line of text goes through `citynet.inert`, so nothing a
registry holds forms a line, a control sequence or a workflow command.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from citynet.inert import LEGACY_COMMAND, inert
from citynet.publish import markdown
from citynet.publish.shapes import Annotations, Folder, Output, Package, Rows, Shape, Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029]")
"""Characters json leaves raw that some readers take for a line's end or a control."""


def dumps(data: Any, *, pretty: bool = True, compact: bool = False) -> str:
    """The one JSON encoding: non-ASCII text kept as is, nothing that can act in a log.

    `pretty`: indented, ending with a newline (a document); otherwise one line,
    `compact` leaving out the spaces (a value in one cell). JSON escapes control
    characters itself; C1 controls, U+2028 and U+2029 and the `[` of `##[` are
    written as `\\u` escapes too (the same text to every JSON reader).
    """
    if pretty:
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":") if compact else None)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text.replace(LEGACY_COMMAND, "##\\u005b")


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


def flat(value: Any) -> Any:
    """A value for one flat cell of a file or database: structures as compact JSON, dates as
    text, numbers and booleans as they are."""
    if isinstance(value, dict | list):
        return dumps(value, pretty=False, compact=True)
    return value if value is None or isinstance(value, bool | int | float) else str(value)


def csv_safe(text: str) -> str:
    """Text a spreadsheet will not run as a formula (OWASP: prefix a quote)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _columns(rows: list[dict[str, Any]], columns: list[str] | None) -> list[str]:
    if columns is not None:
        return columns
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


# -- the writers ------------------------------------------------------------------------------

def to_json(data: Any) -> str:
    return dumps(data)


def to_yaml(data: Any, *, every_reader: bool = True, width: int | None = None) -> str:
    """YAML that every reader reads back as the data: text such as `NO`, `yes` or `1e3` is
    quoted, as in record files; text that could act in a log (a line break, a control, a
    leading colon, `##[`) is double-quoted with escapes, and no line is folded unless a
    `width` is given (a terminal's: long text then continues on indented lines, between
    words, and still reads back the same).

    Without `every_reader` (a record shown to people), only what PyYAML itself would misread
    is quoted, which spares loading ruamel's resolvers.
    """
    import yaml

    class Dumper(yaml.SafeDumper):
        def represent_str(self, data: str) -> yaml.ScalarNode:
            style = '"' if inert(data) != data else "'" if every_reader and _ambiguous(
                data) else None
            return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)

    Dumper.add_representer(str, Dumper.represent_str)
    text = yaml.dump(data, Dumper=Dumper, sort_keys=False, allow_unicode=True,
                     width=width or 1 << 30)
    return text.replace(LEGACY_COMMAND, "##\\x5b")  # only ever inside double quotes


def _ambiguous(text: str) -> bool:
    from citynet.yaml.quoting import ambiguous

    return ambiguous(text)


def _csv_text(header: list[str], rows: Iterable[list[Any]], end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=end)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def to_csv(table: Rows) -> str:
    """One table as CSV on standard output: each cell inert, formulas defused."""
    columns = _columns(table.rows, table.columns)

    def line(row: dict[str, Any]) -> list[str]:
        texts = []
        for column in columns:
            value = row.get(column)
            text = inert(cell(value), lines=True)
            texts.append(csv_safe(text) if isinstance(value, str) else text)
        return texts

    return _csv_text([inert(c) for c in columns], (line(row) for row in table.rows))


def to_csv_folder(tables: list[Table]) -> Folder:
    """A CSV file a table (RFC 4180 line ends), values whole: a file keeps the data as it is,
    formulas defused."""
    return Folder({f"{table.name}.csv": _csv_text(table.columns, (
        ["" if v is None else csv_safe(v) if isinstance(v, str)
         else ("true" if v is True else "false" if v is False else v) for v in row]
        for row in table.rows), end="\r\n") for table in tables})


def to_tsv(table: Rows) -> str:
    """One record a line, its values separated by tabs, no header: what `cut -f1`, `sort`
    and `xargs` read, as `gh` prints a list when piped. A tab or line break inside a value
    is written as an escape (`\\x09`), so a line is always one record; values are whole."""
    columns = _columns(table.rows, table.columns)
    # each line guarded whole too: after an empty first cell, a runner trims the tab
    return "".join(inert("\t".join(inert(cell(row.get(c))) for c in columns), lines=True)
                   + "\n" for row in table.rows)


def to_jsonl(records: list[Any]) -> str:
    """JSON Lines: each record one line of JSON (the encoding of `dumps`)."""
    return "".join(dumps(record, pretty=False) + "\n" for record in records)


def to_markdown_table(table: Rows) -> str:
    columns = _columns(table.rows, table.columns)
    return markdown.table(columns, [[cell(row.get(c)) for c in columns] for row in table.rows])


def to_table(rows: list[dict[str, Any]], columns: list[str] | None = None, *,
             terminal: bool = False, width: int | None = None, title: str | None = None,
             hide_empty: bool = False, whole: str = "id",
             left_out: list[str] | None = None) -> str:
    """Rows as a table for people: see `citynet.publish.table.layout` (`left_out` is given
    the columns a terminal had no room for)."""
    from citynet.publish.table import layout

    columns = _columns(rows, columns)
    cells = [[inert(cell(row.get(c), human=True), lines=True) for c in columns] for row in rows]
    return layout([inert(c) for c in columns], cells, terminal=terminal, width=width,
                  title=None if title is None else inert(title), hide_empty=hide_empty,
                  whole=whole, left_out=left_out)


def _table_of(rows: Rows) -> str:
    return to_table(rows.rows, rows.columns, terminal=rows.terminal is not None,
                    width=rows.terminal, title=rows.title, hide_empty=rows.hide_empty,
                    whole=rows.whole, left_out=rows.left_out)


def _annotation_data(value: str) -> str:
    return inert(value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _annotation_property(value: str) -> str:
    return _annotation_data(value).replace(":", "%3A").replace(",", "%2C")


def to_github(annotations: Annotations) -> str:
    """GitHub Actions workflow commands: an annotation on the line of each problem (GitHub's
    own escapes for `%`, line breaks, and in properties `:` and `,`), then the closing lines."""
    from citynet.model.problems import Severity

    lines = []
    for p in annotations.problems:
        level = "error" if p.severity is Severity.ERROR else "warning"
        props = [f"file={_annotation_property(p.path)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={_annotation_property('citynet ' + p.code)}")
        lines.append(f"::{level} {','.join(props)}::{_annotation_data(p.message)}")
    lines += [inert(line) for line in annotations.closing]
    return "\n".join(lines) + "\n"


def to_sqlite(tables: list[Table]) -> bytes:
    from citynet.publish.database import sqlite_bytes

    return sqlite_bytes(tables)


def to_geojson(collection: dict[str, Any]) -> str:
    return dumps(collection, pretty=False) + "\n"


def to_quickstatements(lines: list[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


def to_datapackage(package: Package) -> Folder:
    """A Frictionless Data Package: the tables as CSV files (as `to_csv_folder` writes them)
    and `datapackage.json`, which describes them (`citynet.publish.datapackage`)."""
    from citynet.publish.datapackage import DESCRIPTOR, descriptor

    files = to_csv_folder(package.tables)
    files[DESCRIPTOR] = dumps(descriptor(package))
    return files


# -- the registry ----------------------------------------------------------------------------

class Form(StrEnum):
    """What a way of writing makes."""

    TEXT = "text"
    """str: printed, or written to a file."""
    FILE = "file"
    """bytes: a file only (a database)."""
    FOLDER = "folder"
    """Folder: a folder of files."""


@dataclass(frozen=True)
class Way:
    """How a writer writes one shape."""

    shape: Shape
    write: Callable[[Any], Any]
    form: Form = Form.TEXT


class Writer:
    """A format: its ways, tried in order. `people`: `auto` may choose it. `made_inert`: it
    writes every value through `inert` (or an encoding that escapes all of them, as JSON's),
    so what it makes is printed as it is: a terminal table's colours and `github`'s workflow
    commands are its own. A writer that prints a command's own text leaves that to `out`.
    `piped`: the writer `auto` takes instead when the output goes to no terminal (a table
    is for eyes; a pipe is read by tools)."""

    def __init__(self, *ways: Way, people: bool = False, made_inert: bool = True,
                 piped: str | None = None, suffixes: tuple[str, ...] = ()) -> None:
        self.ways = ways
        self.people = people
        self.made_inert = made_inert
        self.piped = piped
        self.suffixes = suffixes
        """The ends of the names of the files it writes (`.db`): an `--output` named so
        needs no `--format`."""

    def way(self, shapes: Iterable[Shape]) -> Way | None:
        """The way to write the first of its shapes that `shapes` holds."""
        held = set(shapes)
        return next((way for way in self.ways if way.shape in held), None)


WRITERS: dict[str, Writer] = {
    "text": Writer(Way(Shape.TEXT, str), people=True, made_inert=False),
    "table": Writer(Way(Shape.ROWS, _table_of), people=True, piped="tsv"),
    "json": Writer(Way(Shape.DATA, to_json), suffixes=(".json",)),
    "jsonl": Writer(Way(Shape.RECORDS, to_jsonl), suffixes=(".jsonl", ".ndjson")),
    "csv": Writer(Way(Shape.ROWS, to_csv), Way(Shape.TABLES, to_csv_folder, Form.FOLDER)),
    "tsv": Writer(Way(Shape.ROWS, to_tsv)),
    "yaml": Writer(Way(Shape.DATA, to_yaml)),
    "markdown": Writer(Way(Shape.MARKDOWN, str), Way(Shape.ROWS, to_markdown_table),
                       people=True),
    "github": Writer(Way(Shape.ANNOTATIONS, to_github)),
    "sqlite": Writer(Way(Shape.TABLES, to_sqlite, Form.FILE),
                     suffixes=(".db", ".sqlite", ".sqlite3")),
    "geojson": Writer(Way(Shape.FEATURES, to_geojson), suffixes=(".geojson",)),
    "quickstatements": Writer(Way(Shape.STATEMENTS, to_quickstatements)),
    "datapackage": Writer(Way(Shape.PACKAGE, to_datapackage, Form.FOLDER)),
    "popolo": Writer(Way(Shape.POPOLO, to_json)),
}
"""Every format by name, in the order help and completion list them."""

AUTO = "auto"
"""`--format auto`: `github` under GitHub Actions where a command offers it, else the first
format for people the command offers (its text, a table, Markdown), or the one that writer
names for a pipe (`tsv` for a table) when the output goes to no terminal."""
GITHUB = "github"


class Offer:
    """The formats a command offers: every writer of a shape its output has (and `auto`, when
    one of them is for people)."""

    def __init__(self, *shapes: Shape) -> None:
        self.shapes = shapes

    @property
    def writers(self) -> list[str]:
        return [name for name, writer in WRITERS.items() if writer.way(self.shapes)]

    @property
    def names(self) -> list[str]:
        writers = self.writers
        people = any(WRITERS[name].people for name in writers)
        return [AUTO, *writers] if people else writers

    def check(self, name: str) -> str:
        """`name` if the command offers it; ValueError naming the formats it offers if not."""
        if name not in self.names:
            raise ValueError(f"{name!r} is not one of {', '.join(self.names)}")
        return name

    def choose(self, name: str, terminal: bool = True) -> str:
        """The writer `name` stands for (`auto` resolved, for a terminal or not)."""
        if name != AUTO:
            return self.check(name)
        writers = self.writers
        if GITHUB in writers and os.environ.get("GITHUB_ACTIONS") == "true":
            return GITHUB
        chosen = next(n for n in writers if WRITERS[n].people)
        piped = WRITERS[chosen].piped
        return piped if not terminal and piped in writers else chosen

    def way(self, name: str, terminal: bool = True) -> Way:
        way = WRITERS[self.choose(name, terminal)].way(self.shapes)
        assert way is not None  # choose() offers only writers of these shapes
        return way

    def write(self, name: str, output: Output, terminal: bool = True) -> Any:
        """What the writer `name` makes of `output`: text, bytes or a Folder (see `form`)."""
        way = self.way(name, terminal)
        return way.write(output.read(way.shape))


def by_suffix(offer: Offer, path: Any) -> str | None:
    """The format `offer` has whose files end as `path` does (`out.db`: sqlite), if one."""
    name = str(path).lower()
    return next((n for n in offer.writers if name.endswith(WRITERS[n].suffixes or ("\0",))),
                None)
