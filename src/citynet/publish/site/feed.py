"""`feed.atom`: the registry's recent changes, from git history when the registry is in git.

The log is read with git's own command (no hooks run for `git log`); a
registry outside git, or a machine without git, gets a feed with no entries.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50


def changes(root: Path, limit: int = LIMIT) -> list[dict[str, Any]]:
    """The last `limit` commits that touched data/: hash, date, subject, files."""
    from citynet.errors import BadOption
    from citynet.store import git

    try:
        commits = git.log(root, "HEAD", f"--max-count={limit}", "--no-renames",
                          paths=(f"{git.prefix(root)}data/",))
        git.describe(root, commits)
    except (BadOption, OSError):  # outside git, no git, no commit yet
        return []
    return [{"commit": c.sha, "date": c.author_date, "subject": c.subject,
             "files": [change.paths[-1] for change in c.changes]} for c in commits]


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """`text` with every character XML 1.0 forbids (a commit subject may hold any) replaced
    by U+FFFD, so the feed stays well-formed."""
    return _NOT_XML.sub("\ufffd", text)


def atom(entries: list[dict[str, Any]], base_url: str, title: str) -> str:
    """The Atom document; `base_url` makes its links absolute (relative when empty)."""
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}",
                                {k: xml_text(v) for k, v in attrs.items()})
        element.text = None if text is None else xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed")
    add(feed, "title", title)
    add(feed, "id", f"{base_url}feed.atom" if base_url else "urn:citynet:feed")
    add(feed, "updated", entries[0]["date"] if entries else
        datetime.fromtimestamp(0, UTC).isoformat())
    add(feed, "link", href=f"{base_url}feed.atom", rel="self")
    add(feed, "link", href=base_url or "./")
    for change in entries:
        entry = add(feed, "entry")
        add(entry, "title", change["subject"])
        add(entry, "id", f"urn:git:{change['commit']}")
        add(entry, "updated", change["date"])
        author = add(entry, "author")
        add(author, "name", "citynet registry")
        add(entry, "summary", "\n".join(change["files"]))
    return ET.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"
