"""citynet.toml: a registry's settings, the defaults of its commands' options.

Each key is declared once, here: its section, what it holds, the option it is the default
of. `citynet schema` writes its JSON Schema from the declaration, docs/configuration.md
documents each key (tests/test_config.py holds the two together), and a file is checked
against it: an unknown section or key, or a value of the wrong type or off its list, is a
ConfigError naming the key, its line and the nearest name. The file is registry content,
so hostile: it is parsed by tomllib alone (TOML is data: nothing in it runs), and read
only up to `limits.CONFIG_BYTES` (store/config.py reads it).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from citynet.errors import ConfigError

FILE_NAME = "citynet.toml"
URL_PATTERN = r"^https?://\S+$"

BOOL, TEXT, TEXTS = "bool", "text", "texts"
"""What a key holds: true or false, a text, a list of texts."""


def _codes() -> Sequence[str]:
    from citynet.model.codes import CODES

    return list(CODES)


def _languages() -> Sequence[str]:
    from citynet.model.terms import LANGUAGES

    return LANGUAGES


@dataclass(frozen=True)
class Key:
    """A setting: `[section] name`, the default of `option`."""

    section: str
    name: str
    holds: str
    """BOOL, TEXT or TEXTS."""
    option: str
    """The option it is the default of, as typed: `validate --select`."""
    help: str
    choices: Callable[[], Sequence[str]] | None = None
    """The values it may take (each, for a list)."""
    pattern: str | None = None
    example: str = ""
    """A value as written in the file, for messages and the docs."""


SECTIONS = {
    "validate": "What `citynet validate` reports, and when it fails.",
    "report": "How `citynet report` renders.",
    "site": "How `citynet site build` publishes.",
    "export": "What `citynet export` does with records left out.",
}
"""Each section, for the command it sets."""

KEYS: tuple[Key, ...] = (
    Key("validate", "select", TEXTS, "validate --select",
        "Report only problems with these codes.", _codes, example='["schema", "dangling-ref"]'),
    Key("validate", "ignore", TEXTS, "validate --ignore",
        "Leave out problems with these codes.", _codes, example='["missing-source"]'),
    Key("validate", "extend-select", TEXTS, "validate --extend-select",
        "Report these codes besides the default ones: the opt-in checks, which run only "
        "when named.", _codes, example='["one-sided-agreement"]'),
    Key("validate", "strict", BOOL, "validate --strict",
        "Fail on warnings too, not just errors (`--no-strict` turns it off for one run).",
        example="true"),
    Key("report", "lang", TEXT, "report --lang", "The language of names and headings.",
        _languages, example='"fr"'),
    Key("report", "strict", BOOL, "report --strict",
        "Fail, writing nothing, when a record is left out for its errors or a broken "
        "reference.", example="true"),
    Key("site", "lang", TEXTS, "site build --lang",
        "The languages to publish; the first is the home page's.", _languages,
        example='["en", "fr"]'),
    Key("site", "base-url", TEXT, "site build --base-url",
        "The address the site is served from (for its feeds' links).",
        pattern=URL_PATTERN, example='"https://example.org/citynet/"'),
    Key("export", "strict", BOOL, "export --strict",
        "Fail, writing nothing, when a record is left out for its errors or a broken "
        "reference.", example="true"),
)
"""Every key, in the order the docs and the schema list them."""


def key(section: str, name: str) -> Key:
    """The declaration of `[section] name` (KeyError if there is none: a caller's typo)."""
    return next(k for k in KEYS if (k.section, k.name) == (section, name))


@dataclass(frozen=True)
class Config:
    """A registry's settings as its citynet.toml gives them (none, without one)."""

    values: dict[tuple[str, str], Any]
    path: str = FILE_NAME

    def get(self, section: str, name: str) -> Any:
        """The value of `[section] name`, None if the file does not set it."""
        key(section, name)  # a name that is not declared is a bug, never None
        return self.values.get((section, name))


NONE = Config({})


def _plain(message: str) -> str:
    """tomllib's message in TOML's words: "Cannot declare ('a', 'b c') twice" names the table
    as a Python tuple; a reader of citynet.toml knows it as [a."b c"]."""
    import ast

    found = re.match(r"Cannot declare (\(.*\)) twice", message)
    if not found:
        return message
    try:
        keys = ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return message
    if not isinstance(keys, tuple) or not all(isinstance(k, str) for k in keys):
        return message
    dotted = ".".join(k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else json.dumps(k, ensure_ascii=False)
                      for k in keys)
    return f"the table [{dotted}] is declared twice" + message[found.end():]


def parse(text: str, path: str = FILE_NAME) -> Config:
    """The settings `text` (a citynet.toml) holds; ConfigError, with the line, if it is not
    TOML or sets anything but the declared keys, each with a value it may take."""
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = _plain(str(exc))
        where = re.search(r" \(at line (\d+), column (\d+)\)$", message)
        if where:
            raise ConfigError(path, f"not TOML: {message[:where.start()]}",
                              int(where.group(1)), int(where.group(2))) from None
        end = message.endswith(" (at end of document)")
        raise ConfigError(path, f"not TOML: {message.removesuffix(' (at end of document)')}"
                          + (" where the file ends" if end else ""),
                          max(len(text.splitlines()), 1) if end else None) from None
    except RecursionError:
        raise ConfigError(path, "not read: its values are nested too deep") from None
    except ValueError:  # not a TOMLDecodeError: an integer past Python's 4300 digits
        raise ConfigError(path, "not read: it holds a number longer than Python reads "
                          "(4300 digits)") from None
    lines = _lines(text)
    values: dict[tuple[str, str], Any] = {}
    for section, table in document.items():
        if section not in SECTIONS:
            raise ConfigError(path, _unknown_section(section, table), lines.get(section))
        if not isinstance(table, dict):
            raise ConfigError(path, f"{section} must be a section, [{section}], with its keys "
                              "below it", lines.get(section))
        names = [k.name for k in KEYS if k.section == section]
        for name, value in table.items():
            line = lines.get(f"{section}.{name}", lines.get(section))
            if name not in names:
                elsewhere = [f"[{k.section}]" for k in KEYS if k.name == name]
                hint = f"; it belongs in {' or '.join(elsewhere)}" if elsewhere else \
                    _nearest(name, names)
                raise ConfigError(path, f"[{section}] has no key {_shown(name)}{hint} (keys: "
                                  f"{', '.join(names)})", line)
            declared = key(section, name)
            problem = _problem(declared, value)
            if problem:
                raise ConfigError(path, f"[{section}] {name}: {problem}", line)
            values[(section, name)] = value
    return Config(values, path)


def _unknown_section(section: str, value: Any) -> str:
    owners = [k.section for k in KEYS if k.name == section]
    if owners and not isinstance(value, dict):
        return (f"{section} is in no section: write it under [{owners[0]}]"
                + (f" (or [{'], ['.join(owners[1:])}])" if owners[1:] else ""))
    named = section if len(section) <= 60 else section[:57] + "..."
    return (f"unknown section [{named}]{_nearest(section, SECTIONS, '[', ']')} "
            f"(sections: {', '.join(SECTIONS)})")


def _nearest(word: str, names: Any, before: str = "'", after: str = "'") -> str:
    close = difflib.get_close_matches(word, list(names), n=1, cutoff=0.6)
    return f"; did you mean {before}{close[0]}{after}?" if close else ""


def _problem(declared: Key, value: Any) -> str | None:
    """Why `value` cannot be the key's (its type, or a value off its list), in the words of
    how to write it; None if it can."""
    write = f"write {declared.name} = {declared.example}"
    if declared.holds == BOOL:
        if isinstance(value, str) and value.lower() in _SAID:  # "yes", "false" …
            write = f"write {declared.name} = {_SAID[value.lower()]}, without quotes"
        return None if isinstance(value, bool) else \
            f"must be true or false, not {_shown(value)} ({write})"
    items = value if declared.holds == TEXTS else [value]
    if declared.holds == TEXTS and not isinstance(value, list):
        if isinstance(value, str):  # one text: a list of one, or of the texts between commas
            parts = [part.strip() for part in value.split(",") if part.strip()] or [value]
            write = f"write {declared.name} = [{', '.join(_quoted(p) for p in parts)}]"
        return f"must be a list of texts, not {_shown(value)} ({write})"
    for item in items:
        if not isinstance(item, str):
            kind = "each must be a text" if declared.holds == TEXTS else "must be a text"
            return f"{kind}, not {_shown(item)} ({write})"
        if declared.choices is not None and item not in declared.choices():
            return (f"{_shown(item)} is not one of {_listed(declared.choices())}"
                    f"{_nearest(item, declared.choices())}")
        if declared.pattern is not None and not re.match(declared.pattern, item):
            return f"{_shown(item)} is not an http(s) address ({write})"
    return None


_SAID = {"yes": "true", "on": "true", "true": "true", "1": "true",
         "no": "false", "off": "false", "false": "false", "0": "false"}


def _quoted(text: str) -> str:
    """`text` as a TOML basic string (what a message suggests writing: no control in it)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _listed(choices: Sequence[str]) -> str:
    return ", ".join(choices) if len(choices) <= 8 else "the codes in docs/codes.md"


def _shown(value: Any) -> str:
    """A TOML value as the message quotes it (a few dozen characters of it)."""
    if isinstance(value, int) and value.bit_length() > 200:  # repr() could exceed 4300 digits
        return f"a number of {value.bit_length()} bits"
    text = repr(value) if isinstance(value, str) else str(value).lower() \
        if isinstance(value, bool) else type(value).__name__ if isinstance(value, dict) \
        else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_HEADER = re.compile(r"^\s*\[\s*([^\[\]#]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"^\s*((?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')"
                  r"(?:\s*\.\s*(?:[A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*'))*)\s*=")


def _lines(text: str) -> dict[str, int]:
    """The line (1-based) where each section and `section.key` is first written, as far as
    a line-by-line look finds them (a table header, `key =`, `section.key =`); what it does
    not find is reported without a line."""
    found: dict[str, int] = {}
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _HEADER.match(line)
        if header:
            table = _dotted(header.group(1))
            found.setdefault(".".join(table), number)
            continue
        named = _KEY.match(line)
        if named:
            path = table + _dotted(named.group(1))
            for end in range(1, len(path) + 1):
                found.setdefault(".".join(path[:end]), number)
    return found


def _dotted(text: str) -> list[str]:
    return [part.strip().strip("\"'") for part in re.findall(r"\"[^\"]*\"|'[^']*'|[^.]+", text)]


def template() -> str:
    """The citynet.toml `init` writes: every section, every key commented out with what it
    does and a value as it would be written, so setting one is taking away a `#`."""
    lines = ["# citynet's settings for this registry: the defaults of its commands' options.",
             "# An option given on the command line wins over what is set here. Take away a",
             "# `#` to set a key; `citynet schema` gives this file's JSON Schema.", ""]
    for section, described in SECTIONS.items():
        lines += [f"[{section}]", f"# {described}"]
        for declared in (k for k in KEYS if k.section == section):
            lines += [f"# {declared.name} = {declared.example}"
                      f"{' ' * max(2, 40 - len(declared.name) - len(declared.example))}"
                      f"# `{declared.option}`"]
        lines.append("")
    return "\n".join(lines)


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of citynet.toml, for editors (Taplo, Even Better TOML)
    and check-jsonschema."""
    def property_of(declared: Key) -> dict[str, Any]:
        one: dict[str, Any] = {"type": "boolean"} if declared.holds == BOOL else \
            {"type": "string"}
        if declared.choices is not None:
            one["enum"] = list(declared.choices())
        if declared.pattern is not None:
            one["pattern"] = declared.pattern
        described = {"description": f"{declared.help} Default of `{declared.option}`."}
        if declared.holds == TEXTS:
            return {"type": "array", "items": one, **described}
        return {**one, **described}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{FILE_NAME}.schema.json",
        "title": FILE_NAME,
        "description": "A citynet registry's settings: the defaults of its commands' options "
                       "(an option given on the command line wins).",
        "type": "object",
        "additionalProperties": False,
        "properties": {section: {
            "type": "object", "description": described, "additionalProperties": False,
            "properties": {k.name: property_of(k) for k in KEYS if k.section == section},
        } for section, described in SECTIONS.items()},
    }
