"""Atom feeds (RFC 4287): the newest issues, the newest articles, and one per section, column,
place and person, so a reader can follow a column or a reporter.

Every feed has its ``id``, ``title``, ``updated``, an ``author`` (the paper) and a ``rel="self"``
link; every entry its ``id``, ``title``, ``updated`` and ``rel="alternate"`` link, and an article
entry its authors.  Links are relative to the site's root, resolved by ``xml:base`` (the
published address when there is one, else the path back to the root), so a feed works from a
Pages sub-path and from a folder alike.  ``updated`` is the newest item's date: the same
content gives the same bytes.
"""

from __future__ import annotations

from generator.config import Config
from generator.content import Archive
from generator.model import Article
from generator.site import urls
from generator.site.page import Page

FEED_ARTICLES = 20  # entries in an article feed


def _root_from(url: str) -> str:
    return "../" * url.count("/")


def _context(url: str, title: str, config: Config, updated: str) -> dict:
    if url == urls.feed():  # the site's first feed keeps the id its subscribers know
        feed_id = config.base_url or f"urn:dcsx:{config.paper}"
    else:
        feed_id = (config.base_url + url) if config.base_url else f"urn:dcsx:{config.paper}:{url}"
    return {"feed_url": url, "feed_title": title, "xml_base": config.base_url or _root_from(url),
            "feed_id": feed_id, "updated": updated or "1970-01-01"}


def issues_feed(archive: Archive, config: Config) -> Page:
    recent = list(reversed(archive.issues[-config.feed_issues:]))
    ctx = _context(urls.feed(), config.title, config, recent[0].date if recent else "")
    return Page(urls.feed(), "feed.xml", config.title, {**ctx, "issues": recent, "articles": []})


def article_feed(url: str, title: str, articles: list[Article], config: Config) -> Page:
    """The newest articles of a list (newest first already, or put so)."""
    newest = sorted(articles, key=lambda a: (a.date, a.seq), reverse=True)[:FEED_ARTICLES]
    ctx = _context(url, title, config, newest[0].date if newest else "")
    return Page(url, "feed.xml", title, {**ctx, "issues": [], "articles": newest})


def feed_pages(archive: Archive, config: Config) -> list[Page]:
    pages = [issues_feed(archive, config),
             article_feed(urls.articles_feed(), f"{config.title} · 最新文章", archive.articles, config)]
    for s in archive.sections:
        pages.append(article_feed(urls.listing_feed(urls.section(s.slug)), f"{config.title} · {s.name}",
                                  archive.section_articles.get(s.slug, []), config))
    for c in archive.columns:
        pages.append(article_feed(urls.listing_feed(urls.column(c.slug)), f"{config.title} · 栏目 · {c.name}",
                                  archive.column_articles[c.slug], config))
    for p in archive.places:
        pages.append(article_feed(urls.listing_feed(urls.place(p.slug)), f"{config.title} · {p.name}",
                                  archive.place_articles[p.slug], config))
    for p in archive.people:
        pages.append(article_feed(urls.listing_feed(urls.reporter(p.slug)), f"{config.title} · {p.name}",
                                  archive.person_articles[p.name], config))
    return pages
