"""Every page's URL, in one place.  URLs are site-relative paths that end in a file name.

Templates never build paths; they call ``link(url)``, which makes the URL relative to the
page being rendered, so the site reads the same from file:// and a GitHub Pages sub-path.
"""

from __future__ import annotations

import functools
import posixpath


def home() -> str:
    return "index.html"


def issues_index() -> str:
    return "issues/index.html"


def year(y: int | str) -> str:
    return f"issues/{y}/index.html"


def issue(issue_id: str) -> str:
    return f"issues/{issue_id}/index.html"


def article(issue_id: str, seq: int) -> str:
    # Built from the issue date and the article's place in it: correcting a title
    # never moves the page.
    return f"issues/{issue_id}/{seq:02d}.html"


def _paged(base: str, page: int) -> str:
    return f"{base}/index.html" if page <= 1 else f"{base}/page-{page}.html"


def sections_index() -> str:
    return "sections/index.html"


def section(slug: str, page: int = 1) -> str:
    return _paged(f"sections/{slug}", page)


def columns_index() -> str:
    return "columns/index.html"


def column(slug: str, page: int = 1) -> str:
    return _paged(f"columns/{slug}", page)


def reporters_index() -> str:
    return "reporters/index.html"


def reporter(slug: str, page: int = 1) -> str:
    return _paged(f"reporters/{slug}", page)


def places_index() -> str:
    return "places/index.html"


def place(slug: str, page: int = 1) -> str:
    return _paged(f"places/{slug}", page)


def data(name: str = "index.html") -> str:
    """The data files (data/issues.json …) and the 数据下载 page that lists them."""
    return f"data/{name}"


def search() -> str:
    return "search/index.html"


def not_found() -> str:
    return "404.html"


def feed() -> str:
    return "feed.xml"


def articles_feed() -> str:
    return "articles.xml"


def listing_feed(listing_url: str) -> str:
    """The feed beside a listing's first page (sections/rural/index.html -> sections/rural/feed.xml)."""
    return listing_url.rsplit("/", 1)[0] + "/feed.xml"


def data_issue(issue_id: str) -> str:
    """An issue's data file: its articles' metadata and links."""
    return data(f"issues/{issue_id}.json")


def fulltext(year: str) -> str:
    """A year's full text for researchers (JSON Lines, gzip)."""
    return data(f"fulltext/{year}.jsonl.gz")


def sitemap() -> str:
    return "sitemap.xml"


def static(name: str) -> str:
    return f"static/{name}"


def relative(from_url: str, to_url: str) -> str:
    """Link from one page to another, relative (issues/2022-11-22/03.html -> ../../index.html)."""
    fragment = ""
    if "#" in to_url:
        to_url, fragment = to_url.split("#", 1)
        fragment = "#" + fragment
    return _relative_path(posixpath.dirname(from_url), to_url) + fragment


@functools.lru_cache(maxsize=65536)
def _relative_path(start: str, to_url: str) -> str:
    """posixpath.relpath(to_url, start or "."), by string work: a page links dozens of times."""
    here, there = start.split("/") if start else [], to_url.split("/")
    if not there[-1] or "." not in there[-1] or "." in there[:-1] or ".." in there or "" in there[:-1]:
        return posixpath.relpath(to_url, start or ".")  # not a plain file path: the general way
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "../" * (len(here) - common) + "/".join(there[common:])


def absolute(base_url: str, url: str) -> str:
    """Full URL for feeds, sitemaps and citations (base_url ends in '/')."""
    return base_url + url.removesuffix("index.html") if base_url else url
