"""Every bound citynet puts on what it reads or does, in one place.

Files in a pull request are hostile: each input a command reads is bounded here,
and each module that enforces a bound imports it from here, so
docs/guarantees.md and the code cannot disagree. Past a limit a command
reports a problem or one line naming the limit; it never works on unbounded.
"""

from __future__ import annotations

FILE_BYTES = 1024 * 1024
"""A record file (in the work tree, at a git revision, or an editor's buffer: an open
document past it gets one `file-too-large` diagnostic and no other work) is read only up to
this size; a larger one is `file-too-large`, never read. A commit object read from git
over this size is not read either (its author, date and subject are left empty)."""

OVERSIZE = b"\0citynet: over the size limit\0"
"""What a reader (of a file, or of a blob from git) gives in place of bytes over FILE_BYTES,
which it never read (compare with `is`): `parse_text` reports it as `file-too-large`."""

VALUES = 20_000
"""A record holding more keys, items and scalars than this is `file-too-large`: never
schema-checked (pydantic would word each of its errors)."""

NESTING = 64
"""YAML nested deeper than this is `yaml-too-deep`, never built."""

KEY_CHARS = 1024
"""A mapping key longer than this is never written by citynet's writers (YAML's own limit
for implicit keys)."""

ID_CHARS = 120
"""The longest id citynet makes or accepts as new (rename, merge, import)."""

PROBLEMS_PER_FILE = 100
"""Problems reported for one file; past it, one `too-many-problems` problem says how many
more there were."""

PROBLEMS_PER_RUN = 10_000
"""Problems reported by one run of validate; past it, one `too-many-problems` problem says
how many more there were (the exit status still counts them all)."""

TEMPLATE_STEPS = 1_000_000
"""Loop iterations and calls one render of a report or site template may make (plus
TEMPLATE_STEPS_PER_ITEM for each item of the data it renders)."""

TEMPLATE_OUTPUT_CHARS = 32 * 1024 * 1024
"""The characters (or list items) one render may make, its output and the values it builds
(plus TEMPLATE_CHARS_PER_ITEM for each item of the data it renders)."""

TEMPLATE_NUMBER_BITS = 1 << 20
"""The largest number (in bits) a template's `**` or `*` may compute."""

TEMPLATE_STEPS_PER_ITEM = 20
TEMPLATE_CHARS_PER_ITEM = 400
TEMPLATE_ITEMS_COUNTED = 1_000_000
"""How far a render's data is counted to size its budget."""

TEMPLATE_MEMORY_BYTES = 512 * 1024 * 1024
"""The address space a render may add to the process (Linux), whatever it does."""

TEMPLATE_SECONDS = 20
"""The CPU time one render may take (Unix), whatever it does."""

RENAME_CANDIDATES = 20
"""When pairing a removed record with an added one as a rename (diff, history), the most
candidates compared by content for each added record, after matching by id and key fields."""

LSP_MESSAGE_BYTES = 64 * 1024 * 1024
"""The largest JSON-RPC message the language server reads."""

LSP_HEADER_BYTES = 64 * 1024
"""The longest header line of a JSON-RPC message the language server keeps: a longer line
is dropped as it is read (its last bytes kept, where a header may start), in one warning; a
Content-Length of more than 18 digits is ignored as a header that lies."""

SUGGESTIONS = 1000
"""How many "did you mean" searches over the registry's ids one run of validate makes."""

HISTORY_BYTES = 128 * 1024 * 1024
"""The bytes of past versions of record files one command reads from git's history
(`history`, `export --history`, the site's feeds), each file capped by FILE_BYTES too; past
it, one line naming the limit (a thousand commits can each hold a new 1 MiB version)."""

HISTORY_RENAMES = 50
"""How many renames `history` follows back through a record's past."""

CONFIG_BYTES = 64 * 1024
"""A registry's settings file (citynet.toml) is read only up to this size; a larger one is
refused in one line."""
