"""`citynet end`: close an agreement or a membership, as openstates' `retire` ends a term.

The record keeps its history: the end date goes into `ended` (agreements) or
`until` (memberships), the reason into `end_reason` from a closed list, and
the source that says so is added to `sources`. Agreements also get
`status: ended`; memberships have no status, their `until` is their state.
A membership's open roles end with it, as `retire` ends a person's active
roles. The file keeps its comments: it is edited in ruamel's round-trip mode and
written in the canonical form, and the edit is refused if a comment would be
lost.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.edit.record import edit_record
from citynet.errors import BadOption, UnknownRecord
from citynet.model.dates import PartialDate
from citynet.model.kinds import KINDS, Kind
from citynet.model.records import EndReason
from citynet.store.tree import Refused, Tree

END_REASON = "end_reason"


def endable() -> list[Kind]:
    """The kinds that can end: time-bound, with an end date and an end reason."""
    return sorted((kind for kind in KINDS.values()
                   if getattr(kind.model, "end_field", None)
                   and END_REASON in kind.model.model_fields), key=lambda kind: kind.folder)


@dataclass(frozen=True)
class Ending:
    """What `end_record` wrote: to which record, in which file."""

    kind: str
    id: str
    path: str
    date: str
    reason: str | None


def end_record(root: Path, record_id: str, date: str, source: str, *,
               reason: str | None = None, source_url: str | None = None,
               force: bool = False, use_cache: bool = True) -> Ending:
    """End the agreement or membership `record_id` on `date`; raise on misuse.

    Refuses a date before the record's start, a record that has already ended
    (unless `force`, which replaces the end), and records of other kinds.
    """
    from citynet.model import build
    from citynet.store.atomic import write_atomic
    from citynet.store.registry import load

    when = _date(date)
    why = _reason(reason)
    registry, _ = load(root, use_cache)
    entry = next((e for kind in endable() if (e := registry.get(kind.folder, record_id))), None)
    if entry is None:
        _refuse_unknown(registry, record_id)
    assert entry is not None
    model = entry.model
    start_field, end_field = model.start_field, model.end_field
    start, end = getattr(model, start_field), getattr(model, end_field)
    if start is not None and when.surely_before(start):
        raise BadOption(f"{record_id} starts in {start} ({start_field}); it cannot end in {when}")
    late = [r for r in getattr(model, "roles", []) if r.since and when.surely_before(r.since)]
    if late:
        raise BadOption(f"{record_id}'s {late[0].role} role starts in {late[0].since}; the "
                        f"membership cannot end in {when}")
    ended = end is not None or getattr(model, "status", None) == "ended"
    if ended and not force:
        raise BadOption(f"{record_id} has already ended ({end_field}: {end or 'unknown'}); "
                        "use --force to replace the end")
    tree = Tree(root)
    tree.sweep()  # what a killed citynet left goes first
    try:
        path = tree.writable(entry.path)  # never through a link
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was written") from None
    text = path.read_bytes().decode("utf-8")
    changes: dict[str, Any] = {end_field: _yaml_date(when)}
    if "status" in entry.kind.model.model_fields:
        changes["status"] = "ended"
    new_source = {"title": source, "url": source_url, "as_of": _yaml_date(when)}
    result = _edited(text, entry.kind, changes, why,
                     {k: v for k, v in new_source.items() if v is not None})
    from citynet.yaml import reader

    data, issues = reader.load(result)
    if issues or not isinstance(data, dict):
        raise BadOption(f"{entry.path}: the edit would not read back; nothing was changed")
    model_after, problems = build.build(entry.kind, entry.path, data)
    if model_after is None:
        raise BadOption("; ".join(p.message for p in problems))
    write_atomic(path, result)
    return Ending(entry.kind.name, record_id, entry.path, str(when), why)


def _date(value: str) -> PartialDate:
    try:
        return PartialDate.parse(value.strip())
    except ValueError as exc:
        raise BadOption(f"--date {value!r} is not a date: {exc} (use 2020, 2020-03 or "
                        "2020-03-15)") from None


def _reason(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return EndReason(value.strip().lower()).value
    except ValueError:
        choices = ", ".join(r.value for r in EndReason)
        raise BadOption(f"--reason {value!r} is not one of {choices}") from None


def _refuse_unknown(registry: Any, record_id: str) -> None:
    kinds = endable()
    folders = {kind.folder for kind in kinds}
    what = " and ".join(kind.folder for kind in kinds)
    others = [e for e in registry.find(record_id) if e.kind.folder not in folders]
    if others:
        raise BadOption(f"{record_id!r} is a {others[0].kind.name}; only {what} can end")
    if any(record_id in registry.known[folder] for folder in folders):
        raise BadOption(f"{record_id!r} is not a valid record; run citynet validate and fix it "
                        "first")
    ids = sorted(set().union(*(registry.known[folder] for folder in folders)))
    close = difflib.get_close_matches(record_id, ids, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    names = " or ".join(kind.name for kind in kinds)
    raise UnknownRecord(f"no {names} has the id {record_id!r}{hint}")


def _yaml_date(when: PartialDate) -> int | str:
    """A date as the registry writes it: a bare year is a number, as in `signed: 1968`."""
    return when.year if when.month is None else str(when)


def _edited(text: str, kind: Any, changes: dict[str, Any], reason: str | None,
            source: dict[str, Any]) -> str:
    """`text` with `changes` set, the reason and the source added, in canonical form."""
    from ruamel.yaml.comments import CommentedMap

    def change(document: Any) -> None:
        for key, value in changes.items():
            document[key] = value
        for role in document.get("roles") or []:  # as openstates' retire ends the open roles
            if isinstance(role, dict) and role.get("until") is None:
                role["until"] = changes.get("until")
        if reason is not None:
            document["end_reason"] = reason
        else:
            document.pop("end_reason", None)
        sources = document.get("sources")
        if sources is None:
            document["sources"] = sources = []
        if not any(dict(s) == source for s in sources if isinstance(s, dict)):
            sources.append(CommentedMap(source))

    return edit_record(text, kind, "the file", change)
