"""docs/codes.md, generated from the catalogue of codes and their example files.

Run `python -m citynet.lint.codes_doc` from the repository to write it again;
a test fails when the file differs from a fresh generation.
"""

from __future__ import annotations

import re
from pathlib import Path

from citynet.model.codes import CODES, Code, Stage

OUTPUT = Path("docs") / "codes.md"
EXAMPLES = Path("tests") / "examples"

_STAGES = {
    Stage.FILE: "Reading the file",
    Stage.YAML: "Reading the YAML",
    Stage.SCHEMA: "Fitting the record's kind",
    Stage.CHECK: "Checks across records",
    Stage.FMT: "Formatting (`citynet fmt`)",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def render(examples: Path) -> str:
    """The whole of docs/codes.md, with the examples found under `examples`."""
    lines = [
        "# Problem codes",
        "",
        "<!-- Generated from src/citynet/model/codes.py and tests/examples/ by",
        "     `python -m citynet.lint.codes_doc`; edit those, not this file. -->",
        "",
        "Every problem `citynet validate` reports has one of these codes. Choose among them with",
        "`citynet validate --select CODE` or `--ignore CODE` (repeatable, or comma-separated).",
        "A problem about a file as a whole has no line and column.",
        "",
        "| code | severity | found while | what |",
        "|---|---|---|---|",
    ]
    for code in CODES.values():
        lines.append(f"| [`{code.name}`](#{code.name}) | {code.severity} | {code.stage} | "
                     f"{code.title} |")
    stage = None
    for code in CODES.values():
        if code.stage is not stage:
            stage = code.stage
            lines += ["", f"## {_STAGES[stage]}"]
        lines += ["", *_section(code, examples / code.name)]
    return "\n".join(lines) + "\n"


def _section(code: Code, folder: Path) -> list[str]:
    where = " (about the whole file: no line)" if code.file_level else ""
    lines = [f"### {code.name}", "", f"**{code.severity}**{where}: {code.title}.", "",
             code.description]
    if not folder.is_dir():
        return lines + ["", "Its examples cannot be plain files in git; "
                            "tests/test_lint_codes.py builds them."]
    for verdict, heading in (("pass", "Passes"), ("fail", "Fails")):
        lines += ["", f"{heading}:"]
        single = folder / f"{verdict}.yaml"
        files = [single] if single.is_file() else sorted(
            p for p in (folder / verdict).rglob("*") if p.is_file())
        for path in files:
            if path != single:
                lines += ["", f"`{path.relative_to(folder / verdict).as_posix()}`:"]
            lines += ["", "```yaml", _shown(path.read_bytes()).rstrip("\n"), "```"]
    return lines


def _shown(raw: bytes) -> str:
    """The file's text, with bytes that are not UTF-8 and control characters spelled out."""
    text = raw.decode("utf-8", "backslashreplace")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


if __name__ == "__main__":  # pragma: no cover - a maintainer's command
    OUTPUT.write_text(render(EXAMPLES), encoding="utf-8")
