"""Help pages in plain click style, written from click's own parameter attributes.

Typer's plain help names a parameter's Python type (`<str>`, `<bool>`,
`<list[Path]>`, `{kind}`), which tells an editor nothing. These classes write
usage and options themselves from what every click parameter has (opts,
metavar, type, choices, help, default, required, nargs), so the pages read
the same under every typer version citynet allows and fit 80 columns.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperCommand, TyperGroup


TYPE_NAMES = {int: "INTEGER", float: "FLOAT", str: "TEXT", bool: "BOOLEAN"}


def _choices(param: Any) -> list[str]:
    described = getattr(param, "type_descriptor", None)  # typer 0.29 and later
    if described is not None:
        values = described.choices if described.is_choice else None
    else:  # click's parameter types
        values = getattr(getattr(param, "type", None), "choices", None)
    return [str(getattr(c, "value", c)) for c in values or ()]


def _type_name(param: Any) -> str:
    described = getattr(param, "type_descriptor", None)
    if described is None:
        name = getattr(getattr(param, "type", None), "name", None) or "text"
        return str(name).split()[0].upper()
    if described.is_path:
        return "PATH"
    annotation = described.annotation
    if getattr(annotation, "__args__", None) and getattr(annotation, "__origin__", None):
        annotation = annotation.__args__[0]
    return TYPE_NAMES.get(annotation, "TEXT")


def value_metavar(param: Any) -> str:
    """What an option's value or an argument looks like: its metavar, its choices, its type."""
    if param.metavar:
        return str(param.metavar)
    choices = _choices(param)
    if choices:
        return "[" + "|".join(choices) + "]"
    if param.param_type_name == "argument":
        return str(param.name).upper()
    return _type_name(param)


def argument_metavar(param: Any) -> str:
    """An argument as the usage line shows it: ID, [ID], FILE..."""
    text = (param.metavar or str(param.name).upper()).strip("[]")
    if param.nargs == -1:
        text += "..."
    return text if param.required else f"[{text}]"


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False) or getattr(param, "count", False))


def option_names(param: Any) -> str:
    """`-f, --format [table|json]`, `--capital / --not-capital`, `--parties A B`."""
    names = ", ".join(sorted(param.opts, key=lambda o: (o.startswith("--"), o)))
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    if not _is_flag(param):
        names += " " + value_metavar(param)
    return names


def _default(param: Any) -> str | None:
    shown = getattr(param, "show_default", None)
    if not shown or _is_flag(param):
        return None
    if isinstance(shown, str):
        return shown
    value = param.default
    if callable(value) or value in (None, (), []) or isinstance(value, bool):
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(getattr(v, "value", v)) for v in value)
    return str(getattr(value, "value", value))


def help_text(param: Any) -> str:
    """A parameter's help with its default and whether it is required, click's way."""
    text = (getattr(param, "help", None) or "").strip()
    extra = []
    default = _default(param)
    if default is not None:
        extra.append(f"default: {default}")
    if param.required and param.param_type_name == "option":
        extra.append("required")
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return text


def write_parameters(command: Any, ctx: Any, formatter: Any) -> None:
    """The Arguments and Options sections of a help page."""
    arguments, options = [], []
    for param in command.get_params(ctx):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            if getattr(param, "help", None):
                arguments.append((argument_metavar(param).strip("[]"), help_text(param)))
        elif param.param_type_name == "option":
            options.append((option_names(param), help_text(param)))
    if arguments:
        with formatter.section("Arguments"):
            formatter.write_dl(arguments)
    if options:
        with formatter.section("Options"):
            formatter.write_dl(options)


def usage_pieces(command: Any, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            pieces.append(argument_metavar(param))
    return pieces


class CitynetCommand(TyperCommand):
    """A command whose help is plain click style: ID, TEXT, [a|b], never Python types."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return usage_pieces(self, ctx)

    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_parameters(self, ctx, formatter)


class PlainHelpGroup(TyperGroup):
    """A group of commands (citynet, `import`) whose own options read as click's."""

    def format_options(self, ctx: Any, formatter: Any) -> None:
        write_parameters(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # in the order they were added, as every typer does now
