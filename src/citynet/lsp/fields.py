"""What a place in a record may hold, read from the kind's declaration and its model.

Keys come from the pydantic model's fields, closed values from its enums,
literals and booleans, reference targets from the kind's `refs`: nothing
here names a kind or a field.
"""

from __future__ import annotations

import types
import typing
from enum import Enum
from typing import Any

from pydantic import BaseModel

from citynet.model.kinds import Kind
from citynet.model.problems import Loc


def dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def target(kind: Kind, loc: Loc) -> str | None:
    """The folder of the kind the value at `loc` refers to, if it is a reference."""
    return kind.target(dotted(loc)) if loc else None


def _options(annotation: Any) -> list[Any]:
    """The types an annotation allows: Optional, unions and Annotated unwrapped."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _options(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [o for arg in typing.get_args(annotation) for o in _options(arg)]
    return [annotation]


def annotation_at(kind: Kind, loc: Loc) -> list[Any]:
    """The types the value at `loc` may take ([] if the model has no such place)."""
    current: list[Any] = [kind.model]
    for part in loc:
        found: list[Any] = []
        for option in current:
            if isinstance(part, int):
                if typing.get_origin(option) in (list, tuple):
                    found += [o for arg in typing.get_args(option) if arg is not Ellipsis
                              for o in _options(arg)]
            elif isinstance(option, type) and issubclass(option, BaseModel):
                field = option.model_fields.get(part)
                if field is not None:
                    found += _options(field.annotation)
            elif typing.get_origin(option) is dict:
                found += _options(typing.get_args(option)[1])
        current = found
    return current


def keys(kind: Kind, loc: Loc) -> list[str]:
    """The keys the mapping at `loc` may hold, in the model's order."""
    if not loc:
        return kind.field_names
    return [name for option in annotation_at(kind, loc)
            if isinstance(option, type) and issubclass(option, BaseModel)
            for name in option.model_fields]


def closed_values(kind: Kind, loc: Loc) -> list[str]:
    """The values a closed field at `loc` takes (enums, literals, booleans); [] if open."""
    values: list[str] = []
    for option in annotation_at(kind, loc):
        if isinstance(option, type) and issubclass(option, Enum):
            values += [str(member.value) for member in option]
        elif typing.get_origin(option) is typing.Literal:
            values += [str(arg) for arg in typing.get_args(option)]
        elif option is bool:
            values += ["true", "false"]
    return values


def has_values(kind: Kind, loc: Loc) -> bool:
    """Whether the place at `loc` takes ids or closed values to complete."""
    return target(kind, loc) is not None or bool(closed_values(kind, loc))


def required(kind: Kind, loc: Loc) -> list[str]:
    """The keys the mapping at `loc` must hold."""
    if not loc:
        return [n for n, f in kind.model.model_fields.items() if f.is_required()]
    return [name for option in annotation_at(kind, loc)
            if isinstance(option, type) and issubclass(option, BaseModel)
            for name, field in option.model_fields.items() if field.is_required()]
