"""`citynet new`: a new record file, written only if validate would accept it.

The would-be file is checked by the validate engine itself, laid among the
registry's records (`lint.engine.check_candidate`); an error refuses it with
validate's own codes and messages, reported on the would-be file. The file
appears whole or not at all, and never replaces another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import Kind, NewField
from citynet.model.problems import Problem, Severity
from citynet.model.records import ID_RULE, is_id
from citynet.store.tree import DATA_DIR, EXTENSION, Refused, Tree


class RecordRefused(BadOption):
    """The new record would not validate; nothing was written."""

    def __init__(self, kind: Kind, problems: list[Problem]) -> None:
        self.problems = problems
        count = sum(1 for p in problems if p.severity is Severity.ERROR)
        super().__init__(f"the new {kind.name} would not validate ({count} "
                         f"error{'' if count == 1 else 's'}); nothing was written")


@dataclass(frozen=True)
class Created:
    """A record written: its path from the registry root, and what validate warns of."""

    path: str
    warnings: list[Problem] = field(default_factory=list)


def convert(new_field: NewField, value: Any) -> Any:
    """A typed value as the record holds it (ValueError says why it cannot be)."""
    if new_field.convert is None or value in (None, [], ""):
        return value
    return new_field.convert(value)


def record_data(kind: Kind, given: dict[str, Any]) -> dict[str, Any]:
    """The record's data from `new`'s options, each put where the kind's declaration says."""
    data: dict[str, Any] = {}
    for new_field in kind.new:
        try:
            value = convert(new_field, given.get(new_field.option))
        except ValueError as exc:
            raise BadOption(f"{new_field.flag}: {exc}") from None
        if value in (None, [], {}, False, ""):
            continue
        head, _, rest = new_field.path.partition(".")
        if rest:
            data.setdefault(head, {})[rest] = value
        else:
            data[head] = value
    return data


def create_record(root: Path, kind: Kind, record_id: str, data: dict,
                  modeline: str | None = None, use_cache: bool = True) -> Created:
    """Write a new record file if validate would accept it; RecordRefused if not.

    An id that is not a slug, or that a record of the kind already has, is
    refused before anything else (it would name another file, or no file).
    """
    from citynet.lint.engine import check_candidate
    from citynet.store.atomic import write_atomic
    from citynet.store.registry import load
    from citynet.yaml.canonical import dump_record

    folder = kind.folder
    if not is_id(record_id):
        raise BadOption(f"{record_id!r} is not a valid id: use {ID_RULE}")
    registry, _ = load(root, use_cache, kinds=[folder])
    if record_id in registry.known[folder]:
        raise BadOption(f"a {kind.name} with the id {record_id!r} already exists")
    data = {"id": record_id, **{k: v for k, v in data.items() if v not in (None, [], {})}}
    text = dump_record(data, kind)
    if modeline:
        text = f"# yaml-language-server: $schema={modeline}\n{text}"
    problems = check_candidate(root, kind, record_id, text, use_cache)
    if any(p.severity is Severity.ERROR for p in problems):
        raise RecordRefused(kind, problems)
    rel = f"{DATA_DIR}/{folder}/{record_id}{EXTENSION}"
    tree = Tree(root)
    tree.sweep()  # what a killed citynet left goes first
    try:
        target = tree.writable(rel, new=True, make_folders=True)
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was written") from None
    try:
        write_atomic(target, text, replace=False)
    except FileExistsError:
        raise BadOption(f"{rel} already exists") from None
    return Created(rel, problems)
