"""Typed records that flow through the pipeline.

The parser produces ``ParsedIssue`` (issue metadata, articles, dropped text); ingest
writes them to content/; ``content.load_archive`` reads content/ back into ``Issue`` and
``Article`` records, which the site builder renders.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field

from generator.text import excerpt


@dataclass(frozen=True)
class ParseWarning:
    """A message about the input, tied to a source line (0 when it concerns the whole file)."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True)
class SourceLine:
    line: int
    text: str


@dataclass(frozen=True)
class Dropped:
    """Input text that belongs to no article, kept with its lines and the reason."""

    lines: tuple[int, int]
    text: str
    reason: str


@dataclass(frozen=True)
class IssueMeta:
    date: str | None = None  # ISO date
    number: int | None = None  # 总第N期
    pages: int | None = None  # 今日N版
    weekday: str | None = None
    lunar: str | None = None
    masthead: str | None = None  # 东昌府讯 or 东昌时讯 as printed
    web: str | None = None
    email: str | None = None
    masthead_lines: tuple[SourceLine, ...] = ()
    running_heads: tuple[SourceLine, ...] = ()  # page headers (书眉) taken out of the text
    page_names: tuple[tuple[int, str], ...] = ()  # (版, its name) as running heads print them: (2, "综合")
    computed: tuple[str, ...] = ()  # fields worked out from the date, not printed (weekday, lunar)
    warnings: tuple[ParseWarning, ...] = ()


@dataclass(frozen=True)
class ParsedArticle:
    title: str
    kicker: str | None = None
    subtitle: str | None = None
    title_inferred: bool = False
    dateline: str | None = None
    event_date: str | None = None
    reporters: tuple[str, ...] = ()
    correspondents: tuple[str, ...] = ()
    byline: str | None = None  # the byline as printed (several lines joined by \n)
    section: str | None = None
    column: str | None = None
    fragment: bool = False
    body: str = ""
    source_lines: tuple[int, int] = (0, 0)
    subheads: tuple[str, ...] = ()
    page: int | None = None  # 版, when running heads or page markers say it
    captions: tuple[str, ...] = ()  # photo captions printed with it (▲ 活动现场。 融媒体记者 徐振鑫 摄)


@dataclass(frozen=True)
class ParsedIssue:
    issue: IssueMeta
    articles: tuple[ParsedArticle, ...]
    dropped: tuple[Dropped, ...] = ()

    def to_json(self) -> dict:
        """Return the JSON shape printed by ``dcsx parse --json``."""
        issue = dataclasses.asdict(self.issue)
        issue["masthead_lines"] = [dataclasses.asdict(s) for s in self.issue.masthead_lines]
        issue["running_heads"] = [dataclasses.asdict(s) for s in self.issue.running_heads]
        issue["computed"] = list(self.issue.computed)
        issue["warnings"] = [dataclasses.asdict(w) for w in self.issue.warnings]
        arts = []
        for a in self.articles:
            d = dataclasses.asdict(a)
            d["reporters"] = list(a.reporters)
            d["correspondents"] = list(a.correspondents)
            d["source_lines"] = list(a.source_lines)
            d["subheads"] = list(a.subheads)
            d["captions"] = list(a.captions)
            arts.append(d)
        dropped = [{"lines": list(d.lines), "text": d.text, "reason": d.reason} for d in self.dropped]
        return {"issue": issue, "articles": arts, "dropped": dropped}


# --- records of the built archive (loaded from content/) ---------------------------


@dataclass(frozen=True)
class Person:
    """A staff reporter or correspondent, identified by name; slug is unique in the archive."""

    name: str
    slug: str
    initial: str  # A–Z letter of the surname's pinyin
    pinyin: str = ""  # sort key, e.g. "xu zhen xin"


@dataclass(frozen=True)
class Article:
    id: str  # stable: issue date + sequence, e.g. 2022-11-22-03
    issue_id: str
    seq: int
    date: str
    number: int | None
    title: str
    kicker: str | None
    subtitle: str | None
    title_inferred: bool
    dateline: str | None
    event_date: str | None
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    byline: str | None
    section: str  # section slug
    column: str | None
    fragment: bool
    body: str  # Markdown
    source_path: str
    subheads: tuple[str, ...] = ()
    page: int | None = None  # 版, when known
    place: str | None = None  # the 乡镇/街道 its dateline names (config [places])
    captions: tuple[str, ...] = ()  # photo captions, as printed
    digest: str = ""  # of the file and the issue facts it was read with: what its pages depend on

    @property
    def people(self) -> tuple[str, ...]:
        return self.reporters + tuple(c for c in self.correspondents if c not in self.reporters)

    @functools.cached_property
    def description(self) -> str:
        """The opening of the body as plain text; worked out once, then kept with the article
        in the build cache (an incremental build need not read every body again)."""
        return excerpt(self.body, 110)


@dataclass(frozen=True)
class Issue:
    id: str  # ISO date, e.g. 2022-11-22
    date: str
    number: int | None
    pages: int | None
    weekday: str | None
    lunar: str | None
    masthead: str | None
    articles: tuple[Article, ...] = field(default=())
    computed: tuple[str, ...] = ()  # weekday / lunar worked out from the date, not printed
    page_names: tuple[tuple[int, str], ...] = ()
    source_path: str = ""
    digest: str = ""  # of issue.md and its articles' digests
