"""The catalogue of problem codes: each code is written here once, and only here.

A code is stable (CI scripts and `validate --select` rely on it), has a
default severity, a title and a description; `docs/codes.md` is generated
from this catalogue and the example files in `tests/examples/<code>/`.
Emitters (the file reader, the YAML reader, the schema, the checks) use the
constants below, never a loose string, and `Problem` takes its severity from
here unless the emitter says otherwise.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from citynet.errors import BadOption


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Stage(StrEnum):
    """Which step of reading or checking finds a problem."""

    FILE = "file"
    YAML = "yaml"
    SCHEMA = "schema"
    CHECK = "check"
    FMT = "fmt"


@dataclass(frozen=True, slots=True)
class Code:
    name: str
    severity: Severity
    title: str
    description: str
    stage: Stage
    file_level: bool = False
    """About the file as a whole: it has no line to point at."""
    opt_in: bool = False
    """Reported only when `validate --select` names it: a stricter registry's choice."""


CODES: dict[str, Code] = {}
"""Every code, in the order of the stages that find them."""


def _code(name: str, severity: Severity, stage: Stage, title: str, description: str,
          file_level: bool = False, opt_in: bool = False) -> str:
    CODES[name] = Code(name, severity, title, " ".join(description.split()), stage, file_level,
                       opt_in)
    return name


E, W = Severity.ERROR, Severity.WARNING

# Reading the file, before YAML.
UNREADABLE = _code("unreadable", E, Stage.FILE, "the file or folder cannot be read", """
    The operating system refused to read it, or it is not a regular file (a pipe or a device
    would block): it is never opened.""", file_level=True)
FILE_TOO_LARGE = _code("file-too-large", E, Stage.FILE, "the file is too large to be a record", """
    Records are small: a file over 1 MiB is refused unread, and one holding more than 20,000
    keys, items and values is not checked against its schema (`citynet.limits`).""",
                       file_level=True)
ENCODING = _code("encoding", E, Stage.FILE, "the file is not UTF-8", """
    Record files are UTF-8 (a byte-order mark is dropped); UTF-16 and stray bytes of other
    encodings are reported where they start.""")
CONTROL_CHARACTER = _code("control-character", E, Stage.FILE, "a control character", """
    Control characters other than tab and line ends have no place in a record.""")
EMPTY_FILE = _code("empty-file", E, Stage.FILE, "the file holds no record", """
    The file is empty or holds only comments.""", file_level=True)
FILE_EXTENSION = _code("file-extension", E, Stage.FILE, "a `.yml` file", """
    Record files end in `.yaml`; a `.yml` file is reported, not read.""", file_level=True)
SYMLINK = _code("symlink", E, Stage.FILE, "a link that is not followed", """
    A symbolic link is read only if it leads to a file inside the registry, outside its
    `.git/`. Links out of it or into `.git/`, dangling links and loops are errors; a link to
    a folder is a warning. A link is never written through (`fmt`, `end`, `rename` … refuse).""",
                file_level=True)
UNKNOWN_FOLDER = _code("unknown-folder", W, Stage.FILE, "a folder that is not a kind", """
    Records live in `data/<kind>/`; anything else under `data/` is not read.""",
                       file_level=True)
TOO_MANY_PROBLEMS = _code("too-many-problems", E, Stage.FILE, "more problems than are listed", """
    A file lists at most 100 problems and a run of `validate` at most 10,000 (`citynet.limits`;
    docs/guarantees.md): past either, one last problem says how many more there
    were, so that a hostile registry cannot flood a CI log or its memory. Fix those listed and
    run again. It is an error if one of those it stands for is, else a warning, so the exit
    status is the one every problem would give.""", file_level=True)

# Reading the YAML.
YAML_SYNTAX = _code("yaml-syntax", E, Stage.YAML, "not well-formed YAML", """
    The YAML reader stopped: an unclosed bracket or quote, a bad indentation, a tab, or a
    key that is a list or mapping.""")
YAML_MULTIPLE_DOCUMENTS = _code("yaml-multiple-documents", E, Stage.YAML,
                                "more than one YAML document", """
    A record file holds one document; a second `---` starts another.""")
YAML_ALIAS = _code("yaml-alias", E, Stage.YAML, "an anchor or alias", """
    Anchors (`&a`) and aliases (`*a`) are refused where written and never expanded, so an
    alias bomb costs only its own length.""")
YAML_MERGE_KEY = _code("yaml-merge-key", E, Stage.YAML, "a merge key", """
    Merge keys (`<<`) are not allowed in records: write the keys out.""")
YAML_TAG = _code("yaml-tag", E, Stage.YAML, "a tag", """
    Tags such as `!!python/object` are refused and never run; only the plain core tags are
    allowed.""")
YAML_TOO_DEEP = _code("yaml-too-deep", E, Stage.YAML, "nesting over 64 levels", """
    Deeper nesting is refused, unbuilt.""")
DUPLICATE_KEY = _code("duplicate-key", E, Stage.YAML, "a key written twice", """
    The same key twice in one mapping, at any depth; YAML readers would silently keep the
    last.""")
NOT_A_MAPPING = _code("not-a-mapping", E, Stage.YAML, "the record is not a mapping", """
    A record is a mapping of keys to values, not a list or a single value.""")

# Fitting the record's kind.
SCHEMA = _code("schema", E, Stage.SCHEMA, "the record does not fit its kind", """
    An unknown key (with the nearest allowed one), a missing required key, or a value of the
    wrong type or form. Points at the key or value concerned.""")

# Checks across records.
ID_MISMATCH = _code("id-mismatch", E, Stage.CHECK, "the id differs from the file name", """
    A record's `id`, when written, equals its file's name: the file name is the id.""")
INVALID_ID = _code("invalid-id", E, Stage.CHECK, "the file name is not a slug", """
    A file's name is the record's id, so it is a lowercase slug such as
    `ho-chi-minh-city`.""")
DUPLICATE_ID = _code("duplicate-id", E, Stage.CHECK, "an id used twice in a kind", """
    Two files of one kind never share an id, even in different sub-folders.""")
DANGLING_REF = _code("dangling-ref", E, Stage.CHECK, "a reference to no record", """
    Every id a record refers to (`parties`, `member`, `organisation`, `headquarters`,
    `offices[].city`, `partners`) names an existing record of the right kind.""")
SELF_AGREEMENT = _code("self-agreement", E, Stage.CHECK, "an agreement of a city with itself",
                       """An agreement is between two different cities.""")
DUPLICATE_AGREEMENT = _code("duplicate-agreement", E, Stage.CHECK, "an agreement recorded twice",
                            """No two agreements of one kind between the same two cities, in
    either order.""")
CONFIRMER_NOT_PARTY = _code("confirmer-not-party", E, Stage.CHECK,
                            "a confirmation by a city that is not a party", """
    `confirmed_by` lists the parties whose own side confirms the agreement: each is one of
    its two `parties`, named once.""")
ONE_SIDED_AGREEMENT = _code("one-sided-agreement", W, Stage.CHECK,
                            "an agreement only one side confirms", """
    Reported only when asked for (`citynet validate --select one-sided-agreement`), for
    registries that want both sides of every agreement: an agreement whose `confirmed_by`
    names one party, or none, is a warning.""", opt_in=True)
DATE_ORDER = _code("date-order", E, Stage.CHECK, "an end before its start", """
    An end never comes before its start (a project's `until`/`since`, a role's, a phase's or a
    post's `end`/`start`; an agreement's or a membership's end is a step of its lifecycle:
    `lifecycle-order`); partial dates that may be in order (1968 and 1968-03) pass.""")
LIFECYCLE_ORDER = _code("lifecycle-order", E, Stage.CHECK, "a lifecycle step out of order", """
    The steps of an agreement's or a membership's `lifecycle` come oldest first, none dated
    before the step before it or before the record's start (`signed`, `since`; a side's own
    `signed` may come first), and each follows from the state the steps before it left: only
    what is in force is suspended, only what is suspended is resumed, `in-force` comes once,
    before it is in force, and nothing follows the step that ends it.""")
AFTER_SUCCESSION = _code("after-succession", E, Stage.CHECK,
                         "a record of a city after it was succeeded", """
    A city named in another's `predecessors` ceased to be on that date (merged into it, or
    renamed as it): an agreement it signed or a membership it began surely after that date
    belongs to its successor. A city is not its own predecessor.""")
ROLE_DATES = _code("role-dates", E, Stage.CHECK, "a role outside its membership", """
    A role is held while the membership lasts.""")
UNKNOWN_COUNTRY = _code("unknown-country", E, Stage.CHECK, "not an ISO 3166-1 country code", """
    Country codes are real ISO 3166-1 alpha-2 codes (pycountry's data): the United Kingdom
    is `GB`, not `UK`.""")
UNKNOWN_SUBDIVISION = _code("unknown-subdivision", E, Stage.CHECK,
                            "not a subdivision of the city's country", """
    A city's ISO 3166-2 subdivision exists and lies in the city's country.""")
MISSING_SOURCE = _code("missing-source", W, Stage.CHECK, "a record that cites no source", """
    Every record says where its facts come from: `sources` with at least a title.""")
UNKNOWN_SOURCE_FIELD = _code("unknown-source-field", E, Stage.CHECK,
                              "a source vouches for a field the record does not have", """
    A source's `fields` name the fields it vouches for: each is a field of the record's kind
    (dotted into its parts, as `location.lat`), written in the record.""")
RULE_BREACH = _code("rule-breach", W, Stage.CHECK, "an organisation's own rule is broken", """
    An organisation's `max_members_per_country` caps its members per country and, with
    `capital_included`, wants each country's capital among them. A breach is a warning, or
    an error when the rule says `strict: true`; an entry in the rule's `exceptions` for that
    country silences it.""")
GROUPING_OVERLAP = _code("grouping-overlap", E, Stage.CHECK, "a country in two groups", """
    A country is named outright in at most one group of a grouping.""")
ALIAS_CONFLICT = _code("alias-conflict", E, Stage.CHECK, "an alias that names another city", """
    A city's `aliases` are the ids of records merged into it (`citynet merge`), so imports
    map them to it: an alias is never also a city's id, another city's alias, or one of the
    city's own `distinct_from`.""")

# Formatting (`citynet fmt`, not `validate`).
FMT = _code("fmt", E, Stage.FMT, "the file cannot be formatted", """
    `citynet fmt` leaves a file as it is when it cannot be read as a record, or when its
    canonical form would read back differently.""", file_level=True)

del E, W


class UnknownCode(BadOption):
    """A code that is not in the catalogue."""


def get(name: str) -> Code:
    """The catalogued code called `name`; UnknownCode (with the nearest code) if none."""
    found = CODES.get(name)
    if found is None:
        message = f"unknown problem code {name!r}"
        close = difflib.get_close_matches(name, list(CODES), n=1, cutoff=0.6)
        raise UnknownCode(message + (f" (did you mean {close[0]!r}?)" if close else
                                     "; the codes are listed in docs/codes.md"))
    return found
