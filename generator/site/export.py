"""The archive as data for researchers: a static JSON API under data/ and one CSV of every article.

- ``data/issues.json``: every issue (date, number, pages, weekday, lunar date, article count, URL)
- ``data/issues/YYYY-MM-DD.json``: one issue with its articles' metadata and links
- ``data/people.json``, ``data/sections.json``: people (记者 / 通讯员 counts) and sections
- ``data/articles.csv``: one row per article, UTF-8 with a BOM so that Excel reads it right
- ``data/fulltext/YYYY.jsonl.gz``: every article of a year with its text, one JSON object a line
  (gzip, written again only when an issue of that year changes)

URLs are relative to the site's root (``url``) and, when a base URL is set, absolute too
(``href``).  The shapes are described by ``generator/site/data.schema.json``, which the tests
validate against; the 数据下载 page (data/index.html) documents the fields.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json

from pathlib import Path

from generator.config import Config
from generator.content import Archive
from generator.model import Article, Issue
from generator.site import urls
from generator.text import plain_text

SCHEMA = Path(__file__).with_name("data.schema.json")

CSV_FIELDS = (
    ("id", "文章编号：日期-序号，长期不变"),
    ("date", "出版日期 YYYY-MM-DD"),
    ("number", "总第N期"),
    ("page", "版次（原文标明时）"),
    ("kicker", "引题"),
    ("title", "主题（标题）"),
    ("subtitle", "副题"),
    ("dateline", "电头，如 东昌府讯"),
    ("place", "地点：电头所记的乡镇、街道（如 柳园讯 → 柳园街道）"),
    ("event_date", "正文开头所记的事件日期"),
    ("reporters", "记者（以 、 分隔）"),
    ("correspondents", "通讯员（以 、 分隔）"),
    ("section", "版块（slug）"),
    ("column", "栏目"),
    ("fragment", "残篇：开头或结尾在别处（true/false）"),
    ("title_inferred", "原文缺标题、由编者拟定（true/false）"),
    ("url", "文章页面（相对于网站根目录）"),
)


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _link(url: str, config: Config) -> dict:
    return {"url": url, "href": urls.absolute(config.base_url, url)} if config.base_url else {"url": url}


def issue_record(issue: Issue, config: Config) -> dict:
    return {"date": issue.date, "number": issue.number, "pages": issue.pages, "weekday": issue.weekday,
            "lunar": issue.lunar, "computed": list(issue.computed), "masthead": issue.masthead,
            "articles": len(issue.articles), **_link(urls.issue(issue.id), config),
            "data": urls.data_issue(issue.id)}


def article_record(a: Article, config: Config) -> dict:
    return {"id": a.id, "date": a.date, "number": a.number, "seq": a.seq, "page": a.page, "kicker": a.kicker,
            "title": a.title, "subtitle": a.subtitle, "dateline": a.dateline, "place": a.place, "event_date": a.event_date,
            "reporters": list(a.reporters), "correspondents": list(a.correspondents), "section": a.section,
            "column": a.column, "fragment": a.fragment, "title_inferred": a.title_inferred,
            **_link(urls.article(a.issue_id, a.seq), config)}


# A cell starting with one of these is run as a formula by spreadsheets: it gets a leading
# apostrophe, as OWASP advises, so that it is shown as text.
_FORMULA = frozenset("=+-@\t\r")


def articles_csv(archive: Archive, config: Config) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in CSV_FIELDS])
    for a in archive.articles:
        r = article_record(a, config)
        row = {**r, "reporters": "、".join(a.reporters), "correspondents": "、".join(a.correspondents),
               "fragment": str(a.fragment).lower(), "title_inferred": str(a.title_inferred).lower()}
        cells = ["" if row[name] is None else str(row[name]) for name, _ in CSV_FIELDS]
        writer.writerow(["'" + c if c[:1] in _FORMULA else c for c in cells])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def issue_data(issue: Issue, config: Config) -> str:
    """An issue's data file: the issue and its articles' records."""
    return _dump({**issue_record(issue, config), "items": [article_record(a, config) for a in issue.articles]})


def issue_data_inputs(issue: Issue) -> str:
    """What an issue's data file is made from (with the config and dcsx, which the build state keys)."""
    return issue.digest + "".join(f"|{a.section}" for a in issue.articles)


def export_files(archive: Archive, config: Config) -> dict[str, str | bytes]:
    """Every data file but the issues' own (see issue_data), by its URL in the site."""
    files: dict[str, str | bytes] = {
        urls.data("schema.json"): SCHEMA.read_bytes(),
        urls.data("issues.json"): _dump([issue_record(i, config) for i in archive.issues]),
        urls.data("articles.csv"): articles_csv(archive, config),
    }
    people = []
    for p in archive.people:
        profile = archive.profile(p.name)
        people.append({"name": p.name, "slug": p.slug, "pinyin": p.pinyin, "reporter": profile["reporter"],
                       "correspondent": profile["correspondent"], "first": profile["first"].date,
                       "last": profile["last"].date, **_link(urls.reporter(p.slug), config)})
    files[urls.data("people.json")] = _dump(people)
    files[urls.data("places.json")] = _dump([{"name": p.name, "slug": p.slug, "articles": len(archive.place_articles[p.slug]),
                                        **_link(urls.place(p.slug), config)} for p in archive.places])
    files[urls.data("sections.json")] = _dump([{"slug": s.slug, "name": s.name,
                                          "articles": len(archive.section_articles.get(s.slug, [])),
                                          **_link(urls.section(s.slug), config)} for s in archive.sections])
    return files


def fulltext_years(archive: Archive) -> list[tuple[str, list[Issue]]]:
    """(year, its issues), oldest first."""
    years: dict[str, list[Issue]] = {}
    for issue in archive.issues:
        years.setdefault(issue.date[:4], []).append(issue)
    return sorted(years.items())


def fulltext_inputs(issues: list[Issue]) -> str:
    """What a year's full-text file is made from."""
    return hashlib.sha1("".join(issue_data_inputs(i) for i in issues).encode()).hexdigest()


def fulltext_record(a: Article, config: Config) -> dict:
    blocks = [p.strip() for p in a.body.split("\n\n") if p.strip()]
    subheads = [plain_text(p) for p in blocks if p.startswith("#")]
    return {**article_record(a, config), "text": "\n".join(t for t in map(plain_text, blocks) if t),
            "subheads": subheads, "captions": list(a.captions)}


def fulltext_file(issues: list[Issue], config: Config) -> bytes:
    """A year's articles as JSON Lines, gzipped the same way every time (no name, no time)."""
    lines = "".join(json.dumps(fulltext_record(a, config), ensure_ascii=False, sort_keys=True) + "\n"
                    for issue in issues for a in issue.articles)
    return gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0)
