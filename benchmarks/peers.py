"""The same archive built by Pelican and Hugo, and our HTML indexed by Pagefind, side by side.

Pelican (PyPI) and Pagefind (PyPI, ``pagefind[extended]`` for Chinese word segmentation) go
into a virtual environment of their own under the work folder, so the project's environment
stays as it is; Hugo is Debian's package (``apt-get install hugo``).  Each gets a minimal
theme: one page per article plus the generator's own default listings.  What is compared:
build time, output size and files, and for Pagefind the index size and what a cold query
transfers, measured in Chromium the way benchmarks/run.py measures our search.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from benchmarks.measure import FLAGS, timed
from generator import frontmatter


def _articles(content: Path):
    for path in sorted(content.glob("*/*/[0-9]*.md")):
        meta, body, _ = frontmatter.load(path.read_text(encoding="utf-8"))
        yield meta, body


def peer_tools(work: Path) -> dict[str, str]:
    """Paths of the peers' commands, installing Pelican and Pagefind on first use."""
    venv = work / "peers-venv"
    if not (venv / "bin" / "pelican").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "-q", "pelican", "markdown", "pagefind[extended]"],
                       check=True)
    return {"pelican": str(venv / "bin" / "pelican"), "python": str(venv / "bin" / "python"),
            "hugo": shutil.which("hugo") or ""}


def _size(path: Path) -> tuple[float, int]:
    files = [p for p in path.rglob("*") if p.is_file()]
    return round(sum(p.stat().st_size for p in files) / 2**20, 1), len(files)


PELICAN_CONF = """
SITENAME = "东昌府讯"
SITEURL = ""
RELATIVE_URLS = True
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh"
THEME = "simple"
DEFAULT_PAGINATION = 20
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
"""


def bench_pelican(content: Path, work: Path, pelican: str) -> dict:
    root = work / "pelican"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content").mkdir(parents=True)
    for meta, body in _articles(content):
        head = [f"Title: {meta['title']}", f"Date: {meta['issue']}", f"Slug: {meta['id']}",
                f"Category: {meta.get('column') or '要闻'}"]
        if meta.get("reporters"):
            head.append("Authors: " + ", ".join(meta["reporters"]))
        (root / "content" / f"{meta['id']}.md").write_text("\n".join(head) + "\n\n" + body, encoding="utf-8")
    (root / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    seconds, _, _ = timed([pelican, "content", "-o", "output", "-s", "pelicanconf.py", "-q"], root)
    mb, files = _size(root / "output")
    return {"build_seconds": round(seconds, 1), "site_mb": mb, "files": files}


HUGO_LAYOUTS = {
    "_default/baseof.html": '<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                            '</head><body>{{ block "main" . }}{{ end }}</body></html>\n',
    "_default/single.html": '{{ define "main" }}<article><h1>{{ .Title }}</h1><p>{{ .Date.Format "2006-01-02" }}'
                            '{{ with .Params.authors }} · {{ delimit . "、" }}{{ end }}</p>{{ .Content }}</article>'
                            '{{ end }}\n',
    "_default/list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
                          '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
    "index.html": '{{ define "main" }}<ul>{{ range first 20 .Site.RegularPages }}'
                  '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def bench_hugo(content: Path, work: Path, hugo: str) -> dict:
    root = work / "hugo"
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "articles").mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, encoding="utf-8")
    (root / "hugo.toml").write_text('baseURL = "/"\nrelativeURLs = true\ntitle = "东昌府讯"\n'
                                    'disableKinds = ["RSS", "sitemap"]\npaginate = 20\n'
                                    '[taxonomies]\nauthor = "authors"\ncategory = "categories"\n', encoding="utf-8")
    for meta, body in _articles(content):
        front = {"title": meta["title"], "date": meta["issue"], "slug": meta["id"],
                 "authors": meta.get("reporters") or [], "categories": [meta.get("column") or "要闻"]}
        text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n\n" + body
        (root / "content" / "articles" / f"{meta['id']}.md").write_text(text, encoding="utf-8")
    seconds, _, _ = timed([hugo, "--quiet", "-d", "public"], root)
    mb, files = _size(root / "public")
    return {"build_seconds": round(seconds, 1), "site_mb": mb, "files": files, "version": _hugo_version(hugo)}


def _hugo_version(hugo: str) -> str:
    return subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]


def bench_pagefind(site: Path, python: str) -> dict:
    """Index our built site with Pagefind (into site/pagefind/, removed by the caller)."""
    out = site / "pagefind"
    shutil.rmtree(out, ignore_errors=True)
    seconds, _, _ = timed([python, "-m", "pagefind", "--site", str(site), "--output-path", str(out)], site)
    mb, files = _size(out)
    (site / "pagefind-query.html").write_text(PAGEFIND_PAGE, encoding="utf-8")
    return {"index_seconds": round(seconds, 1), "index_mb": mb, "index_files": files}


# Ten results' data, as a results page shows them; window.dcsxLastSearch as our page sets it.
PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind</title>
<script type="module">
const q = decodeURIComponent(location.search.slice(3));
const start = performance.now();
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const found = await pagefind.search(q);
const shown = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
window.dcsxLastSearch = {query: q, ms: Math.round(performance.now() - start), count: found.results.length,
                         urls: shown.map(d => d.url)};
</script>
"""


def pagefind_cold_queries(base: str, queries: list[str]) -> dict:
    """Each query in a fresh browser context: bytes transferred and time to ten results' data."""
    import statistics
    import urllib.parse

    from playwright.sync_api import sync_playwright


    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=FLAGS)
        for q in queries:
            context = browser.new_context()
            # Pagefind fetches from a web worker, which the page's performance entries do not
            # see: count every response of the context instead (bodies as sent, gzip or not).
            sizes: list[int] = []
            context.on("response", lambda r: sizes.append(int(r.headers.get("content-length", 0))))
            page = context.new_page()
            page.goto(base + "pagefind-query.html?q=" + urllib.parse.quote(q))
            page.wait_for_function("() => window.dcsxLastSearch !== undefined", timeout=60000)
            info = page.evaluate("() => ({ms: window.dcsxLastSearch.ms, count: window.dcsxLastSearch.count})")
            info["bytes"] = sum(sizes)
            rows.append(info)
            context.close()
        browser.close()
    kbs = [r["bytes"] / 1024 for r in rows]
    return {"queries": len(rows), "cold_kb_median": round(statistics.median(kbs), 1), "cold_kb_max": round(max(kbs), 1),
            "cold_search_ms_median": statistics.median(r["ms"] for r in rows),
            "found_nothing": sum(1 for r in rows if not r["count"])}
