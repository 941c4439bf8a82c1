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


def date_paths(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """Every path at which a record of `model` holds a date (`signed`, `lifecycle.*.date`,
    `sources.*.as_of`), `*` standing for each item of a list."""
    from citynet.model.dates import PartialDate

    found: list[tuple[str, ...]] = []

    def walk(current: type[BaseModel], prefix: tuple[str, ...], depth: int) -> None:
        for name, field in current.model_fields.items():
            annotation = field.annotation
            if _holds(annotation, PartialDate):
                found.append((*prefix, name))
                continue
            inner = _step(annotation)
            if isinstance(inner, type) and depth < 8:
                many = _is_list(annotation)
                walk(inner, (*prefix, name, *(("*",) if many else ())), depth + 1)

    walk(model, (), 0)
    return found


def _holds(annotation: Any, wanted: type) -> bool:
    """Whether `annotation` is `wanted` itself, or an optional or annotated `wanted`."""
    if annotation is wanted:
        return True
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _holds(typing.get_args(annotation)[0], wanted)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return any(_holds(a, wanted) for a in typing.get_args(annotation))
    return False


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _is_list(typing.get_args(annotation)[0])
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation))
    return origin is list


def dates_as_text(record: Any, paths: list[tuple[str, ...]]) -> Any:
    """`record` with every date at `paths` written as text: a bare year `1968` as "1968", as
    "2017-03" is, so a typed reader sees one type (the record itself is left as it is)."""

    def at(value: Any, path: tuple[str, ...]) -> Any:
        if not path:
            return str(value) if isinstance(value, int) and not isinstance(value, bool) \
                else value
        head, rest = path[0], path[1:]
        if head == "*":
            return [at(item, rest) for item in value] if isinstance(value, list) else value
        if isinstance(value, dict) and head in value:
            return {**value, head: at(value[head], rest)}
        return value

    for path in paths:
        record = at(record, path)
    return record
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
