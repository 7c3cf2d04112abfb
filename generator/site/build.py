"""build_site(): content/ -> site/ (pages, static assets, search index)."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config
from generator.content import load_archive
from generator.site import urls
from generator.site.pages import gather_pages
from generator.site.render import make_environment, render_page
from generator.site.search import write_search_index

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent.parent


def project_path(relative: str) -> Path:
    """A project file (theme, node_modules): in the current folder, else beside the package."""
    here = Path.cwd() / relative
    return here if here.exists() else ROOT / relative
MARKER = ".dcsx-site"  # marks a folder dcsx may empty before building into it


class BuildError(Exception):
    pass


@dataclass
class BuildReport:
    pages: int = 0
    issues: int = 0
    articles: int = 0
    problems: list[str] = field(default_factory=list)


class Writer:
    """The one writer: creates folders, writes atomically, refuses to write a path twice."""

    def __init__(self, out: Path):
        self.out = out
        self.written: set[str] = set()

    def write(self, url: str, data: str | bytes) -> None:
        if url in self.written:
            raise BuildError(f"two pages want the same output file {url}")
        self.written.add(url)
        path = self.out / url
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)


def _prepare_output(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MARKER).exists():
            raise BuildError(f"{out} is not empty and was not built by dcsx; choose an empty --out folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


# Browser libraries from the npm registry (package.json), copied into the site so that
# nothing is ever loaded from outside it.
VENDORED = {"lunr.min.js": "node_modules/lunr/lunr.min.js"}


def copy_static(theme: Path, writer: Writer) -> None:
    static = theme / "static"
    for path in sorted(static.rglob("*")):
        if path.is_file():
            writer.write(urls.static(path.relative_to(static).as_posix()), path.read_bytes())
    for name, relative in VENDORED.items():
        writer.write(urls.static(name), project_path(relative).read_bytes())


def build_site(content: Path, out: Path, config: Config, theme: Path | None = None) -> BuildReport:
    """Build the whole site.  Files with errors are reported; everything else is built."""
    theme = theme or project_path("themes/default")
    # Phase 1: gather everything.
    archive = load_archive(content, config)
    pages = gather_pages(archive, config)
    env = make_environment(theme)
    site = {"config": config, "years": sorted({i.date[:4] for i in archive.issues}, reverse=True)}
    missing = [r for r in VENDORED.values() if not project_path(r).exists()]
    if missing:
        raise BuildError(f"{', '.join(missing)} missing: run `npm ci` in the project folder to fetch lunr.js 2.3.9")
    # Phase 2: render and write.
    _prepare_output(out)
    writer = Writer(out)
    writer.write(MARKER, "built by dcsx; this folder is emptied on every build\n")
    writer.write(".nojekyll", "")
    for page in pages:
        writer.write(page.url, render_page(env, page.template, page.url, {"site": site, "title": page.title, **page.context}))
    copy_static(theme, writer)
    write_search_index(archive, writer)
    return BuildReport(pages=len(pages), issues=len(archive.issues), articles=len(archive.articles),
                       problems=archive.problems)
