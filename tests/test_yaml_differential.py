"""The fast canonical reader and libyaml agree on every text in the canonical subset.

Texts are written line by line in the form the fast reader takes (so it does
not simply step aside), salted with what has split readers before: keys near
YAML's 1024-character limit, nesting around the 64-level limit, escapes,
scalars YAML 1.1 and 1.2 read differently, huge integers, NEL/LS/PS. For each,
`reader.load` (fast first) and `reader.load_libyaml` give the same data, or
the same problem codes. benchmarks/differential.py runs it longer.
"""

import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citynet.yaml import fast, reader

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
def canonical_text(draw, max_depth: int = 70) -> str:
    """A text in the fast reader's block form, possibly nested past the limit."""
    lines: list[str] = []

    def mapping(indent: int, depth: int, first_prefix: str = "") -> None:
        for index in range(draw(st.integers(1, 3))):
            prefix = first_prefix if index == 0 else " " * len(first_prefix)
            key = draw(KEY)
            shape = draw(st.sampled_from(["scalar", "scalar", "map", "seq"]))
            if depth >= max_depth or shape == "scalar":
                lines.append(f"{' ' * indent}{prefix}{key}: {draw(SCALAR)}")
                continue
            lines.append(f"{' ' * indent}{prefix}{key}:")
            inner = indent + len(prefix)
            if shape == "map":
                mapping(inner + 2, depth + 1)
            else:
                for _ in range(draw(st.integers(1, 2))):
                    if draw(st.booleans()):
                        lines.append(f"{' ' * inner}- {draw(SCALAR)}")
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
    quick = fast.read(text)
    if quick is not fast.NOT_SIMPLE:
        assert slow_issues == [] and _same(quick, slow_data), (text, quick, slow_issues)
    data, issues = reader.load(text)
    assert _same(data, slow_data), text
    assert [i.code for i in issues] == [i.code for i in slow_issues], text


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(canonical_text(), deep_text()))
def test_the_readers_agree(text):
    agree(text)


@settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))
@given(deep_text())
def test_the_readers_agree_at_the_depth_limit(text):
    agree(text)
