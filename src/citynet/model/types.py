"""The types every record shares: ids, text, local text, sources, and the base models.

`citynet.model.records` and the modules beside it (`timeline.py`, `projects.py`,
`steps.py`) build their models from these; records.py names them too, so
`from citynet.model.records import Id` keeps working.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    WithJsonSchema,
)

from citynet import limits
from citynet.model import lifecycle
from citynet.model.dates import PartialDate, in_force
from citynet.model.terms import State

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
LANG_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
WIKIDATA_PATTERN = r"^Q[1-9][0-9]{0,17}$"
"""A Wikidata item: Q and its number (a few digits; never so many that int() refuses them)."""

Id = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=limits.ID_CHARS)]
"""A record id: a lowercase slug, equal to the file's stem."""

_SLUG = re.compile(SLUG_PATTERN)


ID_RULE = f"a lowercase slug of at most {limits.ID_CHARS} characters such as 'ho-chi-minh-city'"
"""What an id is, in the words every message about one uses."""


def is_id(text: str) -> bool:
    """Whether `text` can be a record's id (as `Id` holds it): a lowercase slug of at most
    limits.ID_CHARS characters. The one answer for a file's name, a new id and a reference."""
    return len(text) <= limits.ID_CHARS and _SLUG.match(text) is not None

Text = Annotated[str, StringConstraints(min_length=1, pattern=r"\S")]
"""Free text that is not empty or only white space."""

CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2; whether the code exists is the `unknown-country` check."""

SubdivisionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]

FieldPath = Annotated[str, StringConstraints(pattern=r"^[a-z_][a-z0-9_]*(\.[A-Za-z0-9_-]+)*$")]
"""A field of a record, dotted into its parts: `location`, `location.lat`, `names.fr`."""


def require_english(value: dict[str, str]) -> dict[str, str]:
    if "en" not in value:
        raise ValueError("an English name ('en') is required")
    return value


_LOCAL_TEXT_SCHEMA = {
    "type": "object",
    "propertyNames": {"pattern": LANG_PATTERN},
    "additionalProperties": {"type": "string", "minLength": 1, "pattern": r"\S"},
    "required": ["en"],
}

LocalText = Annotated[
    dict[Annotated[str, StringConstraints(pattern=LANG_PATTERN)], Text],
    AfterValidator(require_english),
    WithJsonSchema(_LOCAL_TEXT_SCHEMA),
]
"""Text in several languages: BCP 47 code -> text, English required."""

Names = LocalText

_SOURCE_TEXT_SCHEMA = {k: v for k, v in _LOCAL_TEXT_SCHEMA.items() if k != "required"} | {
    "minProperties": 1}

SourceText = Annotated[
    dict[Annotated[str, StringConstraints(pattern=LANG_PATTERN)], Text],
    Field(min_length=1),
    WithJsonSchema(_SOURCE_TEXT_SCHEMA),
]
"""Text for readers in the languages its source gives it, none required: a source written
only in French gives a French text, and no one translates it into English to fill the map."""


class TimeSpan:
    """A record that holds for a time: its start and end fields, by name.

    Each model names them its own way (`signed`, `since`/`until`, `founded`); filters,
    checks and reports read them through this mixin. A record with a `lifecycle`
    (agreements, memberships) ends with the step that ends it, and is not in force while
    suspended (`citynet.model.lifecycle`).
    """

    start_field: ClassVar[str | None] = None
    end_field: ClassVar[str | None] = None
    lifecycle_field: ClassVar[str | None] = None

    @property
    def start(self) -> PartialDate | None:
        return getattr(self, self.start_field) if self.start_field else None

    @property
    def steps(self) -> list[lifecycle.Step]:
        """Its lifecycle's steps, as `citynet.model.lifecycle` reads them."""
        if not self.lifecycle_field:
            return []
        return [lifecycle.Step(s.step, s.date) for s in getattr(self, self.lifecycle_field)]

    @property
    def end(self) -> PartialDate | None:
        if self.lifecycle_field:
            ending = lifecycle.end_of(self.steps)
            return ending.date if ending else None
        return getattr(self, self.end_field) if self.end_field else None

    @property
    def state(self) -> State:
        """What it is today, after every step of its lifecycle."""
        return lifecycle.state_now(self.steps)

    def in_force(self, on: PartialDate) -> bool:
        """Whether it may have been in force on `on` (unknown dates do not exclude)."""
        if self.lifecycle_field:
            return lifecycle.in_force(self.start, self.steps, on)
        return in_force(self.start, self.end, on)


class Model(BaseModel):
    """Base of every model: unknown keys are errors, instances are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Source(Model):
    """Where a fact comes from: a seed document by its title, or outside data."""

    title: Text
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    as_of: PartialDate | None = None
    note: Text | None = None
    fields: Annotated[list[FieldPath], Field(min_length=1, description=(
        "The fields this source vouches for (`location`, `location.lat`, `names.fr`); "
        "without it, the source vouches for the whole record."))] | None = None


def _degrees(bound: int) -> Any:
    """A bound in degrees, written for JSON Schema too: pydantic 2.7 leaves the bounds of a union
    (`float | int`) out of the schema, and later releases write them under their own names."""
    return Field(ge=-bound, le=bound, json_schema_extra={"minimum": -bound, "maximum": bound})


class Location(Model):
    lat: Annotated[StrictFloat | StrictInt, _degrees(90)]
    lon: Annotated[StrictFloat | StrictInt, _degrees(180)]


def empty_list() -> Any:
    """A list field's default, `[]`: built by `list()` for each model, where a `= []` default
    is deep-copied by pydantic (1 µs a field a record, in every cold read); JSON Schema still
    says `"default": []`."""
    return Field(default_factory=list, json_schema_extra={"default": []})


class Record(Model):
    """Fields every record has; `id` may be omitted, the file stem is the id."""

    id: Id | None = None
    sources: list[Source] = empty_list()
    notes: Text | None = None


