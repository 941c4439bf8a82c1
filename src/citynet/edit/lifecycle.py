"""`citynet suspend`, `resume` and `end`: a dated step added to a lifecycle; and `fmt`'s move of
the fields lifecycles replaced.

A step goes at the end of the record's `lifecycle` with its date, the side that decided it,
the reason in the source's words and the source. It is refused, with nothing written, when it
contradicts the steps before it (`citynet.model.lifecycle.order_problems`, the rule
`validate` checks as `lifecycle-order`): resuming what is not suspended, a date before the
previous step's. `end` on a membership also ends its open roles, as openstates' `retire`
ends a person's. The file keeps its comments (edited in ruamel's round trip, written in the
canonical form, refused if a comment would be lost) and is written atomically.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.edit.record import edit_record
from citynet.errors import BadOption, UnknownRecord, did_you_mean
from citynet.model import lifecycle
from citynet.model.dates import PartialDate
from citynet.model.kinds import KINDS, Kind
from citynet.model.terms import Side, StepKind

BOTH = "both"
"""`--by both`: the two parties (or the member and the organisation)."""

OLD_REASONS = {"expired": StepKind.EXPIRED, "suspended": StepKind.SUSPENDED,
               "terminated": StepKind.TERMINATED, "merged": StepKind.MERGED,
               "dissolved": StepKind.DISSOLVED, "unknown": StepKind.ENDED}
"""The closed list `end --reason` took before lifecycles: such a `--reason` (and no `--how`)
still means what it did, the kind of end, as `fmt` reads an old `end_reason`."""


def with_lifecycle() -> list[Kind]:
    """The kinds whose records have a lifecycle (agreements, memberships)."""
    return sorted((kind for kind in KINDS.values() if kind.lifecycle_field),
                  key=lambda kind: kind.folder)


@dataclass(frozen=True)
class Change:
    """What a command wrote (or, with `dry_run`, would write): to which record, in which file,
    and the file's text before and after."""

    kind: str
    id: str
    path: str
    step: str
    date: str
    before: str
    after: str

    def diff(self) -> str:
        return "".join(difflib.unified_diff(
            self.before.splitlines(keepends=True), self.after.splitlines(keepends=True),
            fromfile=f"a/{self.path}", tofile=f"b/{self.path}"))


def add_step(root: Path, record_id: str, step: StepKind, date: str, source: str, *,
             by: Sequence[str] = (), reason: str | None = None, source_url: str | None = None,
             source_as_of: str | None = None, force: bool = False, dry_run: bool = False,
             use_cache: bool = True) -> Change:
    """Add `step` on `date` to the lifecycle of the agreement or membership `record_id`.

    Raises BadOption (UnknownRecord) on misuse, or when the step contradicts the history;
    `force` lets `end` replace the step that ended the record.
    """
    from citynet.store.registry import load

    when = parse_date("--date", date)
    registry, _ = load(root, use_cache)
    entry = next((e for kind in with_lifecycle() if (e := registry.get(kind.folder, record_id))),
                 None)
    if entry is None:
        _refuse_unknown(registry, record_id)
    assert entry is not None
    kind = entry.kind
    field = kind.lifecycle_field
    assert field is not None and kind.start_field is not None
    deciders = _deciders(entry.raw, by)
    steps = list(entry.raw.get(field) or [])
    if force and step in lifecycle.ENDINGS:
        steps = [s for s in steps if StepKind(s["step"]) not in lifecycle.ENDINGS]
    elif step in lifecycle.ENDINGS and lifecycle.end_of(lifecycle.steps_of(entry.raw)):
        end = lifecycle.end_of(lifecycle.steps_of(entry.raw))
        assert end is not None
        when_ended = f" on {end.date}" if end.date else ""
        raise BadOption(f"{record_id} has already ended ({end.kind}{when_ended}); use --force "
                        "to replace its end")
    new = {"step": step.value, "date": yaml_date(when), "by": deciders or None,
           "reason": reason, "source": {k: v for k, v in (
               ("title", source), ("url", source_url),
               ("as_of", source_as_of and yaml_date(parse_date("--source-as-of",
                                                               source_as_of)))) if v}}
    new = {k: v for k, v in new.items() if v is not None}
    if step in lifecycle.ENDINGS:  # the open roles end with it: none may start later
        late = [r for r in entry.raw.get("roles") or () if r.get("since") is not None
                and r.get("until") is None and when.surely_before(PartialDate.parse(r["since"]))]
        if late:
            raise BadOption(f"{record_id}'s {late[0]['role']} role starts in {late[0]['since']}; "
                            f"the {kind.name} cannot end in {when}")
    start = entry.raw.get(kind.start_field)
    proposed = lifecycle.steps_of({field: [*steps, new]})
    for index, _, message in lifecycle.order_problems(
            None if start is None else PartialDate.parse(start), kind.start_field, proposed):
        if index == len(proposed) - 1:
            raise BadOption(f"{record_id}: {message}; nothing was changed")
    path = writable(root, entry.path, dry_run)
    before = path.read_bytes().decode("utf-8")
    after = edit_record(before, kind, entry.path, lambda document: _append(
        document, field, new, force and step in lifecycle.ENDINGS,
        yaml_date(when) if step in lifecycle.ENDINGS else None))
    check_edit(kind, entry.path, after)
    if not dry_run:
        from citynet.store.atomic import write_atomic

        write_atomic(path, after)
    return Change(kind.name, record_id, entry.path, step.value, str(when), before, after)


def _append(document: Any, field: str, new: dict[str, Any], replace_end: bool,
            roles_until: Any) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    steps = document.get(field)
    if steps is None:
        document[field] = steps = CommentedSeq()
    if replace_end:
        for index in reversed(range(len(steps))):
            if isinstance(steps[index], dict) and steps[index].get("step") in {
                    s.value for s in lifecycle.ENDINGS}:
                del steps[index]
    step = CommentedMap(new)
    if "source" in new:
        step["source"] = CommentedMap(new["source"])
    steps.append(step)
    for role in document.get("roles") or []:  # as openstates' retire ends the open roles
        if roles_until is not None and isinstance(role, dict) and role.get("until") is None:
            role["until"] = roles_until


def _deciders(raw: dict[str, Any], by: Sequence[str]) -> list[str]:
    """`--by` as the record writes it: party ids for an agreement, `member`/`organisation`
    for a membership (given by their ids or those words); `both` names both sides."""
    parties = raw.get("parties")
    if isinstance(parties, list):  # an agreement: its parties decide
        sides = {p: p for p in parties}
    else:
        sides = {raw[Side.MEMBER]: Side.MEMBER.value, Side.MEMBER.value: Side.MEMBER.value,
                 raw[Side.ORGANISATION]: Side.ORGANISATION.value,
                 Side.ORGANISATION.value: Side.ORGANISATION.value}
    found: list[str] = []
    for value in (v.strip() for item in by for v in item.split(",") if v.strip()):
        chosen = list(dict.fromkeys(sides.values())) if value == BOTH else [sides.get(value)]
        if chosen == [None]:
            named = " and ".join(parties) if isinstance(parties, list) else (
                f"{raw[Side.MEMBER]} (the member) and {raw[Side.ORGANISATION]} "
                "(the organisation)")
            raise BadOption(f"--by {value!r} is not a side of it: name {named}, or both"
                            f"{did_you_mean(value, list(sides))}")
        found += [side for side in chosen if side is not None and side not in found]
    return found


def writable(root: Path, rel: str, dry_run: bool = False) -> Path:
    """The record file an edit will write: never through a link (store/tree decides), and
    what a killed citynet left removed first; BadOption, one line, if it may not be."""
    from citynet.store.tree import Refused, Tree

    tree = Tree(root)
    if not dry_run:
        tree.sweep()  # what a killed citynet left goes first
    try:
        return tree.writable(rel)
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was written") from None


def check_edit(kind: Kind, where: str, text: str) -> None:
    """Refuse an edit whose result would not read back as a valid record, as `validate` reads a
    file (a control character in a reason, say)."""
    from citynet.model import build
    from citynet.store.files import parse_text

    data, issues = parse_text(text.encode("utf-8"), where)
    if issues:
        raise BadOption(f"{where}: the edit would not read back ({issues[0].code}: "
                        f"{issues[0].message}); nothing was changed")
    if not isinstance(data, dict):
        raise BadOption(f"{where}: the edit would not read back; nothing was changed")
    model, problems = build.build(kind, where, data)
    if model is None:
        raise BadOption("; ".join(p.message for p in problems) + "; nothing was changed")


def parse_date(option: str, value: str) -> PartialDate:
    try:
        return PartialDate.parse(value.strip())
    except ValueError as exc:
        raise BadOption(f"{option} {value!r} is not a date: {exc} (use 2020, 2020-03 or "
                        "2020-03-15)") from None


def yaml_date(when: PartialDate) -> int | str:
    """A date as the registry writes it: a bare year is a number, as in `signed: 1968`."""
    return when.year if when.month is None else str(when)


def _refuse_unknown(registry: Any, record_id: str) -> None:
    kinds = with_lifecycle()
    folders = {kind.folder for kind in kinds}
    what = " and ".join(kind.folder for kind in kinds)
    others = [e for e in registry.find(record_id) if e.kind.folder not in folders]
    if others:
        raise BadOption(f"{record_id!r} is a {others[0].kind.name}; only {what} have a "
                        "lifecycle")
    if any(record_id in registry.known[folder] for folder in folders):
        raise BadOption(f"{record_id!r} is not a valid record; run citynet validate and fix it "
                        "first")
    ids = sorted(set().union(*(registry.known[folder] for folder in folders)))
    names = " or ".join(kind.name for kind in kinds)
    raise UnknownRecord(f"no {names} has the id {record_id!r}{did_you_mean(record_id, ids)}")


# -- the fields lifecycles replaced ---------------------------------------------------------

_RETIRED_END = {"signed": "ended", "since": "until"}
"""The end field each start field had (an agreement's `ended`, a membership's `until`)."""

def migrate(text: str, kind: Kind, where: str) -> str | None:
    """`text` with its retired fields (`ended`, `until`, `status`, `end_reason`) moved into
    `lifecycle` with their meaning kept, or None if it has none; BadOption if they contradict
    each other or the steps it has."""
    field = kind.lifecycle_field
    if field is None:
        return None
    from citynet.yaml import reader

    data, issues = reader.load(text)
    end_field = _RETIRED_END.get(kind.start_field or "")
    retired = [key for key in (end_field, "status", "end_reason")
               if key is not None and isinstance(data, dict) and key in data]
    if issues or not retired or end_field is None:
        return None
    try:
        step = lifecycle.migrated_step(data, end_field)
    except lifecycle.Unmigratable as exc:
        raise BadOption(f"{where}: {exc}; edit it by hand") from None
    if step is not None and lifecycle.end_of(lifecycle.steps_of(data)):
        raise BadOption(f"{where}: it has an end in `lifecycle` and in {', '.join(retired)}; "
                        "edit it by hand")

    def change(document: Any) -> None:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        said = [document.ca.items.pop(key) for key in retired if key in document.ca.items]
        for key in retired:
            document.pop(key, None)
        if step is None:
            return
        steps = document.get(field)
        if steps is None:
            document[field] = steps = CommentedSeq()
        steps.append(CommentedMap(step))
        if said:  # the comment on a moved field goes with its step
            document.ca.items[field] = said[0]

    return edit_record(text, kind, where, change)
