"""load_archive(): content/ -> Archive (issues, articles and every index the site needs).

Gather everything first, then index in one pure function (``index_archive``).  A file
that cannot be read is reported with its path and line; the rest of the archive loads.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator import frontmatter, schema
from generator.config import Config, SectionRule
from generator.corrections import find_corrections
from generator.filecache import FileCache
from generator.files import Background
from generator.lunar import fill_dates
from generator.model import Article, Issue, Person
from generator.names import initial, name_slug, name_syllables, text_slug

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Column:
    name: str
    slug: str


@dataclass
class Archive:
    issues: list[Issue]  # oldest first
    sections: list[SectionRule]
    section_articles: dict[str, list[Article]]  # slug -> newest first
    columns: list[Column]
    column_articles: dict[str, list[Article]]  # column slug -> newest first
    people: list[Person]  # sorted by pinyin
    person_articles: dict[str, list[Article]]  # name -> newest first
    coauthors: dict[str, list[str]]  # name -> other names, most shared first
    places: list[Column] = field(default_factory=list)  # places named by datelines, by slug
    place_articles: dict[str, list[Article]] = field(default_factory=dict)  # place slug -> newest first
    corrections: list = field(default_factory=list)  # corrections.Correction: printed 更正 and what they correct
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def articles(self) -> list[Article]:
        return [a for i in self.issues for a in i.articles]

    def person(self, name: str) -> Person:
        return self._people_by_name[name]

    def column(self, name: str) -> Column:
        return self._columns_by_name[name]

    def section(self, slug: str) -> SectionRule:
        return next(s for s in self.sections if s.slug == slug)

    def __post_init__(self) -> None:
        self._people_by_name = {p.name: p for p in self.people}
        self._columns_by_name = {c.name: c for c in self.columns}
        self._places_by_name = {p.name: p for p in self.places}
        self._profiles: dict[str, dict] = {}

    def place(self, name: str) -> Column:
        return self._places_by_name[name]

    def profile(self, name: str) -> dict:
        """person_profile of someone in the archive, worked out once for the pages and the data."""
        if name not in self._profiles:
            self._profiles[name] = person_profile(name, self.person_articles[name])
        return self._profiles[name]


def person_profile(name: str, articles: list[Article]) -> dict:
    """How a person signed: as 记者 and as 通讯员 (some are both), per year, first and last."""
    reporter = [a for a in articles if name in a.reporters]
    correspondent = [a for a in articles if name in a.correspondents and name not in a.reporters]
    years: dict[str, list[int]] = {}
    for a in reporter:
        years.setdefault(a.date[:4], [0, 0])[0] += 1
    for a in correspondent:
        years.setdefault(a.date[:4], [0, 0])[1] += 1
    oldest = min(articles, key=lambda a: (a.date, a.seq))
    newest = max(articles, key=lambda a: (a.date, a.seq))
    return {"reporter": len(reporter), "correspondent": len(correspondent),
            "years": [(y, r, c) for y, (r, c) in sorted(years.items())], "first": oldest, "last": newest}


class ContentError(Exception):
    pass


def _digest(*parts: str) -> str:
    h = hashlib.sha1()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def _load(path: Path) -> tuple[dict, str, str]:
    """(front matter, body, text) of a file, or ContentError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read it: {exc.strerror}") from None
    try:
        meta, body, _ = frontmatter.load(text)
    except frontmatter.FrontMatterError as exc:
        raise ContentError(exc.at(path)) from None
    return meta, body, text


def read_article(path: Path, issue: dict, config: Config, content: Path) -> tuple[Article | None, list[str], list[str]]:
    """Read one article file: (article or None, warnings, errors), each message with file and line."""
    try:
        return _read_article(path, issue, config, content)
    except Exception as exc:  # noqa: BLE001 - whatever a file holds, the message names it
        log.debug("reading %s failed", path, exc_info=True)
        return None, [], [f"{path}: cannot be read ({type(exc).__name__}: {exc}); correct it (dcsx -v check "
                          "says more)"]


def _read_article(path: Path, issue: dict, config: Config, content: Path) -> tuple[Article | None, list[str], list[str]]:
    try:
        meta, body, text = _load(path)
    except ContentError as exc:
        return None, [], [str(exc)]
    checked = schema.validate_article(meta, text, path, sections=frozenset(s.slug for s in config.all_sections()),
                                      fallback_seq=int(path.stem) if path.stem.isdigit() else None)
    v = checked.values
    if v["issue"] and v["issue"] != issue["date"]:
        checked.errors.append(f"{path}:{schema.field_lines(text).get('issue', 1)}: issue {v['issue']} does not match "
                              f"its folder's issue {issue['date']}; correct it or move the file")
    checked.errors.extend(schema.body_errors(body, text, path))
    if checked.errors:
        return None, checked.warnings, checked.errors
    date, seq = issue["date"], v["seq"]
    section = v["section"]
    headline = " ".join(filter(None, (v["kicker"], v["title"], v["subtitle"])))
    if section is None:
        section = config.section_for(headline=headline, column=v["column"]).slug
    return Article(
        digest=_digest(text, date, str(issue.get("number"))),
        id=v["id"] or f"{date}-{seq:02d}",
        issue_id=date,
        seq=seq,
        date=date,
        number=issue.get("number"),
        title=v["title"],
        kicker=v["kicker"],
        subtitle=v["subtitle"],
        title_inferred=v["title_inferred"],
        dateline=v["dateline"],
        event_date=v["event_date"],
        reporters=v["reporters"],
        correspondents=v["correspondents"],
        byline=v["byline"],
        section=section,
        column=v["column"],
        fragment=v["fragment"],
        page=v["page"],
        captions=v["captions"],
        place=config.place_for(v["dateline"]) or config.place_in(headline),
        body=body.strip("\n"),
        source_path=path.relative_to(content).as_posix(),
    ), checked.warnings, []


def _read_issue_meta(issue_file: Path, folder_date: str) -> tuple[schema.Checked, str]:
    try:
        meta, _, text = _load(issue_file)
    except ContentError as exc:
        return schema.Checked(errors=[str(exc)]), ""
    return schema.validate_issue(meta, text, issue_file, folder_date=folder_date), _digest(text)


def read_issue(folder: Path, config: Config, content: Path, problems: list[str], warnings: list[str],
               cache: FileCache) -> Issue | None:
    """Read an issue folder (files unchanged since ``cache`` was filled are not read again).

    Every problem, the issue's and each article's, goes to ``problems``.
    """
    issue_file = folder / "issue.md"
    checked, digest = cache.lookup(issue_file, (), lambda: _read_issue_meta(issue_file, folder.name))
    warnings.extend(checked.warnings)
    if checked.errors:
        problems.extend(checked.errors)
        return None
    v = checked.values
    articles = []
    files = []
    with os.scandir(folder) as entries:  # the type of each entry comes with the listing: no stat per file
        for entry in entries:
            if not entry.name.endswith(".md") or entry.name == "issue.md":
                continue
            path = folder / entry.name
            if entry.is_symlink() and content.resolve() not in path.resolve().parents:
                problems.append(f"{path}: a link to a file outside {content}; it would be published from there. "
                                "Copy the file into the archive instead of linking it")
                continue
            files.append(path)
    files.sort()
    for path in files:
        article, found, errors = cache.lookup(path, (v["date"], v["number"]),
                                              lambda: read_article(path, v, config, content))
        warnings.extend(found)
        problems.extend(errors)
        if article is not None:
            articles.append(article)
    by_seq: dict[int, Article] = {}
    for a in articles:
        if a.seq in by_seq:
            problems.append(f"{content / a.source_path}: seq {a.seq} is also the seq of {content / by_seq[a.seq].source_path}; "
                            "give each article of an issue its own seq")
        by_seq[a.seq] = a
    if v["articles"] is not None and len(files) < v["articles"]:
        problems.append(f"{issue_file}: lists {v['articles']} articles but its folder holds {len(files)}: an ingest "
                        "was interrupted or files were deleted; ingest the issue again, or set articles: to the "
                        "number you mean to keep")
    articles.sort(key=lambda a: a.seq)
    # A masthead-less issue gets the weekday and lunar date its date implies, marked computed.
    weekday, lunar, computed = fill_dates(v["date"], v["weekday"], v["lunar"])
    return Issue(
        id=v["date"],
        date=v["date"],
        number=v["number"],
        pages=v["pages"],
        weekday=weekday,
        lunar=lunar,
        masthead=v["masthead"],
        articles=tuple(articles),
        computed=computed,
        page_names=v["page_names"],
        source_path=issue_file.relative_to(content).as_posix(),
        digest=_digest(digest, *(a.digest for a in articles)),
    )


def read_ahead(content: Path, config: Config, cache: FileCache, *, fork: bool, least: int = 50) -> None:
    """Fill an empty cache with every file of content/ read, half of them by a forked child.

    A first build (or one after dcsx or the config changed) reads every file, one core busy
    for seconds while the other waits; load_archive then finds them all in the cache (what
    reading gave, problems included, so it reports just what reading would have).
    """
    if not fork or cache.entries:
        return
    folders = _issue_folders(content)
    if len(folders) < least:  # not worth a process
        return
    child = Background(_read_folders, folders[1::2], config, content)
    mine = _read_folders(folders[0::2], config, content)
    try:
        theirs = child.wait()
    except OSError:  # the child died: load_archive reads its files
        theirs = {}
    cache.entries.update(mine)
    cache.entries.update(theirs)


def _issue_folders(content: Path) -> list[Path]:
    """The folders under content/ that hold Markdown files, in order (none if it is missing)."""
    if not content.is_dir():
        return []
    # Dot folders are an ingest's staging and retired copies (or an editor's): never an issue.
    return sorted({p.parent for p in content.glob("*/*/*.md")
                   if not (p.parent.name.startswith(".") or p.parent.parent.name.startswith("."))})


def _read_folders(folders: list[Path], config: Config, content: Path) -> dict:
    cache = FileCache()
    for folder in folders:
        if (folder / "issue.md").exists():
            read_issue(folder, config, content, [], [], cache)
    return cache.used


def load_archive(content: Path, config: Config, cache: FileCache | None = None) -> Archive:
    """Read every issue folder under content/ and index the archive (re-reading only what ``cache`` lacks)."""
    cache = cache if cache is not None else FileCache()
    problems: list[str] = []
    warnings: list[str] = []
    issues = []
    if not content.is_dir():
        problems.append(f"{content}: content folder not found; run `dcsx ingest` first or pass --content")
    folders = _issue_folders(content)
    root = content.resolve() if content.is_dir() else content
    seen: dict[str, Path] = {}
    for folder in folders:
        if folder.is_symlink() and root not in folder.resolve().parents:
            problems.append(f"{folder}: a link to a folder outside {content}; it would be published from there. "
                            "Copy the folder into the archive instead of linking it")
            continue
        if folder.name in seen:
            problems.append(f"{folder}: issue {folder.name} is also in {seen[folder.name]}; keep one of the two "
                            "folders")
            continue
        seen[folder.name] = folder
        if schema.ISO_DATE.fullmatch(folder.name) and folder.parent.name != folder.name[:4]:
            problems.append(f"{folder}: an issue of {folder.name[:4]} in the folder {folder.parent.name}/; move it "
                            f"to {content / folder.name[:4] / folder.name}")
            continue
        if not (folder / "issue.md").exists():
            problems.append(f"{folder}: article files without an issue.md (their issue would vanish from the site); "
                            "restore issue.md from git, or ingest the issue again")
            continue
        issue = read_issue(folder, config, content, problems, warnings, cache)
        if issue is not None:
            issues.append(issue)
    by_number: dict[int, Issue] = {}
    for issue in issues:
        if issue.number is not None:
            other = by_number.setdefault(issue.number, issue)
            if other is not issue:
                warnings.append(f"{content / issue.source_path}: 总第{issue.number}期 is also the number of "
                                f"{other.date}; correct one of them")
    archive = index_archive(issues, config, problems)
    archive.warnings = warnings
    return archive


def index_archive(issues: list[Issue], config: Config, problems: list[str]) -> Archive:
    """Build the section, column and people indexes (pure: no I/O)."""
    newest_first = [a for i in reversed(issues) for a in i.articles]
    sections = list(config.all_sections())
    section_articles: dict[str, list[Article]] = {s.slug: [] for s in sections}
    column_articles: dict[str, list[Article]] = defaultdict(list)
    place_articles: dict[str, list[Article]] = defaultdict(list)
    person_articles: dict[str, list[Article]] = defaultdict(list)
    first_seen: dict[str, str] = {}
    shared: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in newest_first:
        section_articles.setdefault(a.section, []).append(a)
        if a.column:
            column_articles[a.column].append(a)
        if a.place:
            place_articles[a.place].append(a)
        for name in a.people:
            person_articles[name].append(a)
            first_seen[name] = a.date  # newest first, so the last write is the earliest
            for other in a.people:
                if other != name:
                    shared[name][other] += 1
    people = _people(first_seen)
    columns = _columns(column_articles)
    places = _columns(place_articles)
    coauthors = {n: sorted(c, key=lambda o: (-c[o], name_syllables(o), o)) for n, c in shared.items()}
    return Archive(
        issues=issues,
        sections=sections,
        section_articles=section_articles,
        columns=columns,
        column_articles={c.slug: column_articles[c.name] for c in columns},
        people=people,
        person_articles=dict(person_articles),
        coauthors=coauthors,
        places=places,
        place_articles={p.slug: place_articles[p.name] for p in places},
        corrections=find_corrections(issues),
        problems=problems,
    )


def _unique_slugs(items: list[tuple[str, str]]) -> dict[str, str]:
    """Give each (key, base slug) a unique slug; earlier items keep the plain slug."""
    used: set[str] = set()
    result = {}
    for key, base in items:
        slug, n = base, 1
        while slug in used:
            n += 1
            slug = f"{base}-{n}"
        used.add(slug)
        result[key] = slug
    return result


def _people(first_seen: dict[str, str]) -> list[Person]:
    # Whoever appeared first keeps the plain slug, so a newcomer with the same pinyin
    # never moves an existing reporter's URL.
    order = sorted(first_seen, key=lambda n: (first_seen[n], n))
    slugs = _unique_slugs([(n, name_slug(n)) for n in order])
    people = [Person(n, slugs[n], initial(n), " ".join(name_syllables(n))) for n in first_seen]
    return sorted(people, key=lambda p: (p.pinyin, p.name))


def _columns(column_articles: dict[str, list[Article]]) -> list[Column]:
    """Named groups (columns, places) with slugs that the earliest keeps; sorted by slug."""
    order = sorted(column_articles, key=lambda c: (column_articles[c][-1].date, c))
    slugs = _unique_slugs([(c, text_slug(c)) for c in order])
    return sorted((Column(c, slugs[c]) for c in column_articles), key=lambda c: c.slug)
