"""`citynet succeed NEW --from OLD …`: municipalities merged into another, or renamed as it.

NEW's record gains a `predecessors` entry for each OLD, with the date, how (merged or
renamed) and the source. Each OLD stays a record of its own (its agreements keep naming it,
as their sources do); from that date NEW carries on those still in force
(`citynet.query.successors`). The change is validated in a staging copy of the registry, so
an agreement OLD signed after the date (`after-succession`) refuses it with nothing written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citynet.edit.lifecycle import Change, parse_date, writable, yaml_date
from citynet.edit.record import edit_record
from citynet.errors import BadOption, UnknownRecord, did_you_mean
from citynet.model.kinds import CITIES
from citynet.model.terms import Succession

FIELD = "predecessors"


def succeed(root: Path, new: str, olds: list[str], date: str, source: str, *,
            how: Succession = Succession.MERGED, source_url: str | None = None,
            source_as_of: str | None = None, dry_run: bool = False,
            use_cache: bool = True) -> Change:
    """Record that `olds` merged into (or were renamed as) `new` on `date`."""
    from citynet.edit.rename import FileChange
    from citynet.edit.staging import check_in_copy
    from citynet.store.registry import load

    when = parse_date("--date", date)
    registry, _ = load(root, use_cache)
    known = registry.known[CITIES.folder]
    entry = registry.get(CITIES.folder, new)
    if entry is None:
        raise UnknownRecord(f"no city has the id {new!r}{did_you_mean(new, known)}"
                            if new not in known else f"{new!r} is not a valid record; run "
                            "citynet validate and fix it first")
    olds = list(dict.fromkeys(o.strip() for item in olds for o in item.split(",") if o.strip()))
    if not olds:
        raise BadOption("name at least one city it succeeded: --from OLD")
    held = {p.get(CITIES.name) for p in entry.raw.get(FIELD) or () if isinstance(p, dict)}
    for old in olds:
        if old == new:
            raise BadOption(f"{new} cannot succeed itself")
        if registry.get(CITIES.folder, old) is None:
            raise UnknownRecord(f"--from: no city has the id {old!r}{did_you_mean(old, known)}")
        if old in held:
            raise BadOption(f"{new} already names {old} among its predecessors")
    entries = [{CITIES.name: old, "date": yaml_date(when), "how": how.value,
                "source": {k: v for k, v in (("title", source), ("url", source_url), (
                    "as_of", source_as_of and yaml_date(parse_date("--source-as-of",
                                                                   source_as_of)))) if v}}
               for old in olds]
    path = writable(root, entry.path, dry_run)
    before = path.read_bytes().decode("utf-8")
    after = edit_record(before, CITIES, entry.path, lambda document: _add(document, entries))
    check_in_copy(root, [FileChange(entry.path, before, after, entry.path)], "succession",
                  use_cache)
    if not dry_run:
        from citynet.store.atomic import write_atomic

        write_atomic(path, after)
    return Change(CITIES.name, new, entry.path, how.value, str(when), before, after)


def _add(document: Any, entries: list[dict[str, Any]]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    held = document.get(FIELD)
    if held is None:
        document[FIELD] = held = CommentedSeq()
    for item in entries:
        made = CommentedMap(item)
        made["source"] = CommentedMap(item["source"])
        held.append(made)
