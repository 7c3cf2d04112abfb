"""Running heads, 版 per article, pieces of cut paragraphs, and dates the masthead does not print."""

from __future__ import annotations

import pytest

from generator import frontmatter
from generator.ingest import parse_issue
from generator.ingest.blocks import is_piece
from generator.ingest.runhead import page_of_lines, read_running_head
from generator.ingest.write import render_issue
from generator.lunar import day_label, lunar_label, weekday_label

NAMES = ("东昌府讯", "东昌时讯")


@pytest.mark.parametrize(
    "line, page, name, date",
    [
        ("东昌府讯 第2版", 2, None, None),
        ("2022年11月22日 星期二 东昌府讯 第3版", 3, None, "2022-11-22"),
        ("第4版 综合 责任编辑：张三", 4, "综合", None),
        ("责任编辑：张三 版式：李四 校对：王五 第2版 要闻", 2, "要闻", None),
        ("东昌时讯·民生 第十二版", 12, "民生", None),
        ("**第 3 版**", 3, None, None),
        ("第三版 副刊", 3, "副刊", None),
    ],
)
def test_running_heads_in_any_order_are_read(line, page, name, date):
    head = read_running_head(7, line, NAMES)
    assert head is not None and (head.page, head.page_name, head.date) == (page, name, date)


@pytest.mark.parametrize(
    "line",
    [
        "我区召开第3版规划修编会议",  # a headline that mentions a page
        "东昌府讯 8月12日，聊城市司法局刊登《打造有事来聊升级版》，推广经验做法。",
        "2022年11月22日",  # a masthead date: the masthead's business
        "东昌府讯",
        "## 第2版",  # marked as a heading by the converter: not a page header
        "综合 要闻 第2版",  # two names beside the number: text, not a header
    ],
)
def test_text_is_not_a_running_head(line):
    assert read_running_head(1, line, NAMES) is None


def test_pages_follow_the_running_heads():
    heads = {line: read_running_head(line, text, NAMES) for line, text in ((40, "第2版 综合"), (90, "东昌府讯 第3版"))}
    page = page_of_lines(heads)
    assert [page(5), page(41), page(89), page(91)] == [1, 2, 2, 3]
    later = page_of_lines({50: read_running_head(50, "第3版", NAMES)})
    assert later(10) is None and later(60) == 3  # what comes before 第3版 could be page 1 or 2


ISSUE = """2022年11月22日 星期二 东昌府讯 第2版 要闻

## 我区召开冬季安全生产会议

东昌府讯 11月20日，我区召开冬季安全生产会议，要求各镇街压实责任，坚决守住

第3版 民生 责任编辑：王红霞

安全底线。会议强调，要开展隐患排查整治。

(融媒体 张三)

## 社区食堂开业

东昌府讯 11月21日，柳园街道首家社区食堂开业，老人们在家门口吃上了热乎饭。

(融媒体 李四)
"""


def test_running_heads_leave_the_text_and_mend_the_paragraph_they_cut():
    parsed = parse_issue(ISSUE)
    assert parsed.issue.date == "2022-11-22"  # no masthead: the running head's date
    first, second = parsed.articles
    assert "守住安全底线" in first.body and "第3版" not in first.body and "王红霞" not in first.body
    assert (first.page, second.page) == (2, 3)
    assert [s.text for s in parsed.issue.running_heads] == ["2022年11月22日 星期二 东昌府讯 第2版 要闻",
                                                            "第3版 民生 责任编辑：王红霞"]
    assert parsed.issue.page_names == ((2, "要闻"), (3, "民生"))
    assert not [w for w in parsed.issue.warnings if "not accounted" in w.message]
    files = render_issue(parsed, "x.txt")
    meta, _, _ = frontmatter.load(files["issue.md"])
    assert meta["running_heads"][1] == {"line": 7, "text": "第3版 民生 责任编辑：王红霞"}
    assert meta["page_names"] == {2: "要闻", 3: "民生"}
    assert frontmatter.load(files["02.md"])[0]["page"] == 3


def test_an_issue_without_page_information_records_no_page():
    parsed = parse_issue(ISSUE.replace("2022年11月22日 星期二 东昌府讯 第2版 要闻", "").replace("第3版 民生 责任编辑：王红霞", ""),
                         date="2022-11-22")
    assert {a.page for a in parsed.articles} == {None}
    meta, _, _ = frontmatter.load(render_issue(parsed, "x.txt")["02.md"])
    assert "page" not in meta


def test_weekday_and_lunar_date_are_worked_out_when_not_printed_and_marked_so():
    parsed = parse_issue(ISSUE)
    assert (parsed.issue.weekday, parsed.issue.lunar) == ("星期二", "农历壬寅年十月廿九")
    assert parsed.issue.computed == ("lunar",)  # the running head prints the weekday
    meta, _, _ = frontmatter.load(render_issue(parsed, "x.txt")["issue.md"])
    assert meta["lunar"] is None and meta["weekday"] == "星期二"  # content/ keeps what was printed


@pytest.mark.parametrize("date, label", [
    ("2022-11-22", "农历壬寅年十月廿九"), ("2023-01-22", "农历癸卯年正月初一"), ("2023-03-22", "农历癸卯年闰二月初一"), ("2023-04-20", "农历癸卯年三月初一"),
    ("2024-01-09", "农历癸卯年十一月廿八"), ("2020-05-23", "农历庚子年闰四月初一"),
])
def test_lunar_dates(date, label):
    assert lunar_label(date) == label


def test_day_labels_and_weekday():
    assert [day_label(d) for d in (1, 10, 11, 20, 21, 30)] == ["初一", "初十", "十一", "二十", "廿一", "三十"]
    assert weekday_label("2022-11-20") == "星期日"


@pytest.mark.parametrize("text, after", [
    ("“凡是进店购物的现役、退役军", "人，均可享受优惠。"),  # a quote left open
    ("会议全面回顾总结了过去五", "年来我区残疾人事业取得的成效。"),  # ends on a numeral
    ("会议书面印发了中央政治局会议精神和全市工作会议主旨讲", "话要点。"),  # longer than a subheading
    ("以靶向思维优先解决国企改革", "中的难点问题。"),  # 革中 stands together elsewhere in the issue
])
def test_pieces_of_cut_paragraphs(text, after):
    issue = text + after + "国企改革中的难点。改革中要坚持问题导向。"
    assert is_piece(text, after, issue)


@pytest.mark.parametrize("text, after", [
    ("打造拥军文化新阵地", "11月10日，走进军休所家属院，双拥宣传牌随处可见。"),
    ("科技赋能提品质", "“以前种蘑菇全凭经验，现在都由手机控制。”"),
])
def test_subheadings_are_not_pieces(text, after):
    assert not is_piece(text, after, text + after)
