"""build_site(): content/ -> site/ (pages, static assets, search index).

The recipe, top to bottom: choose the themes and load the last build's state; stop at once if
nothing changed; then, with the writer staging the new site beside the live one,

1. gather everything: read the archive, start the index update, gather the pages, digest them;
2. decide what changed: the pages and issue data files whose inputs differ from last time;
3. render and index, spread over the workers by ``schedule``;
4. swap the new site in and save the state the next build starts from.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from pathlib import Path

from generator.memory import gc_frozen, gc_paused
from generator.build.progress import Progress
from generator.build.schedule import Schedule, WorkQueue
from generator.build.state import (BuildState, content_stamp, forget_state, inputs_digest, load_cache, load_state,
                                   output_files, page_digests, save_state)
from generator.build.themes import choose_themes, copy_static, render_html
from generator.build.writer import MARKER, Writer, check_unlocked
from generator.config import Config
from generator.content import Archive, load_archive, read_ahead
from generator.filecache import FileCache
from generator.model import Article, Issue
from generator.search.documents import doc_number
from generator.search.index import can_update, finish_index, index_part, split_articles, write_search_index
from generator.site import urls
from generator.site.export import export_files, fulltext_file, fulltext_inputs, fulltext_years, issue_data, issue_data_inputs
from generator.site.pages import Page, gather_pages
from generator.site.render import make_environment

log = logging.getLogger(__name__)

CODE = Path(__file__).resolve().parent.parent  # dcsx itself is an input of every page


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


def build_site(content: Path, out: Path, config: Config, theme: Path | None = None, *,
               keep_going: bool = False, jobs: int | None = None, incremental: bool = True) -> BuildReport:
    """Build the site into ``out``, or leave the previous site untouched.

    Every content file is checked first.  With errors the build stops before writing
    anything and ``problems`` lists them all; ``keep_going`` publishes the rest anyway.
    With the state of the previous build (``incremental``), only changed files are read
    and only pages whose inputs changed are rendered; the result is byte-identical.
    """
    themes = choose_themes(theme, config)
    config = with_edit_folder(config, content)
    inputs = inputs_digest(config, themes, CODE)
    state = load_state(out, out / MARKER) if incremental else None
    previous = state if state and state.inputs == inputs else None  # what reading and rendering gave may be reused
    stamp = content_stamp(content)
    if previous and is_current(previous, stamp, out):
        check_unlocked(out)
        return BuildReport(**previous.summary, published=True, unchanged=len(previous.output))

    with Writer(out) as writer, Schedule(writer, jobs) as schedule:
        # Phase 1: gather everything (the writer links the previous site into staging meanwhile).
        with gc_paused():
            cache = load_cache(out) if previous else FileCache()
            archive = read_archive(content, config, cache, schedule)
            report = BuildReport(issues=len(archive.issues), articles=len(archive.articles),
                                 problems=list(archive.problems), warnings=list(archive.warnings))
            if archive.problems and not keep_going:
                return report
            whole = not can_update(previous and previous.index)
            if not whole:  # the update needs only the archive: it forks while this process goes on
                schedule.start_when_linked(update_task(archive, previous.index, cache))
            pages = gather_pages(archive, config)
            schedule.checkpoint()
            site = site_globals(archive, config)
            digests = page_digests(pages, site, fork=schedule.forking)
            schedule.checkpoint(latest=True)

        # Phase 2: decide what changed; write the files every build writes.
        env = make_environment(themes)
        with gc_frozen():
            write_fixed_files(archive, config, themes, writer)
            before = previous.pages if previous else {}
            issues = to_redo(archive.issues, lambda i: (urls.data_issue(i.id), issue_data_inputs(i)), before, digests, writer)
            for year, in_year in to_redo(fulltext_years(archive), lambda y: (urls.fulltext(y[0]), fulltext_inputs(y[1])),
                                         before, digests, writer):
                writer.write(urls.fulltext(year), fulltext_file(in_year, config))
            todo = to_redo(pages, lambda p: (p.url, digests[p.url]), before, digests, writer)

            # Phase 3: render and index, over the workers and this process.
            render = page_renderer(todo, issues, env, themes[0], site, config)
            parts = [lambda w, share=share: index_part(share, w)
                     for share in split_articles(archive.articles, 2 if schedule.forking else 1)] if whole else []
            index = schedule.render_and_index(render, parts, lambda done: join_index(archive, writer, done))
            counts = writer.commit()

        # Phase 4: the new site is live; remember what it was made from.
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


# --- the steps ---------------------------------------------------------------------------


def with_edit_folder(config: Config, content: Path) -> Config:
    """The config with edit_url's {path} made relative to the repository: the content folder's place in it."""
    if not config.edit_url:
        return config
    root = config.path.parent if config.path else Path.cwd()
    try:
        folder = content.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        folder = content.name
    return dataclasses.replace(config, edit_url=config.edit_url.replace("{path}", f"{folder}/{{path}}"))


def is_current(previous: BuildState, stamp: tuple, out: Path) -> bool:
    """True when nothing that shapes the site changed since it was built (same inputs assumed)."""
    return previous.content_stamp == stamp and bool(previous.summary) and output_files(out) == previous.output


def read_archive(content: Path, config: Config, cache: FileCache, schedule: Schedule) -> Archive:
    """content/ -> Archive; a first build reads half the files in a second process."""
    read_ahead(content, config, cache, fork=schedule.forking)
    return load_archive(content, config, cache)


def previous_articles(cache: FileCache) -> dict[int, Article]:
    """The articles as the previous build read them, by search document number."""
    out = {}
    for _key, value in cache.entries.values():
        if isinstance(value, tuple) and value and isinstance(value[0], Article):  # read_article's value
            out[doc_number(value[0].date, value[0].seq)] = value[0]
    return out


def update_task(archive: Archive, index, cache: FileCache):
    """The index update as a task, with the previous articles taken from the cache here, before
    it forks (a child walking every cached article would copy their memory page by page)."""
    old = previous_articles(cache)
    return lambda w: write_search_index(archive, w, index, old)


def site_globals(archive: Archive, config: Config) -> dict:
    """What every page sees as ``site``."""
    return {"config": config, "years": sorted({i.date[:4] for i in archive.issues}, reverse=True)}


def write_fixed_files(archive: Archive, config: Config, themes: list[Path], writer: Writer) -> None:
    """The marker, .nojekyll, static files and data exports: written by every build."""
    writer.write(MARKER, "built by dcsx; dcsx replaces this folder on every build\n")
    writer.write(".nojekyll", "")
    copy_static(themes, writer)
    for url, data in export_files(archive, config).items():
        writer.write(url, data)


def to_redo(items: list, key, before: dict[str, str], digests: dict[str, str], writer: Writer) -> list:
    """The items whose output must be made again; the rest are kept as the last build wrote them.

    ``key(item)`` gives its output URL and input digest (recorded in ``digests``)."""
    todo = []
    for item in items:
        url, digest = key(item)
        digests[url] = digest
        if before.get(url) == digest and writer.has(url):
            writer.keep(url)  # made from these very inputs last time
        else:
            todo.append(item)
    return todo


def page_renderer(pages: list[Page], issues: list[Issue], env, theme: Path, site: dict, config: Config):
    """A task that renders pages and writes issue data files from queues shared by every process
    that runs it (made before the workers fork), so whoever is free takes the next batch."""
    pages_queue, issue_queue = WorkQueue(pages, 50), WorkQueue(issues, 50)

    def render(w: Writer) -> None:
        for issue in issue_queue:
            w.write(urls.data_issue(issue.id), issue_data(issue, config))
        with Progress("pages", len(pages)) as progress:
            for page in pages_queue:
                w.write(page.url, render_html(env, theme, page, site))
                progress.done_count = pages_queue.handed_out()
                progress.step(0)

    return render


def join_index(archive: Archive, writer: Writer, parts: list):
    """The whole index from its parts: joined, planned and written."""
    with Progress("search index", 0):
        return finish_index(archive, writer, parts)
