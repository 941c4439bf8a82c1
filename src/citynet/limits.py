"""Every bound citynet puts on what it reads or does, in one place.

Files in a pull request are hostile: each input a command reads is bounded here,
and each module that enforces a bound imports it from here, so the README's
"Guarantees and limits" and the code cannot disagree. Past a limit a command
reports a problem or one line naming the limit; it never works on unbounded.
"""

from __future__ import annotations

PROBLEMS_PER_FILE = 100
"""Problems reported for one file; past it, one `too-many-problems` problem says how many
more there were."""

PROBLEMS_PER_RUN = 10_000
"""Problems reported by one run of validate; past it, one `too-many-problems` problem says
how many more there were (the exit status still counts them all)."""
