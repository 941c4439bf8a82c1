"""Published Markdown is inert under GFM autolinking too: text stays text, never a link."""

import pytest
from markdown_it import MarkdownIt

from citynet.publish.markdown import escape, link, table

GFM = MarkdownIt("gfm-like", {"linkify": True})
"""GitHub-flavoured Markdown with the autolinker on, as GitHub and markdown-it renderers use it."""

LINK_BAIT = [
    "https://evil.example/x?a=1",
    "http://evil.example",
    "ftp://files.example",
    "//evil.example/path",
    "www.evil.example",
    "WWW.EVIL.EXAMPLE",
    "visit seoul.go.kr today",
    "mail me@example.com",
    "mailto:me@example.com",
    "xmpp:me@example.com",
    "<https://evil.example>",
    "[click](https://evil.example)",
    "![img](https://evil.example/x.png)",
]


@pytest.mark.parametrize("text", LINK_BAIT)
def test_a_name_that_looks_like_a_link_renders_as_its_text(text):
    html = GFM.render(escape(text))
    assert "<a " not in html and "<img" not in html, html


@pytest.mark.parametrize("text", LINK_BAIT)
def test_the_rendered_text_is_the_text(text):
    tokens = GFM.parseInline(escape(text))[0].children
    assert "".join(t.content for t in tokens if t.type in ("text", "text_special")) == text


@pytest.mark.parametrize("text", LINK_BAIT)
def test_a_table_cell_that_looks_like_a_link_renders_as_its_text(text):
    html = GFM.render(table(["name"], [[text]]))
    assert "<a " not in html and "<img" not in html, html


def test_numbers_and_sentences_keep_their_dots():
    assert escape("1.000") == "1.000"
    assert escape("St. Louis") == "St. Louis"
    assert escape("1. item") == "1\\. item"  # would start an ordered list


def test_a_source_link_is_the_only_link():
    html = GFM.render(link("Diplomatie de la ville www.seoul.go.kr", "https://example.org/x"))
    assert html.count("<a ") == 1 and 'href="https://example.org/x"' in html


def test_diff_markdown_escapes_ids_and_paths(cli, make_registry):
    import subprocess

    root = make_registry()
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    hostile = "x`[click](https:evil.example)`www.evil.example"
    (root / "data" / "cities" / f"{hostile}.yaml").write_text(
        "names: {en: X}\ncountry: KR\nsources: [{title: t}]\n", encoding="utf-8")
    run = cli("diff", "HEAD", "--format", "markdown", root=root)
    assert run.exit_code == 0, run.stderr
    html = GFM.render(run.stdout)
    assert "<a " not in html and "<code>" not in html, html
    assert hostile in html  # shown as the text it is
