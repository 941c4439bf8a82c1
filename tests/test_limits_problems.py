"""A file reports at most limits.PROBLEMS_PER_FILE problems, however many it holds.

A file under 1 MiB once gave 250,000 errors (7 s, 445 MB); a few dozen such files exhausted a CI
runner. Each shape of file below makes far more problems than the limit, through a different
stage (the YAML reader, the schema, the size of the record itself).
"""

from __future__ import annotations

import pytest

from citynet import limits
from citynet.lint.engine import validate

HEAD = "names: {en: X}\ncountry: KR\n"
MANY = 5 * limits.PROBLEMS_PER_FILE


def _shapes() -> dict[str, str]:
    return {
        # the schema: every item of a list is the wrong type
        "schema-items": HEAD + "sources: [" + ", ".join(["1"] * MANY) + "]\n",
        # the schema: unknown keys, each worded with a did-you-mean
        "unknown-keys": HEAD + "sources: [{title: t}]\n" + "".join(
            f"contry{n}: 1\n" for n in range(MANY)),
        # the YAML reader: duplicated keys
        "duplicate-keys": HEAD + "sources: [{title: t}]\n" + "notes: x\n" * MANY,
        # both: duplicated keys whose values are also wrong
        "mixed": HEAD + "sources: [{title: t}]\n" + "level: 7\n" * MANY,
    }


@pytest.mark.parametrize("shape", list(_shapes()))
def test_a_file_with_many_problems_reports_the_limit_and_counts_the_rest(make_registry, shape):
    root = make_registry({"data/cities/x.yaml": _shapes()[shape]})
    found = [p for p in validate(root, use_cache=False).problems if p.path == "data/cities/x.yaml"]
    assert len(found) <= limits.PROBLEMS_PER_FILE + 1
    [summary] = [p for p in found if p.code == "too-many-problems"]
    more = int(summary.message.split()[0])
    assert more >= MANY - limits.PROBLEMS_PER_FILE - 1
    assert f"at most {limits.PROBLEMS_PER_FILE}" in summary.message


def test_a_record_of_too_many_values_is_never_schema_checked(make_registry):
    items = ", ".join(["1"] * (limits.VALUES + 1))
    root = make_registry({"data/cities/x.yaml": HEAD + f"sources: [{items}]\n"})
    found = [p for p in validate(root, use_cache=False).problems if p.path == "data/cities/x.yaml"]
    assert [p.code for p in found] == ["file-too-large"]
    assert f"{limits.VALUES:,}" in found[0].message


def _values(data) -> int:
    """Keys (two each), items and scalars, as the limit counts them."""
    if isinstance(data, dict):
        return sum(2 + _values(item) for item in data.values())
    if isinstance(data, list):
        return sum(1 + _values(item) for item in data)
    return 0


DENSE = {
    "flow keys": "{" + ",".join(f"k{n}" for n in range(300)) + "}\n",
    "one-letter flow keys": "x: {a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,s,t,u,v,w,x,y,z}\n",
    "empty lists": "x: [" + "[]," * 300 + "]\n",
    "empty mappings": "x: [" + "{}," * 300 + "]\n",
    "nulls in a flow list": "x: [" + "~," * 300 + "]\n",
    "nested lists": "x: " + "[" * 60 + "]" * 60 + "\n",
    "block nulls": "x:\n" + "-\n" * 300,
    "nested block lists": "x:\n" + "- - - - a\n" * 50,
    "explicit null keys": "x:\n" + "- ?\n" * 300,
    "single pairs": "x: [" + ",".join("a: b" for _ in range(300)) + "]\n",
}


@pytest.mark.parametrize("shape", list(DENSE))
def test_a_text_holds_at_most_two_values_a_character(shape):
    """Why a text of at most limits.VALUES / 2 characters is never counted: no YAML builds
    more than two of the values the limit counts from one character."""
    from citynet.yaml import reader

    text = DENSE[shape]
    data, _ = reader.load(text)
    assert data is not None
    assert _values(data) <= 2 * len(text)


def test_the_limit_itself_is_not_a_problem(make_registry):
    keys = "".join(f"k{n}: 1\n" for n in range(limits.PROBLEMS_PER_FILE))
    root = make_registry({"data/cities/x.yaml": HEAD + "sources: [{title: t}]\n" + keys})
    found = [p.code for p in validate(root, use_cache=False).problems
             if p.path == "data/cities/x.yaml"]
    assert found == ["schema"] * limits.PROBLEMS_PER_FILE


def test_the_exit_status_counts_a_capped_file_as_failing(cli, make_registry):
    root = make_registry({"data/cities/x.yaml": _shapes()["schema-items"]})
    run = cli("validate", "--format", "json", root=root)
    assert run.exit_code == 1
    codes = [p["code"] for p in run.json()["problems"]]
    assert codes.count("too-many-problems") == 1


def test_a_run_lists_at_most_its_limit_then_names_the_rest(make_registry):
    """Past limits.PROBLEMS_PER_RUN, one last problem counts the rest and is as grave as the
    worst of them, so the exit status is the one every problem would give."""
    files = {f"data/a-{n:05}.yaml": "x: 1\n" for n in range(limits.PROBLEMS_PER_RUN + 5)}
    root = make_registry(files)
    problems = validate(root, use_cache=False).problems
    assert len(problems) == limits.PROBLEMS_PER_RUN + 1
    last = problems[-1]
    assert last.code == "too-many-problems" and last.severity == "warning"
    assert last.message.startswith("5 more problems")
