"""Small domain exceptions: the library raises them, the CLI turns them into one line.

Each one means the command itself cannot go on (a misuse, exit status 2);
problems *in* the data are never raised, they are reported as Problems.
"""

from collections.abc import Iterable


class CitynetError(Exception):
    """Base of every error the command line reports as a misuse."""


class RegistryNotFound(CitynetError):
    """No registry at the given root, or none found upwards from here."""


class UnknownKind(CitynetError):
    """A kind name that no declaration in citynet.model.kinds gives."""


class UnknownRecord(CitynetError):
    """No record has the id asked for."""


class AmbiguousRecord(CitynetError):
    """Several kinds hold a record with the id asked for."""


class BadOption(CitynetError):
    """An option's value cannot be used (a malformed date, a filter that does not apply)."""


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """"; did you mean 'x'?" naming the closest candidate, or "": the hint for a misspelt name."""
    import difflib

    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
