"""Problem: one thing wrong, where it is and how bad; Result: all of them.

Every check, from YAML syntax to an organisation's own rules, yields
Problems; reporters read only a Result. `code` is one of the catalogue's
(`citynet.model.codes`), and a Problem takes its severity from there unless
told otherwise, so a Problem never lacks one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citynet.model.codes import CODES, Severity

__all__ = ["Loc", "Problem", "Result", "Severity"]


Loc = tuple[str | int, ...]
"""Where inside a record: keys and list indexes, e.g. ("parties", 1)."""


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str
    path: str
    """Relative to the registry root, with forward slashes."""
    line: int | None = None
    """1-based; None when the problem is about the file as a whole."""
    column: int | None = None
    severity: Severity | None = None
    """Never None once made: None stands for the code's catalogued severity."""
    loc: Loc = ()
    """The field the problem is about; positions are resolved from it."""
    key: bool = False
    """Point at the key of `loc` rather than its value (an unknown key)."""

    def __post_init__(self) -> None:
        if self.severity is None:
            code = CODES.get(self.code)
            if code is None:
                raise ValueError(f"{self.code!r} is not in the catalogue of problem codes")
            object.__setattr__(self, "severity", code.severity)

    def sort_key(self) -> tuple[Any, ...]:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "field": ".".join(str(part) for part in self.loc) or None,
        }


@dataclass
class Result:
    """The outcome of a validation run."""

    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    records: int = 0

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for p in self.problems if p.severity is Severity.WARNING)

    def ok(self, strict: bool = False) -> bool:
        """No errors; with `strict`, no warnings either."""
        return not self.errors and not (strict and self.warnings)

    def summary(self) -> dict[str, int]:
        return {
            "files": self.files,
            "records": self.records,
            "errors": self.errors,
            "warnings": self.warnings,
        }
