"""build_site(): content/ -> site/ (pages, static assets, search index)."""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import urllib.parse
from functools import partial
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from generator.config import Config
from generator.content import FileCache, load_archive, read_ahead
from generator.model import Article
from generator.resources import MissingResource, lunr_js, theme_chain
from generator.site import urls
from generator.site.export import data_issue, export_files, issue_data, issue_data_inputs
from generator.site.pages import gather_pages
from generator.site.render import make_environment, render_page
from generator.site.memory import gc_frozen, gc_paused
from generator.site.indexer import can_update, finish_index, index_part, split_articles, write_search_index
from generator.site.search import doc_number
from generator.site.state import (BuildState, content_stamp, forget_state, inputs_digest, load_cache, load_state,
                                  output_files, page_digests, save_state)
from generator.site.parallel import WorkQueue, can_fork, start_task, start_tasks
from generator.site.progress import Progress
from generator.site.writer import MARKER, BuildError, Writer, check_unlocked

log = logging.getLogger(__name__)

@dataclass
class BuildReport:
    pages: int = 0
    issues: int = 0
    articles: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: bool = False  # False: the previous site was left as it was
    written: int = 0  # files new or changed
    unchanged: int = 0
    removed: int = 0


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


def previous_articles(cache: FileCache) -> dict[int, Article]:
    """The articles as the previous build read them, by search document number."""
    out = {}
    for _key, value in cache.entries.values():
        if isinstance(value, tuple) and value and isinstance(value[0], Article):  # read_article's value
            out[doc_number(value[0].date, value[0].seq)] = value[0]
    return out


def _render(env: jinja2.Environment, theme: Path, page, site: dict) -> str:
    try:
        # GitHub Pages serves 404.html for a missing page at any depth: its links must not be relative.
        base_path = urllib.parse.urlsplit(site["config"].base_url).path if page.url == urls.not_found() else ""
        return render_page(env, page.template, page.url, {"site": site, "title": page.title, **page.context},
                           base_path=base_path)
    except jinja2.TemplateSyntaxError as exc:
        raise BuildError(f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}") from None
    except jinja2.TemplateError as exc:
        raise BuildError(f"{theme}: template {page.template} failed on {page.url}: {exc}") from None


def build_site(content: Path, out: Path, config: Config, theme: Path | None = None, *,
               keep_going: bool = False, jobs: int | None = None, incremental: bool = True) -> BuildReport:
    """Build the site into ``out``, or leave the previous site untouched.

    Every content file is checked first.  With errors the build stops before writing
    anything and ``problems`` lists them all; ``keep_going`` publishes the rest anyway.
    With the state of the previous build (``incremental``), only changed files are read
    and only pages whose inputs changed are rendered; the result is byte-identical.
    """
    themes = choose_themes(theme, config)
    if config.edit_url:  # {path} is relative to the repository: the content folder's place in it
        root = config.path.parent if config.path else Path.cwd()
        try:
            folder = content.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            folder = content.name
        config = dataclasses.replace(config, edit_url=config.edit_url.replace("{path}", f"{folder}/{{path}}"))
    theme = themes[0]
    inputs = inputs_digest(config, themes, Path(__file__).resolve().parent.parent)
    state = load_state(out, out / MARKER) if incremental else None
    stamp = content_stamp(content)
    if (state and state.inputs == inputs and state.content_stamp == stamp and state.summary
            and output_files(out) == state.output):
        # Nothing that shapes the site changed since it was built.
        check_unlocked(out)
        return BuildReport(**state.summary, published=True, unchanged=len(state.output))
    with Writer(out) as writer, contextlib.ExitStack() as later:
        # Phase 1: gather everything.  The writer starts first: it links the previous site into
        # its staging folder in the background while the content is read.
        # What reading a file gives depends on dcsx and the config: reuse it only with the same inputs.
        with gc_paused():
            forking = can_fork(jobs)
            cache = load_cache(out) if state and state.inputs == inputs else FileCache()
            read_ahead(content, config, cache, fork=forking)
            archive = load_archive(content, config, cache)
            report = BuildReport(issues=len(archive.issues), articles=len(archive.articles),
                                 problems=list(archive.problems), warnings=list(archive.warnings))
            if archive.problems and not keep_going:
                return report
            # An update of the search index needs only the archive: it goes to a worker now,
            # while this process gathers the pages and works out what changed.
            # It forks once the previous site is linked into staging (the child writes there),
            # so this process gathers the pages first where the linking has not finished yet.
            previous = state.index if state and state.inputs == inputs else None
            whole = not can_update(previous)
            updating = None

            def start_update(now: bool):
                nonlocal updating
                if not whole and updating is None and (now or writer.linked_by_now()):
                    old_articles = previous_articles(cache)
                    updating = later.enter_context(start_task(
                        lambda w: write_search_index(archive, w, previous, old_articles), writer, fork=forking))

            start_update(now=False)
            pages = gather_pages(archive, config)
            start_update(now=False)
            site = {"config": config, "years": sorted({i.date[:4] for i in archive.issues}, reverse=True)}
            digests = page_digests(pages, site, fork=forking)
            start_update(now=True)
        env = make_environment(themes)
        before = state.pages if state and state.inputs == inputs else {}
        # Phase 2: render and write beside the live site, then swap it in.  Pages and the
        # search index are independent: each goes to its own worker when two cores are free.
        with gc_frozen():
            writer.write(MARKER, "built by dcsx; dcsx replaces this folder on every build\n")
            writer.write(".nojekyll", "")
            copy_static(themes, writer)
            for url, data in export_files(archive, config).items():
                writer.write(url, data)
            changed_issues = []  # their data files are written with the pages, off the index's path
            for issue in archive.issues:
                url, digests[url] = data_issue(issue.id), issue_data_inputs(issue)
                if before.get(url) == digests[url] and writer.has(url):
                    writer.keep(url)
                else:
                    changed_issues.append(issue)
            todo = []
            for page in pages:
                if before.get(page.url) == digests[page.url] and writer.has(page.url):
                    writer.keep(page.url)  # rendered from these very inputs last time
                else:
                    todo.append(page)

            queue, issue_queue = WorkQueue(todo, 50), WorkQueue(changed_issues, 50)

            def render_pages(w: Writer) -> None:
                for issue in issue_queue:
                    w.write(data_issue(issue.id), issue_data(issue, config))
                progress = Progress("pages", len(todo))
                for page in queue:
                    w.write(page.url, _render(env, theme, page, site))
                    progress.done_count = queue.handed_out()
                    progress.step(0)
                progress.done()

            # The whole index is built from two halves of the articles, each in a worker; the
            # parent joins them and writes the pieces while the workers go on to render pages,
            # and renders with them when it is done.  Beside an update of the index (started
            # above), one worker renders with the parent (more would wait for a core).
            shares = split_articles(archive.articles, 2 if forking else 1) if whole else []
            tasks = [partial(index_part, share) for share in shares]
            tasks += [render_pages] * (2 if forking and whole else 1)
            with start_tasks(tasks, writer, jobs=jobs) as running:
                if whole:
                    progress = Progress("search index", 0)
                    index = finish_index(archive, writer, [running.take(n) for n in range(len(shares))])
                    progress.done()
                render_pages(writer)  # what the workers have not taken yet
            if not whole:
                progress = Progress("search index", 0)
                index = updating.take()
                progress.done()
            counts = writer.commit()
        report.pages, report.published = len(pages), True
        report.written, report.unchanged, report.removed = counts.written, counts.unchanged, len(counts.removed)
        if archive.problems:
            forget_state(out)  # files left out this time must be read again next time
        else:  # while the previous site is being removed
            summary = {"pages": report.pages, "issues": report.issues, "articles": report.articles,
                       "warnings": report.warnings}
            save_state(out, BuildState(inputs=inputs, pages=digests, output=frozenset(writer.written),
                                       content_stamp=stamp, summary=summary, index=index), cache, out / MARKER)
    return report
