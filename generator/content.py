"""load_archive(): content/ -> Archive (issues, articles and every index the site needs).

Gather everything first, then index in one pure function (``index_archive``).  A file
that cannot be read is reported with its path and line; the rest of the archive loads.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator import frontmatter
from generator.config import Config, SectionRule
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
    problems: list[str] = field(default_factory=list)

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


class ContentError(Exception):
    pass


def _text(value, path: Path, key: str, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise ContentError(f"{path}: field '{key}' is missing; add it to the front matter")
        return None
    return str(value)


def _names(value, path: Path, key: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = value.replace("、", " ").split()
    if not isinstance(value, list):
        raise ContentError(f"{path}: field '{key}' must be a list of names")
    return tuple(str(v).strip() for v in value if str(v).strip())


def _date(value, path: Path, key: str) -> str:
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise ContentError(f"{path}: field '{key}' must be a date like 2022-11-22, not {value!r}") from None


def read_article(path: Path, issue: dict, config: Config, content: Path) -> Article:
    """Read one article file; raise ContentError naming the file (and line) on bad input."""
    try:
        meta, body, _ = frontmatter.load(path.read_text(encoding="utf-8"))
    except frontmatter.FrontMatterError as exc:
        raise ContentError(exc.at(path)) from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    date = _date(meta.get("issue", issue["date"]), path, "issue")
    seq = meta.get("seq")
    if not isinstance(seq, int):
        try:
            seq = int(path.stem)
        except ValueError:
            raise ContentError(f"{path}: field 'seq' (the article's place in the issue) is missing") from None
    title = _text(meta.get("title"), path, "title", required=True)
    kicker, subtitle = _text(meta.get("kicker"), path, "kicker"), _text(meta.get("subtitle"), path, "subtitle")
    column = _text(meta.get("column"), path, "column")
    section = meta.get("section")
    if section is None:
        headline = " ".join(filter(None, (kicker, title, subtitle)))
        section = config.section_for(headline=headline, column=column).slug
    elif str(section) not in {s.slug for s in config.all_sections()}:
        known = ", ".join(s.slug for s in config.all_sections())
        raise ContentError(f"{path}: section {section!r} is not in archive.toml (known: {known})")
    return Article(
        id=str(meta.get("id") or f"{date}-{seq:02d}"),
        issue_id=date,
        seq=seq,
        date=date,
        number=issue.get("number"),
        title=title or "",
        kicker=kicker,
        subtitle=subtitle,
        title_inferred=bool(meta.get("title_inferred", False)),
        dateline=_text(meta.get("dateline"), path, "dateline"),
        event_date=_text(meta.get("event_date"), path, "event_date"),
        reporters=_names(meta.get("reporters"), path, "reporters"),
        correspondents=_names(meta.get("correspondents"), path, "correspondents"),
        byline=_text(meta.get("byline"), path, "byline"),
        section=str(section),
        column=column,
        fragment=bool(meta.get("fragment", False)),
        body=body.strip("\n"),
        source_path=path.relative_to(content).as_posix(),
    )


def read_issue(folder: Path, config: Config, content: Path, problems: list[str]) -> Issue | None:
    issue_file = folder / "issue.md"
    try:
        meta, _, _ = frontmatter.load(issue_file.read_text(encoding="utf-8"))
        date = _date(meta.get("date", folder.name), issue_file, "date")
    except frontmatter.FrontMatterError as exc:
        problems.append(exc.at(issue_file))
        return None
    except (ContentError, OSError) as exc:
        problems.append(str(exc))
        return None
    articles = []
    for path in sorted(folder.glob("*.md")):
        if path.name == "issue.md":
            continue
        try:
            articles.append(read_article(path, meta, config, content))
        except ContentError as exc:
            problems.append(str(exc))
    articles.sort(key=lambda a: a.seq)
    number = meta.get("number")
    return Issue(
        id=date,
        date=date,
        number=int(number) if isinstance(number, int) else None,
        pages=meta.get("pages") if isinstance(meta.get("pages"), int) else None,
        weekday=meta.get("weekday"),
        lunar=meta.get("lunar"),
        masthead=meta.get("masthead"),
        articles=tuple(articles),
        source_path=issue_file.relative_to(content).as_posix(),
    )


def load_archive(content: Path, config: Config) -> Archive:
    """Read every issue folder under content/ and index the archive."""
    problems: list[str] = []
    issues = []
    if not content.is_dir():
        problems.append(f"{content}: content folder not found; run `dcsx ingest` first or pass --content")
    for issue_file in sorted(content.glob("*/*/issue.md")):
        issue = read_issue(issue_file.parent, config, content, problems)
        if issue is not None:
            issues.append(issue)
    seen: dict[str, str] = {}
    unique = []
    for issue in sorted(issues, key=lambda i: i.date):
        if issue.id in seen:
            problems.append(f"{issue.source_path}: issue {issue.id} also in {seen[issue.id]}; skipped")
            continue
        seen[issue.id] = issue.source_path
        unique.append(issue)
    return index_archive(unique, config, problems)


def index_archive(issues: list[Issue], config: Config, problems: list[str]) -> Archive:
    """Build the section, column and people indexes (pure: no I/O)."""
    newest_first = [a for i in reversed(issues) for a in i.articles]
    sections = list(config.all_sections())
    section_articles: dict[str, list[Article]] = {s.slug: [] for s in sections}
    column_articles: dict[str, list[Article]] = defaultdict(list)
    person_articles: dict[str, list[Article]] = defaultdict(list)
    first_seen: dict[str, str] = {}
    shared: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in newest_first:
        section_articles.setdefault(a.section, []).append(a)
        if a.column:
            column_articles[a.column].append(a)
        for name in a.people:
            person_articles[name].append(a)
            first_seen[name] = a.date  # newest first, so the last write is the earliest
            for other in a.people:
                if other != name:
                    shared[name][other] += 1
    people = _people(first_seen)
    columns = _columns(column_articles)
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
    order = sorted(column_articles, key=lambda c: (column_articles[c][-1].date, c))
    slugs = _unique_slugs([(c, text_slug(c)) for c in order])
    return sorted((Column(c, slugs[c]) for c in column_articles), key=lambda c: c.slug)
