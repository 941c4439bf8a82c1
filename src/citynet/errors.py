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


class ConfigError(CitynetError):
    """The registry's settings file cannot be used: where (its path from the registry's
    root, the line and column when known) and why."""

    def __init__(self, path: str, detail: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path, self.detail, self.line, self.column = path, detail, line, column
        super().__init__(f"{self.place(path)}: {detail}")

    def place(self, shown: str) -> str:
        """`shown:line:column`, the file named as `shown` (a path from where the user stands)."""
        return shown + "".join(f":{n}" for n in (self.line, self.column) if n is not None)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """"; did you mean 'x'?" naming the closest candidate, or "": the hint for a misspelt name."""
    import difflib

    close = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


class Nearest:
    """The nearest of many names (100,000 ids) to a misspelt one, asked many times.

    `did_you_mean` compares with every candidate; here a word is compared only with the
    names that start or end as it does and are about as long, at most `most` of them, so
    a thousand questions over a hundred thousand ids stay well under a second each way.
    """

    def __init__(self, names: Iterable[str], most: int = 2000) -> None:
        self.most = most
        self.by_start: dict[str, list[str]] = {}
        self.by_end: dict[str, list[str]] = {}
        for name in sorted(set(names)):
            if name:
                self.by_start.setdefault(name[0], []).append(name)
                self.by_end.setdefault(name[-1], []).append(name)

    def __call__(self, word: str) -> str | None:
        import difflib

        if not word:
            return None
        near = {name for name in (*self.by_start.get(word[0], ()), *self.by_end.get(word[-1], ()))
                if abs(len(name) - len(word)) <= 3}
        ranked = sorted(near, key=lambda name: (abs(len(name) - len(word)), name))[: self.most]
        close = difflib.get_close_matches(word, ranked, n=1, cutoff=0.75)
        return close[0] if close else None
