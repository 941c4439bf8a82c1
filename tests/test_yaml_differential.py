"""The fast canonical reader and libyaml agree on every text in the canonical subset.

Texts are written line by line in the form the fast reader takes (so it does
not simply step aside), salted with what has split readers before: keys near
YAML's 1024-character limit, nesting around the 64-level limit, escapes,
scalars YAML 1.1 and 1.2 read differently, huge integers, NEL/LS/PS. For each,
`reader.load` (compiled, then fast, first) and `reader.load_libyaml` give the
same data, or the same problem codes; the compiled reader (yaml-rs, behind its
screen) and the fast reader, whenever they take a text, give exactly libyaml's
data. Texts are also mangled (indentation shifted, a line's start or end
changed, lines swapped, a key repeated) so that the readers see near misses of
the form, which they must refuse or read alike. benchmarks/differential.py
runs it longer.
"""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citynet.yaml import compiled, fast, reader

UNUSUAL = ["NO", "yes", "on", "Off", "y", "~", "null", "Null", "true", "False", "1_000", "0o17",
           "0x1F", "0b11", ".5e3", "1e3", "-.inf", ".NaN", "+12", "-0", "012", "1.", "2017-03",
           "2001-12-14t21:59:43.10-05:00", "12:30:00", "=", "<<", "a\u2028b", "a\x85b",
           "a\u2029", "'it''s'", '"say \\"hi\\""', '"tab\\there"', '"\\e[31m"', '"\\x1b"',
           '"\\u0007"', '"\\N\\L\\P"', '"a\\\\b"', "9" * 4301, "-" + "9" * 4300, "é한", "a: b",
           "a #b", "- a", "[a]", "{a: 1}", "*x", "&x a", "!x a", "|", ">", "%x", "@x", "`x"]
PLAIN = st.text(st.sampled_from("abcXYZ019 -_.:#'\"\\,[]{}é\u2028"), min_size=1, max_size=12)
SCALAR = st.one_of(st.sampled_from(UNUSUAL), PLAIN, st.integers().map(str),
                   st.floats(allow_nan=False).map(repr))
KEY = st.one_of(st.from_regex(r"[a-z_][a-z0-9_-]{0,8}", fullmatch=True),
                st.sampled_from(["NO", "yes", "1", "0o7", "true", "null", "<<", "k" * 1024,
                                 "k" * 1025, "k" * 1100]))


@st.composite
def canonical_text(draw, max_depth: int = 70, scalars: st.SearchStrategy = SCALAR) -> str:
    """A text in the fast reader's block form, possibly nested past the limit."""
    lines: list[str] = []

    def mapping(indent: int, depth: int, first_prefix: str = "") -> None:
        for index in range(draw(st.integers(1, 3))):
            prefix = first_prefix if index == 0 else " " * len(first_prefix)
            key = draw(KEY)
            shape = draw(st.sampled_from(["scalar", "scalar", "map", "seq"]))
            if depth >= max_depth or shape == "scalar":
                lines.append(f"{' ' * indent}{prefix}{key}: {draw(scalars)}")
                continue
            lines.append(f"{' ' * indent}{prefix}{key}:")
            inner = indent + len(prefix)
            if shape == "map":
                mapping(inner + 2, depth + 1)
            else:
                for _ in range(draw(st.integers(1, 2))):
                    if draw(st.booleans()):
                        lines.append(f"{' ' * inner}- {draw(scalars)}")
                    else:
                        mapping(inner, depth + 2, "- ")

    mapping(0, 1)
    return "\n".join(lines) + "\n"


@st.composite
def deep_text(draw) -> str:
    """A chain of mappings 60 to 70 levels deep: either side of the limit."""
    levels = draw(st.integers(60, 70))
    chain = "".join("  " * i + "a:\n" for i in range(levels - 1))
    return chain + "  " * (levels - 1) + f"a: {draw(SCALAR)}\n"


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def agree(text: str) -> None:
    """Fast reader (when it takes the text) and libyaml give the same answer."""
    slow_data, slow_issues = reader.load_libyaml(text)
    for quicker in (fast, compiled):
        quick = quicker.read(text)
        if quick is not fast.NOT_SIMPLE:
            assert slow_issues == [] and _same(quick, slow_data), (quicker, text, quick,
                                                                   slow_issues)
    data, issues = reader.load(text)
    assert _same(data, slow_data), text
    assert [i.code for i in issues] == [i.code for i in slow_issues], text


RECORD_LIKE = st.one_of(
    st.from_regex(r"[A-Za-z][a-z]{0,6}(?: [a-z]{1,5}){0,3}", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,4}(?:\.[0-9]{1,4})?", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?", fullmatch=True),
    st.sampled_from(["true", "false", "True", "FALSE", "null", "Null", "NO", "yes", "on", "y",
                     "inf", "nan", "NaN", "-", "a - b", "a-b", "x:y", "http://x.org/a?b=1&c",
                     "a, b", "é한", "a\\b", "it's", 'say "hi"', "1_000", "0o17", "0x1F",
                     "+12", "1.", ".5", "1e3", "012", "-0", "12:30", "2024-6", "20240-01",
                     "2024-06-01t10:00", "9" * 19, "1." + "5" * 18]))
"""Scalars like a record's (and their near misses), which the compiled reader's screen lets
through far more often than SCALAR's."""


@st.composite
def mangled(draw, text: str) -> str:
    """`text` with one line changed: shifted, cut, repeated, swapped, or its start or end
    altered."""
    lines = text.split("\n")[:-1]
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    how = draw(st.sampled_from(["indent", "outdent", "repeat", "swap", "dash", "undash",
                                "space", "colon", "join", "blank"]))
    if how == "indent":
        lines[index] = " " * draw(st.integers(1, 3)) + line
    elif how == "outdent":
        lines[index] = line[draw(st.integers(1, 2)):]
    elif how == "repeat":
        lines.insert(index, line)
    elif how == "swap" and index + 1 < len(lines):
        lines[index], lines[index + 1] = lines[index + 1], line
    elif how == "dash":
        lines[index] = "- " + line
    elif how == "undash":
        lines[index] = line.replace("- ", "", 1)
    elif how == "space":
        lines[index] = line + " "
    elif how == "colon":
        lines[index] = line + ":"
    elif how == "join" and index + 1 < len(lines):
        lines[index:index + 2] = [line + " " + lines[index + 1].lstrip()]
    elif how == "blank":
        lines.insert(index, "")
    return "\n".join(lines) + "\n"


TEXTS = st.one_of(canonical_text(), deep_text(), canonical_text(scalars=RECORD_LIKE),
                  canonical_text(scalars=RECORD_LIKE).flatmap(mangled))


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(TEXTS)
def test_the_readers_agree(text):
    agree(text)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(canonical_text(scalars=RECORD_LIKE).flatmap(mangled))
def test_the_readers_agree_on_near_misses_of_the_form(text):
    agree(text)


def test_the_compiled_reader_takes_canonical_records():
    """Records as citynet writes them reach the compiled reader (the screen is not a wall)."""
    from citynet.yaml import writer

    record = {"id": "seoul", "names": {"en": "Seoul", "ko": "서울"}, "country": "KR",
              "capital": True, "location": {"lat": 37.5665, "lon": -126.978},
              "sources": [{"title": "A source", "url": "https://example.org/a",
                           "as_of": "2024-06"}],
              "notes": "A city, with commas - and dashes."}
    text = writer.dump(record)
    assert compiled.read(text) == record


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(deep_text())
def test_the_readers_agree_at_the_depth_limit(text):
    agree(text)
