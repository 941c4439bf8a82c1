"""The nearest option of a command to one it does not have (`list --type` -> `--kind`).

typer finds options spelt alike and lists them in alphabetical order (`--contry`:
"--city, --count, --country"); people mistype, and they also write the word another
tool uses for the same thing (`--type` for citynet's `--kind`). So the suggestion is one
option of the command that was run, found in this order: the word's usual synonym,
the only option it begins, the option spelt most alike.
"""

from __future__ import annotations

import difflib
from typing import Any

SYNONYMS: dict[str, tuple[str, ...]] = {
    "type": ("--kind",),
    "category": ("--kind",),
    "language": ("--lang",),
    "languages": ("--lang",),
    "locale": ("--lang",),
    "out": ("--output",),
    "outfile": ("--output",),
    "output-file": ("--output",),
    "file": ("--output",),
    "dir": ("--output",),
    "json": ("--format json",),
    "csv": ("--format csv",),
    "jsonl": ("--format jsonl",),
    "yaml": ("--format yaml",),
    "markdown": ("--format markdown",),
    "md": ("--format markdown",),
    "field": ("--fields",),
    "columns": ("--fields",),
    "cols": ("--fields",),
    "select-fields": ("--fields",),
    "order": ("--sort",),
    "order-by": ("--sort",),
    "sort-by": ("--sort",),
    "head": ("--limit",),
    "max": ("--limit",),
    "top": ("--limit",),
    "num": ("--limit",),
    "n": ("--limit",),
    "date": ("--as-of", "--date"),
    "at": ("--as-of",),
    "on": ("--as-of",),
    "org": ("--organisation",),
    "network": ("--organisation",),
    "cc": ("--country",),
    "iso": ("--country",),
    "town": ("--city",),
    "party": ("--city", "--parties"),
    "from": ("--since",),
    "after": ("--since",),
    "to": ("--until",),
    "before": ("--until",),
    "check-only": ("--check",),
    "dry": ("--dry-run", "--check"),
    "overwrite": ("--force",),
    "replace": ("--force",),
    "warnings-as-errors": ("--strict",),
    "werror": ("--strict",),
    "exclude": ("--ignore",),
    "disable": ("--ignore",),
    "enable": ("--select", "--extend-select"),
    "only": ("--select",),
    "url": ("--base-url", "--source-url"),
}
"""Words other tools use for an option, and citynet's options for them (the first the
command has is suggested)."""


def options_of(command: Any) -> list[str]:
    """Every long option a click command takes (`--capital`, `--not-capital` …)."""
    return [name for param in getattr(command, "params", ())
            for name in (*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ()))
            if name.startswith("--")]


def nearest_option(given: str, options: list[str]) -> str | None:
    """The option of `options` (or `--format X` where that is one) meant by `given`."""
    word = given.lstrip("-").lower()
    for meant in SYNONYMS.get(word, ()):
        if meant.split()[0] in options:
            return meant
    begun = [option for option in options if option.startswith(given) and len(given) > 3]
    if len(begun) == 1:
        return begun[0]
    close = difflib.get_close_matches(given, options, n=1, cutoff=0.6)
    return close[0] if close else None


def suggested(error: Any, context: Any) -> str:
    """typer's message for a usage error, with the nearest option of the command run when
    it names an option the command does not have."""
    message = error.format_message()
    given = getattr(error, "option_name", None)
    if not isinstance(given, str) or not given.startswith("--") \
            or not hasattr(error, "possibilities"):  # only "no such option"
        return message
    meant = nearest_option(given, options_of(getattr(context, "command", None)))
    return f"No such option: {given}" + (f"; did you mean {meant}?" if meant else "")
