"""citynet.toml (issue 25): the defaults of a registry's commands, checked against one
declaration, read as hostile content, with a JSON Schema and a page of docs."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citynet.errors import ConfigError
from citynet.model.config import KEYS, SECTIONS, parse, template

from conftest import SHIPPED

RULE_BREACH = """\
names: {en: ASCN}
kind: network
rules: {max_members_per_country: {limit: 1}}
sources: [{title: t}]
"""
"""An organisation whose rule its two Korean members break: one warning, rule-breach."""
MEMBERS = {
    "data/organisations/ascn.yaml": RULE_BREACH,
    "data/memberships/seoul-ascn.yaml": "member: seoul\norganisation: ascn\nsources: [{title: t}]\n",
    "data/memberships/busan-ascn.yaml": "member: busan\norganisation: ascn\nsources: [{title: t}]\n",
    "data/cities/busan.yaml": "names: {en: Busan}\ncountry: KR\nsources: [{title: t}]\n",
    "data/cities/lonely.yaml": "names: {en: Lonely}\ncountry: KR\n",
}


# -- the declaration, checked ------------------------------------------------------------------

@pytest.mark.parametrize("text,line,message", [
    ('[validate]\nselct = ["schema"]\n', 2,
     "[validate] has no key 'selct'; did you mean 'select'? (keys: select, ignore, "
     "extend-select, strict)"),
    ("[valdate]\nstrict = true\n", 1, "unknown section [valdate]; did you mean [validate]?"),
    ("strict = true\n", 1, "strict is in no section: write it under [validate] (or [report], "
                           "[export])"),
    ('[validate]\nlang = "fr"\n', 2, "[validate] has no key 'lang'; it belongs in [report] or "
                                     "[site]"),
    ('# settings\n[validate]\n\nstrict = "yes"\n', 4,
     "[validate] strict: must be true or false, not 'yes' (write strict = true, without "
     "quotes)"),
    ('[validate]\nignore = "missing-source, rule-breach"\n', 2,
     '[validate] ignore: must be a list of texts, not \'missing-source, rule-breach\' (write '
     'ignore = ["missing-source", "rule-breach"])'),
    ('[validate]\nignore = [1]\n', 2, "[validate] ignore: each must be a text, not 1"),
    ('[validate]\nselect = ["schema",\n  "dangling-reff"]\n', 2,
     "[validate] select: 'dangling-reff' is not one of the codes in docs/codes.md; did you "
     "mean 'dangling-ref'?"),
    ('[report]\nlang = "fre"\n', 2,
     "[report] lang: 'fre' is not one of en, fr, es, pt, vi; did you mean 'fr'?"),
    ('[site]\nlang = ["en", "de"]\n', 2, "[site] lang: 'de' is not one of en, fr, es, pt, vi"),
    ('[site]\nbase-url = "ftp://example.org"\n', 2,
     "[site] base-url: 'ftp://example.org' is not an http(s) address"),
    ('validate.select = ["bogus"]\n', 1, "[validate] select: 'bogus' is not one of the codes"),
    ("[validate]\nstrict = true\nstrict = false\n", 3, "not TOML: Cannot overwrite a value"),
    ("[validate\n", 1, "not TOML: "),
    ("[validate]\n[validate]\n", 2, "not TOML: the table [validate] is declared twice"),
    ('["a b".c]\n["a b".c]\n', 2, 'not TOML: the table ["a b".c] is declared twice'),
    ("x = [1,\n", 1, "not TOML: Invalid value where the file ends"),
    ("x = " + "[" * 20000 + "]" * 20000, None, "not read: its values are nested too deep"),
])
def test_a_mistake_names_the_line_the_key_and_the_nearest_name(text, line, message):
    with pytest.raises(ConfigError) as raised:
        parse(text)
    assert raised.value.line == line
    assert message in str(raised.value)
    assert str(raised.value).startswith("citynet.toml" + (f":{line}" if line else "") + ":")


def test_every_declared_key_reads_back_and_an_empty_file_sets_nothing():
    from citynet.model.config import BOOL, TEXTS

    for declared in KEYS:
        value = parse(f"[{declared.section}]\n{declared.name} = {declared.example}\n")
        expected = json.loads(declared.example)
        assert value.get(declared.section, declared.name) == expected
        assert isinstance(expected, bool) == (declared.holds == BOOL)
        assert isinstance(expected, list) == (declared.holds == TEXTS)
    assert parse("").values == {} and parse(template()).values == {}


# -- the commands read it, and the command line wins ---------------------------------------

def test_validate_takes_its_codes_and_strictness_from_the_file(cli, make_registry):
    root = make_registry(MEMBERS)
    plain = cli("validate", root=root)
    assert plain.exit_code == 0 and "[rule-breach]" in plain.stdout
    assert "[missing-source]" in plain.stdout
    (root / "citynet.toml").write_text('[validate]\nignore = ["missing-source"]\n'
                                       "strict = true\n")
    run = cli("validate", root=root)
    assert run.exit_code == 1 and "[missing-source]" not in run.stdout
    assert "[rule-breach]" in run.stdout
    assert cli("validate", "--no-strict", root=root).exit_code == 0
    wins = cli("validate", "--ignore", "rule-breach", root=root)  # replaces the file's list
    assert "[missing-source]" in wins.stdout and "[rule-breach]" not in wins.stdout


def test_an_opt_in_check_is_added_by_the_file_and_by_its_option(cli, make_registry):
    root = make_registry(MEMBERS)
    assert "one-sided-agreement" not in cli("validate", "-f", "json", root=root).stdout
    assert "one-sided-agreement" in cli("validate", "--extend-select", "one-sided-agreement",
                                        "-f", "json", root=root).stdout
    (root / "citynet.toml").write_text('[validate]\nextend-select = ["one-sided-agreement"]\n')
    codes = {p["code"] for p in cli("validate", "-f", "json", root=root).json()["problems"]}
    assert {"one-sided-agreement", "rule-breach", "missing-source"} <= codes


def test_report_takes_its_language_from_the_file(cli, make_registry):
    root = make_registry()
    english = cli("report", "partners", "seoul", root=root).stdout
    (root / "citynet.toml").write_text('[report]\nlang = "fr"\n')
    french = cli("report", "partners", "seoul", root=root).stdout
    assert french != english and "Séoul" in french
    assert cli("report", "partners", "seoul", "--lang", "en", root=root).stdout == english


def test_export_takes_strict_from_the_file(cli, make_registry, tmp_path):
    root = make_registry({"data/cities/broken.yaml": "names: {en: B}\n"})
    assert cli("export", root=root).exit_code == 0
    (root / "citynet.toml").write_text("[export]\nstrict = true\n")
    assert cli("export", root=root).exit_code == 1
    assert cli("export", "--no-strict", root=root).exit_code == 0


def test_site_build_takes_its_languages_and_address_from_the_file(cli, make_registry, tmp_path):
    root = make_registry()
    (root / "citynet.toml").write_text('[site]\nlang = ["fr"]\n'
                                       'base-url = "https://example.org/net/"\n')
    run = cli("site", "build", str(tmp_path / "site"), root=root)
    assert run.exit_code == 0, run.stderr
    assert "in 1 language(s)" in run.stdout
    assert "https://example.org/net/" in "".join(
        p.read_text(errors="replace") for p in (tmp_path / "site").rglob("*.atom"))


def test_a_mistake_stops_the_command_in_one_line_from_where_the_user_stands(
        cli, make_registry, monkeypatch):
    root = make_registry()
    (root / "citynet.toml").write_text('[validate]\nselct = ["schema"]\n')
    run = cli("validate", root=root)
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == ("citynet: error: citynet.toml:2: [validate] has no key 'selct'; "
                          "did you mean 'select'? (keys: select, ignore, extend-select, "
                          "strict)\n")
    monkeypatch.chdir(root / "data" / "cities")
    assert cli("validate", root=root).stderr.startswith(
        "citynet: error: ../../citynet.toml:2: [validate]")
    assert cli("list", "cities", root=root).exit_code == 0  # list reads no settings


# -- hostile ---------------------------------------------------------------------------------

@pytest.mark.parametrize("make,message", [
    (lambda p: p.symlink_to("/etc/passwd"), "not read: a symbolic link"),
    (lambda p: p.mkdir(), "not read: a folder"),
    (lambda p: os.mkfifo(p), "not read: a device, pipe or socket"),
    (lambda p: p.write_bytes(b"# " + b"x" * 70_000 + b"\n"), "not read: larger than 64 KiB"),
    (lambda p: p.write_bytes(b"[report]\nlang = '\xff'\n"), "not read: not UTF-8 text"),
    (lambda p: [(p.parent / "elsewhere.toml").write_text("[report]\nlang = 'fr'\n"),
                os.link(p.parent / "elsewhere.toml", p)], "not a plain file with one name"),
])
def test_a_link_a_special_file_or_an_oversized_one_is_refused(cli, make_registry, make,
                                                            message):
    root = make_registry()
    make(root / "citynet.toml")
    run = cli("validate", root=root)
    assert run.exit_code == 2 and message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("text,message", [
    ("[validate]\nstrict = " + "1" * 5000 + "\n", "a number longer than Python reads"),
    ("[validate]\nstrict = 0x" + "f" * 4000 + "\n", "not a number of 16000 bits"),
    ("[site]\nbase-url = 0b" + "1" * 20_000 + "\n", "not a number of 20000 bits"),
    ("[validate]\n" + "k" * 60_000 + " = 1\n", "has no key 'kkkkk"),
    ('[site]\nlang = ["' + "s" * 60_000 + '"]\n', "is not one of"),
    ("[site]\nbase-url = '" + "u" * 60_000 + "'\n", "is not an http(s) address"),
    ("[" + "x" * 60_000 + "]\n", "unknown section [xxx"),
])
def test_any_value_is_one_short_line(cli, make_registry, text, message):
    """What tomllib itself cannot read past (an integer over Python's 4300 digits was an
    internal error), and a key, section or value as long as the file: one line, exit 2,
    quoting no more than a few dozen characters of it."""
    root = make_registry()
    (root / "citynet.toml").write_text(text)
    run = cli("validate", root=root)
    assert run.exit_code == 2, run.stderr
    assert message in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and len(run.stderr) < 400, run.stderr


def test_the_file_is_read_with_tomllib_alone_and_only_by_the_commands_it_sets(make_registry):
    """TOML is data; and start-up stays light: a command it does not set never reads it."""
    source = (Path(__file__).resolve().parent.parent / "src/citynet/model/config.py").read_text()
    assert "tomllib" in source and not re.search(r"\b(eval|exec|import_module)\(", source)
    root = make_registry()
    (root / "citynet.toml").write_text('[report]\nlang = "fr"\n')
    code = ("import sys; from citynet.cli import main\ntry: main(sys.argv[1:])\n"
            "except SystemExit: pass\n"
            "sys.stderr.write('@@' + str('citynet.store.config' in sys.modules))")
    for args, reads in ((["list", "cities"], False), (["show", "seoul"], False),
                        (["validate"], True)):
        done = subprocess.run([sys.executable, "-c", code, *args], cwd=root, text=True,
                              capture_output=True, timeout=120)
        assert done.stderr.rsplit("@@", 1)[1] == str(reads), args


# -- its schema, its docs, init ------------------------------------------------------------

def _check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess[str]:
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent /
                                                   "check-jsonschema")
    return subprocess.run([tool, "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True)


def test_the_schema_accepts_the_shipped_file_and_refuses_a_bad_one(cli, tmp_path):
    assert cli("schema").json()["citynet.toml"]["title"] == "citynet.toml"
    cli("schema", "--output", str(tmp_path / "schemas"))
    schema = tmp_path / "schemas" / "citynet.toml.schema.json"
    shipped = SHIPPED / "citynet.toml"
    parse(shipped.read_text())  # citynet reads it too
    assert _check_jsonschema(schema, [shipped]).returncode == 0
    (tmp_path / "template.toml").write_text(template())
    assert _check_jsonschema(schema, [tmp_path / "template.toml"]).returncode == 0
    bad = tmp_path / "citynet.toml"
    bad.write_text('[validate]\nselct = ["schema"]\nstrict = "yes"\n[site]\nlang = ["de"]\n')
    done = _check_jsonschema(schema, [bad])
    assert done.returncode == 1
    assert "'selct' was unexpected" in done.stdout and "'yes' is not of type 'boolean'" in \
        done.stdout and "'de' is not one of" in done.stdout


def test_the_docs_describe_every_key_and_no_other():
    docs = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text()
    documented = set()
    for section, body in re.findall(r"^### `\[(\w+)\]`\n(.*?)(?=^### |\Z)", docs, re.M | re.S):
        documented |= {(section, name) for name in re.findall(r"^\| `([\w-]+)` \|", body,
                                                              re.M)}
        assert SECTIONS[section].strip("`") in body or SECTIONS[section] in body
    assert documented == {(k.section, k.name) for k in KEYS}
    for declared in KEYS:
        assert f"`{declared.option}`" in docs


def test_init_writes_a_settings_file_with_every_key_ready_to_set(cli, tmp_path):
    assert cli("init", str(tmp_path / "reg")).exit_code == 0
    text = (tmp_path / "reg" / "citynet.toml").read_text()
    assert parse(text).values == {}
    for declared in KEYS:
        head, _, rest = text.partition(f"[{declared.section}]\n")
        uncommented = head + f"[{declared.section}]\n" + rest.replace(
            f"# {declared.name} = ", f"{declared.name} = ", 1)
        assert parse(uncommented).get(declared.section, declared.name) is not None
    assert cli("validate", root=tmp_path / "reg").exit_code == 0
