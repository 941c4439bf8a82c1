"""What a command has to write, in the shapes writers read.

A command does not pick a writer: it says what it has (its own text for
people, a table of rows, a document of plain data, problems with a place …),
each as a function made into an `Output`, and the writer the user chose
(`citynet.publish.formats`) reads the one shape it writes. A shape is made only
when a writer reads it, so `list --format csv` never builds the whole records
that `--format json` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # a command that never annotates never loads the catalogue of codes
    from citynet.model.problems import Problem


class Shape(StrEnum):
    """A form of what a command has to say; each writer reads one or more of them."""

    TEXT = "text"
    """str: the command's own text for people, every registry value made inert."""
    ROWS = "rows"
    """Rows: one table of records, for people (a table) or for tools (CSV)."""
    DATA = "data"
    """Plain data (dicts, lists, text, numbers): the document scripts read."""
    MARKDOWN = "markdown"
    """str: the command's own Markdown document, every value escaped."""
    ANNOTATIONS = "annotations"
    """Annotations: problems with a place, for a CI system to show on the lines."""
    TABLES = "tables"
    """list[Table]: several tables with their keys (the export's)."""
    FEATURES = "features"
    """A GeoJSON FeatureCollection, as plain data."""
    STATEMENTS = "statements"
    """list[str]: QuickStatements lines (Wikidata)."""
    PACKAGE = "package"
    """A Package: the tables, and what a data package says of them (sources, licences)."""
    POPOLO = "popolo"
    """Plain data in Popolo's shape: organizations, memberships, posts, areas."""
    RECORDS = "records"
    """A list of plain data, one item a record: a stream a tool reads line by line."""


@dataclass(frozen=True)
class Rows:
    """Records as rows of a table, and how a table for people shows them."""

    rows: list[dict[str, Any]]
    columns: list[str] | None = None
    """The columns, in order; None: every key of every row."""
    terminal: int | None = None
    """The terminal's width when the table goes to one (borders, colour, fitting)."""
    title: str | None = None
    hide_empty: bool = False
    """On a terminal, leave out the columns no row has a value in."""
    whole: str = "id"
    """The column never cut on a terminal."""
    left_out: list[str] = field(default_factory=list)
    """Filled by the table for a terminal: the columns it had no room for (the command says
    so on stderr)."""


@dataclass(frozen=True)
class Table:
    """One table of flat values (text, numbers, booleans, None), with its SQL schema."""

    name: str
    columns: list[str]
    rows: list[list[Any]]
    types: list[str] = field(default_factory=list)
    """Each column's SQLite type (TEXT, INTEGER, REAL); empty: untyped."""
    key: tuple[str, ...] = ()
    """The primary key's columns (none: no column or pair of columns tells rows apart)."""
    references: Mapping[str, str] = field(default_factory=dict)
    """Column -> the table whose `id` it refers to."""
    index: tuple[str, tuple[str, ...]] | None = None
    """An index to make: its name and its columns."""
    records: list[str] | None = None
    """Each row's whole record as JSON, which a database keeps in a `record` column (a CSV
    file leaves it out: its flat columns are the table)."""


@dataclass(frozen=True)
class Package:
    """Tables as a data package describes them: its name, the sources every record cites
    (`{title, path}`) and the licences it is published under (`{name, path}`)."""

    name: str
    tables: list[Table]
    sources: list[dict[str, str]] = field(default_factory=list)
    licenses: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Annotations:
    """Problems to show on their files' lines, and the lines that close the report."""

    problems: list[Problem]
    closing: list[str] = field(default_factory=list)


class Folder(dict[str, str]):
    """Files a writer makes for a folder: name -> text."""


class Output:
    """What a command has to write: a function for each shape it has, each called once, when
    a writer reads that shape."""

    def __init__(self, makers: Mapping[Shape, Callable[[], Any]]) -> None:
        self.makers = dict(makers)
        self._made: dict[Shape, Any] = {}

    @property
    def shapes(self) -> frozenset[Shape]:
        return frozenset(self.makers)

    @property
    def made(self) -> frozenset[Shape]:
        """The shapes a writer has read."""
        return frozenset(self._made)

    def read(self, shape: Shape) -> Any:
        if shape not in self._made:
            self._made[shape] = self.makers[shape]()
        return self._made[shape]
