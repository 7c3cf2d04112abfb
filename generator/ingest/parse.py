"""parse_issue(): one raw issue text -> ParsedIssue (metadata, articles, dropped text)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from generator.config import Config
from generator.ingest.blocks import make_blocks
from generator.ingest.conserve import unaccounted_normalized
from generator.ingest.layout import strip_layout, take_captions
from generator.ingest.masthead import check_weekday, find_masthead
from generator.ingest.normalize import normalize_text
from generator.ingest.reflow import reflow_lines
from generator.ingest.runhead import find_running_heads, page_names, page_of_lines
from generator.ingest.segment import build_article, segment
from generator.lunar import fill_dates, lunar_label
from generator.model import Dropped, IssueMeta, ParsedArticle, ParsedIssue, ParseWarning, SourceLine

_FILENAME_DATE = re.compile(r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})(?!\d)")


class IssueError(Exception):
    """An issue file that cannot be parsed; the message names the file and says what to do."""

    def __init__(self, source: str, line: int, message: str):
        self.source, self.line, self.message = source, line, message
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")


def date_from_filename(name: str) -> str | None:
    """Return the ISO date in a file name such as 2022-12-23.txt or dcsx_20221223.txt."""
    for m in _FILENAME_DATE.finditer(name):
        try:
            return dt.date(*(int(g) for g in m.groups())).isoformat()
        except ValueError:
            continue
    return None


def _second_issue(dates: list[tuple[int, str]]):
    """Two masthead dates that differ and stand apart: two issues in one file (or None).

    A different date right beside the masthead (within three lines) is more likely a
    letter's date or a misprint; that stays a warning.
    """
    for line, date in dates:
        for other_line, other in dates:
            if other != date and other_line - line > 3:
                return (line, date), (other_line, other)
    return None


def checked_date(date: str, source: str) -> str:
    """The user's --date as YYYY-MM-DD, or IssueError: 20221223 and 2022-1-5 are refused."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            return dt.date.fromisoformat(date).isoformat()
    except ValueError:
        pass
    raise IssueError(source, 0, f"--date {date!r} is not a date; write it as YYYY-MM-DD, like 2022-12-23")


def parse_issue(
    text: str,
    *,
    source: str = "<issue>",
    date: str | None = None,
    number: int | None = None,
    fallback_date: str | None = None,
    config: Config | None = None,
) -> ParsedIssue:
    """Parse one issue's text.

    ``date``/``number`` given by the user win over the masthead; ``fallback_date`` (say,
    from the file name) is used only when the masthead has no date.
    """
    config = config or Config()
    # Converters' characters made the paper's own first (radicals, invisible and full-width
    # characters, CJK-digit and letter-spacing); every change is counted and reported.
    raw_lines = text.split("\n")
    norm = normalize_text(text)
    text = norm.text
    # Marks of pictures, rules and 【】 headlines are taken out first, to dropped.
    lines, layout_dropped = strip_layout(text.split("\n"), set())
    lines, captions = take_captions(lines)
    mast = find_masthead(lines, config.names, config.roman)
    warnings = list(mast.warnings)
    if norm.summary():
        warnings.append(ParseWarning(0, f"characters of the converter normalized: {norm.summary()}"))
    if date is not None:
        date = checked_date(date, source)
    second = _second_issue(mast.dates)
    if second:
        (l1, d1), (l2, d2) = second
        raise IssueError(source, l2, f"the file holds the mastheads of two issues: {d1} (line {l1}) and {d2} "
                                     f"(line {l2}). Split it into one file per issue and ingest each.")
        if mast.date and mast.date != date:
            warnings.append(ParseWarning(0, f"masthead date {mast.date} overridden by the given date {date}"))
    heads = find_running_heads(lines, config.names, mast.consumed)
    head_dates = sorted({h.date for h in heads.values() if h.date})
    issue_date = date or mast.date or (head_dates[0] if len(head_dates) == 1 else None) or fallback_date
    for line, head in sorted(heads.items()):
        if head.date and issue_date and head.date != issue_date:
            warnings.append(ParseWarning(line, f"running head dated {head.date}, but the issue is {issue_date}"))
    if issue_date is None:
        raise IssueError(
            source,
            0,
            "no issue date: the file has no masthead date (like 2022年11月22日). "
            "Give it with --date YYYY-MM-DD, or put the date in the file name (2022-12-23.txt).",
        )
    if number is not None and mast.number is not None and mast.number != number:
        warnings.append(ParseWarning(0, f"masthead issue number {mast.number} overridden by the given number {number}"))
    issue_number = number if number is not None else mast.number
    weekday_problem = check_weekday(issue_date, mast.weekday)
    if weekday_problem:
        warnings.append(ParseWarning(0, weekday_problem))
    # What the date implies but the text does not print is worked out, and marked so.
    printed = [h.weekday for h in heads.values() if h.weekday and h.date == issue_date]
    weekday, lunar, computed = fill_dates(issue_date, mast.weekday or (printed[0] if printed else None), mast.lunar)
    implied = lunar_label(issue_date)
    if mast.lunar and implied and mast.lunar != implied:
        warnings.append(ParseWarning(0, f"masthead says {mast.lunar} but {issue_date} is {implied}"))

    # A text that keeps the printed lines has its paragraphs rebuilt before lines are classified.
    flow = reflow_lines(lines, raw_lines, mast.consumed | set(heads))
    lines = flow.lines
    blocks = make_blocks(lines, skip=mast.consumed | set(heads), page_headers=mast.page_headers | set(heads),
                         spans=flow.spans)
    result = segment(blocks, config.banner_keys)
    result.dropped[:0] = layout_dropped
    warnings.extend(result.warnings)
    page_of = page_of_lines(heads)
    articles = [_on_page(build_article(d, issue_date, warnings), page_of) for d in result.drafts]
    # A draft with neither a title nor text (a dateline or a name alone on a line) is no article:
    # its text goes to dropped, with the reason, instead of a file that check would refuse.
    for a in [a for a in articles if not a.title.strip() and not a.body.strip()]:
        articles.remove(a)
        text = " ".join(filter(None, (a.column, a.dateline, a.byline))) or a.title
        if text.strip():
            result.dropped.append(Dropped(a.source_lines, text, "a line that is no article (no headline, no text)"))
            warnings.append(ParseWarning(a.source_lines[0], f"{text!r} is no article (no headline, no text): dropped"))
    articles = with_captions(articles, captions, result.dropped)
    if config.sections:
        articles = [_with_section(a, config) for a in articles]
    meta = IssueMeta(
        date=issue_date,
        number=issue_number,
        pages=mast.pages,
        weekday=weekday,
        lunar=lunar,
        masthead=mast.masthead,
        web=mast.web,
        email=mast.email,
        masthead_lines=tuple(mast.lines),
        running_heads=tuple(SourceLine(line, h.text) for line, h in sorted(heads.items())),
        page_names=page_names(heads.values()),
        computed=computed,
        warnings=tuple(sorted(set(warnings), key=lambda w: (w.line, w.message))),
    )
    parsed = ParsedIssue(meta, tuple(articles), tuple(result.dropped))
    lost, _ = unaccounted_normalized(text, parsed)
    if lost:  # a parser bug: say so loudly rather than lose text silently
        missing = "".join(sorted(lost.elements()))[:80]
        parsed = ParsedIssue(
            replace(meta, warnings=meta.warnings + (ParseWarning(0, f"text not accounted for by the parser: {missing!r}"),)),
            parsed.articles,
            parsed.dropped,
        )
    return parsed


def with_captions(articles: list[ParsedArticle], captions: list[tuple[int, str]], dropped: list[Dropped]) -> list[ParsedArticle]:
    """Give each photo caption to the article it stands in, or else the one before it (the one
    after it when it comes first); with no article at all it goes to dropped."""
    given: dict[int, list[str]] = {}
    for line, text in captions:
        inside = [k for k, a in enumerate(articles) if a.source_lines[0] <= line <= a.source_lines[1]]
        before = [k for k, a in enumerate(articles) if a.source_lines[0] <= line]
        k = (inside or before or [0])[-1] if articles else None
        if k is None:
            dropped.append(Dropped((line, line), text, "a photo caption with no article"))
        else:
            given.setdefault(k, []).append(text)
    return [replace(a, captions=a.captions + tuple(given.get(k, ()))) for k, a in enumerate(articles)]


def _on_page(article: ParsedArticle, page_of) -> ParsedArticle:
    """The article's 版: the page its first line is on, when running heads say it."""
    first = article.source_lines[0]
    return replace(article, page=page_of(first)) if first else article


def _with_section(article: ParsedArticle, config: Config) -> ParsedArticle:
    headline = " ".join(filter(None, (article.kicker, article.title, article.subtitle)))
    rule = config.section_for(headline=headline, column=article.column)
    return replace(article, section=rule.slug)
