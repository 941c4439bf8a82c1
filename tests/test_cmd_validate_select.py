"""`citynet validate --select/--ignore`: choosing problems by their catalogued code."""

import pytest

from citynet.lint.engine import chosen_codes
from citynet.model.codes import CODES, UnknownCode

# One schema error (a wrong level), one dangling reference, one missing-source warning.
FILES = {
    "data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\nlevel: town\n"
                             "sources: [{title: t}]\n",
    "data/agreements/seoul-atlantis-sister.yaml": "kind: sister\nparties: [seoul, atlantis]\n",
}


def codes_in(run):
    return sorted({problem["code"] for problem in run.json()["problems"]})


def test_without_options_every_problem_is_reported(cli, make_registry):
    run = cli("validate", "-f", "json", root=make_registry(FILES))
    assert codes_in(run) == ["dangling-ref", "missing-source", "schema"]


def test_select_keeps_only_those_codes(cli, make_registry):
    run = cli("validate", "-f", "json", "--select", "schema", root=make_registry(FILES))
    assert (codes_in(run), run.exit_code) == (["schema"], 1)


def test_select_takes_repeats_and_comma_lists(cli, make_registry):
    root = make_registry(FILES)
    repeated = cli("validate", "-f", "json", "--select", "schema", "--select", "missing-source",
                   root=root)
    listed = cli("validate", "-f", "json", "--select", "schema, missing-source", root=root)
    assert codes_in(repeated) == codes_in(listed) == ["missing-source", "schema"]


def test_ignore_leaves_codes_out_and_sets_the_exit_status(cli, make_registry):
    run = cli("validate", "--ignore", "schema,dangling-ref", root=make_registry(FILES))
    assert run.exit_code == 0  # only a warning is left
    assert "[missing-source]" in run.stdout and "[schema]" not in run.stdout
    assert run.stdout.splitlines()[-1] == "7 files checked: 0 errors, 1 warning"


def test_ignore_wins_over_select(cli, make_registry):
    run = cli("validate", "-f", "json", "--select", "schema,dangling-ref", "--ignore", "schema",
              root=make_registry(FILES))
    assert codes_in(run) == ["dangling-ref"]


def test_an_unknown_code_is_a_misuse_with_the_nearest_code(cli, make_registry):
    run = cli("validate", "--select", "dangling-refs", root=make_registry(FILES))
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "unknown problem code 'dangling-refs' (did you mean 'dangling-ref'?)" in run.stderr
    assert "Traceback" not in run.stderr


def test_an_unknown_code_far_from_any_points_at_the_docs(cli, make_registry):
    run = cli("validate", "--ignore", "xyzzy", root=make_registry())
    assert run.exit_code == 2
    assert "docs/codes.md" in run.stderr


def test_chosen_codes_through_the_library():
    assert chosen_codes() is None
    assert chosen_codes(select=["schema"]) == {"schema"}
    opt_in = {name for name, code in CODES.items() if code.opt_in}
    assert chosen_codes(ignore=["schema"]) == set(CODES) - {"schema"} - opt_in
    with pytest.raises(UnknownCode):
        chosen_codes(ignore=["schemas"])
