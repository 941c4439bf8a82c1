"""Plain data -> models, with pydantic's errors turned into readable Problems.

Pydantic says *what* is wrong and *where* (a `loc`); this module says it in an
editor's words ("unknown key 'contry' (did you mean 'country'?)") and keeps
the `loc` so the position can be found in the file.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from citynet import limits
from citynet.model import codes
from citynet.model.records import LANG_PATTERN, SLUG_PATTERN, Record
from citynet.model.kinds import Kind
from citynet.model.problems import Problem, capped

_PATTERN_WORDS = {
    SLUG_PATTERN: "a lowercase slug such as 'ho-chi-minh-city' (a-z, 0-9 and single dashes)",
    LANG_PATTERN: "a language code such as 'en', 'fr' or 'zh-Hant'",
    r"^[A-Z]{2}$": "a two-letter ISO 3166-1 country code in capitals, such as 'KR'",
    r"^[A-Z]{2}-[A-Z0-9]{1,3}$": "an ISO 3166-2 subdivision code such as 'KR-11'",
    r"^https?://\S+$": "an http:// or https:// address",
    r"\S": "text that is not blank",
}


def build(kind: Kind, path: str, data: dict[str, Any]) -> tuple[Record | None, list[Problem]]:
    """The record's model, or None and the schema problems that prevent it."""
    try:
        return kind.model.model_validate(data), []
    except ValidationError as exc:
        return None, _problems(kind, path, exc)


def verdict(kind: Kind, path: str, data: dict[str, Any],
            model: type[Record] | None = None) -> list[Problem]:
    """The schema problems of `data` as a record of `kind` ([] when valid), as `build` gives
    them, the model not kept; `model` is the kind's, when the caller has it at hand (a worker
    judging thousands of files need not look it up each time)."""
    try:
        (model or kind.model).__pydantic_validator__.validate_python(data)
        return []
    except ValidationError as exc:
        return _problems(kind, path, exc)


def _problems(kind: Kind, path: str, exc: ValidationError) -> list[Problem]:
    """Pydantic's errors in the editor's words, at most limits.PROBLEMS_PER_FILE of them
    worded (a did-you-mean costs a search each)."""
    errors = exc.errors(include_url=False)
    worded = [_problem(kind, path, error) for error in errors[:limits.PROBLEMS_PER_FILE + 1]]
    return capped(worded, path, count=len(errors))


def _problem(kind: Kind, path: str, error: Any) -> Problem:
    loc = tuple(error["loc"])
    kind_of_error = error["type"]
    where = _dotted(loc)
    if kind_of_error == "extra_forbidden":
        allowed = _allowed_keys(kind.model, loc[:-1])
        message = f"unknown key {loc[-1]!r}"
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        elif allowed:
            message += f" (allowed: {', '.join(allowed)})"
        return Problem(codes.SCHEMA, message, path, loc=loc, key=True)
    if kind_of_error == "missing":
        parent = f" in {_dotted(loc[:-1])}" if len(loc) > 1 else ""
        return Problem(
            codes.SCHEMA, f"missing required key {loc[-1]!r}{parent}", path, loc=loc[:-1]
        )
    message = error["msg"]
    if kind_of_error == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        message = f"must be {_PATTERN_WORDS.get(pattern, 'text matching ' + pattern)}"
    elif kind_of_error == "value_error":
        message = message.removeprefix("Value error, ")
    if "input" in error and not isinstance(error["input"], dict | list):
        message += f", not {error['input']!r}"
    return Problem(codes.SCHEMA, f"{where}: {message}" if where else message, path, loc=loc)


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a mapping at `loc` inside `model` may hold ([] if not a model)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        field = current.model_fields.get(str(part))
        if field is None:
            return []
        current = _inner_model(field.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The model inside Optional[...], list[...] or Annotated[...], if any."""
    origin = typing.get_origin(annotation)
    if origin is None:
        return annotation
    for arg in typing.get_args(annotation):
        if arg is type(None):
            continue
        found = _inner_model(arg)
        if isinstance(found, type) and issubclass(found, BaseModel):
            return found
    if origin in (typing.Union, types.UnionType):
        return None
    return None
