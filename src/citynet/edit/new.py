"""`citynet new`: a new record file, checked before anything is written.

The record is checked against its schema and its references against the
registry; the file appears whole or not at all, and never replaces another.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citynet.model.kinds import KINDS, Kind, iter_refs


def record_data(kind: Kind, given: dict[str, Any]) -> dict[str, Any]:
    """The record's data from `new`'s options, each put where the kind's declaration says."""
    data: dict[str, Any] = {}
    for field in kind.new:
        value = given.get(field.option)
        if field.convert is not None and value not in (None, []):
            value = field.convert(value)
        if value in (None, [], False):
            continue
        head, _, rest = field.path.partition(".")
        if rest:
            data.setdefault(head, {})[rest] = value
        else:
            data[head] = value
    return data


def create_record(root: Path, kind: Kind, record_id: str, data: dict,
                  modeline: str | None = None) -> str:
    """Write a new record file and return its path; refuses bad ids, bad data, overwrites.

    The record is checked against its schema and its references against the
    registry before anything is written; the file appears whole or not at all.
    """
    import re

    from citynet.model import build
    from citynet.yaml.canonical import dump_record
    from citynet.errors import BadOption
    from citynet.model.records import SLUG_PATTERN
    from citynet.store.atomic import write_atomic
    from citynet.store.files import inside_registry
    from citynet.store.registry import load

    folder = kind.folder
    if not re.match(SLUG_PATTERN, record_id):
        raise BadOption(f"--id {record_id!r} is not a valid id: use a lowercase slug such as "
                        "'ho-chi-minh-city'")
    registry, _ = load(root)
    if record_id in registry.known[folder]:
        raise BadOption(f"a {kind.name} with the id {record_id!r} already exists")
    data = {"id": record_id, **{k: v for k, v in data.items() if v not in (None, [], {})}}
    model, problems = build.build(kind, f"data/{folder}/{record_id}.yaml", data)
    if model is None:
        raise BadOption("; ".join(p.message for p in problems))
    for path, target in kind.refs:
        for loc, ref in iter_refs(model, path):
            if ref not in registry.known[target]:
                field = ".".join(str(part) for part in loc)
                raise BadOption(f"{field}: there is no {KINDS[target].name} {ref!r}")
    text = dump_record(data, kind)
    if modeline:
        text = f"# yaml-language-server: $schema={modeline}\n{text}"
    target = root / "data" / folder / f"{record_id}.yaml"
    if not inside_registry(root, target):
        raise BadOption(f"data/{folder} is a link out of the registry; nothing was written")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(target, text, replace=False)
    except FileExistsError:
        raise BadOption(f"{target.relative_to(root)} already exists") from None
    return target.relative_to(root).as_posix()
