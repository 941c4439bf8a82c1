"""Atom feeds of the registry's changes (RFC 4287): one for the whole registry and one per
city and per organisation, in every language published, read from git history.

An entry is a commit that changed records, and says what changed in the reader's words:
"Paris: Name (French) added" (each record by its name, each field by its label), with a
link to the record's page, never a file path or a maintainer's note. A city's feed holds
the changes to the city and to the agreements and memberships that name it; an
organisation's, to it and to its memberships and committees. The log is read with git's
own commands (no hooks run); a registry outside git has feeds with no entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from citynet.model.declare import stored_refs
from citynet.model.kinds import AGREEMENTS, CITIES, KINDS, MEMBERSHIPS, ORGANISATIONS
from citynet.publish.i18n import colon, fill, messages
from citynet.publish.site.words import PAGE_KINDS, in_language, language_name

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
"""Entries a feed keeps, the newest."""
WINDOW = 500
"""Commits read from history: older changes are in no feed."""
ENTRY_RECORDS = 50
"""Records an entry names one by one; a commit that changed more (an import) says how many
more, so one entry never holds the whole registry."""
FEED_FOLDERS = (CITIES.folder, ORGANISATIONS.folder)
_HIDDEN_FIELDS = ("id", "notes")
"""Fields a feed never mentions: an id is no change a reader sees; notes are not public."""


@dataclass
class RecordChange:
    folder: str
    id: str
    status: str
    """added, removed or changed."""
    fields: list[tuple[str, str, str | None]] = field(default_factory=list)
    """(top-level field, added/changed/removed, language of a text's part or None)."""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Step:
    sha: str
    date: str
    records: list[RecordChange]


def _fields(old: Any, new: Any) -> list[tuple[str, str, str | None]]:
    """The public fields that changed, once each: `names.fr` keeps its language."""
    from citynet.query.diff import field_changes

    found: dict[tuple[str, str | None], str] = {}
    for change in field_changes(old, new):
        parts = change.field.split(".")
        if parts[0] in _HIDDEN_FIELDS or parts[-1] == "note":
            continue
        text_lang = parts[1] if parts[0] in ("names", "description") and len(parts) > 1 else None
        key = (parts[0], text_lang)
        found[key] = change.change if key not in found else "changed"
    return [(name, how, text_lang) for (name, text_lang), how in found.items()]


def history(root: Path, window: int = WINDOW) -> list[Step]:
    """The last `window` commits that touched data/, newest first, each with the records it
    changed and how."""
    from citynet.errors import BadOption
    from citynet.query.diff import parse_plain, record_key
    from citynet.store import git
    from citynet.store.commits import describe
    from citynet.store.commits import log as git_log

    try:
        prefix = git.prefix(root)
        commits = git_log(root, "HEAD", f"--max-count={window}", "--no-renames",
                          paths=(f"{prefix}data/",))
        describe(root, commits)
    except (BadOption, OSError):  # outside git, no git, no commit yet
        return []
    wanted = sorted({blob for c in commits for ch in c.changes
                     for blob in (ch.old_blob, ch.new_blob) if blob.strip("0")})
    blobs = dict(zip(wanted, git.read_blobs(root, wanted, budget=git.Budget()), strict=True))
    steps = []
    for commit in commits:
        records = []
        for change in commit.changes:
            key = record_key(change.paths[-1][len(prefix):])
            if key is None:
                continue
            old, new = parse_plain(blobs.get(change.old_blob)), parse_plain(blobs.get(
                change.new_blob))
            if old is None and new is None:
                continue
            status = "added" if old is None else "removed" if new is None else "changed"
            fields = _fields(old, new) if status == "changed" else []
            if status == "changed" and not fields:
                continue  # only notes, or only formatting: nothing a reader would see
            records.append(RecordChange(key[0], key[1], status, fields, new or old))
        if records:
            steps.append(Step(commit.sha, commit.author_date or commit.committer_date, records))
    return steps


def concerns(change: RecordChange) -> set[tuple[str, str]]:
    """The feeds a change belongs in besides the global one: (folder, id) of the record
    itself, and of every city or organisation it names (the kinds' declared references)."""
    found = {(change.folder, change.id)} if change.folder in FEED_FOLDERS else set()
    for path, target in KINDS[change.folder].refs:
        if target not in FEED_FOLDERS:
            continue
        try:
            found |= {(target, ref) for _, ref in stored_refs(change.data, path)}
        except (TypeError, AttributeError):  # malformed data in an old commit
            continue
    return found


def _record_name(change: RecordChange, registry: Any, lang: str) -> tuple[str, str | None]:
    """A record's name for a reader: its names, or for an agreement or a membership, the
    names of what it ties together."""
    data = change.data
    if change.folder in (AGREEMENTS.folder, MEMBERSHIPS.folder):
        ends = [ref for path, target in KINDS[change.folder].refs if target in FEED_FOLDERS
                and not path.startswith("confirmed_by")
                for _, ref in _safe_refs(data, path)]
        names = []
        for ref in ends:
            entry = registry.get(CITIES.folder, ref) or registry.get(ORGANISATIONS.folder, ref)
            names.append(in_language(entry.raw.get("names") if entry else None, lang, ref)[0])
        if names:
            return " – ".join(names), None
    entry = registry.get(change.folder, change.id)
    return in_language((entry.raw if entry else data).get("names"), lang, change.id)


def _safe_refs(data: dict[str, Any], path: str) -> list[tuple[Any, str]]:
    try:
        return list(stored_refs(data, path))
    except (TypeError, AttributeError):
        return []


def summary(change: RecordChange, texts: dict[str, str], lang: str) -> str:
    """What changed in a record, in the reader's words: "Name (French) added; Location
    changed", or that it was added to or removed from the registry."""
    if change.status != "changed":
        return texts[f"feed_record_{change.status}"]
    said = []
    for name, how, text_lang in change.fields:
        label = (texts["site_name"] if name == "names" else texts.get(f"field_{name}")
                 or (texts["feed_field_sources"] if name == "sources"
                     else texts["feed_field_other"]))
        if text_lang:
            label = f"{label} ({language_name(text_lang, lang)})"
        said.append(fill(texts[f"feed_{how}"], {"field": label}, lang))
    return "; ".join(dict.fromkeys(said))


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: xml_text(v) for k, v in attrs.items()})
    element.text = None if text is None else xml_text(text)
    return element


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced by U+FFFD, so the feed stays
    well-formed whatever a record holds."""
    return _NOT_XML.sub("\ufffd", text)


Entries = list[tuple[Step, list[RecordChange]]]
"""A feed's entries: each commit, with the records it changed that the feed is about."""


def by_feed(steps: list[Step]) -> dict[tuple[str, str], Entries]:
    """Each city's and organisation's entries, newest first, at most LIMIT each."""
    found: dict[tuple[str, str], Entries] = {}
    for step in steps:
        mine: dict[tuple[str, str], list[RecordChange]] = {}
        for record in step.records:
            for key in concerns(record):
                mine.setdefault(key, []).append(record)
        for key, records in mine.items():
            entries = found.setdefault(key, [])
            if len(entries) < LIMIT:
                entries.append((step, records))
    return found


def atom(entries: Entries, *, registry: Any, lang: str, title: str, feed_id: str,
         self_href: str, home_href: str, page_href: Any, updated: str | None = None) -> str:
    """One feed. `page_href(folder, id)` is the link to a record's page from this feed;
    `updated` is the feed's date when it has no entry (the registry's last change)."""
    texts = messages(lang)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
    _add(feed, "title", title)
    _add(feed, "id", feed_id)
    kept = entries[:LIMIT]
    newest = kept[0][0].date if kept else (updated or datetime.fromtimestamp(0, UTC).isoformat())
    _add(feed, "updated", newest)
    _add(feed, "link", href=self_href, rel="self", type="application/atom+xml")
    _add(feed, "link", href=home_href, rel="alternate", type="text/html")
    _add(_add(feed, "author"), "name", texts["site_title"])
    for step, records in kept:
        entry = _add(feed, "entry")
        lines, first_link = [], None
        for record in records[:ENTRY_RECORDS]:
            name, name_lang = _record_name(record, registry, lang)
            href = page_href(record.folder, record.id) if record.folder in PAGE_KINDS else None
            first_link = first_link or href
            shown = f'<span lang="{name_lang}">{escape(name)}</span>' if name_lang else escape(name)
            if href and registry.get(record.folder, record.id) is not None:
                shown = f'<a href="{escape(href)}">{shown}</a>'
            lines.append((name, shown, summary(record, texts, lang)))
        heading = lines[0][0] + (f" {fill(texts['feed_more'], {'count': len(records) - 1}, lang)}"
                                 if len(records) > 1 else "")
        _add(entry, "title", f"{heading}{colon(lang)} {lines[0][2]}" if len(lines) == 1
             else heading)
        _add(entry, "id", f"{feed_id}#{step.sha}")
        _add(entry, "updated", step.date)
        _add(entry, "link", href=first_link or home_href, rel="alternate", type="text/html")
        _add(entry, "summary", "; ".join(f"{n}{colon(lang)} {s}" for n, _, s in lines))
        rest = len(records) - len(lines)
        more = f"<li>{escape(fill(texts['feed_more'], {'count': rest}, lang))}</li>" if rest else ""
        _add(entry, "content", "<ul>" + "".join(
            f"<li>{shown}{colon(lang)} {escape(said)}</li>" for _, shown, said in lines)
            + more + "</ul>", type="html")
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
