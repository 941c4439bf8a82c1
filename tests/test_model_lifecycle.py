"""What a lifecycle's steps mean, held by properties over generated histories."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from citynet.model import lifecycle
from citynet.model.dates import PartialDate, in_force
from citynet.model.terms import State, StepKind


@st.composite
def partial_dates(draw, low: int = 1950, high: int = 2030) -> PartialDate:
    year = draw(st.integers(low, high))
    precision = draw(st.sampled_from(["year", "month", "day"]))
    if precision == "year":
        return PartialDate(year)
    month = draw(st.integers(1, 12))
    if precision == "month":
        return PartialDate(year, month)
    day = draw(st.integers(1, 28))
    return PartialDate(year, month, day)


ENDINGS = sorted(lifecycle.ENDINGS)


@given(partial_dates(), partial_dates(), partial_dates(), st.sampled_from(ENDINGS))
def test_an_end_step_means_what_an_end_date_meant(start, end, on, kind):
    """`fmt` moves `ended: D` into an end step: every --as-of answer stays what it was."""
    steps = [lifecycle.Step(kind, end)]
    assert lifecycle.in_force(start, steps, on) == in_force(start, end, on)
    assert lifecycle.in_force(None, steps, on) == in_force(None, end, on)


@given(partial_dates(), partial_dates())
def test_without_steps_a_record_is_in_force_from_its_start(start, on):
    assert lifecycle.in_force(start, [], on) == in_force(start, None, on)
    assert lifecycle.state_now([]) is State.ACTIVE


@st.composite
def histories(draw) -> tuple[PartialDate, list[lifecycle.Step]]:
    """A start and steps that follow from each other, dated in order (day precision)."""
    day = draw(st.dates(dt.date(1950, 1, 1), dt.date(2000, 1, 1)))
    start = PartialDate(day.year, day.month, day.day)
    steps, state = [], lifecycle.initial([])
    for _ in range(draw(st.integers(0, 6))):
        allowed = [k for k in (StepKind.SUSPENDED, StepKind.RESUMED, *ENDINGS)
                   if lifecycle.refused(state, k) is None]
        if not allowed:
            break
        kind = draw(st.sampled_from(allowed))
        day += dt.timedelta(days=draw(st.integers(1, 900)))
        steps.append(lifecycle.Step(kind, PartialDate(day.year, day.month, day.day)))
        state = lifecycle.state_after(state, kind)
    return start, steps


def _day(value: dt.date) -> PartialDate:
    return PartialDate(value.year, value.month, value.day)


@given(histories(), st.dates(dt.date(1940, 1, 1), dt.date(2030, 1, 1)))
def test_a_history_in_order_passes_and_reads_like_a_walk_through_its_days(history, on):
    start, steps = history
    assert list(lifecycle.order_problems(start, "signed", steps)) == []
    # On a day with no step, the record is in the one state the steps before it left.
    if any(step.date == _day(on) for step in steps) or _day(on) == start:
        return
    walked = lifecycle.initial(steps)
    for step in steps:
        if step.date.first_day() < on:
            walked = lifecycle.state_after(walked, step.kind)
    expected = set() if on < start.first_day() else {walked}
    assert lifecycle.possible_states(start, steps, _day(on)) == expected
    assert lifecycle.in_force(start, steps, _day(on)) == (expected == {State.ACTIVE})


@given(histories(), st.integers(1, 5))
def test_a_step_dated_before_the_last_one_is_refused(history, back):
    start, steps = history
    if not steps:
        return
    last = steps[-1].date.first_day()
    early = last - dt.timedelta(days=back)
    state = lifecycle.state_now(steps)
    kinds = [k for k in (StepKind.SUSPENDED, StepKind.RESUMED, StepKind.ENDED)
             if lifecycle.refused(state, k) is None]
    for kind in kinds:
        problems = list(lifecycle.order_problems(start, "signed",
                                                 [*steps, lifecycle.Step(kind, _day(early))]))
        assert [(index, part) for index, part, _ in problems] == [(len(steps), "date")]


def test_each_refusal_says_why():
    assert lifecycle.refused(State.ACTIVE, StepKind.RESUMED) == \
        "resumed, but it was not suspended (it was in force)"
    assert lifecycle.refused(State.SUSPENDED, StepKind.SUSPENDED) == \
        "suspended, but it was not in force (it was suspended)"
    assert lifecycle.refused(State.ENDED, StepKind.RESUMED).startswith("resumed after")
    assert lifecycle.refused(State.ACTIVE, StepKind.IN_FORCE) == \
        "in-force, but it was already in force"
    assert lifecycle.refused(State.SIGNED, StepKind.IN_FORCE) is None
    assert lifecycle.refused(State.ACTIVE, StepKind.SIGNED, begun=False) is None


def test_signed_until_it_enters_into_force():
    steps = [lifecycle.Step(StepKind.SIGNED, PartialDate(1960)),
             lifecycle.Step(StepKind.IN_FORCE, PartialDate(1961, 9, 28))]
    start = PartialDate(1960, 6, 29)
    assert lifecycle.possible_states(start, steps, PartialDate(1961, 1)) == {State.SIGNED}
    assert not lifecycle.in_force(start, steps, PartialDate(1961, 1))
    assert lifecycle.in_force(start, steps, PartialDate(1962))
    assert list(lifecycle.order_problems(start, "signed", steps)) == []
    late = [*steps, lifecycle.Step(StepKind.SIGNED, PartialDate(1963))]
    assert [i for i, _, _ in lifecycle.order_problems(start, "signed", late)] == [2]
