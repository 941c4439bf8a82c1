"""Markdown from report data with jinja2: escaped by default, never raw HTML.

Every `{{ value }}` a template prints is escaped for Markdown unless it is
already-escaped `Markup` (a macro's output, or a filter's here). jinja's own
autoescaping carries that mark through macros and joins; `finalize` swaps its
HTML escaping for Markdown escaping. So a city named `a|b <script>` prints as
that text, in a table or out of it, whatever the template (a user's own
included) does.

A registry's templates come with pull requests, so they are hostile: they
render in jinja's immutable sandbox (no attribute walk reaches Python's
internals, no data is changed), and they load only from the registry's
`templates/` folder and citynet's own — `..`, absolute names and links that
lead out are not found. `--template FILE` is the user's own file; what it
includes obeys the same rule, with its own folder added. Any error in a
template is one BadOption naming the template's file and line.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from citynet.errors import BadOption
from citynet.publish import i18n, markdown
from citynet.store import tree

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


def _colon(label: Any, lang: str = "en") -> Any:
    """`label:` with the colon as the language sets it (`Secteur :` in French)."""
    from markupsafe import Markup

    return Markup(markdown.escape(label) + i18n.colon(lang))


def registry_templates(root: Path | None) -> list[Path]:
    """The registry's `templates/`, if it has one that may be read (not a link out of it)."""
    folder = tree.Tree(root).readable_folder("templates") if root else None
    return [folder] if folder is not None else []


class ContainedLoader:
    """Templates from a few folders, never from outside them (links resolved)."""

    def __init__(self, folders: list[Path], trusted: Path | None = None) -> None:
        self.folders = [folder for folder in folders if folder.is_dir()]
        self.trusted = trusted
        self.files: set[str] = set()
        """Every file served: a traceback frame from one of them is the template's line."""

    def source(self, name: str) -> tuple[str, str, Any] | None:
        from jinja2.loaders import split_template_path

        if self.trusted is not None and name == self.trusted.name:
            return self._read(self.trusted, name)
        parts = split_template_path(name)  # TemplateNotFound for ".." parts
        if not parts or name.startswith(("/", "\\")) or any(":" in p or "\\" in p
                                                              for p in parts):
            return None
        for folder in self.folders:
            path = tree.contained(folder, parts)
            if path is not None:
                return self._read(path, name)
        resource = builtin_templates().joinpath(*parts)
        if resource.is_file():
            return self._decoded(resource.read_bytes(), f"citynet/templates/{name}", name)
        return None

    def _read(self, path: Path, name: str) -> tuple[str, str, Any]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadOption(f"template {path}: cannot read it ({exc.strerror})") from None
        return self._decoded(data, str(path), name)

    def _decoded(self, data: bytes, filename: str, name: str) -> tuple[str, str, Any]:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise BadOption(f"template {filename}:{line}: not UTF-8 text") from None
        self.files.add(filename)
        return text, filename, lambda: True


def _environment(loader: ContainedLoader) -> Any:
    import jinja2

    from citynet.publish.sandbox import Sandbox

    env = Sandbox(
        loader=jinja2.FunctionLoader(loader.source),
        autoescape=True,
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["link"] = _link
    env.filters["colon"] = _colon
    env.filters["number"] = i18n.number
    env.filters["fill"] = i18n.fill
    return env


def render(report: str, data: dict[str, Any], texts: dict[str, str], *,
           root: Path | None = None, template: Path | None = None) -> str:
    """Render a report's data with its template.

    The template is `template` if given; else `templates/<report>.md.j2` in
    the registry at `root`, if it has one; else the one citynet ships.
    """

    folders = registry_templates(root)
    name = f"{report}{TEMPLATE_SUFFIX}"
    if template is not None:
        if not template.is_file():
            raise BadOption(f"--template {template}: no such file")
        folders.insert(0, template.absolute().parent)
        name = template.name
    loader = ContainedLoader(folders, template)
    env = _environment(loader)
    text = render_template(env, loader, name, dict(data, t=texts))
    return text.rstrip("\n") + "\n"


def render_template(env: Any, loader: ContainedLoader, name: str, context: dict[str, Any]
                    ) -> str:
    """`name` rendered with `context`; an error of the template's own (syntax, a missing
    include, an unsafe attribute, a runtime error) is one BadOption naming its file and line."""
    import jinja2

    from citynet.publish.sandbox import Exhausted, budgeted

    try:
        template = env.get_template(name)
        with budgeted(env, context) as budget:
            return "".join(budget.made(part) for part in template.generate(**context))
    except jinja2.TemplateSyntaxError as exc:
        raise BadOption(f"template {exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except BadOption:
        raise
    except (Exhausted, MemoryError, RecursionError) as exc:
        where = template_line(exc, loader.files) or name
        what = {MemoryError: "the template needed more memory than its limit allows "
                             "(limits.TEMPLATE_MEMORY_BYTES)",
                RecursionError: "the template nests its calls too deep"}.get(type(exc), str(exc))
        raise BadOption(f"template {where}: {what}") from None
    except Exception as exc:  # a template's own runtime error, not citynet's
        found = template_line(exc, loader.files) or (name if isinstance(
            exc, jinja2.TemplateError) else None)
        if found is None:
            raise
        where = found
        message = exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)
        if isinstance(exc, jinja2.TemplateNotFound):
            message = f"no template {exc.name!r} in the registry's templates or citynet's"
        raise BadOption(f"template {where}: {' '.join(str(message).split())}") from None


def template_line(exc: BaseException, files: set[str]) -> str | None:
    """`file:line` of the innermost template frame of the traceback, if any."""
    found = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in files:
            found = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return found
