"""One function per page kind: Archive -> Page records (URL, template, context).

Templates stay logic-free: everything they show (calendar grids, groups, pagination,
neighbours) is computed here.
"""

from __future__ import annotations

import urllib.parse

import calendar
import datetime as dt
from collections import Counter
from itertools import groupby

from generator.config import Config
from generator.content import Archive
from generator.model import Article, Issue
from generator.site.cite import citation_forms
from generator.site import urls
from generator.site.feeds import feed_pages
from generator.site.page import Page
from generator.site.export import CSV_FIELDS, fulltext_years
from generator.lunar import lunar_cell
from generator.site.render import cn_date


def _pages(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def _by_year(articles: list[Article]) -> list[tuple[str, list[Article]]]:
    return [(y, list(g)) for y, g in groupby(articles, key=lambda a: a.date[:4])]


PAGE_WINDOW = 3  # page links on either side of the current one; the first and last always show


def _pagination(url_of, page: int, total: int) -> dict:
    """Links to the first and last page and to the pages near this one; ``(None, None)`` stands
    for the pages left out between them (a section of 400 pages lists 9 links, not 400)."""
    shown = [n for n in range(1, total + 1) if n in (1, total) or abs(n - page) <= PAGE_WINDOW
             or (n in (2, total - 1) and abs(n - page) == PAGE_WINDOW + 1)]  # never a gap of one page
    pages: list[tuple[int | None, str | None]] = []
    for n in shown if total > 1 else []:
        if pages and n != pages[-1][0] + 1:
            pages.append((None, None))
        pages.append((n, url_of(n)))
    return {
        "page": page,
        "total": total,
        "prev": url_of(page - 1) if page > 1 else None,
        "next": url_of(page + 1) if page < total else None,
        "pages": pages,
    }


def issue_label(issue: Issue) -> str:
    number = f" 总第{issue.number}期" if issue.number else ""
    return f"{cn_date(issue.date)}{number}"


# --- home, back issues -----------------------------------------------------------


def home_page(archive: Archive, config: Config) -> Page:
    latest = archive.issues[-1] if archive.issues else None
    return Page(
        urls.home(),
        "home.html",
        config.title,
        {
            "latest": latest,
            # Lead stories: skip the headless tail of an article continued from elsewhere.
            "front": [a for a in latest.articles if not (a.fragment and a.title_inferred)][:8] if latest else [],
            "recent_issues": list(reversed(archive.issues[-8:-1])) if latest else [],
            "sections": [(s, len(archive.section_articles.get(s.slug, []))) for s in archive.sections],
            "people_count": len(archive.people),
            "issue_count": len(archive.issues),
            "article_count": len(archive.articles),
            "years": sorted({i.date[:4] for i in archive.issues}, reverse=True),
        },
    )


def _month_grid(year: int, month: int, by_date: dict[str, Issue]) -> list[list[dict | None]]:
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        row = []
        for day in week:
            if not day:
                row.append(None)
                continue
            iso = dt.date(year, month, day).isoformat()
            issue = by_date.get(iso)
            row.append({
                "day": day,
                "url": urls.issue(issue.id) if issue else None,
                "label": f"{issue_label(issue)} {issue.lunar or ''}".strip() if issue else "",
                "lunar": lunar_cell(iso),
            })
        weeks.append(row)
    return weeks


def back_issue_pages(archive: Archive, config: Config) -> list[Page]:
    """往期回顾: all years with every issue by number, and one calendar page per year."""
    by_date = {i.date: i for i in archive.issues}
    years = sorted({int(i.date[:4]) for i in archive.issues}, reverse=True)
    # Page-relative targets for the box on issues/index.html: by date, number and lunar date.
    dates = {i.date: urls.relative(urls.issues_index(), urls.issue(i.id)) for i in archive.issues}
    numbers = {str(i.number): dates[i.date] for i in archive.issues if i.number}
    pages = [
        Page(
            urls.issues_index(),
            "issues.html",
            "往期回顾",
            {
                "years": [(y, [i for i in reversed(archive.issues) if i.date.startswith(str(y))]) for y in years],
                "numbers": numbers,
                "dates": dates,
                # 壬寅年十月廿九 -> [page-relative link, 2022年11月22日]
                "lunar": {i.lunar.removeprefix("农历"): [dates[i.date], cn_date(i.date)] for i in archive.issues if i.lunar},
            },
        )
    ]
    for n, y in enumerate(years):
        months = []
        for m in range(1, 13):
            count = sum(1 for i in archive.issues if i.date.startswith(f"{y}-{m:02d}"))
            months.append({"month": m, "count": count, "weeks": _month_grid(y, m, by_date)})
        pages.append(
            Page(
                urls.year(y),
                "year.html",
                f"{y}年 往期回顾",
                {
                    "year": y,
                    "months": months,
                    "newer": urls.year(years[n - 1]) if n > 0 else None,
                    "older": urls.year(years[n + 1]) if n + 1 < len(years) else None,
                },
            )
        )
    return pages


# --- issues and articles -----------------------------------------------------------


def page_groups(issue: Issue) -> list[dict]:
    """The issue's contents by 版 (第1版 要闻 …) when its articles say their page; else one group.

    Articles whose page is not known in an issue where others' are come last, under no 版.
    """
    if not any(a.page for a in issue.articles):
        return [{"page": None, "name": None, "articles": list(issue.articles)}]
    names = dict(issue.page_names)
    groups: dict[int | None, list[Article]] = {}
    for a in issue.articles:
        groups.setdefault(a.page, []).append(a)
    order = sorted(groups, key=lambda p: (p is None, p or 0))
    return [{"page": p, "name": names.get(p) if p else None, "articles": groups[p]} for p in order]


def issue_pages(archive: Archive, config: Config) -> list[Page]:
    pages = []
    for n, issue in enumerate(archive.issues):
        pages.append(
            Page(
                urls.issue(issue.id),
                "issue.html",
                f"{issue_label(issue)}",
                {
                    "issue": issue,
                    "groups": page_groups(issue),
                    "prev": archive.issues[n - 1] if n > 0 else None,
                    "next": archive.issues[n + 1] if n + 1 < len(archive.issues) else None,
                },
            )
        )
    return pages


def _headline(a: Article) -> str:
    return " ".join(filter(None, (a.kicker, a.title, a.subtitle)))


def article_pages(archive: Archive, config: Config) -> list[Page]:
    pages = []
    corrects = {c.notice.id: c for c in archive.corrections}
    corrected_by: dict[str, list[Article]] = {}
    for c in archive.corrections:
        if c.article is not None:
            corrected_by.setdefault(c.article.id, []).append(c.notice)
    filled = [i for i in archive.issues if i.articles]
    before = {i.id: p.articles[-1] for p, i in zip(filled, filled[1:])}
    after = {p.id: i.articles[0] for p, i in zip(filled, filled[1:])}
    for issue in archive.issues:
        arts = issue.articles
        printed = sorted({a.page for a in arts if a.page})
        names = dict(issue.page_names)
        for n, a in enumerate(arts):
            url = urls.article(issue.id, a.seq)
            section = archive.section(a.section)  # content.py rejects unknown section slugs
            where = urls.absolute(config.base_url, url) if config.base_url else ""
            citation = citation_forms(a, issue, config.paper, where)  # GB/T 7714, APA, BibTeX, RIS
            ld = {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": a.title[:110],
                "datePublished": issue.date,
                "inLanguage": "zh-CN",
                "isPartOf": {"@type": "PublicationIssue", "issueNumber": str(issue.number or ""),
                             "datePublished": issue.date},
                "publisher": {"@type": "Organization", "name": config.paper},
                "author": [{"@type": "Person", "name": p} for p in a.people],
                "articleSection": section.name,
            }
            if where:
                ld["url"] = where
            pages.append(
                Page(
                    url,
                    "article.html",
                    a.title,
                    {
                        "issue": issue,
                        "article": a,
                        "section": section,
                        "section_why": section_why(a, config),
                        "column": archive.column(a.column) if a.column else None,
                        "place": archive.place(a.place) if a.place else None,
                        "corrects": corrects.get(a.id),
                        "corrected_by": corrected_by.get(a.id, []),
                        "reporters": [archive.person(p) for p in a.reporters],
                        "correspondents": [archive.person(p) for p in a.correspondents if p not in a.reporters],
                        # 上一篇/下一篇 go on into the issues before and after
                        "prev": arts[n - 1] if n > 0 else before.get(issue.id),
                        "next": arts[n + 1] if n + 1 < len(arts) else after.get(issue.id),
                        "page": {"number": a.page, "name": names.get(a.page),
                                 "prev": max((p for p in printed if p < a.page), default=None),
                                 "next": min((p for p in printed if p > a.page), default=None)} if a.page else None,
                        "citation": citation,
                        "edit_link": edit_link(config.edit_url, a.source_path),
                        "description": a.description,
                        "jsonld": ld,
                        "og_type": "article",
                    },
                )
            )
    return pages


# --- listings: sections, columns, reporters ---------------------------------------


def _listing(url_of, title: str, articles: list[Article], config: Config, extra: dict) -> list[Page]:
    chunks = _pages(articles, config.page_size)
    pages = []
    for n, chunk in enumerate(chunks, 1):
        heading = title if n == 1 else f"{title}（第{n}页）"
        pages.append(
            Page(
                url_of(n),
                "listing.html",
                heading,
                {"heading": heading, "groups": _by_year(chunk), "count": len(articles),
                 "per_year": per_year(articles) if n == 1 else [],
                 "pagination": _pagination(url_of, n, len(chunks)),
                 "feed": urls.listing_feed(url_of(1)), **extra},
            )
        )
    return pages


def bar_width(n: int, most: int) -> int:
    """A bar's width in steps of 5%, at least 5 for anything counted (the JS chart's twin)."""
    return 0 if not n else max(5, 5 * int(20 * n / most + 0.5))


def per_year(articles: list[Article]) -> list[tuple[int, int, int]]:
    """(year, articles, bar width) for every year from the first to the last article; the width
    is in steps of 5% (a class of the stylesheet: the pages' CSP allows no inline style)."""
    counts: dict[int, int] = {}
    for a in articles:
        counts[int(a.date[:4])] = counts.get(int(a.date[:4]), 0) + 1
    if not counts:
        return []
    most = max(counts.values())
    return [(y, counts.get(y, 0), bar_width(counts.get(y, 0), most))
            for y in range(min(counts), max(counts) + 1)]


def section_pages(archive: Archive, config: Config) -> list[Page]:
    entries = [(s.name, urls.section(s.slug), len(archive.section_articles.get(s.slug, [])), s.description)
               for s in archive.sections]
    pages = [Page(urls.sections_index(), "directory.html", "版块",
                  {"heading": "版块", "intro": "按内容分类浏览全部文章。", "groups": [("", entries)]})]
    for s in archive.sections:
        pages += _listing(lambda n, s=s: urls.section(s.slug, n), s.name, archive.section_articles.get(s.slug, []),
                          config, {"kind": "版块", "index_url": urls.sections_index(), "intro": s.description,
                                   "coauthors": []})
    return pages


def column_pages(archive: Archive, config: Config) -> list[Page]:
    entries = [(c.name, urls.column(c.slug), len(archive.column_articles[c.slug]), "") for c in archive.columns]
    pages = [Page(urls.columns_index(), "directory.html", "栏目",
                  {"heading": "栏目", "intro": "报纸上反复出现的专栏。", "groups": [("", entries)]})]
    for c in archive.columns:
        pages += _listing(lambda n, c=c: urls.column(c.slug, n), c.name, archive.column_articles[c.slug],
                          config, {"kind": "栏目", "index_url": urls.columns_index(), "intro": "", "coauthors": []})
    return pages


def section_why(a: Article, config: Config) -> str:
    """Why an article is in its section, as the reader is told: the rule that put it there."""
    headline = " ".join(filter(None, (a.kicker, a.title, a.subtitle)))
    rule, keyword = config.section_reason(headline=headline, column=a.column)
    if rule.slug != a.section:
        return "编者指定"  # section: in the article's file
    if keyword is None:
        return f"栏目“{a.column}”"
    return f"标题含“{keyword}”" if keyword else ""


def edit_link(pattern: str, path: str) -> str:
    """The 纠错 link of an article file: its path percent-encoded into the pattern's {path}."""
    return pattern.replace("{path}", urllib.parse.quote(path, safe="/")) if pattern else ""


def role_label(profile: dict) -> str:
    """记者 12 · 通讯员 3 (only the roles the person signed in)."""
    parts = [f"记者 {profile['reporter']}" if profile["reporter"] else "",
             f"通讯员 {profile['correspondent']}" if profile["correspondent"] else ""]
    return " · ".join(p for p in parts if p)


def reporter_pages(archive: Archive, config: Config) -> list[Page]:
    groups = []
    for letter, people in groupby(sorted(archive.people, key=lambda p: (p.initial, p.pinyin, p.name)),
                                  key=lambda p: p.initial):
        groups.append((letter, [(p.name, urls.reporter(p.slug), len(archive.person_articles[p.name]),
                                 f"{role_label(archive.profile(p.name))} · {p.pinyin}") for p in people]))
    pages = [Page(urls.reporters_index(), "directory.html", "记者与通讯员",
                  {"heading": "记者与通讯员", "groups": groups,
                   "intro": "按姓氏拼音排列；姓名后是署名文章总篇数，其后是作为记者、作为通讯员署名的篇数和姓名拼音。"})]
    for p in archive.people:
        arts = archive.person_articles[p.name]
        together = Counter(o for a in arts for o in a.people)
        coauthors = [(archive.person(o), together[o]) for o in archive.coauthors.get(p.name, [])]
        profile = archive.profile(p.name)
        pages += _listing(lambda n, p=p: urls.reporter(p.slug, n), p.name, arts, config,
                          {"kind": "记者", "index_url": urls.reporters_index(), "intro": p.pinyin,
                           "coauthors": coauthors, "profile": profile,
                           "roles": {int(y): (r, c) for y, r, c in profile["years"]}})
    return pages


def place_pages(archive: Archive, config: Config) -> list[Page]:
    """地点: the places datelines name (柳园讯 -> 柳园街道), each with its articles, newest first."""
    counted = sorted(archive.places, key=lambda p: (-len(archive.place_articles[p.slug]), p.slug))
    entries = [(p.name, urls.place(p.slug), len(archive.place_articles[p.slug]), "") for p in counted]
    pages = [Page(urls.places_index(), "directory.html", "地点",
                  {"heading": "地点", "groups": [("", entries)],
                   "intro": "按电头所记的乡镇、街道归类（如 柳园讯 → 柳园街道），篇数多的在前。"})]
    for p in archive.places:
        pages += _listing(lambda n, p=p: urls.place(p.slug, n), p.name, archive.place_articles[p.slug], config,
                          {"kind": "地点", "index_url": urls.places_index(), "intro": "", "coauthors": []})
    return pages


# --- the rest ---------------------------------------------------------------------


def search_page(archive: Archive, config: Config) -> Page:
    # Each filter option says how many articles it holds in the whole archive.
    return Page(urls.search(), "search.html", "全文检索",
                {"sections": [(s, len(archive.section_articles.get(s.slug, []))) for s in archive.sections],
                 "people": [(p, len(archive.person_articles[p.name])) for p in archive.people],
                 "places": [(p, len(archive.place_articles[p.slug])) for p in archive.places],
                 "columns": [(c, len(archive.column_articles[c.slug])) for c in archive.columns]})


def data_page(archive: Archive, config: Config) -> Page:
    """数据下载: the data files and what each field means."""
    return Page(urls.data(), "data.html", "数据下载",
                {"fields": CSV_FIELDS, "issues": len(archive.issues), "articles": len(archive.articles),
                 "fulltext": [(y, urls.fulltext(y), sum(len(i.articles) for i in issues))
                              for y, issues in fulltext_years(archive)]})


def not_found_page(archive: Archive, config: Config) -> Page:
    return Page(urls.not_found(), "404.html", "页面未找到", {})


def sitemap_page(archive: Archive, config: Config, all_urls: list[str]) -> Page:
    return Page(urls.sitemap(), "sitemap.xml", "sitemap", {"locations": [urls.absolute(config.base_url, u) for u in all_urls]})


def gather_pages(archive: Archive, config: Config) -> list[Page]:
    """Every page of the site, in a stable order."""
    pages = [home_page(archive, config)]
    pages += back_issue_pages(archive, config)
    pages += issue_pages(archive, config)
    pages += article_pages(archive, config)
    pages += section_pages(archive, config)
    pages += column_pages(archive, config)
    pages += reporter_pages(archive, config)
    pages += place_pages(archive, config)
    pages += [search_page(archive, config), data_page(archive, config), not_found_page(archive, config)]
    pages += feed_pages(archive, config)
    if config.base_url:
        html_urls = [p.url for p in pages if p.url.endswith(".html") and p.url != urls.not_found()]
        pages.append(sitemap_page(archive, config, html_urls))
    return pages
