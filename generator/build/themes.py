"""The theme of a build: which theme folders, their static files copied, a page rendered with them."""

from __future__ import annotations

import traceback
import urllib.parse
from pathlib import Path

import jinja2

from generator.config import Config
from generator.resources import MissingResource, lunr_js, theme_chain
from generator.site import urls
from generator.site.render import render_page
from generator.build.writer import BuildError, Writer


def choose_themes(theme: Path | None, config: Config) -> list[Path]:
    """--theme, else the config's theme, then the default theme for what they lack."""
    chosen = theme or config.theme_path
    if chosen is not None and not ((chosen / "templates").is_dir() or (chosen / "static").is_dir()):
        raise BuildError(f"{chosen}: not a theme (it has neither templates/ nor static/); check --theme or "
                         "theme = in archive.toml")
    try:
        themes = theme_chain(chosen)
        lunr_js()
    except MissingResource as exc:
        raise BuildError(str(exc)) from None
    return themes


def copy_static(themes: list[Path], writer: Writer) -> None:
    """Every theme's static files (the first theme's win), and lunr.js, copied into the site so
    that nothing is ever loaded from outside it."""
    files: dict[str, Path] = {}
    for theme in reversed(themes):
        static = theme / "static"
        for path in sorted(static.rglob("*")):
            if path.is_file():
                files[path.relative_to(static).as_posix()] = path
    files["lunr.min.js"] = lunr_js()
    for name, path in sorted(files.items()):
        writer.write(urls.static(name), path.read_bytes())


def render_html(env: jinja2.Environment, theme: Path, page, site: dict) -> str:
    """One page's HTML; a template that fails is a BuildError naming the template and page."""
    try:
        # GitHub Pages serves 404.html for a missing page at any depth: its links must not be relative.
        base_path = urllib.parse.urlsplit(site["config"].base_url).path if page.url == urls.not_found() else ""
        return render_page(env, page.template, page.url, {"site": site, "title": page.title, **page.context},
                           base_path=base_path)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise BuildError(f"{theme}: template {page.template} failed on {page.url}: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - a template that raises: name it, its line and the page
        where = _template_line(exc) or f"{theme}: template {page.template}"
        source = getattr(page.context.get("article"), "source_path", None)
        of = f" (the page of {source} in the content folder: correct that file, or the template)" if source else ""
        raise BuildError(f"{where}: failed on {page.url}{of}: {type(exc).__name__}: {exc}") from None


def _template_line(exc: BaseException) -> str:
    """file:line of the innermost template frame of a traceback (Jinja runs templates as code
    whose frames carry the template's file name and line)."""
    found = ""
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.endswith((".html", ".xml", ".txt", ".js")) and not name.startswith("<"):
            found = f"{name}:{line}"
    return found
