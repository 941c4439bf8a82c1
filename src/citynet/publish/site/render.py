"""HTML from page data with jinja2: autoescaped, sandboxed, loaded only from known folders.

The site's templates are `templates/site/*.html.j2`, citynet's own or the
registry's (which come with pull requests, so they are hostile). They render
in the same immutable sandbox and the same contained loader as the Markdown
reports; only the escaping differs: jinja's own HTML autoescape, so every
value a template prints, in text or in an attribute, is escaped.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from citynet.publish.i18n import colon, fill, number
from citynet.publish.templates import ContainedLoader, registry_templates, render_template

SAFE_SCHEMES = ("https://", "http://")


def safe_url(url: Any) -> str | None:
    """`url` if it is an http(s) address a link may carry, else None."""
    if not isinstance(url, str) or not url.lower().startswith(SAFE_SCHEMES):
        return None
    if any(c.isspace() or c in "<>\"'`\\" for c in url):
        return None
    return url


def _finalize(value: Any) -> Any:
    return "" if value is None else value


class Renderer:
    """Renders `site/<name>.html.j2`, the registry's version first, else citynet's."""

    def __init__(self, root: Path | None) -> None:
        import jinja2

        from citynet.publish.sandbox import Sandbox

        self.loader = ContainedLoader(registry_templates(root))
        self.env = Sandbox(
            loader=jinja2.FunctionLoader(self.loader.source),
            autoescape=True,
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["number"] = number
        self.env.filters["colon"] = html_colon
        self.env.filters["fill"] = fill
        self.env.filters["safe_url"] = safe_url

    def render(self, name: str, **context: Any) -> str:
        return render_template(self.env, self.loader, f"site/{name}.html.j2", context)


def html_colon(label: Any, lang: str = "en") -> Any:
    """`label:` with the colon as the language sets it, the label HTML-escaped."""
    from markupsafe import Markup, escape

    return Markup(escape(label) + colon(lang))
