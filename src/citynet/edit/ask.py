"""`new` on a terminal: ask for each field, and check each answer as it is given.

The questions come from the kind's declaration (its `new` fields); a closed
field shows its choices; an empty answer skips an optional field. An answer
is checked by the record's schema (validate's own messages) and, for an id
it refers to, against the registry; the whole record is checked once more
by the validate engine before it is written. This module reads and tells
through the functions it is given: it never touches the terminal itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from citynet.edit.new import convert
from citynet.model import build
from citynet.model.kinds import KINDS, Kind, NewField, values_at
from citynet.model.records import ID_RULE, is_id

Read = Callable[[str], str]
"""Shows a prompt and returns the answer typed (EOFError or an abort ends the asking)."""
Tell = Callable[[str], None]
"""Shows why an answer cannot be used."""


def unanswered(kind: Kind, given: Mapping[str, Any]) -> list[NewField]:
    """The kind's fields that no option gave, in their declared order."""
    return [f for f in kind.new if given.get(f.option) in (None, [], (), False, "")]


def prompt_text(kind: Kind, new_field: NewField, again: bool = False) -> str:
    """`level [city, municipality, …] (optional, Enter to skip)`."""
    words = new_field.option.replace("_", " ")
    if again:
        return f"{words}, another (Enter to finish)"
    enum = kind.choices(new_field.path) if "." not in new_field.path else None
    choices = f" [{', '.join(enum)}]" if enum else ""
    hint = f" ({new_field.hint})" if new_field.hint else ""
    optional = "" if new_field.required else " (optional, Enter to skip)"
    return f"{words}{choices}{hint}{optional}"


def check_answer(kind: Kind, new_field: NewField, value: Any,
                 known: Mapping[str, set[str]]) -> str | None:
    """Why this value cannot go in the field (None: it can), in validate's words."""
    head = new_field.path.split(".")[0]
    enum = kind.choices(new_field.path) if "." not in new_field.path else None
    if enum and value not in {choice.value for choice in enum}:
        return f"choose one of: {', '.join(enum)}"
    try:
        typed = convert(new_field, value)
    except ValueError as exc:
        return str(exc)
    data: dict[str, Any] = {}
    target: dict[str, Any] = data
    *parents, last = new_field.path.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[last] = typed
    _, problems = build.build(kind, "answer", data)
    for problem in problems:
        if problem.loc[:1] == (head,):
            return problem.message
    for path, folder in kind.refs:
        if path.split(".")[0] != head:
            continue
        for ref in values_at(data, path):
            if isinstance(ref, str) and ref not in known.get(folder, ()):
                return f"there is no {KINDS[folder].name} {ref!r}"
    return None


def check_id(kind: Kind, record_id: str, known: Mapping[str, set[str]]) -> str | None:
    if not is_id(record_id):
        return f"use {ID_RULE}"
    if record_id in known.get(kind.folder, ()):
        return f"a {kind.name} with the id {record_id!r} already exists"
    return None


def ask_id(kind: Kind, known: Mapping[str, set[str]], read: Read, tell: Tell) -> str:
    """An id, asked until it is a slug no record of the kind has."""
    while True:
        answer = read("id (a lowercase slug such as 'ho-chi-minh-city')").strip()
        reason = check_id(kind, answer, known) if answer else "a value is needed"
        if reason is None:
            return answer
        tell(reason)


def ask_fields(kind: Kind, given: Mapping[str, Any], known: Mapping[str, set[str]],
               read: Read, tell: Tell) -> dict[str, Any]:
    """`given` with every field no option gave asked for, each answer checked as given."""
    answers = dict(given)
    for new_field in unanswered(kind, given):
        value = _ask_field(kind, new_field, known, read, tell)
        if value not in (None, []):
            answers[new_field.option] = value
    return answers


def _ask_field(kind: Kind, new_field: NewField, known: Mapping[str, set[str]],
               read: Read, tell: Tell) -> Any:
    values: list[str] = []
    while True:
        answer = read(prompt_text(kind, new_field, again=bool(values))).strip()
        if not answer:
            if values or not new_field.required:
                return values if new_field.many else None
            tell("a value is needed")
            continue
        candidate: list[str] | str = [*values, answer] if new_field.many else answer
        reason = check_answer(kind, new_field, candidate, known)
        if reason is not None:
            tell(reason)
            continue
        if not isinstance(candidate, list):
            return answer
        values = candidate


SOURCE_PARTS = (("title", "source: the title of the document the facts come from (Enter to "
                 "skip: validate then warns missing-source)"),
                ("url", "source url (optional, Enter to skip)"),
                ("as_of", "source as of: the date it speaks of, 2017 or 2017-03 (optional, "
                 "Enter to skip)"))
"""A source's parts `new` asks for, and the question of each."""


def ask_source(kind: Kind, read: Read, tell: Tell) -> dict[str, str] | None:
    """A source (its title, then url and date if wanted), each part checked by the record's
    schema as it is given; None if the title is skipped."""
    source: dict[str, str] = {}
    for part, question in SOURCE_PARTS:
        while True:
            answer = read(question).strip()
            if not answer:
                break
            _, problems = build.build(kind, "answer", {"sources": [{**source, part: answer}]})
            reason = next((p.message for p in problems if p.loc[:1] == ("sources",)), None)
            if reason is None:
                source[part] = answer
                break
            tell(reason)
        if "title" not in source:
            return None
    return source
