"""Editing one record file in place: its comments kept, its canonical form written.

`end`, `enrich geonames` and `merge` change a few keys of a record. Each edit
goes through ruamel's round trip and the canonical writer, and is refused,
never half-done, if the file cannot be read, cannot be written canonically, or
would lose a comment of the original.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from citynet.errors import BadOption
from citynet.model.kinds import Kind


def edit_record(text: str, kind: Kind, where: str, change: Callable[[Any], None]) -> str:
    """`text` after `change` has edited its mapping (a ruamel CommentedMap), in canonical form.

    `where` names the file in messages ("the file", or its path). A byte order
    mark is kept.
    """
    from ruamel.yaml.comments import CommentedMap

    from citynet.yaml.canonical import FormatError, canonical_text, round_trip
    from citynet.yaml.comments import comment_texts

    yaml = round_trip()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    try:
        document = yaml.load(body)
    except Exception as exc:  # noqa: BLE001 - any reading failure is the same refusal
        raise BadOption(f"{where} cannot be read for editing: {' '.join(str(exc).split())}"
                        ) from None
    if not isinstance(document, CommentedMap):
        raise BadOption(f"{where} does not hold a record")
    change(document)
    stream = io.StringIO()
    yaml.dump(document, stream)
    try:
        result = canonical_text(stream.getvalue(), kind)
    except FormatError as exc:
        raise BadOption(f"{where} cannot be edited safely: {exc}") from None
    # canonical_text compares ruamel's dump with its result; the original is what counts.
    lost = comment_texts(body) - comment_texts(result)
    if lost:
        raise BadOption(f"the edit would lose the comment {next(iter(lost))!r}; "
                        f"edit {where} by hand")
    return bom + result
