"""A Tab answered without typer's parse of the line, which imports pydantic.

A shell asks which words may complete the one being typed: typer's scripts run citynet
with `COMPLETE_VAR` set and the line in the environment (`line`). Typer would parse
the whole line first, coercing every parameter through a pydantic adapter: importing
pydantic and building the adapters was most of a Tab's time, though the completers
(`citynet.cli.complete`) read only a few texts from what was parsed.

Here the line is walked over the very click commands typer builds from the declarations
(the app's group, then the command's), as click's resilient parse walks it, and the
parameter being completed answers through its own `shell_complete`, written as typer's
script for that shell reads it. The walk knows no command, option or kind of its own.
What the completers are given is the line's words as click's parser hands them over (or
the environment's, or the declared default), before typer's coercion and the parameters'
callbacks: for a text parameter, all any completer reads (a registry's root, a kind, a
report's name), coercion changes nothing.

Whatever the walk is not sure of returns None, and typer answers as before: an option it
does not find, `--`, short options written together or with their value, an eager option,
a value that starts like an option, a flag given a value, an option of several values, a
word that is not text, a command with subcommands, the name of a command or an option
being completed. tests/test_cli_tab.py holds every answer to typer's own, word for word.
"""

from __future__ import annotations

import os
from typing import Any

SHELLS = {"complete_bash": "bash", "complete_zsh": "zsh", "complete_fish": "fish"}
"""The instructions answered here (PowerShell's and `source_*` are typer's alone)."""


class Unsure(Exception):
    """The line has a shape the walk does not follow exactly: typer answers it."""


def answer(instruction: str) -> tuple[str | None, int] | None:
    """What typer would write for the line in the environment (None: nothing at all) and the
    exit status it would end with; None when typer has to answer."""
    shell = SHELLS.get(instruction)
    if shell is None:
        return None
    try:
        args, incomplete = line(shell)
        param, ctx, incomplete = target(args, incomplete)
        return written(shell, param.shell_complete(ctx, incomplete))
    except Exception:  # noqa: BLE001 - unsure, or a completer failed: typer answers as it does
        return None


def line(shell: str) -> tuple[list[str], str]:
    """The words before the one being typed (the program's name left out), and that one, as
    typer's class for `shell` reads them from the environment."""
    if shell == "bash":  # COMP_WORDS: the line; COMP_CWORD: which of its words is typed
        try:
            words, typed = split(os.environ["COMP_WORDS"]), int(os.environ["COMP_CWORD"])
        except (KeyError, ValueError):
            raise Unsure from None
        if typed < 1:
            raise Unsure
        return words[1:typed], words[typed] if typed < len(words) else ""
    written = os.environ.get("_TYPER_COMPLETE_ARGS", "")  # the line up to the cursor
    words = split(written)[1:]
    if words and not written.endswith(" "):
        return words[:-1], words[-1]
    return words, ""


def split(text: str) -> list[str]:
    """The words of a command line as click's completion splits them: as a POSIX shell
    would, a quote or an escape left open keeping what it holds."""
    import shlex

    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:  # the end came inside a quote or after an escape
        words.append(lexer.token)
    return words


def target(args: list[str], incomplete: str) -> tuple[Any, Any, str]:
    """The parameter whose value is being typed, the context it is completed in, and the
    text typed of it, as click's completion finds them; Unsure of anything else."""
    import typer.core
    import typer.main

    from citynet.cli.app import app

    if not all(_text(word) for word in [*args, incomplete]):
        raise Unsure
    written = list(args)  # click: `--opt=val<Tab>` completes the option's value
    if incomplete == "=":
        incomplete = ""
    elif "=" in incomplete and incomplete.startswith("-"):
        name, _, incomplete = incomplete.partition("=")
        written.append(name)
    if "--" in written or incomplete.startswith("-"):  # past `--`, or an option's name
        raise Unsure

    group = typer.main.get_command(app)
    if not isinstance(group, typer.core.TyperGroup):
        raise Unsure
    top = _context(group, "citynet", None)
    given, rest, waiting = walk(group, top, args)
    if waiting is not None or not rest:  # the group's own option, or a command's name
        raise Unsure
    top.params, top.args = values(group, top, given), rest[1:]
    _, command, _ = group.resolve_command(top, rest[:1])
    if command is None or isinstance(command, typer.core.TyperGroup):
        raise Unsure
    ctx = _context(command, rest[0], top)
    if any(p.nargs != 1 for p in command.get_params(ctx)):  # (click looks further back then)
        raise Unsure
    given, words, waiting = walk(command, ctx, rest[1:])
    arguments = [p for p in command.get_params(ctx) if isinstance(p, typer.core.TyperArgument)]
    if waiting is None:  # click hands the words out to the arguments, in order
        given.update((p.name, word) for p, word in zip(arguments, words, strict=False))
        words = words[len(arguments):]
    # (an option left waiting for its value stops click's parse: no argument gets a word)
    ctx.params, ctx.args = values(command, ctx, given), words

    last = written[-1] if written else None
    for param in command.get_params(ctx):  # the value of the option written last
        if (isinstance(param, typer.core.TyperOption) and not param.is_flag
                and not param.count and last in param.opts):
            return param, ctx, incomplete
    for param in arguments:  # else the first argument the line has not given
        if param.name not in given:
            return param, ctx, incomplete
    raise Unsure  # the command's own completion (option names): typer's


def walk(command: Any, ctx: Any, words: list[str]) -> tuple[dict[str, Any], list[str], Any]:
    """The options' values given in `words` to `command`, the words left for arguments (or,
    when `ctx` takes no interspersed arguments, from the first of them on), and the option
    still waiting for its value when the words ended on it."""
    import typer.core

    if ctx.token_normalize_func is not None or ctx.ignore_unknown_options:
        raise Unsure
    named: dict[str, tuple[Any, bool]] = {}
    for param in command.get_params(ctx):
        if isinstance(param, typer.core.TyperOption):
            named.update({opt: (param, True) for opt in param.opts})
            named.update({opt: (param, False) for opt in param.secondary_opts})
    if not all(opt.startswith("-") for opt in named):  # another prefix makes other words options
        raise Unsure
    given: dict[str, Any] = {}
    left: list[str] = []
    at = 0
    while at < len(words):
        word, at = words[at], at + 1
        if len(word) < 2 or not word.startswith("-"):  # a word for an argument ("-" is one)
            if not ctx.allow_interspersed_args:
                return given, words[at - 1:], None
            left.append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        param, flag = named.get(name, (None, False))
        if param is None or param.is_eager or param.count or param.nargs != 1:
            raise Unsure
        if param.is_flag:
            if equals or param.multiple:
                raise Unsure
            given[param.name] = flag
            continue
        if not equals:
            if at == len(words):
                return given, left, param
            value, at = words[at], at + 1
        if value.startswith("-"):
            raise Unsure
        if param.multiple:
            given.setdefault(param.name, []).append(value)
        else:
            given[param.name] = value
    return given, left, None


def values(command: Any, ctx: Any, given: dict[str, Any]) -> dict[str, Any]:
    """Each parameter's value as click's parse finds it, before typer coerces it: as given,
    else from its environment variable, else its default."""
    found = {}
    for param in command.get_params(ctx):
        if not param.expose_value:
            continue
        value = given.get(param.name)
        if value is None:
            value = param.value_from_envvar(ctx)
        if value is None:
            value = param.get_default(ctx)
        found[param.name] = value
    return found


def written(shell: str, items: list[Any]) -> tuple[str | None, int]:
    """What typer's class for `shell` writes for these completions, and the exit status."""
    if any(not isinstance(item.value, str) or "\x1b" in item.value  # (click drops escapes)
           or (item.help and shell != "bash") for item in items):
        raise Unsure  # a help text is written through rich, which is typer's to do
    words = [item.value for item in items]
    if shell == "bash":
        return "\n".join(words), 0
    if shell == "zsh":
        if not words:
            return "_files", 0
        return "_arguments '*: :((" + "\n".join(f'"{_zsh(w)}"' for w in words) + "))'", 0
    action = os.environ.get("_TYPER_COMPLETE_FISH_ACTION", "")
    if action == "is-args":  # only whether there are any, as the exit status
        return None, 0 if words else 1
    return "\n".join(words) if action == "get-args" else "", 0


def _zsh(word: str) -> str:
    """A word as typer quotes it for zsh's `_arguments`."""
    return (word.replace('"', '""').replace("'", "''").replace("$", "\\$")
            .replace("`", "\\`").replace(":", r"\\:"))


def _context(command: Any, name: str, parent: Any) -> Any:
    """A context for `command` as click's completion makes it, before any word is parsed."""
    return command.context_class(command, info_name=name, parent=parent,
                                 resilient_parsing=True, **command.context_settings)


def _text(word: str) -> bool:
    """Whether `word` is text (a byte the environment held that is not UTF-8 is not)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
