"""Atom feeds checked against RFC 4287: every feed of the fixture site, online and offline."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import build_fixture_site

A = "{http://www.w3.org/2005/Atom}"
BASE = "{http://www.w3.org/XML/1998/namespace}base"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="module", params=["", "https://example.org/repo/"], ids=["offline", "online"])
def site(request, tmp_path_factory) -> tuple[Path, str]:
    return build_fixture_site(tmp_path_factory.mktemp("feeds"), base_url=request.param)[1], request.param


def feeds(site: Path) -> list[Path]:
    return sorted(site.rglob("*.xml"))


def one(parent, tag: str, where: str):
    found = parent.findall(A + tag)
    assert len(found) == 1, f"{where}: {len(found)} atom:{tag}, RFC 4287 wants exactly one"
    return found[0]


def resolve(feed_path: Path, site: Path, base: str, href: str) -> Path:
    """Follow a relative link the way a reader does: against xml:base, then the feed's own place."""
    here = "file://" + str(feed_path)
    url = urljoin(urljoin(here, base) if base and not base.startswith("http") else here, href)
    assert url.startswith("file://"), url
    return Path(url[len("file://"):].split("#")[0])


def test_every_feed_follows_rfc_4287(site):
    root, base_url = site
    paths = [p for p in feeds(root) if p.name != "sitemap.xml"]
    names = {p.relative_to(root).as_posix() for p in paths}
    assert {"feed.xml", "articles.xml"} <= names
    assert any(n.startswith("sections/") for n in names) and any(n.startswith("columns/") for n in names)
    assert any(n.startswith("reporters/") for n in names) and any(n.startswith("places/") for n in names)
    ids = set()
    for path in paths:
        feed = ET.parse(path).getroot()
        where = path.relative_to(root).as_posix()
        assert feed.tag == A + "feed", where
        for tag in ("id", "title", "updated"):
            one(feed, tag, where)
        assert RFC3339.match(one(feed, "updated", where).text), where
        feed_id = one(feed, "id", where).text
        assert feed_id not in ids, f"{where}: feed id {feed_id} used twice"
        ids.add(feed_id)
        entries = feed.findall(A + "entry")
        # atom:author on the feed, or on every entry (4.1.1)
        assert feed.findall(A + "author") or all(e.findall(A + "author") for e in entries), where
        for author in feed.findall(A + "author"):
            assert one(author, "name", where).text.strip()
        selfs = [link for link in feed.findall(A + "link") if link.get("rel") == "self"]
        assert len(selfs) == 1, f"{where}: no rel=self"
        base = feed.get(BASE, "")
        if base_url:
            assert base == base_url and urljoin(base, selfs[0].get("href")) == base_url + where
        else:
            assert resolve(path, root, base, selfs[0].get("href")) == path
        seen = set()
        for entry in entries:
            for tag in ("id", "title", "updated"):
                one(entry, tag, where)
            assert RFC3339.match(one(entry, "updated", where).text)
            eid = one(entry, "id", where).text
            assert eid not in seen, f"{where}: entry id {eid} twice"
            seen.add(eid)
            alternates = [link for link in entry.findall(A + "link") if link.get("rel", "alternate") == "alternate"]
            assert len(alternates) == 1, where  # (4.1.1: at most one alternate per type; we give one)
            href = alternates[0].get("href")
            if base_url:
                assert urljoin(base, href).startswith(base_url)
                target = root / urljoin(base, href)[len(base_url):]
            else:
                target = resolve(path, root, base, href)
            assert target.exists(), f"{where}: entry link {href} leads nowhere"
            assert entry.findall(A + "content") or entry.findall(A + "summary"), where


def test_article_feeds_carry_articles_with_their_authors(site):
    root, _ = site
    feed = ET.parse(root / "reporters" / "liu-yang" / "feed.xml").getroot()
    entries = feed.findall(A + "entry")
    assert entries and all(any(a.find(A + "name").text == "刘洋" for a in e.findall(A + "author")) for e in entries)
    dates = [e.find(A + "updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    issues = ET.parse(root / "feed.xml").getroot().findall(A + "entry")
    content = issues[0].find(A + "content")
    assert content.get("type") == "html" and "<ol><li><a href=" in content.text  # the issue's articles, listed


def test_listing_pages_offer_their_feed(site):
    root, _ = site
    page = (root / "columns" / "hong-se-ji-yi" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="红色记忆" href="feed.xml">' in page
    assert 'href="feed.xml" type="application/atom+xml">订阅' in page
