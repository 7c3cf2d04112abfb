"""Every non-whitespace character of an issue ends up somewhere, and the parser never crashes."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.ingest import IssueError, parse_issue
from generator.ingest.conserve import unaccounted
from generator.ingest.read import decode_issue

from .conftest import FIXTURES

import html
import re
from collections import Counter

from generator.site.render import render_markdown
from generator.text import squash, strip_controls, strip_markup

# Pieces real issues are made of, shuffled and mutated by hypothesis.
PIECES = [
    "", "", "\n", "  ", "# 东昌府讯", "DONGCHANGSHIXUN", "东昌时讯", "2022年11月22日", "星期二", "农历壬寅年十月廿九",
    "总第1486期", "今日4版", "网址：<http://dcf.lcxw.cn> 投稿邮箱：dcsx2005@sina.com",
    "2022年8月16日 星期二 农历壬寅年七月十九 总第1461期 今日4版",
    "## 我区召开工作会议", "### 小标题", "# 大标题", "双拥花开 鱼水情深  ", "——全区深入推进双拥工作纪实",
    "深入学习宣传贯彻党的二十大精神  ", "我为群众办实事", "同心协力 共抗疫情", "宣讲进行时",
    "东昌府讯 11月18日，会议召开，", "**古楼街讯** 12月20日,活动举行。", "要加强组织领导，提升能力", "素养。",
    "(融媒体 徐振鑫 朱晓斌)", "融媒体 全兴社 通讯员 郭瑛玮", "(融媒体郭龙君 通讯员袁义祥)", "（融媒体记者王五）",
    "照顾家务和农活。他们的儿子正在读书。", "亲爱的市民朋友们：", "区教育局", "2023年6月6日",
    "创建全国文明城市——致广大市民的一封信", "张百顺在出席会议时强调 强化使命担当", "**", "#", "——", "(", "）",
    # Issue text that looks like Markdown must reach the page as printed.
    "其中2*3*4等于24，", "[注1]: 见附表。", "详见[附表](二)。", "1. 第一条，", "- 一是加强领导；", "+ 加分项。",
    "a_b_c 和 __粗__ 与 `代码`，", "C:\\新建文件夹\\", "<b>不是标签</b>", "&amp; 与 &copy;", "> 不是引用。",
    "![图](x.png)", "***三星***", "# 1号楼",
]


def assert_conserved(text: str, **kw) -> None:
    try:
        parsed = parse_issue(text, **kw)
    except IssueError as exc:  # refused whole, so nothing is half-ingested: only for two issues in one file
        assert "mastheads of two issues" in str(exc), exc
        return
    lost, added = unaccounted(text, parsed)
    assert not lost, f"characters lost: {dict(lost)}"
    assert not added, f"characters duplicated: {dict(added)}"
    for a in parsed.articles:
        assert_page_shows(a.body)


def page_text(body: str) -> Counter[str]:
    """The characters a reader sees of an article body on its page."""
    shown = html.unescape(re.sub(r"<[^>]+>", "", str(render_markdown(body))))
    return Counter(squash(shown))


def assert_page_shows(body: str) -> None:
    """What the page shows is the body's text: nothing eaten as markup, nothing added."""
    expected = Counter()
    for line in body.split("\n"):
        expected.update(squash(strip_controls(strip_markup(line))))
    shown = page_text(body)
    assert shown == expected, f"page lost {dict(expected - shown)}, added {dict(shown - expected)}: {body!r}"


def test_corpus_text_is_conserved(corpus):
    for path in sorted(corpus.glob("*.txt")):
        text, *_ = decode_issue(path.read_bytes())
        assert_conserved(text, source=path.name, date="2022-12-23")


def test_fixture_text_is_conserved():
    for path in sorted((FIXTURES / "issues").glob("*.txt")):
        text, *_ = decode_issue(path.read_bytes())
        assert_conserved(text, source=path.name, date="2023-09-05")


@settings(max_examples=int(os.environ.get("DCSX_EXAMPLES", "300")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=40))
def test_generated_issues_conserve_text(parts):
    assert_conserved("\n".join(parts), date="2022-11-22")


@settings(max_examples=int(os.environ.get("DCSX_EXAMPLES", "300")), deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_text_never_crashes(text):
    try:
        parsed = parse_issue(text)
    except IssueError as exc:
        assert "--date" in str(exc) or "mastheads of two issues" in str(exc)  # the only refusals
        return
    lost, _ = unaccounted(text, parsed)
    assert not lost


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_encodings_and_line_ends_parse_alike(encoding, newline):
    source = (FIXTURES / "issues" / "2023-03-14-dcsx.txt").read_text(encoding="utf-8")
    reference = parse_issue(source)
    text, *_ = decode_issue(source.replace("\n", newline).encode(encoding))
    assert parse_issue(text) == reference


@pytest.mark.parametrize("text", ["\\.", "见附件\\*2\\#3。", "## 标题\\\n\n正文\\_内容\\\\结束。", "2022年11月22日 星期二 \\.\n"])
def test_a_backslash_as_received_is_text_not_an_escape(text):
    """In the issue as received a backslash is a character: it is counted there, and on the page."""
    assert_conserved(text, date="2022-11-22")
