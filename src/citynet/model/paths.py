"""Field paths into a model (`location`, `location.lat`, `names.fr`), checked by annotation.

A source's `fields` name what it vouches for. A path is a top-level field,
optionally dotted into a nested model (`rules.max_members_per_country`), into
the items of a list of models (`offices.city`) or into a map's keys
(`names.fr`). `path_problem` says what is wrong with a path, in words, so the
check that reports it and the tests share one answer.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel

_ANY_KEY = object()
"""Stands for a map: any key may follow."""


def _step(annotation: Any) -> Any:
    """What a path may step into below a field: a model class, `_ANY_KEY`, or None."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _step(typing.get_args(annotation)[0])
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        found = [s for a in typing.get_args(annotation) if (s := _step(a)) is not None]
        return found[0] if found else None
    if origin is list:
        return _step(typing.get_args(annotation)[0])
    if origin is dict:
        return _ANY_KEY
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def path_problem(model: type[BaseModel], path: str) -> str | None:
    """Why `path` names no field of `model` (with the nearest name), or None if it does."""
    current: Any = model
    walked: list[str] = []
    for part in path.split("."):
        where = ".".join(walked) or "the record"
        if current is _ANY_KEY:
            current = None
        elif current is None:
            return f"{where} has no parts: `{path}` goes too deep"
        else:
            fields = current.model_fields
            if part not in fields:
                close = difflib.get_close_matches(part, list(fields), n=1, cutoff=0.6)
                hint = f" (did you mean `{close[0]}`?)" if close else ""
                return f"{where} has no field `{part}`{hint}"
            current = _step(fields[part].annotation)
        walked.append(part)
    return None


def parts_after(model: type[BaseModel], path: str) -> list[str] | None:
    """The names that may follow `path` (a model's fields), [] if none may (a value), None
    if any key may (a map); a path that names no field has none."""
    current: Any = model
    for part in path.split(".") if path else ():
        if current is _ANY_KEY:
            current = None
        elif current is None or part not in current.model_fields:
            return []
        else:
            current = _step(current.model_fields[part].annotation)
    if current is _ANY_KEY:
        return None
    return [] if current is None else list(current.model_fields)
