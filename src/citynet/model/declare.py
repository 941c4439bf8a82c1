"""What a declaration of a kind holds, and the lookups every command shares.

The declarations themselves are in `citynet.model.kinds`; this module gives
their shape (`Kind`, `Column`, `Filter`, `LongTable`, `NewField`), the table
`KINDS` they fill through `declare()`, the one "kind by name" lookup, and
the walk of a reference path (`offices.*.city`) through a record.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from citynet.errors import UnknownKind

if TYPE_CHECKING:  # the models are imported when a kind's model is first used
    from citynet.model.records import Record


@dataclass(frozen=True)
class Column:
    """A flat export column: its name and the dotted path it reads (default: the name)."""

    name: str
    path: str = ""
    sql: str = "TEXT"
    """Its SQLite type: TEXT, INTEGER or REAL."""
    derive: Callable[[Mapping[str, Any]], Any] | None = None
    """A value computed from the stored record instead of read at `path`."""

    @property
    def source(self) -> str:
        return self.path or self.name


@dataclass(frozen=True)
class Filter:
    """A `list` option (`--country`, `--city` …) and the field it compares.

    `through` compares a field of the record the path refers to instead (the
    country of an agreement's parties); `upper` compares upper-cased (ISO codes).
    """

    option: str
    path: str
    through: str | None = None
    upper: bool = False
    derive: Callable[[Mapping[str, Any]], Any] | None = None
    """Compare a value computed from the stored record (an agreement's `both`, `one`,
    `none` confirmations), or a list of values (a project's provider and recipients),
    instead of the values at `path`; `path` still names the ids an id filter checks."""
    choices: tuple[str, ...] = ()
    """The values a derived filter takes."""
    dated: Callable[[Mapping[str, Any], Any], Iterable[str]] | None = None
    """Compare the values computed from the stored record on `--as-of`'s date (None: today):
    the states an agreement may be in on that date, for `--status`."""
    successors: bool = False
    """An id filter (`--city`) that also finds what a city inherited from the cities it
    succeeded (`predecessors`): their agreements still in force when it did."""


@dataclass(frozen=True)
class LongTable:
    """A long-format export table for a many-valued part (an agreement's parties …)."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[dict[str, Any]], Iterable[list[Any]]]
    references: tuple[tuple[str, str], ...] = ()
    """(column, kind folder) pairs: foreign keys in SQLite."""
    key: tuple[str, ...] = ()
    """The columns that tell its rows apart (a data package's primary key); empty: none do."""


@dataclass(frozen=True)
class NewField:
    """A `new` option and where its value goes in the record (`name` -> `names.en`).

    `new` makes its options from these declarations, one option a name (the
    kinds that declare the same option share it), so a kind's fields need no
    other code to be given on the command line or asked for on a terminal.
    """

    option: str
    """The option's name, `_` for `-` (`geonames_id` is `--geonames-id`)."""
    path: str
    required: bool = False
    convert: Callable[[Any], Any] | None = None
    """From what was typed (a string, or a list for `many`) to the record's value;
    ValueError says why a value cannot be used."""
    many: bool = False
    """Repeatable: the option gives a list (`--name fr=Séoul --name Seoul`); without a
    `convert`, each value is also split at commas (`--partner a,b`)."""
    values: int = 1
    """How many values a field that is not `many` takes (an agreement's two parties):
    given repeated or comma-separated, typed on one line at a prompt."""
    switch: bool = False
    """A yes/no field: the option takes no value (`--capital`)."""
    hint: str = ""
    """What to type, shown with the prompt (`LAT,LON`) and in the option's help."""
    metavar: str = ""
    """How help shows the option's value (`CC`); default: ID for a reference, else TEXT."""

    @property
    def flag(self) -> str:
        return "--" + self.option.replace("_", "-")

    def but(self, **changes: Any) -> NewField:
        return replace(self, **changes)


@dataclass(frozen=True)
class Kind:
    """A kind of record: its names, folder, model, references, and how commands show it."""

    name: str
    folder: str
    source: type[Record] | Callable[[], type[Record]]
    """Its pydantic model, or a function that imports it: declaring a kind imports no model,
    so a command that never reads a kind's model never pays for it (see `model`)."""
    aliases: tuple[str, ...] = ()
    """Other names accepted on the command line (US spelling …)."""
    id_rule: Callable[[Mapping[str, Any]], str] | None = None
    """How `new` and `import` derive an id from the record; None: the id is given."""
    refs: tuple[tuple[str, str], ...] = ()
    """(field path, target kind folder) pairs; `*` in a path stands for each list item."""
    countries: tuple[str, ...] = ()
    """Paths holding ISO 3166-1 codes (`country`, `groups.*.countries.*`): `validate`
    checks each is a real code (`unknown-country`)."""
    columns: tuple[str, ...] = ("id",)
    """The fields `list` shows by default."""
    derived: tuple[tuple[str, Callable[[Mapping[str, Any]], Any]], ...] = ()
    """Fields computed from the stored record (an agreement's `ended` and `status`, from its
    lifecycle): `list` shows, selects (`--fields`) and sorts them as stored fields."""
    filters: tuple[Filter, ...] = ()
    export: tuple[Column, ...] = (Column("id"),)
    long_tables: tuple[LongTable, ...] = ()
    new: tuple[NewField, ...] = ()
    """The fields `new` fills from options, besides the id and the source."""

    @cached_property
    def model(self) -> type[Record]:
        """The kind's model, imported on first use (pydantic builds its validator on first
        validation: `defer_build` in model/records.py)."""
        return self.source if isinstance(self.source, type) else self.source()

    @cached_property
    def date_paths(self) -> list[tuple[str, ...]]:
        """Where its records hold dates (`signed`, `lifecycle.*.date` …): see
        `citynet.model.paths.date_paths`."""
        from citynet.model.paths import date_paths

        return date_paths(self.model)

    @property
    def field_names(self) -> list[str]:
        """Field names in canonical order: id, names, own fields, sources, notes."""
        fields = list(self.model.model_fields)
        head = [f for f in ("id", "names") if f in fields]
        tail = ["sources", "notes"]
        return head + [f for f in fields if f not in head and f not in tail] + tail

    @property
    def start_field(self) -> str | None:
        """The field its time span starts with, if its model is time-scoped."""
        return getattr(self.model, "start_field", None)

    @property
    def end_field(self) -> str | None:
        return getattr(self.model, "end_field", None)

    def make_id(self, data: Mapping[str, Any]) -> str:
        """The id the kind's rule derives from the record's data."""
        if self.id_rule is None:
            raise ValueError(f"a {self.name} has no id rule: its id must be given")
        return self.id_rule(data)

    def derive(self, name: str) -> Callable[[Mapping[str, Any]], Any] | None:
        """The function that computes the derived field `name`, if it is one."""
        return next((function for field, function in self.derived if field == name), None)

    @property
    def lifecycle_field(self) -> str | None:
        """The field holding its lifecycle's steps, if it has one."""
        return getattr(self.model, "lifecycle_field", None)

    def filter(self, option: str) -> Filter | None:
        return next((f for f in self.filters if f.option == option), None)

    def choices(self, path: str) -> type[StrEnum] | None:
        """The closed list of values a top-level field takes, from the model's annotation."""
        field = self.model.model_fields.get(path)
        if field is None:
            return None
        annotation = field.annotation
        options = typing.get_args(annotation) if isinstance(
            annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union \
            else (annotation,)
        return next((o for o in options if isinstance(o, type) and issubclass(o, StrEnum)), None)

    def target(self, path: str) -> str | None:
        """The folder of the kind a reference path (`parties.1`, `member`) points at."""
        general = ".".join("*" if part.isdigit() else part for part in path.split("."))
        return next((target for ref, target in self.refs if ref == general), None)


KINDS: dict[str, Kind] = {}
"""Every declared kind by folder, in declaration order."""

_ALIASES: dict[str, str] = {}


def declare(kind: Kind) -> Kind:
    """Add a kind to `KINDS` (folder, singular and aliases become names for it)."""
    names = (kind.folder, kind.name, *kind.aliases)
    taken = [n for n in names if n in _ALIASES and _ALIASES[n] != kind.folder]
    if taken:
        raise ValueError(f"the kind name {taken[0]!r} is already declared")
    KINDS[kind.folder] = kind
    _ALIASES.update(dict.fromkeys(names, kind.folder))
    return kind


def withdraw(kind: Kind) -> None:
    """Remove a declared kind (for tools and tests that declare one for a while)."""
    KINDS.pop(kind.folder, None)
    for name in [n for n, folder in _ALIASES.items() if folder == kind.folder]:
        del _ALIASES[name]


def kind_named(name: str) -> Kind | None:
    """The kind called `name`, plural, singular or an alias (case does not matter)."""
    return KINDS.get(_ALIASES.get(name.strip().lower(), ""))


def kinds_text(kinds: Iterable[Kind] | None = None, plural: bool = True) -> str:
    """`cities, organisations, …`: the kinds for a help text or a message."""
    return ", ".join(k.folder if plural else k.name for k in (kinds or KINDS.values()))


def kind_by_name(name: str, among: Iterable[Kind] | None = None) -> Kind:
    """The kind called `name` (among these, if given), or UnknownKind with a suggestion."""
    allowed = list(among) if among is not None else list(KINDS.values())
    found = kind_named(name)
    if found is not None and found in allowed:
        return found
    names = [n for n, folder in _ALIASES.items() if KINDS[folder] in allowed]
    close = difflib.get_close_matches(name.strip().lower(), names, n=1, cutoff=0.6)
    # The suggestion keeps the number the user wrote: `agreemnts` -> `agreements`.
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UnknownKind(f"unknown kind {name!r} (kinds: {kinds_text(allowed)}){hint}")


def item_index(part: str, size: int) -> int | None:
    """The list item a part of a dotted path names (`parties.0`), None if it names none of
    `size`: only ASCII digits, and few enough of them for int() (which refuses 4300)."""
    if part.isascii() and part.isdigit() and len(part) <= 18 and int(part) < size:
        return int(part)
    return None


def values_at(record: Any, path: str) -> list[Any]:
    """Every value at a dotted path in stored data; `*` stands for each list item."""
    current = [record]
    for part in path.split("."):
        found = []
        for value in current:
            if isinstance(value, Mapping):
                if part in value:
                    found.append(value[part])
            elif isinstance(value, list):
                if part == "*":
                    found.extend(value)
                elif (index := item_index(part, len(value))) is not None:
                    found.append(value[index])
        current = found
    return current


def _attribute(value: Any, name: str) -> Any:
    return getattr(value, name, None)


def _key(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else None


def iter_refs(value: Any, path: str, read: Callable[[Any, str], Any] = _attribute
              ) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(loc, id) for each id found at a reference path such as `offices.*.city`, in a model
    (or, with `read=_key`, in stored data: see `stored_refs`)."""
    field, _, rest = path.partition(".")
    if not rest:  # the common, hot cases first: `member`, `parties.*`
        found = read(value, field)
        if isinstance(found, str):
            yield (field,), found
        return
    if rest == "*":
        for index, item in enumerate(read(value, field) or ()):
            if isinstance(item, str):
                yield (field, index), item
        return

    def walk(current: Any, parts: list[str], loc: tuple[str | int, ...]) -> Iterator[Any]:
        if current is None:
            return
        if not parts:
            if isinstance(current, str):
                yield loc, current
            return
        head, rest = parts[0], parts[1:]
        if head == "*":
            if isinstance(current, list):
                for index, item in enumerate(current):
                    yield from walk(item, rest, (*loc, index))
        else:
            yield from walk(read(current, head), rest, (*loc, head))

    yield from walk(value, path.split("."), ())


def stored_refs(raw: dict[str, Any], path: str) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(loc, id) for each id at a reference path, read from a valid record's stored data:
    what `iter_refs` finds in its model, without building the model."""
    return iter_refs(raw, path, _key)
