"""Checks of dates: an end never before its start, a lifecycle's steps in order, a role
within its membership, and nothing begun by a city after it ceased in a succession.

They register in the same catalogue as the other checks (`citynet.lint.checks`); the
catalogue (lint/catalogue.py) imports this module so they run.
"""

from __future__ import annotations

from collections.abc import Iterator

from citynet.lint.checks import OWN, Finding, Reads, check
from citynet.model import codes, lifecycle
from citynet.model.dates import PartialDate
from citynet.model.kinds import AGREEMENTS, CITIES, COMMITTEES, KINDS, MEMBERSHIPS, ORGANISATIONS
from citynet.store.registry import Registry


@check(codes.DATE_ORDER, OWN)
def dates_in_order(registry: Registry) -> Iterator[Finding]:
    """An end never comes before its start (a project's `until`/`since`, a role's, and the
    `end`/`start` of a phase or a post)."""
    for folder, kind in KINDS.items():
        start_field, end_field = kind.start_field, kind.end_field
        if start_field is None or end_field is None:
            continue
        for entry in registry.of_kind(folder):
            start, end = entry.raw.get(start_field), entry.raw.get(end_field)
            if start is None or end is None:
                continue
            start, end = PartialDate.parse(start), PartialDate.parse(end)
            if end.surely_before(start):
                yield Finding(
                    f"{end_field} {end} comes before {start_field} {start}",
                    entry.path,
                    loc=(end_field,),
                )
    for entry in registry.of_kind(MEMBERSHIPS.folder):
        for index, held in enumerate(entry.raw.get("roles") or ()):
            since, until = _date(held.get("since")), _date(held.get("until"))
            if since and until and until.surely_before(since):
                yield Finding(
                    f"the {held['role']} role's until {until} comes before its since {since}",
                    entry.path,
                    loc=("roles", index, "until"),
                )
    for kind, part in NESTED_SPANS:
        for entry in registry.of_kind(kind.folder):
            for index, span in enumerate(entry.raw.get(part) or ()):
                start, end = _date(span.get("start")), _date(span.get("end"))
                if start and end and end.surely_before(start):
                    yield Finding(f"{part}.{index}: end {end} comes before start {start}",
                                  entry.path, loc=(part, index, "end"))


NESTED_SPANS = ((ORGANISATIONS, "phases"), (ORGANISATIONS, "posts"), (COMMITTEES, "posts"))
"""Parts of a record with their own `start` and `end`: an organisation's phases and posts."""


@check(codes.LIFECYCLE_ORDER, OWN)
def lifecycles_in_order(registry: Registry) -> Iterator[Finding]:
    """Each step of a lifecycle follows from the steps before it, and none is dated before
    them (`citynet.model.lifecycle.order_problems`, which `suspend`, `resume` and `end`
    also obey)."""
    for kind in KINDS.values():
        field = kind.lifecycle_field
        if field is None:
            continue
        for entry in registry.of_kind(kind.folder):
            if not entry.raw.get(field):
                continue
            start = _date(entry.raw.get(kind.start_field)) if kind.start_field else None
            for index, part, message in lifecycle.order_problems(
                    start, kind.start_field or "start", lifecycle.steps_of(entry.raw)):
                yield Finding(f"step {index + 1}: {message}", entry.path,
                              loc=(field, index, part))


@check(codes.AFTER_SUCCESSION, Reads(alike=((CITIES.folder, "predecessors.*.city"),
                                            (AGREEMENTS.folder, "parties.*"),
                                            (MEMBERSHIPS.folder, "member"))))
def nothing_after_succession(registry: Registry) -> Iterator[Finding]:
    """A city that merged into another, or was renamed, signs nothing after that date."""
    from citynet.query.successors import FIELD, predecessors_of

    for entry in registry.of_kind(CITIES.folder):
        for index, (city, _) in enumerate(predecessors_of(entry.raw)):
            if city == entry.id:
                yield Finding("a city is not its own predecessor", entry.path,
                              loc=(FIELD, index, CITIES.name))
    ceased: dict[str, tuple[PartialDate, str]] = {}  # from every city, walked or not (the LSP)
    for entry in registry.entries[CITIES.folder].values():
        for city, date in predecessors_of(entry.raw) if entry.raw.get(FIELD) else ():
            if city not in ceased or date.first_day() < ceased[city][0].first_day():
                ceased[city] = (date, entry.id)
    if not ceased:
        return
    for kind, cities in ((AGREEMENTS, "parties"), (MEMBERSHIPS, "member")):
        start_field = kind.start_field or ""
        for entry in registry.of_kind(kind.folder):
            named = entry.raw.get(cities)
            for party in named if isinstance(named, list) else [named]:
                if party not in ceased or entry.raw.get(start_field) is None:
                    continue
                start, (date, heir) = _date(entry.raw[start_field]), ceased[party]
                if start is not None and date.surely_before(start):
                    yield Finding(f"{party} ceased to be on {date}, succeeded by {heir}, so it "
                                  f"cannot begin this {kind.name} in {start}", entry.path,
                                  loc=(start_field,))


@check(codes.ROLE_DATES, OWN)
def roles_within_membership(registry: Registry) -> Iterator[Finding]:
    """A role is held while the membership lasts (until the step that ends it)."""
    for entry in registry.of_kind(MEMBERSHIPS.folder):
        roles = entry.raw.get("roles")
        if not roles:
            continue
        begun, ended = _date(entry.raw.get("since")), _date(lifecycle.end_date(entry.raw))
        for index, held in enumerate(roles):
            since, until = _date(held.get("since")), _date(held.get("until"))
            if since and begun and since.surely_before(begun):
                yield Finding(
                    f"the {held['role']} role starts ({since}) before the membership "
                    f"({begun})",
                    entry.path,
                    loc=("roles", index, "since"),
                )
            if until and ended and ended.surely_before(until):
                yield Finding(
                    f"the {held['role']} role ends ({until}) after the membership "
                    f"({ended})",
                    entry.path,
                    loc=("roles", index, "until"),
                )



def _date(value: object) -> PartialDate | None:
    """A stored date as its model holds it (the record is valid, so it reads)."""
    return None if value is None else PartialDate.parse(value)
