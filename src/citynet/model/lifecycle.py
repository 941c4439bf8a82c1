"""Lifecycles: what an agreement or a membership is on a date, read from its dated steps.

A record starts on its start date (`signed`, `since`) and then goes through the steps of its
`lifecycle`, oldest first: a side's own `signed`, `in-force` (when it entered into force after
it was signed: until then it is only `signed`), `suspended`, `resumed`, and the steps that end
it (`ended`, `terminated`, `lapsed`, `expired`, `dissolved`, `merged`). This module is the one
place that knows what each step does to the state, which steps may follow which, and how
partial dates decide what a record may be on a date; it reads stored data (or a model's
steps as `Step`s), so filters and checks never build a model for it.

Dates are as precise as their sources: a step of `2022` may have happened on any day of that
year, so on `2022-06` the record may be in the state before it or after it; the answers here
say what a record *may* be ("unknown dates do not exclude", as `in_force` always has).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from citynet.model.dates import PartialDate
from citynet.model.terms import State, StepKind

FIELD = "lifecycle"
"""The field of an agreement or a membership that holds its steps."""

ENDINGS = frozenset({StepKind.ENDED, StepKind.TERMINATED, StepKind.LAPSED, StepKind.EXPIRED,
                     StepKind.DISSOLVED, StepKind.MERGED})
"""The steps that end a record: nothing follows them."""

_AFTER = {StepKind.IN_FORCE: State.ACTIVE, StepKind.SUSPENDED: State.SUSPENDED,
          StepKind.RESUMED: State.ACTIVE} | {kind: State.ENDED for kind in ENDINGS}
"""The state each step leaves the record in (a side's `signed` leaves it as it was)."""


@dataclass(frozen=True)
class Step:
    """One step as this module reads it: what happened, and when (None: the source gives no
    date)."""

    kind: StepKind
    date: PartialDate | None = None


def _date(value: Any) -> PartialDate | None:
    if value is None:
        return None
    return value if isinstance(value, PartialDate) else PartialDate.parse(value)


def steps_of(record: Mapping[str, Any]) -> list[Step]:
    """The steps of a stored record (a valid one: its steps are known kinds and dates)."""
    return [Step(StepKind(item["step"]), _date(item.get("date")))
            for item in record.get(FIELD) or () if isinstance(item, Mapping)]


def initial(steps: Sequence[Step]) -> State:
    """The state a record starts in: `signed` if a later step says when it entered into force,
    else in force from its start."""
    return State.SIGNED if any(s.kind is StepKind.IN_FORCE for s in steps) else State.ACTIVE


def state_after(state: State, kind: StepKind) -> State:
    """The state a step of `kind` leaves a record in that was in `state`."""
    return _AFTER.get(kind, state)


def state_now(steps: Sequence[Step]) -> State:
    """The state after every step: what the record is today, as far as its sources say."""
    state = initial(steps)
    for step in steps:
        state = state_after(state, step.kind)
    return state


def possible_states(start: PartialDate | None, steps: Sequence[Step],
                    on: PartialDate) -> set[State]:
    """The states the record may be in on some day of `on` (empty: surely not yet begun).

    A step surely before `on` has happened; one surely after has not; one whose date
    overlaps `on`, or that has no date, may have either way.
    """
    if start is not None and start.first_day() > on.last_day():
        return set()
    states = {initial(steps)}
    for step in steps:
        after = _AFTER.get(step.kind)
        if after is None:
            continue
        if step.date is not None and step.date.last_day() < on.first_day():
            states = {after}
        elif step.date is not None and step.date.first_day() > on.last_day():
            break
        else:
            states.add(after)
    return states


def may_be(start: PartialDate | None, steps: Sequence[Step], state: State | str,
           on: PartialDate | None = None) -> bool:
    """Whether the record may be in `state` on `on` (None: today, after every step)."""
    if on is None:
        return state_now(steps) == state
    return state in possible_states(start, steps, on)


def in_force(start: PartialDate | None, steps: Sequence[Step], on: PartialDate) -> bool:
    """Whether it may have been in force on `on`: begun, and neither suspended nor ended
    throughout (unknown dates do not exclude)."""
    return State.ACTIVE in possible_states(start, steps, on)


def ended_by(steps: Sequence[Step], on: PartialDate) -> bool:
    """Whether it had surely ended before `on` began."""
    return any(s.kind in ENDINGS and s.date is not None and s.date.last_day() < on.first_day()
               for s in steps)


def end_of(steps: Sequence[Step]) -> Step | None:
    """The step that ended it, if one has."""
    return next((s for s in steps if s.kind in ENDINGS), None)


def end_date(record: Mapping[str, Any]) -> str | None:
    """A stored record's end date as text (None: not ended, or ended on no known date)."""
    end = end_of(steps_of(record))
    return None if end is None or end.date is None else str(end.date)


def status(record: Mapping[str, Any]) -> str:
    """A stored record's state today."""
    return state_now(steps_of(record)).value


# -- which steps may follow which ----------------------------------------------------------

def order_problems(start: PartialDate | None, start_field: str, steps: Sequence[Step]
                   ) -> Iterable[tuple[int, str, str]]:
    """(index, field, message) for each step that contradicts the steps before it: a date
    before the previous step's (or, but for a side's own signature, before the start), a
    resumption of what is not suspended, a suspension of what is not in force, a second
    entry into force, anything after the end. The field is `date` or `step`."""
    state = initial(steps)
    begun = False  # whether a step other than a side's signature has come
    last: tuple[PartialDate, StepKind] | None = None
    for index, step in enumerate(steps):
        if step.date is not None:
            if last is not None and step.date.surely_before(last[0]):
                yield index, "date", (f"{step.kind} on {step.date} comes before the step before "
                                      f"it ({last[1]} on {last[0]})")
            elif (step.kind is not StepKind.SIGNED and start is not None
                  and step.date.surely_before(start)):
                yield index, "date", (f"{step.kind} on {step.date} comes before the record's "
                                      f"start ({start_field} {start})")
            last = (step.date, step.kind)
        refusal = refused(state, step.kind, begun)
        if refusal:
            yield index, "step", refusal
        state = _AFTER.get(step.kind, state)
        begun = begun or step.kind is not StepKind.SIGNED


def refused(state: State, kind: StepKind, begun: bool = True) -> str | None:
    """Why `kind` cannot follow a record in `state` (None: it can)."""
    if state is State.ENDED:
        return f"{kind} after the record has ended: nothing follows its end"
    if kind is StepKind.SIGNED and begun:
        return "a side's signature comes before every other step"
    if kind is StepKind.IN_FORCE and state is not State.SIGNED:
        return "in-force, but it was already in force"
    if kind is StepKind.SUSPENDED and state is not State.ACTIVE:
        return f"suspended, but it was not in force (it was {_words(state)})"
    if kind is StepKind.RESUMED and state is not State.SUSPENDED:
        return f"resumed, but it was not suspended (it was {_words(state)})"
    return None


def _words(state: State) -> str:
    return {State.SIGNED: "signed, not yet in force", State.ACTIVE: "in force",
            State.SUSPENDED: "suspended", State.ENDED: "ended"}[state]


# -- the fields this replaced ---------------------------------------------------------------

RETIRED = {"ended": "the date of the step that ends it",
           "until": "the date of the step that ends it",
           "status": "the state its steps leave it in", "end_reason": "the kind of that step"}
"""Fields agreements and memberships had before their lifecycle, and what holds each now:
`citynet fmt` moves them into `lifecycle` (`migrate`)."""

_REASONS = {"expired": StepKind.EXPIRED, "suspended": StepKind.SUSPENDED,
            "terminated": StepKind.TERMINATED, "merged": StepKind.MERGED,
            "dissolved": StepKind.DISSOLVED, "unknown": StepKind.ENDED}


class Unmigratable(ValueError):
    """Retired fields that say contradictory things: a person must choose."""


def migrated_step(data: Mapping[str, Any], end_field: str) -> dict[str, Any] | None:
    """The step that `end_field` (`ended`, `until`), `status` and `end_reason` said, as
    `lifecycle` says it; None if they said nothing but "active".

    Each keeps its meaning: an end date with a reason is that step on that date
    (`end_reason: suspended` a suspension, which is not in force from then on, as before);
    an end date alone, `status: ended` or `end_reason: unknown` an `ended` step;
    `status: suspended` a suspension; a status with no date a step with no date. Raises
    Unmigratable where they contradict each other (`status: active` with an end).
    """
    end, status_, reason = (data.get(end_field), data.get("status"), data.get("end_reason"))
    if reason is not None and reason not in _REASONS:
        raise Unmigratable(f"end_reason {reason!r} is not one citynet knew")
    kind = _REASONS[reason] if reason is not None else None
    if status_ == "active":
        if end is not None or reason is not None:
            raise Unmigratable(f"status: active, but the record also says it ended "
                               f"({end_field}: {end}, end_reason: {reason})")
        return None
    if status_ == "suspended":
        if kind not in (None, StepKind.SUSPENDED):
            raise Unmigratable(f"status: suspended, but end_reason: {reason}")
        kind = StepKind.SUSPENDED
    elif status_ not in (None, "ended"):
        raise Unmigratable(f"status {status_!r} is not one citynet knew")
    if kind is None and (end is not None or status_ == "ended"):
        kind = StepKind.ENDED
    if kind is None:
        return None
    step: dict[str, Any] = {"step": kind.value}
    if end is not None:
        step["date"] = end
    return step
