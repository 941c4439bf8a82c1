"""The models of a lifecycle's steps and of a city's predecessors (`records.py` is long).

What the steps mean (the state each leaves, which may follow which) is
`citynet.model.lifecycle`'s; these are their shapes as a record writes them.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from citynet.model.dates import PartialDate
from citynet.model.terms import Side, StepKind, Succession
from citynet.model.types import Id, Model, Source, Text, empty_list


class Predecessor(Model):
    """A municipality a city succeeded: merged into it, or renamed as it, on a date."""

    city: Id
    date: PartialDate
    how: Succession
    source: Source | None = None


class Step(Model):
    """A dated step of an agreement's or a membership's lifecycle, as its source gives it."""

    step: StepKind
    date: PartialDate | None = None
    """As precise as the source; left out when the source gives none."""
    reason: Text | None = None
    """Why, in the source's words."""
    source: Source | None = None
    """The source that says so (the record's own `sources` vouch for a step without one)."""


class MembershipStep(Step):
    """A step of a membership; `by` names the side that decided it."""

    by: Annotated[list[Side], Field(max_length=2, description=(
        "Who decided it: the member city, the organisation, or both."))] = empty_list()


class AgreementStep(Step):
    """A step of an agreement; `by` names the party (or both) that decided it."""

    by: Annotated[list[Id], Field(max_length=2, description=(
        "Who decided it: one of the parties, or both (their ids)."))] = empty_list()
