"""The fast reader of canonical files gives exactly what libyaml gives, or steps aside."""

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citynet.yaml import fast
from citynet.yaml import reader
from citynet.yaml.canonical import round_trip
from conftest import SHIPPED


def libyaml(text):
    return reader.load_libyaml(text)


def test_every_shipped_file_reads_the_same():
    files = sorted((SHIPPED / "data").rglob("*.yaml"))
    simple = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        quick = fast.read(text)
        if quick is not fast.NOT_SIMPLE:
            simple += 1
            assert quick == libyaml(text)[0], path
    assert simple == len(files)  # the shipped data is canonical, so all of it


TEXT = st.text(alphabet=string.ascii_letters + string.digits + " -:#'\"?!&*%@`.,[]{}|>~éĐ한",
               max_size=15)
SCALAR = st.one_of(TEXT, st.integers(-1000, 1000), st.booleans(), st.none(),
                   st.floats(allow_nan=False, allow_infinity=False),
                   st.sampled_from(["NO", "yes", "~", "null", "1968", "2017-03", "-1", "-",
                                    "- a", "a: b", "a #b", "'q'", "0x1F", ".inf", "1e3"]))
KEY = st.from_regex(r"[a-z_][a-z0-9_-]{0,8}", fullmatch=True)
DATA = st.recursive(SCALAR, lambda children: st.one_of(
    st.lists(children, min_size=1, max_size=3),
    st.dictionaries(KEY, children, min_size=1, max_size=3)), max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(KEY, DATA, min_size=1, max_size=5))
def test_canonical_dumps_read_the_same(data):
    import io

    stream = io.StringIO()
    yaml = round_trip()
    yaml.dump(json.loads(json.dumps(data)), stream)
    text = stream.getvalue()
    quick = fast.read(text)
    if quick is not fast.NOT_SIMPLE:
        reference, issues = libyaml(text)
        assert not issues and quick == reference


LINES = st.lists(st.tuples(st.sampled_from([0, 2, 4]),
                           st.sampled_from(["a:", "b: x", "- c", "- d: 1", "e: 'f''g'", "h: -2",
                                            "i: \"j\"", "k: ~", "l: yes", "m: a #b", "n: [1]",
                                            "- - o", "p:  q", "1: r", "true: s", "a: dup"])),
                 min_size=1, max_size=8)


@settings(max_examples=500, deadline=None)
@given(LINES)
def test_random_block_texts_read_the_same_or_step_aside(lines):
    text = "".join(" " * indent + content + "\n" for indent, content in lines)
    quick = fast.read(text)
    if quick is not fast.NOT_SIMPLE:
        reference, issues = libyaml(text)
        assert not issues, (text, issues)
        assert quick == reference, text
