"""`citynet fmt`: canonical form, comments and values kept, atomic, idempotent."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citynet.yaml import reader
from citynet.yaml.canonical import FormatError, canonical_text
from citynet.model.kinds import KINDS
from conftest import SHIPPED

MESSY = """\
# Oslo, as the source gives it
country: NO   # Norway, not false
names: {no: Oslo, en: Oslo}
level: city
sources:
  - as_of: 2018-05-27
    title: "Some source"
notes: 'line: with colon'
"""


def load(text):
    data, _ = reader.load(text)
    return data


def comments(text):
    """The marked comments of a generated text (values can hold '#', never 'cmt_');
    fmt strips the spaces that end a line, comments' too."""
    import re

    return sorted(c.rstrip() for c in re.findall(r"# (cmt_[a-z ]*)", text))


def test_floats_keep_their_text():
    text = "names: {en: X}\nlocation: {lat: 2.966074564594893e+16, lon: 127.0}\n"
    assert "lat: 2.966074564594893e+16\n" in canonical_text(text, KINDS["cities"])


def test_canonical_order_style_and_comments():
    result = canonical_text(MESSY, KINDS["cities"])
    assert result == (
        "# Oslo, as the source gives it\n"
        "names:\n  en: Oslo\n  'no': Oslo\n"
        "country: 'NO'   # Norway, not false\n"
        "level: city\n"
        "sources:\n- title: Some source\n  as_of: 2018-05-27\n"
        "notes: 'line: with colon'\n")
    assert load(result) == load(MESSY)


def test_idempotent_on_messy_input():
    once = canonical_text(MESSY, KINDS["cities"])
    assert canonical_text(once, KINDS["cities"]) == once


def test_unknown_keys_are_kept_last():
    text = "extra: 1\nnames: {en: X}\ncountry: KR\nlevel: city\n"
    assert canonical_text(text, KINDS["cities"]).endswith("extra: 1\n")


def test_dates_stay_as_written():
    text = "kind: sister\nparties: [a, b]\nsigned: 2018-5-7\nended: '2019'\n"
    result = canonical_text(text, KINDS["agreements"])
    assert "signed: 2018-5-7\n" in result and "ended: '2019'\n" in result


@pytest.mark.parametrize("text", ["a: [", "a: 1\na: 2\n", "a: &x 1\nb: *x\n", "", "- 1\n"])
def test_unsafe_files_are_refused(text):
    with pytest.raises(FormatError):
        canonical_text(text, KINDS["cities"])


def test_shipped_data_is_canonical(cli):
    run = cli("fmt", "--check", root=SHIPPED)
    assert run.exit_code == 0, run.stdout
    assert run.stdout.endswith(" unchanged\n") and run.stdout.startswith("0 files")


def test_fmt_rewrites_and_reports(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": MESSY}, base=False)
    run = cli("fmt", root=root)
    assert run.exit_code == 0
    assert "reformatted data/cities/oslo.yaml" in run.stdout
    assert (root / "data/cities/oslo.yaml").read_text().startswith("# Oslo")
    assert cli("fmt", "--check", root=root).exit_code == 0


def test_check_names_files_and_writes_nothing(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": MESSY}, base=False)
    run = cli("fmt", "--check", root=root)
    assert run.exit_code == 1
    assert "would reformat data/cities/oslo.yaml" in run.stdout
    assert (root / "data/cities/oslo.yaml").read_text() == MESSY


def test_diff_prints_a_unified_diff_and_writes_nothing(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": MESSY}, base=False)
    run = cli("fmt", "--diff", root=root)
    assert run.exit_code == 0
    assert run.stdout.startswith("--- a/data/cities/oslo.yaml\n+++ b/data/cities/oslo.yaml\n")
    assert "-names: {no: Oslo, en: Oslo}" in run.stdout
    assert (root / "data/cities/oslo.yaml").read_text() == MESSY


def test_broken_file_is_reported_and_untouched(cli, make_registry):
    root = make_registry({"data/cities/bad.yaml": "names: [\n"}, base=False)
    run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert "data/cities/bad.yaml: error [fmt] not formatted:" in run.stderr
    assert (root / "data/cities/bad.yaml").read_text() == "names: [\n"


def test_paths_limit_fmt(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": MESSY,
                          "data/agreements/x.yaml": "parties: [seoul, ottawa]\nkind: sister\n"},
                         base=False)
    run = cli("fmt", str(root / "data/agreements"), root=root)
    assert "reformatted data/agreements/x.yaml" in run.stdout
    assert (root / "data/cities/oslo.yaml").read_text() == MESSY


def test_file_mode_is_kept(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": MESSY}, base=False)
    path = root / "data/cities/oslo.yaml"
    path.chmod(0o600)
    cli("fmt", root=root)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_failed_write_leaves_the_old_file(cli, make_registry):
    """A disk that fails once the new text is written beside the file: fmt says so in one
    line, and the file and its folder are as they were."""
    from citynet.store import atomic

    root = make_registry({"data/cities/oslo.yaml": MESSY}, base=False)

    def full_disk(what):
        if what.endswith("written beside it"):
            raise OSError(28, "No space left on device")

    with atomic.watching(full_disk):
        run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert run.stderr == ("data/cities/oslo.yaml: error [fmt] not formatted: No space left on "
                          "device\n")
    assert (root / "data/cities/oslo.yaml").read_text() == MESSY
    assert sorted(p.name for p in (root / "data/cities").iterdir()) == ["oslo.yaml"]


# Property tests: any record text fmt accepts comes back with the same data and comments.

SCALAR_TEXT = st.text(alphabet=string.ascii_letters + string.digits + " :-#'\"éàĐ.,?!&*[]{}|>%@`",
                      min_size=1, max_size=12).filter(lambda s: s.strip() == s and s)
TRICKY = st.sampled_from(["NO", "yes", "on", "null", "~", "1968", "2017-03", "2018-05-27",
                          "0x1F", "1e3", "true", "- x", "a: b", "#x", "'q'", "<<"])
VALUE = st.one_of(SCALAR_TEXT, TRICKY, st.integers(-10_000, 10_000), st.booleans(),
                  st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32))
FIELDS = ["id", "names", "country", "level", "capital", "notes", "sources", "zz-extra"]


@st.composite
def record_texts(draw):
    import json

    keys = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=len(FIELDS), unique=True))
    lines = []
    for key in keys:
        comment = draw(st.one_of(st.none(), st.from_regex(r"cmt_[a-z ]{0,10}", fullmatch=True)))
        if key == "names":
            langs = draw(st.lists(st.sampled_from(["en", "fr", "es", "vi"]), min_size=1,
                                  unique=True))
            lines.append("names:" + (f"  # {comment}" if comment else ""))
            lines += [f"  {lang}: {json.dumps(draw(SCALAR_TEXT), ensure_ascii=False)}"
                      for lang in langs]
        elif key == "sources":
            lines.append("sources:")
            lines.append(f"  - title: {json.dumps(draw(SCALAR_TEXT), ensure_ascii=False)}")
        else:
            value = json.dumps(draw(VALUE), ensure_ascii=False)
            lines.append(f"{key}: {value}" + (f"  # {comment}" if comment else ""))
    if draw(st.booleans()):
        lines.insert(0, "# cmt_heading")
    return "\n".join(lines) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_texts())
def test_fmt_keeps_data_and_comments_and_is_idempotent(text):
    result = canonical_text(text, KINDS["cities"])
    assert load(result) == load(text)
    assert comments(result) == comments(text)
    assert canonical_text(result, KINDS["cities"]) == result
    assert result.endswith("\n") and not result.endswith("\n\n")


# Issue 13: comments kept by their key through the CLI, links kept, refusals leave the file.

COMMENTED = """\
# Oslo
level: city  # a city, not a region
country:  # Norway
  'NO'
names: {no: Oslo,  # bokmål
  en: Oslo}
...
# end
"""


def test_fmt_keeps_every_comment_through_the_cli(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": COMMENTED}, base=False)
    assert cli("fmt", root=root).exit_code == 0
    assert (root / "data/cities/oslo.yaml").read_text() == (
        "# Oslo\nnames:\n  en: Oslo\n  'no': Oslo  # bokmål\ncountry: 'NO'  # Norway\n"
        "level: city  # a city, not a region\n# end\n")
    assert cli("fmt", "--check", root=root).exit_code == 0


def test_a_link_in_the_registry_is_read_and_never_written_through(cli, make_registry):
    """Issue 23: a full fmt rewrote .github/workflows/ci.yml through a link in data/cities/."""
    workflow = "on: push\njobs: {ci: {runs-on: ubuntu-latest}}  # ours\n"
    root = make_registry({"shared/oslo.yaml": MESSY, ".github/workflows/ci.yml": workflow},
                         base=False)
    link = root / "data/cities/oslo.yaml"
    link.parent.mkdir(parents=True)
    link.symlink_to("../../shared/oslo.yaml")
    (root / "data/cities/ci.yaml").symlink_to("../../.github/workflows/ci.yml")
    run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert run.stderr.splitlines() == [
        f"data/cities/{name}.yaml: error [fmt] not formatted: data/cities/{name}.yaml is a link: "
        "citynet never writes through a link" for name in ("ci", "oslo")]
    assert link.is_symlink() and (root / "data/cities/ci.yaml").is_symlink()
    assert (root / "shared/oslo.yaml").read_text() == MESSY
    assert (root / ".github/workflows/ci.yml").read_text() == workflow
    check = cli("fmt", "--check", root=root)  # read as validate reads it
    assert check.exit_code == 1 and "would reformat data/cities/oslo.yaml" in check.stdout


def test_a_refused_file_is_named_with_the_reason_and_left_as_it_was(cli, make_registry):
    text = "names: {en: X}  # kept\na: &x 1\nb: *x\n"
    root = make_registry({"data/cities/x.yaml": text}, base=False)
    run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert "data/cities/x.yaml: error [fmt] not formatted:" in run.stderr
    assert (root / "data/cities/x.yaml").read_text() == text
