"""The search page against what a reader (or a crafted link) may type: names of Object.prototype
members, a query of tens of kilobytes, right-to-left marks in what it shows; and the text a
page shows, Markdown-looking or not, exactly as printed."""

from __future__ import annotations

import csv
import io
import time
import urllib.parse

import pytest

from .test_browser import result_titles, wait_for_results

RLO = "\u202e"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from generator.build import build_site
    from generator.config import load_config
    from generator.ingest.write import write_issue
    from generator.ingest import parse_issue
    from generator.model import IssueMeta, ParsedArticle, ParsedIssue

    tmp = tmp_path_factory.mktemp("hostile")
    arts = (
        ParsedArticle(title="constructor 与 toString 的说明", body="文中写到 constructor、toString 和 __proto__ 三个词。",
                      reporters=("张三",), source_lines=(1, 1)),
        ParsedArticle(title=f"标题{RLO}反向", body="算式2*3*4等于24，[注1]: 见附表；详见[附表](二)。",
                      reporters=(f"李{RLO}四",), source_lines=(2, 2)),
        ParsedArticle(title="=HYPERLINK(\"http://evil.example/\",\"点此\")", body="表格单元不可成为公式。",
                      reporters=("王五",), source_lines=(3, 3)),
    )
    write_issue(ParsedIssue(IssueMeta(date="2023-05-02", number=9), arts), tmp / "content", "2023-05-02.txt")
    raw = ("东昌府讯\n2023年5月9日 星期二\n总第10期\n\n## 算式说明会召开\n\n"
           "东昌府讯 算式2*3*4等于24，[注1]: 见附表；详见[附表](二)。\n\n(融媒体 张三)\n")
    write_issue(parse_issue(raw, source="2023-05-09.txt"), tmp / "content", "2023-05-09.txt")
    report = build_site(tmp / "content", tmp / "site", load_config(None))
    assert report.published and not report.problems, report.problems
    return tmp / "site"


@pytest.mark.parametrize("word", ["constructor", "toString", "__proto__", "hasOwnProperty"])
def test_object_property_names_are_words_like_any_other(page, hostile_site, word):
    page.goto(hostile_site.as_uri() + "/search/index.html?q=" + urllib.parse.quote(word))
    wait_for_results(page)
    titles = result_titles(page)
    if word == "hasOwnProperty":
        assert titles == [] and "没有找到" in page.locator("#search-status").inner_text()
    else:
        assert titles == ["constructor 与 toString 的说明"], (word, titles)
    assert page.problems == []


def test_a_45_kb_query_is_cut_and_answered_quickly(page, hostile_site):
    query = "双拥" * 23_000  # about 45 KB in the link
    started = time.monotonic()
    page.goto(hostile_site.as_uri() + "/search/index.html?q=" + urllib.parse.quote(query))
    wait_for_results(page)
    assert time.monotonic() - started < 10
    assert "检索词过长" in page.locator("#search-status").inner_text()
    page.goto(hostile_site.as_uri() + "/issues/2023-05-02/01.html?hl=" + urllib.parse.quote("说明 " * 20_000))
    assert "constructor" in page.locator("h1").inner_text()
    assert page.problems == []


def test_names_and_titles_in_results_are_isolated(page, hostile_site):
    page.goto(hostile_site.as_uri() + "/search/index.html?q=" + urllib.parse.quote("附表"))
    wait_for_results(page)
    assert sorted(page.eval_on_selector_all("#search-results .title bdi", "els => els.map(e => e.textContent)")) == \
        sorted([f"标题{RLO}反向", "算式说明会召开"])
    assert sorted(page.eval_on_selector_all("#search-results .where bdi", "els => els.map(e => e.textContent)")) == \
        sorted([f"李{RLO}四", "张三"])
    assert page.problems == []


def test_markdown_looking_text_reads_as_printed(page, hostile_site):
    page.goto(hostile_site.as_uri() + "/issues/2023-05-09/01.html")
    text = page.locator("#article-body").inner_text()
    assert "算式2*3*4等于24，[注1]: 见附表；详见[附表](二)。" in text
    assert page.locator("#article-body a").count() == 0 and page.locator("#article-body em").count() == 0
    assert page.problems == []


def test_csv_cells_are_never_formulas(hostile_site):
    data = (hostile_site / "data/articles.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert all(not str(v).startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for v in row.values())
    assert any(row["title"] == "'=HYPERLINK(\"http://evil.example/\",\"点此\")" for row in rows)
