"""Plain data -> models, with pydantic's errors turned into readable Problems.

Pydantic says *what* is wrong and *where* (a `loc`); this module says it in an
editor's words ("unknown key 'contry' (did you mean 'country'?)") and keeps
the `loc` so the position can be found in the file.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from citynet import limits
from citynet.model import codes
from citynet.model.kinds import Kind
from citynet.model.lifecycle import RETIRED
from citynet.model.problems import Problem, capped
from citynet.model.records import LANG_PATTERN, SLUG_PATTERN, Record

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
    worded (a did-you-mean costs a search each). A value that fails each member of a union
    (`lat: float | int`) is one problem, not one a member."""
    seen: set[tuple[Any, ...]] = set()
    distinct = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if len(loc) > 1 and loc[-1] in _UNION_TAGS:
            loc = loc[:-1]
            error = {**error, "loc": loc}
        if loc not in seen:
            seen.add(loc)
            distinct.append(error)
    worded = [_problem(kind, path, error) for error in distinct[:limits.PROBLEMS_PER_FILE + 1]]
    return capped(worded, path, count=len(distinct))


_UNION_TAGS = frozenset({"float", "int", "str", "bool", "list", "dict"})
"""The last part pydantic adds to a loc for each member of a union it tried."""


def _problem(kind: Kind, path: str, error: Any) -> Problem:
    loc = tuple(error["loc"])
    kind_of_error = error["type"]
    where = _dotted(loc)
    if kind_of_error == "extra_forbidden":
        allowed = _allowed_keys(kind.model, loc[:-1])
        message = f"unknown key {loc[-1]!r}"
        if len(loc) == 1 and loc[0] in RETIRED and getattr(kind.model, "lifecycle_field", None):
            return Problem(codes.SCHEMA, f"{message}: {RETIRED[loc[0]]} is in `lifecycle` now; "
                           "`citynet fmt` moves it there", path, loc=loc, key=True)
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
    message = _words(kind_of_error, error, loc)
    if "input" in error and not isinstance(error["input"], dict | list):
        message += f", not {error['input']!r}"
    hint = _hint(kind_of_error, error, loc)
    if hint:
        message += f" ({hint})"
    return Problem(codes.SCHEMA, f"{where}: {message}" if where else message, path, loc=loc)


_WORDS = {
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "string_type": "must be text",
    "list_type": "must be a list, one `- item` a line or [a, b]",
    "dict_type": "must be a mapping of keys to values",
    "model_type": "must be a mapping of keys to values",
    "model_attributes_type": "must be a mapping of keys to values",
}
"""Pydantic's error types in an editor's words: never a Python class or type name."""


def _words(kind_of_error: str, error: Any, loc: tuple[Any, ...]) -> str:
    """What the value must be, in the editor's words."""
    ctx = error.get("ctx") or {}
    if kind_of_error in _WORDS:
        if loc and loc[-1] == "location" and kind_of_error in ("model_type", "dict_type"):
            return "must be a latitude and a longitude: {lat: 37.57, lon: 126.98}"
        return _WORDS[kind_of_error]
    if kind_of_error == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        return f"must be {_PATTERN_WORDS.get(pattern, 'text matching ' + pattern)}"
    if kind_of_error in ("enum", "literal_error"):
        return f"must be one of {ctx.get('expected', '')}"
    if kind_of_error in ("less_than_equal", "less_than"):
        return f"must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind_of_error in ("greater_than_equal", "greater_than"):
        return f"must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind_of_error == "too_short":
        return f"must hold at least {ctx.get('min_length')} item(s)"
    if kind_of_error == "too_long":
        return f"must hold at most {ctx.get('max_length')} item(s)"
    message = str(error["msg"])
    return message.removeprefix("Value error, ") if kind_of_error == "value_error" else message


_TRUE, _FALSE = {"yes", "y", "on", "true", "1"}, {"no", "n", "off", "false", "0"}


def _hint(kind_of_error: str, error: Any, loc: tuple[Any, ...]) -> str:
    """The form to write, or the nearest allowed value, when the input makes it clear."""
    value = error.get("input")
    if kind_of_error in ("bool_type", "bool_parsing") and isinstance(value, str | int):
        word = str(value).strip().lower()
        if word in _TRUE | _FALSE:
            return f"write {'true' if word in _TRUE else 'false'}, without quotes"
    if kind_of_error in ("int_type", "float_type", "int_parsing", "float_parsing") \
            and isinstance(value, str) and _number(value) is not None:
        return f"write {value.strip()} without quotes"
    if kind_of_error == "string_type" and isinstance(value, int | float) \
            and not isinstance(value, bool):
        return f"write it in quotes: '{value}'"
    if kind_of_error == "list_type" and isinstance(value, str):
        items = [part.strip() for part in value.split(",") if part.strip()]
        return f"write [{', '.join(items)}]" if items else ""
    if loc and loc[-1] == "location" and isinstance(value, str | list):
        parts = [str(part).strip() for part in (value.split(",") if isinstance(value, str)
                                                 else value)]
        if len(parts) == 2 and None not in map(_number, parts):
            return f"write {{lat: {parts[0]}, lon: {parts[1]}}}"
    if kind_of_error in ("enum", "literal_error") and isinstance(value, str):
        allowed = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
        close = difflib.get_close_matches(value.lower(), allowed, n=1, cutoff=0.6)
        return f"did you mean {close[0]!r}?" if close else ""
    if kind_of_error == "string_pattern_mismatch" and isinstance(value, str) \
            and (error.get("ctx") or {}).get("pattern") == r"^[A-Z]{2}$":
        code = _country_code(value)
        return f"did you mean {code!r}?" if code else ""
    return ""


def _number(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def _country_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code `text` stands for (an alpha-3 or numeric code, a name, the
    code in other case), if pycountry knows it."""
    import pycountry

    try:
        found = pycountry.countries.lookup(text.strip())
    except LookupError:
        return None
    return str(found.alpha_2)


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
