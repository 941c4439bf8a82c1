"""Markdown from report data with jinja2: escaped by default, never raw HTML.

Every `{{ value }}` a template prints is escaped for Markdown unless it is
already-escaped `Markup` (a macro's output, or a filter's here). jinja's own
autoescaping carries that mark through macros and joins; `finalize` swaps its
HTML escaping for Markdown escaping. So a city named `a|b <script>` prints as
that text, in a table or out of it, whatever the template (a user's own
included) does.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from citynet.publish import markdown
from citynet.errors import BadOption

TEMPLATE_SUFFIX = ".md.j2"


def builtin_templates() -> Traversable:
    """The templates that ship with citynet (the repository's templates/ folder)."""
    return resources.files("citynet.templates")


def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    if value is None:
        return Markup("")
    if hasattr(value, "__html__"):
        return value
    return Markup(markdown.escape(value))


def _link(label: Any, url: str | None) -> Any:
    from markupsafe import Markup

    return Markup(markdown.link(label, url))


def _number(value: Any, lang: str = "en") -> str:
    """A count in the reader's conventions (1,078 · 1 078 · 1.078)."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=lang) if isinstance(value, int | float) else str(value)


def _environment(search: list[str]) -> Any:
    import jinja2

    loaders: list[Any] = [jinja2.FileSystemLoader(path) for path in search]
    loaders.append(jinja2.FunctionLoader(_builtin_source))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link"] = _link
    env.filters["number"] = _number
    return env


def _builtin_source(name: str) -> str | None:
    resource = builtin_templates() / name
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def render(report: str, data: dict[str, Any], texts: dict[str, str], *,
           root: Path | None = None, template: Path | None = None) -> str:
    """Render a report's data with its template.

    The template is `template` if given; else `templates/<report>.md.j2` in
    the registry at `root`, if it has one; else the one citynet ships.
    """
    import jinja2

    search = [str(root / "templates")] if root and (root / "templates").is_dir() else []
    name = f"{report}{TEMPLATE_SUFFIX}"
    if template is not None:
        if not template.is_file():
            raise BadOption(f"--template {template}: no such file")
        search.insert(0, str(template.parent.absolute()))
        name = template.name
    env = _environment(search)
    try:
        compiled = env.get_template(name)
        text = compiled.render(**data, t=texts)
    except jinja2.TemplateSyntaxError as exc:
        raise BadOption(f"template {exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except jinja2.UndefinedError as exc:
        raise BadOption(f"template {name}: {exc.message}") from None
    return text.rstrip("\n") + "\n"
