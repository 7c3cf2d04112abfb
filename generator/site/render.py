"""The Jinja environment and its filters, built in one place."""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import markdown
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.site import urls
from generator.site.safe_html import SafeLinksExtension
from generator.text import excerpt, plain_text, strip_controls


def render_markdown(text: str) -> Markup:
    """Markdown to HTML: HTML in the source is shown as text, and only safe links survive."""
    escaped = html.escape(strip_controls(text), quote=False)
    plain = plain_markdown(escaped)
    return Markup(plain if plain is not None else _markdown().reset().convert(escaped))


# What Markdown would read as more than paragraphs and "## " headings: marks, entities, links,
# controls and invisible characters, space at either end of a line (Markdown strips it),
# and lines that start a list, quote, rule, table or setext heading.
_NOT_PLAIN = re.compile(r"[*_`\[\]<>\\!~|&\t\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
                        r"|^[^\S\n]|[^\S\n]$|^[-+=>|]|^\d+[.)]|^#(?!#{0,5} \S)|#\s*$", re.M)
_HEADING = re.compile(r"(#{1,6}) (.+)")


def plain_markdown(text: str) -> str | None:
    """The HTML Markdown makes of text that is only paragraphs and headings (nearly every
    article), at a tenth of its cost; None for any other text.  A test holds the two equal."""
    if _NOT_PLAIN.search(text):
        return None
    blocks: list[str] = []
    lines: list[str] = []
    for line in text.split("\n"):
        heading = _HEADING.fullmatch(line)
        if heading or not line:
            if lines:
                blocks.append("<p>" + "\n".join(lines) + "</p>")
                lines = []
            if heading:
                level = len(heading.group(1))
                blocks.append(f"<h{level}>{heading.group(2)}</h{level}>")
        else:
            lines.append(line)
    if lines:
        blocks.append("<p>" + "\n".join(lines) + "</p>")
    return "\n".join(blocks)


@functools.lru_cache(maxsize=None)
def _markdown() -> markdown.Markdown:
    """One converter, reset between documents: building one costs as much as a short article."""
    return markdown.Markdown(extensions=[SafeLinksExtension()], output_format="html")


def cn_date(iso: str | None) -> str:
    if not iso:
        return ""
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def json_for_script(data) -> Markup:
    """JSON safe inside a <script> element (no '</script>' can close it early)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _finalize(value):
    """Every value a template prints loses its control characters (they break XML and confuse readers)."""
    if isinstance(value, Markup):
        return Markup(strip_controls(str(value)))
    if isinstance(value, str):
        return strip_controls(value)
    return value


def make_environment(themes: list[Path]) -> Environment:
    """The template environment; a template is taken from the first theme that has it."""
    env = Environment(
        finalize=_finalize,
        loader=FileSystemLoader([str(t / "templates") for t in themes if (t / "templates").is_dir()]),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build, one set of templates: no stat() of the template per page
    )
    env.filters.update(markdown=render_markdown, excerpt=excerpt, cn_date=cn_date, json_script=json_for_script,
                       plain=plain_text)
    env.globals["urls"] = urls
    return env


def render_page(env: Environment, template: str, url: str, context: dict, *, base_path: str = "") -> str:
    """Render one page; ``link`` makes any site URL relative to this page, or, with ``base_path``
    (the 404 page, served at any depth under a published site), absolute under that path."""

    def link(target: str) -> str:
        return base_path + target if base_path else urls.relative(url, target)

    page = env.get_template(template).render(page_url=url, link=link, **context)
    return unindent(page) if template.endswith(".html") else page


_INDENT = re.compile(r"\n[ \t]+")


def unindent(page: str) -> str:
    """The page without the templates' indentation (a twentieth of an article page, and the
    same page to a reader), unless it holds preformatted text, where spaces are content."""
    return page if "<pre" in page or "<textarea" in page else _INDENT.sub("\n", page)
