"""yaml/writer.py (import's fast writer) and every other writer: text stays text for all readers.

Issue 13, point 1: `fmt`, `new`, `import` and `list --format yaml` quote what a
YAML 1.1 reader or yamllint would read as something other than text, and the
fast writer writes byte for byte what `fmt` writes.
"""

import yaml as pyyaml
from hypothesis import given, settings
from hypothesis import strategies as st

from citynet.model.kinds import KINDS
from citynet.yaml import reader, writer
from citynet.yaml.canonical import canonical_text
from test_yaml_canonical import AMBIGUOUS

TEXT = st.one_of(
    st.sampled_from(AMBIGUOUS + ["Seoul", "1968-03", "2018-05-27", "Hồ Chí Minh", "it's", "a: b"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
            min_size=1, max_size=20).filter(lambda s: s.strip() == s and "\n" not in s))


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT, st.sampled_from(["en", "fr", "no", "yes", "on"]))
def test_the_fast_writer_writes_what_fmt_writes_and_every_reader_reads_text(name, note, lang):
    record = {"id": "x", "names": {"en": name, lang: note}, "country": "NO",
              "sources": [{"title": note}]}
    text = writer.dump(record)
    assert canonical_text(text, KINDS["cities"]) == text
    data, issues = reader.load(text)
    assert not issues and data == record
    assert yaml11(text) == record


def yaml11(text):
    """What PyYAML (YAML 1.1) reads; a full date it reads as a date, by design written plain."""
    import datetime

    def text_dates(value):
        if isinstance(value, dict):
            return {k: text_dates(v) for k, v in value.items()}
        if isinstance(value, list):
            return [text_dates(v) for v in value]
        return value.isoformat() if isinstance(value, datetime.date) else value

    return text_dates(pyyaml.safe_load(text))


def test_ambiguous_texts_are_quoted_by_the_fast_writer():
    text = writer.dump({"id": "x", "names": {"en": "yes", "no": "on"}, "country": "NO"})
    assert text == "id: x\nnames:\n  en: 'yes'\n  'no': 'on'\ncountry: 'NO'\n"


def test_new_writes_a_name_that_looks_like_a_number_as_text(cli, make_registry):
    root = make_registry()
    run = cli("new", "city", "--id", "odd", "--name", ".5e3", "--country", "NO", "--level",
              "city", "--source", "yes", root=root)
    assert run.exit_code == 0, run.stderr
    text = (root / "data/cities/odd.yaml").read_text()
    assert "  en: '.5e3'\ncountry: 'NO'\n" in text and "- title: 'yes'\n" in text
    assert cli("show", "odd", "-f", "json", root=root).json()["record"]["names"] == {"en": ".5e3"}
    assert pyyaml.safe_load(text)["country"] == "NO"
    assert cli("validate", root=root).exit_code == 0


def test_import_quotes_norway(cli, make_registry, tmp_path):
    from test_cmd_import import write_csv

    root = make_registry()
    source = write_csv(tmp_path, ["Oslo,Norway,,,Seoul,South Korea,,\n"])
    assert cli("import", "pairs", str(source), root=root).exit_code == 0
    text = (root / "data/cities/oslo.yaml").read_text()
    assert "country: 'NO'\n" in text
    assert cli("fmt", "--check", str(root / "data/cities/oslo.yaml"), root=root).exit_code == 0


def test_list_as_yaml_quotes_texts_other_readers_read_otherwise(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": "names: {en: 'yes'}\ncountry: 'NO'\n"
                                                  "level: city\n"})
    run = cli("list", "cities", "--country", "NO", "-f", "yaml", root=root)
    assert run.exit_code == 0, run.stderr
    assert "'NO'" in run.stdout and "'yes'" in run.stdout
    rows = pyyaml.safe_load(run.stdout)
    assert rows[0]["country"] == "NO" and "yes" in str(rows[0])


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXT, st.from_regex(r"[A-Za-zé][A-Za-z0-9 .,'()/&é-]{0,15}", fullmatch=True),
                 st.sampled_from(["a note\n", "x\n", "a  b", "a ", "Busan\t"])))
def test_the_quick_plain_check_agrees_with_ruamel(text):
    from citynet.yaml.quoting import PLAIN, ambiguous, ruamel_scalar

    if PLAIN.match(text) and not ambiguous(text):
        assert ruamel_scalar(text) == text
