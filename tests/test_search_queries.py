"""Every query form a researcher types, on the site built from the real issues, in Chromium over
file:// and HTTP: one-character words, name counts in the status line, mixed CJK-digit words
(snippet and marks), pinyin of bylines and of people named in the text, and the results-over-
time chart.  What each form should find is worked out from the content files, not typed in."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from .conftest import CORPUS, need, serve_folder
from .test_browser import result_titles, wait_for_results
from .test_reader_gold import _given_dates


def _dcsx(*args: str, cwd: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, (args, done.stderr)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    """A `dcsx new` archive of every corpus issue, built: (archive folder, site folder)."""
    need((CORPUS / "gold.yaml").exists(), f"corpus not found at {CORPUS}")
    root = tmp_path_factory.mktemp("corpus-search") / "archive"
    _dcsx("new", str(root), "--paper", "东昌府讯", "--paper", "东昌时讯", "--no-git", cwd=Path.cwd())
    dates = _given_dates()
    for path in sorted(CORPUS.glob("*.txt")):
        _dcsx("ingest", str(path), *(["--date", dates[path.name]] if path.name in dates else []), cwd=root)
    _dcsx("build", cwd=root)
    return root, root / "site"


@pytest.fixture(scope="module", params=["file", "http"])
def site_url(request, corpus_site):
    if request.param == "file":
        yield corpus_site[1].as_uri() + "/"
    else:
        with serve_folder(corpus_site[1]) as url:
            yield url


def _articles(corpus_site) -> dict[str, str]:
    """Each article file's title line and whole text (front matter included: bylines count)."""
    out = {}
    for f in sorted((corpus_site[0] / "content").glob("*/*/[0-9]*.md")):
        text = f.read_text(encoding="utf-8")
        out[re.search(r"^title: ?(.*)$", text, re.M).group(1).strip("'\"")] = text
    return out


def _search(page, site_url, query: str, extra: str = "") -> str:
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote(query) + extra)
    wait_for_results(page)
    return page.locator("#search-status").inner_text()


@pytest.mark.parametrize("query, word, char", [("双拥 军", "双拥", "军"), ("军 双拥", "双拥", "军"),
                                               ("蔬菜 斤", "蔬菜", "斤"), ("3360 斤", "3360", "斤")])
def test_a_one_character_word_is_required_as_that_character(page, site_url, corpus_site, query, word, char):
    status = _search(page, site_url, query)
    want = {t for t, text in _articles(corpus_site).items() if word in text and char in text}
    assert want, "the corpus holds the words"
    assert {t.replace("\\", "") for t in result_titles(page)} == {t.replace("\\", "") for t in want}, status
    assert status.startswith(f"共找到 {len(want)} 篇含“{word}”“{char}”的文章") or \
        status.startswith(f"共找到 {len(want)} 篇含“{char}”“{word}”的文章"), status
    assert page.problems == []


def test_one_character_alone_is_too_short_and_says_so(page, site_url):
    assert "至少输入两个汉字" in _search(page, site_url, "军")


def test_the_status_line_counts_names_in_bylines(page, site_url, corpus_site):
    status = _search(page, site_url, "徐振鑫")
    n = sum("徐振鑫" in text for text in _articles(corpus_site).values())
    assert n >= 2
    assert status.startswith(f"共找到 {n} 篇含“徐振鑫”的文章"), status
    assert "其中 0 篇" not in status


def test_a_mixed_word_is_one_phrase_in_the_snippet_and_on_the_page(page, site_url, corpus_site):
    texts = _articles(corpus_site)
    word = next(m.group(0) for text in texts.values() for m in re.finditer(r"\d{4,}[\u4e00-\u9fff]", text)
                if text.count(m.group(0)[-1]) > text.count(m.group(0)))  # its character stands alone too
    _search(page, site_url, word)
    first = page.locator("#search-results .item").first
    assert word in first.locator(".excerpt").inner_text()
    assert set(first.locator(".excerpt mark").all_inner_texts()) == {word}
    first.locator("h3 a").click()
    page.wait_for_selector("#article-body mark")
    marks = page.locator("#article-body mark").all_inner_texts()
    assert marks and set(marks) == {word}, marks  # the whole word, never its character alone
    assert page.problems == []


@pytest.mark.parametrize("query", ["xu zhen xin", "xuzhenxin", "xzx"])
def test_spaced_or_joined_pinyin_marks_the_name_in_results_and_byline(page, site_url, query):
    _search(page, site_url, query)
    first = page.locator("#search-results .item").first
    assert "徐振鑫" in first.locator(".where mark").all_inner_texts()
    first.locator("h3 a").click()
    page.wait_for_selector(".story-foot .byline mark")
    assert page.locator(".story-foot .byline mark").all_inner_texts() == ["徐振鑫"]


def test_pinyin_finds_a_person_named_in_headlines_and_text_not_only_bylines(page, site_url, corpus_site):
    want = {t for t, text in _articles(corpus_site).items() if "张百顺" in text}
    assert len(want) >= 2
    for query in ("zhang bai shun", "zhangbaishun", "zbs"):
        _search(page, site_url, query)
        assert set(result_titles(page)) == want, query
    assert "张百顺" in page.locator("#search-results .item").first.inner_text()


def test_results_over_time_count_the_hits_and_set_the_date_filter(page, site_url, corpus_site):
    status = _search(page, site_url, "疫情")
    total = int(re.search(r"共找到 (\d+) 篇", status).group(1))
    chart = page.locator("#search-years table")
    rows = chart.locator("tbody tr")
    counts = {r.locator("th").inner_text(): int(r.locator(".n").inner_text()) for r in rows.all()}
    assert sum(counts.values()) == total and set(counts) == {"2022年"}
    assert "每年相符的文章" in chart.locator("caption").inner_text()
    chart.get_by_role("link", name="2022年").click()
    page.wait_for_url("**from=2022-01-01**")
    wait_for_results(page)
    assert page.locator("#f-from").input_value() == "2022-01-01" and page.locator("#f-to").input_value() == "2022-12-31"
    months = {r.locator("th").inner_text(): int(r.locator(".n").inner_text())
              for r in page.locator("#search-years tbody tr").all()}
    assert list(months) == [f"{m}月" for m in range(1, 13)] and sum(months.values()) == total
    dates = [re.search(r"(\d+)年(\d+)月", t).groups() for t in page.locator("#search-results .where").all_inner_texts()]
    by_month = {}
    for _, month in dates:
        by_month[f"{int(month)}月"] = by_month.get(f"{int(month)}月", 0) + 1
    assert {k: v for k, v in months.items() if v} == by_month or len(dates) < total
    assert page.problems == []


@pytest.mark.parametrize("index, caption", [("sections", "每年篇数"), ("columns", "每年篇数"), ("places", "每年篇数"),
                                            ("reporters", "每年署名篇数")])
def test_listing_pages_show_their_articles_per_year(page, site_url, index, caption):
    page.goto(site_url + index + "/index.html")
    page.locator(".directory a").first.click()
    table = page.locator("table.years-chart")
    assert table.locator("caption").inner_text() == caption
    count = int(re.search(r"(\d+)", page.locator("h1 .count").inner_text()).group(1))
    assert sum(int(n) for n in table.locator(".n").all_inner_texts()) == count
    assert page.problems == []
