"""A Tab answered without typer's parse (`citynet.cli.tab`) says exactly what typer says.

Every line is asked twice in this process, with the same environment: once of the fast
answer, once of typer through the app (`run`, as `main` falls back to it). Where the fast
answer answers, its output on stdout and stderr and its exit status must be typer's, word
for word; where it is unsure it must have written nothing. The lines are made from the
app's own commands and options (hypothesis), on a registry whose ids hold what a shell
treats specially, with hostile words typed (newlines, `:`, quotes, `$`, backticks,
escapes, bytes that are not UTF-8), for bash, zsh and fish as typer's scripts drive them.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer.core
import typer.main
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from citynet.cli import COMPLETE_VAR, tab
from citynet.cli.app import COMMANDS, app, run

from conftest import BASE, write_registry

ODD_IDS = ["o'brien", 'say-"hi"', "cost$5", "back`tick", "a:b", "two words", "semi;colon",
           "star*", "back\\slash", "-dash", "=equals", "comma,city", "séoul", "tab\tcity",
           "esc\x1bcity", "new\nline"]
"""City files named so: a shell, zsh's `_arguments` or click's echo treat each specially
(the last two are not offered at all: not one printable word)."""

HOSTILE = ["se", "s", "t", "o", "c", "a", "city", "agreement", "partners", "network", "json",
           "seoul", "metropolis", "seoul-metropolis", ".", "", "a:b", "$HOME", "`id`", "'", '"',
           "\\", "a b", "\n", "x\ny", "\x1b[31m", ",", "seoul,ta", "é", "\udcff", "/no/such",
           "nonsense", "=", ":", "-", "--", "-x", "--nope", "-d"]
"""Words typed: prefixes of ids, kinds, reports, and text no id holds."""


@pytest.fixture(scope="module")
def registry(tmp_path_factory) -> Path:
    files = dict(BASE)
    files["data/organisations/metropolis.yaml"] = "names: {en: Metropolis}\nkind: network\n"
    files["data/memberships/seoul-metropolis.yaml"] = "member: seoul\norganisation: metropolis\n"
    files["data/groupings/un-regions.yaml"] = "names: {en: Regions}\n"
    for name in ODD_IDS:
        files[f"data/cities/{name}.yaml"] = "names: {en: Odd}\n"
    return write_registry(tmp_path_factory.mktemp("tab") / "registry", files)


@contextlib.contextmanager
def environment(where: Path, env: dict[str, str]) -> Iterator[None]:
    """Run with exactly these completion variables (and no CITYNET_ROOT) from `where`."""
    saved, here = dict(os.environ), os.getcwd()
    for name in ("CITYNET_ROOT", "COMP_WORDS", "COMP_CWORD", "_TYPER_COMPLETE_ARGS",
                 "_TYPER_COMPLETE_FISH_ACTION", COMPLETE_VAR):
        os.environ.pop(name, None)
    os.environ.update(env)
    os.chdir(where)
    try:
        yield
    finally:
        os.chdir(here)
        os.environ.clear()
        os.environ.update(saved)


def answers(where: Path, env: dict[str, str]) -> tuple[tuple, tuple]:
    """(the fast answer, typer's): each as (exit status, stdout, stderr), the fast one's as
    `main` writes it; its status is None when it left the line to typer."""
    said = []
    for ask in (lambda: tab.answer(env[COMPLETE_VAR]), lambda: run([])):
        out, err = io.StringIO(), io.StringIO()
        with environment(where, env), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            said.append((ask(), out.getvalue(), err.getvalue()))
    (answered, *nothing), typer_said = said
    assert nothing == ["", ""], "the fast answer wrote itself: main writes it"
    text, status = answered if answered is not None else (None, None)
    return (status, "" if text is None else text + "\n", ""), typer_said


def check(where: Path, env: dict[str, str]) -> tuple:
    fast, typer_said = answers(where, env)
    if fast[0] is not None:
        assert fast == typer_said, env
    if currently_in_test_context():
        event("typer answered" if fast[0] is None else "answered fast")
    return fast


def bash(*words: str, typed: str) -> dict[str, str]:
    """The environment typer's bash script sets for `citynet WORDS TYPED<Tab>`."""
    line = ["citynet", *words, typed]
    return {COMPLETE_VAR: "complete_bash", "COMP_WORDS": " ".join(line),
            "COMP_CWORD": str(len(line) - 1)}


def upto(shell: str, text: str, action: str = "get-args") -> dict[str, str]:
    """The environment typer's zsh or fish script sets: the line up to the cursor."""
    env = {COMPLETE_VAR: f"complete_{shell}", "_TYPER_COMPLETE_ARGS": text}
    return {**env, "_TYPER_COMPLETE_FISH_ACTION": action} if shell == "fish" else env


# -- the common lines are answered fast, as typer answers them ---------------------------------

COMMON = [
    ("show", "se"), ("show", ""), ("show --kind city", "se"), ("show --kind=city", "o"),
    ("show -f json", "t"), ("show --format=json --kind agreement", "seoul-"),
    ("--root . show", "ta"), ("--no-cache show", "me"), ("show --root .", "ta"),
    ("list agreements --city", "s"), ("list memberships --organisation", ""),
    ("list agreements --status", ""), ("list organisations --kind", ""),
    ("list cities --format", "j"), ("report partners", "o"), ("report network", "m"),
    ("report", "p"), ("report partners seoul --lang", ""), ("report partners --grouping", "u"),
    ("rename city", "t"), ("rename organisation", ""), ("rename", "ci"),
    ("end", "seoul-"), ("suspend --dry-run", "seoul-m"), ("end --how", ""),
    ("merge seoul", "t"), ("succeed --from", "o"), ("succeed --renamed", "ta"),
    ("new agreement --parties", "seoul,t"), ("new membership --member", "s"),
    ("new", "ci"), ("show", "a:"), ("show", "o'"), ("show", "cost$"), ("show", "back`"),
    ("show", "-"), ("show", "comma,"), ("list agreements", "--city=s"),
]


@pytest.mark.parametrize("words,typed", COMMON, ids=[" ".join(c) for c in COMMON])
def test_common_lines_are_answered_fast_as_typer_answers(registry, words, typed):
    env = bash(*words.split(), typed=shlex.quote(typed) if typed else "")
    if typed.startswith("-") and "=" not in typed:  # an option's name: typer's to complete
        assert check(registry, env)[0] is None
        return
    assert check(registry, env)[0] == 0


def test_odd_ids_are_offered_as_typer_offers_them_in_each_shell(registry):
    for typed in ["", "o'", "a", "back", "co", "s", "two", "=", "ta"]:
        quoted = shlex.quote(typed) if typed else ""
        assert check(registry, bash("show", typed=quoted))[0] == 0
        assert check(registry, upto("zsh", f"citynet show {quoted}"))[0] == 0
        for action in ("get-args", "is-args", ""):
            check(registry, upto("fish", f"citynet show {quoted}", action))
    offered = answers(registry, upto("zsh", "citynet show a"))[0][1]
    assert offered.startswith("_arguments '*: :((") and '"a\\\\:b"' in offered
    assert answers(registry, bash("show", typed="new"))[0] == (0, "\n", "")  # not one word


def test_fish_asks_whether_there_is_anything_by_the_exit_status(registry):
    assert answers(registry, upto("fish", "citynet show ta", "is-args"))[0] == (0, "", "")
    assert answers(registry, upto("fish", "citynet show zz", "is-args"))[0] == (1, "", "")
    assert answers(registry, upto("zsh", "citynet show zz"))[0] == (0, "_files\n", "")


def test_unusual_lines_are_left_to_typer(registry):
    for words, typed in [("show --", "s"), ("--version show", "s"), ("-h show", "s"),
                         ("show -fjson", "s"), ("show --nope", "s"), ("show --no-cache=1", "s"),
                         ("show --kind -x", "s"), ("import pairs", "x"), ("", "li"),
                         ("--root", ""), ("show seoul", ""), ("validate", "x"),
                         ("duplicates --distinct", "s"), ("show", "--k")]:
        assert check(registry, bash(*words.split(), typed=typed))[0] is None, (words, typed)
    assert check(registry, {COMPLETE_VAR: "complete_bash", "COMP_WORDS": "citynet show s",
                            "COMP_CWORD": "x"})[0] is None
    assert check(registry, {COMPLETE_VAR: "source_bash"})[0] is None
    assert check(registry, {COMPLETE_VAR: "complete_powershell",
                            "_TYPER_COMPLETE_ARGS": "citynet show s"})[0] is None


ODD_ENVIRONMENTS = [
    {"COMP_WORDS": "citynet show se", "COMP_CWORD": cword}
    for cword in ("99", "-1", "0", " 2 ", "2\n", "+2", "\u0662", "1_0", "99999999999999999999")
] + [{"COMP_WORDS": "citynet show se"}, {"COMP_CWORD": "2"}] + [
    {"COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)} for words in (
        "citynet --root . --root /no/such show s", "citynet --root /no/such --root . show s",
        "citynet show --kind city --kind agreement s", "citynet --root /dev/null show s",
        "citynet --root data/cities/seoul.yaml show s", "citynet --no-cache --no-cache show s",
        "citynet show --format json --format")
] + [{"COMP_WORDS": "citynet show s", "COMP_CWORD": "2", "CITYNET_ROOT": where}
     for where in ("/no/such", "", "/dev/null", "data", "data/cities/seoul.yaml")]
"""Environments a careless user or a hostile one makes: the word's place out of range,
negative or not a number, a variable missing, options given twice, a root that is a
device, a file or nothing."""


@pytest.mark.parametrize("env", ODD_ENVIRONMENTS, ids=range(len(ODD_ENVIRONMENTS)))
def test_odd_environments_are_answered_as_typer_answers_them(registry, env):
    check(registry, {COMPLETE_VAR: "complete_bash", **env})


def test_a_root_that_is_a_pipe_is_answered_as_typer_answers_it(registry, tmp_path):
    os.mkfifo(tmp_path / "fifo")
    for env in (bash("--root", str(tmp_path / "fifo"), "show", typed="s"),
                {**bash("show", typed="s"), "CITYNET_ROOT": str(tmp_path / "fifo")}):
        check(registry, env)


def test_a_tab_on_an_id_imports_no_pydantic(registry):
    """Through a fresh interpreter, as the shell runs it: the answer, and what it imported."""
    code = ("import sys; from citynet.cli import main; status = main([]); "
            "sys.stderr.write(str(status) + ' ' + str('pydantic' in sys.modules))")
    env = {**os.environ, **bash("show", typed="tai")}
    env.pop("CITYNET_ROOT", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=registry,
                          capture_output=True, text=True, timeout=120)
    assert (done.stdout, done.stderr) == ("taipei\n", "0 False")


# -- any line made of the app's own words ------------------------------------------------------

def _commands() -> dict[str, list]:
    """Each command's parameters, as typer builds them."""
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    top = typer.Context(group, info_name="citynet", **group.context_settings)
    found = {"": group.get_params(top)}
    for name in COMMANDS:
        _, command, _ = group.resolve_command(top, [name])
        found[name] = command.get_params(typer.Context(command, info_name=name, parent=top))
    return found


PARAMS = _commands()


def _options(params: list) -> list[tuple[str, bool]]:
    """Each option's names, and whether it takes a value."""
    return [(opt, not p.is_flag) for p in params if isinstance(p, typer.core.TyperOption)
            for opt in [*p.opts, *p.secondary_opts]]


VALUES = st.sampled_from(HOSTILE)


@st.composite
def options(draw, params: list) -> list[str]:
    """An option of these, as a line may write it: with its value, or its value joined by
    `=`, or (as a word the walk does not know) without one, or an unknown one."""
    if draw(st.integers(0, 4)) != 3:  # seldom an eager one (--help, --version …)
        params = [p for p in params if not p.is_eager]
    known = _options(params)
    if not known or draw(st.integers(0, 9)) == 7:
        return [draw(st.sampled_from(["--", "-fjson", "--nope", "-f=json", "-", "--root"]))]
    name, takes = draw(st.sampled_from(known))
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return [f"{name}={draw(VALUES)}"]
    if shape == 1 or not takes:
        return [name]
    return [name, draw(VALUES)]


@st.composite
def lines(draw) -> tuple[list[str], str]:
    """A partial command line: the words before the one typed, and what is typed of it."""
    words: list[str] = []
    for _ in range(draw(st.integers(0, 2))):  # options before the command
        words += draw(options(PARAMS[""]))
    name = draw(st.sampled_from([*COMMANDS, *["show"] * 6, *["list"] * 3, "", "nosuch"]))
    if name:
        words.append(name)
    params = PARAMS.get(name, [])
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 2)) == 0:
            words.append(draw(VALUES))  # an argument's
        else:
            words += draw(options(params))
    typed = draw(VALUES)
    typed = typed[:draw(st.integers(0, len(typed)))]
    known = [opt for opt, takes in _options(params) if takes]
    if draw(st.integers(0, 3)) == 0 and known:  # `--option=value<Tab>`
        typed = f"{draw(st.sampled_from(known))}={typed}"
    return words, typed


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=lines(), quote=st.booleans(), shell=st.sampled_from(["bash", "zsh", "fish"]),
       action=st.sampled_from(["get-args", "is-args", ""]), cursor=st.integers(-1, 2),
       found=st.sampled_from(["here", "above", "env", "env elsewhere"]))
def test_any_line_is_answered_as_typer_answers_it(registry, line, quote, shell, action,
                                                    cursor, found):
    """`found`: the registry is where the shell stands, or not (and CITYNET_ROOT names it,
    or a folder that is none, or is not set)."""
    words, typed = line
    where = registry if found == "here" else registry.parent
    if where != registry:  # a `.` written (`--root .`) names the registry all the same
        words = [str(registry) if word == "." else word for word in words]
    spell = shlex.quote if quote else (lambda word: word)
    text = " ".join(["citynet", *map(spell, words), spell(typed) if typed else ""])
    if shell == "bash":
        at = len(words) + 1 + (cursor if cursor in (-1, 1) else 0)
        env = {COMPLETE_VAR: "complete_bash", "COMP_WORDS": text, "COMP_CWORD": str(at)}
    else:
        env = upto(shell, text, action)
    if found.startswith("env"):
        env["CITYNET_ROOT"] = "/no/such" if found.endswith("elsewhere") else str(registry)
    check(where, env)


LINE_WORDS = ["show", "list", "agreements", "--kind", "--kind=", "city", "se", "o", "'", '"',
              "\\", ":", "$", "`", "\n", " ", "  ", ",", "-f", "json", "\x1b", "=", "o'", "--",
              "--root", ".", "report", "partners", "a:", "cost$", "\udcff", "-"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.sampled_from(LINE_WORDS), max_size=12), show=st.booleans(),
       shell=st.sampled_from(["bash", "zsh", "fish"]), cursor=st.integers(0, 6))
def test_any_text_on_the_line_is_answered_as_typer_answers_it(registry, parts, show, shell,
                                                              cursor):
    """Raw text, quotes and escapes left open included, split as each shell's class splits."""
    text = "citynet " + ("show " if show else "") + "".join(parts)
    if shell == "bash":
        env = {COMPLETE_VAR: "complete_bash", "COMP_WORDS": text, "COMP_CWORD": str(cursor)}
    else:
        env = upto(shell, text)
    check(registry, env)


def test_the_lines_reach_every_command():
    """The generated lines are made of every command's words: one added later is walked."""
    assert set(PARAMS) == {"", *COMMANDS}
