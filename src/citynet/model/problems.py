"""Problem: one thing wrong, where it is and how bad; Result: all of them.

Every check, from YAML syntax to an organisation's own rules, yields
Problems; reporters read only a Result. `code` is one of the catalogue's
(`citynet.model.codes`), and a Problem takes its severity from there unless
told otherwise, so a Problem never lacks one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citynet import limits
from citynet.model.codes import CODES, TOO_MANY_PROBLEMS, Severity

__all__ = ["Loc", "Problem", "Result", "Severity", "capped"]


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


def capped(problems: list[Problem], path: str, count: int | None = None,
           limit: int = limits.PROBLEMS_PER_FILE) -> list[Problem]:
    """At most `limit` of `problems`, and one `too-many-problems` for the rest (`count`: how
    many there were in all, when the caller stopped making them early). A `too-many-problems`
    already among `problems` is counted in, not repeated."""
    shown = [p for p in problems if p.code != TOO_MANY_PROBLEMS]
    earlier = [p for p in problems if p.code == TOO_MANY_PROBLEMS]
    total = (len(problems) if count is None else count) - len(earlier) \
        + sum(_more(p) for p in earlier)
    if total <= limit:
        return shown
    left_out = shown[limit:]
    severity = (Severity.ERROR if any(p.severity is Severity.ERROR for p in left_out + earlier)
                else Severity.WARNING)
    return [*shown[:limit], Problem(
        TOO_MANY_PROBLEMS, f"{total - min(limit, len(shown))} more problems are not reported "
        f"(at most {limit} for a file); fix these and run again", path, severity=severity)]


def capped_by_file(problems: list[Problem], limit: int = limits.PROBLEMS_PER_FILE
                   ) -> list[Problem]:
    """`problems` with each file's capped at `limit` (its first ones in `sort_key` order),
    in the order given."""
    by_path: dict[str, list[Problem]] = {}
    for problem in problems:
        by_path.setdefault(problem.path, []).append(problem)
    if all(len(found) <= limit and not any(p.code == TOO_MANY_PROBLEMS for p in found)
           for found in by_path.values()):
        return problems
    kept: set[int] = set()
    extra: dict[str, Problem] = {}
    for path, found in by_path.items():
        ordered = sorted(found, key=Problem.sort_key)
        capped_list = capped(ordered, path, limit=limit)
        kept.update(id(p) for p in capped_list)
        if capped_list and capped_list[-1].code == TOO_MANY_PROBLEMS and \
                id(capped_list[-1]) not in {id(p) for p in found}:
            extra[path] = capped_list[-1]
    result: list[Problem] = []
    for problem in problems:
        if id(problem) in kept and problem.code != TOO_MANY_PROBLEMS:
            result.append(problem)
    result.extend(extra.values())
    return result


def _more(problem: Problem) -> int:
    """How many problems a `too-many-problems` stands for (the number it starts with)."""
    head = problem.message.split(" ", 1)[0]
    return int(head) if head.isdigit() else 0
