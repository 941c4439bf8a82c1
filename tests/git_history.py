"""A registry with a git history of four commits, for the commands that read the past.

c1 (2020-01-05, Ann)  Seoul, Taipei and Ottawa; Seoul–Taipei sister (1968), Seoul–Ottawa friendship
c2 (2021-06-10, Bo)   Taipei renamed "Taipei City"; a Seoul–Busan agreement, Busan not a record
c3 (2022-03-15, Cy)   Busan added (fixes c2's dangling reference); the sister agreement
                      renamed taipei-seoul-sister and signed 1969
c4 (2023-09-01, Ann)  the Seoul–Ottawa friendship removed
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

BUSAN = "names: {en: Busan}\ncountry: KR\nlevel: city\nsources: [{title: t}]\n"
SEOUL_BUSAN = ("kind: friendship\nparties: [seoul, busan]\nsigned: 2001\n"
               "sources: [{title: Diplomatie de la ville}]\n")
TAIPEI_CITY = ("names: {en: Taipei City, es: Taipéi}\ncountry: TW\nlevel: city\n"
               "sources: [{title: Diplomatie de la ville}]\n")
SISTER_1969 = ("kind: sister\nparties: [seoul, taipei]\nsigned: 1969\n"
               "sources: [{title: Diplomatie de la ville}]\n")


def git(root: Path, *args: str, author: str = "Ann", date: str = "2020-01-05T10:00:00+00:00"
        ) -> str:
    env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": f"{author.lower()}@example.org",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": f"{author.lower()}@example.org",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": "/tmp"}
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                          env=env, text=True)
    return done.stdout


def commit(root: Path, subject: str, author: str, date: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", subject, author=author, date=date)


def build_history(root: Path) -> Path:
    """Turn the registry at `root` (the conftest BASE) into a repository of four commits."""
    git(root, "init", "-q", "-b", "main")
    commit(root, "Seoul and its first partners", "Ann", "2020-01-05T10:00:00+00:00")
    (root / "data/cities/taipei.yaml").write_text(TAIPEI_CITY)
    (root / "data/agreements/seoul-busan-friendship.yaml").write_text(SEOUL_BUSAN)
    commit(root, "Taipei's full name; Busan friendship", "Bo", "2021-06-10T10:00:00+00:00")
    (root / "data/cities/busan.yaml").write_text(BUSAN)
    git(root, "mv", "data/agreements/seoul-taipei-sister.yaml",
        "data/agreements/taipei-seoul-sister.yaml")
    (root / "data/agreements/taipei-seoul-sister.yaml").write_text(SISTER_1969)
    commit(root, "Busan; the sister agreement's true date", "Cy", "2022-03-15T10:00:00+00:00")
    (root / "data/agreements/seoul-ottawa-friendship.yaml").unlink()
    commit(root, "Ottawa friendship ended", "Ann", "2023-09-01T10:00:00+00:00")
    return root
