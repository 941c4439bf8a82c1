"""`feed.atom`: the registry's recent changes, from git history when the registry is in git.

The log is read with git's own command (no hooks run for `git log`); a
registry outside git, or a machine without git, gets a feed with no entries.
"""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50


def changes(root: Path, limit: int = LIMIT) -> list[dict[str, Any]]:
    """The last `limit` commits that touched data/: hash, date, subject, files."""
    command = ["git", "-c", "core.fsmonitor=false", "--no-pager", "-C", str(root), "log",
               f"--max-count={limit}", "--format=%x1e%H%x1f%aI%x1f%s", "--name-only",
               "--no-renames", "--", "data/"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL, env={"GIT_CONFIG_NOSYSTEM": "1",
                                                             "PATH": "/usr/bin:/bin"})
    except (OSError, subprocess.TimeoutExpired):
        return []
    if done.returncode != 0:
        return []
    found = []
    for block in done.stdout.split("\x1e")[1:]:
        head, _, rest = block.partition("\n")
        parts = head.split("\x1f")
        if len(parts) != 3:
            continue
        found.append({"commit": parts[0], "date": parts[1], "subject": parts[2],
                      "files": [line for line in rest.splitlines() if line.strip()]})
    return found


def atom(entries: list[dict[str, Any]], base_url: str, title: str) -> str:
    """The Atom document; `base_url` makes its links absolute (relative when empty)."""
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        element.text = text
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
