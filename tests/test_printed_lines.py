"""Texts that keep the printed lines (pdftotext, PyMuPDF): each piece of the reflow, the page
furniture, layout marks and captions, asserted exactly on small issues written for these tests."""

from __future__ import annotations

from collections import Counter

from generator.config import Config
from generator.ingest import parse_issue
from generator.ingest.conserve import unaccounted
from generator.ingest.reflow import cells, column_measure, reflow_lines
from generator.ingest.runhead import find_running_heads, page_of_lines, read_footer
from generator.text import squash

from .print_variants import print_variant, wrap

CONFIG = Config()
MAST = "东昌府讯\n2024年5月7日 星期二\n总第1700期 今日4版\n"

STORY_A = ("东昌府讯 5月6日，全区春季植树活动在运河湿地公园举行，机关干部、志愿者和附近居民三百余人参加，"
           "共栽下银杏、国槐等苗木两千余株。", "活动现场，大家分工协作，挖坑、扶苗、填土、浇水，干得热火朝天。"
           "一名参加活动的中学生说，亲手种下一棵树，心里特别踏实。",
           "据了解，今年以来全区已新增绿化面积一千二百亩，完成年度任务的六成以上。")
STORY_B = ("东昌府讯 5月5日，区图书馆举办“书香润万家”读书分享会，二十余名读者讲述了自己与书的故事。",
           "分享会上，退休教师王老师朗读了一段散文，赢得了在场读者的阵阵掌声。")


def issue(width: int, *, indent: str = "") -> str:
    """A two-story issue set in a column ``width`` characters wide, one printed line a line."""
    def story(paragraphs):
        out = []
        for p in paragraphs:
            lines = wrap(p, width, indent=2)
            lines[0] = indent + lines[0]
            out += lines
        return out

    return "\n".join([*MAST.strip().split("\n"), "全区春季植树活动举行", *story(STORY_A), "(融媒体 周明远)",
                      "区图书馆举办读书分享会", *story(STORY_B), "(融媒体 孙晓雯 通讯员 李红)"]) + "\n"


def test_a_wrapped_issue_gives_the_stories_paragraph_by_paragraph():
    for width in (11, 13, 16, 20, 27, 34):
        for indent in ("", "\u3000\u3000"):
            parsed = parse_issue(issue(width, indent=indent), config=CONFIG)
            got = [(a.title, a.dateline, [squash(p) for p in a.body.split("\n\n")], a.reporters, a.correspondents)
                   for a in parsed.articles]
            want = [("全区春季植树活动举行", "东昌府讯", [squash(p.replace("东昌府讯 ", "")) for p in STORY_A], ("周明远",), ()),
                    ("区图书馆举办读书分享会", "东昌府讯", [squash(p.replace("东昌府讯 ", "")) for p in STORY_B],
                     ("孙晓雯",), ("李红",))]
            assert got == want, (width, indent)


def test_the_measure_is_found_only_in_wrapped_text():
    text = issue(14)
    lines = text.split("\n")
    assert reflow_lines(lines, lines, set()).measure == 28
    # The same stories one paragraph a line: no measure, nothing joined.
    whole = "\n\n".join([MAST, "全区春季植树活动举行", *STORY_A, "(融媒体 周明远)"])
    flat = whole.split("\n")
    assert reflow_lines(flat, flat, set()).measure is None
    assert reflow_lines(flat, flat, set()).lines == flat
    assert column_measure([20, 31, 45, 12, 60], [True] * 5) is None


def test_widths_are_counted_as_printed():
    assert cells("植树") == 4
    assert cells("2024年") == 6
    assert cells("a\u200bb") == 2  # a zero-width space takes no room


def test_a_sentence_that_ends_at_the_column_end_keeps_its_paragraph_going():
    # 12 characters a line: the first paragraph's second line ends in 。 at the column's end.
    paragraphs = ["植树节前后全区各地开展义务植树活动栽下苗木。各镇街还组织青年志愿者为新栽树木浇水护绿，确保栽一棵活一棵。",
                  "下一步，全区将加强苗木后期管护，并建立护绿台账，让每一棵树都有人管、有人护，真正把绿色留住。",
                  "区林业部门还将组织技术人员深入各镇街，指导群众科学管护，提高苗木成活率。"]
    printed = [line for p in paragraphs for line in wrap(p, 12, indent=2)]
    assert printed[1].endswith("。") and len(printed[1]) == 12
    text = MAST + "\n".join(["## 全区开展义务植树", *printed, "(融媒体 周明远)"]) + "\n"
    lines = text.split("\n")
    assert reflow_lines(lines, lines, set()).measure == 24
    parsed = parse_issue(text, config=CONFIG)
    assert [squash(p) for p in parsed.articles[0].body.split("\n\n")] == [squash(p) for p in paragraphs]


def test_a_headline_part_over_two_lines_is_one_part():
    text = MAST + "\n".join([
        "区图书馆举办“书香润万家”读书分享",
        "会",
        "——二十余名读者讲述自己与书的故事",
        "东昌府讯 5月5日，区图书馆举办读书分享会。",
        "(融媒体 孙晓雯)",
    ]) + "\n"
    a = parse_issue(text, config=CONFIG).articles[0]
    assert (a.kicker, a.title, a.subtitle) == (None, "区图书馆举办“书香润万家”读书分享会", "——二十余名读者讲述自己与书的故事")


def test_every_footer_form_is_read_with_its_page():
    for line, page in {"2": 2, "- 2 -": 2, "— 3 —": 3, "第 2 页 共 4 页": 2, "2/4": 2, "第2页": 2, "Page 3 of 4": 3,
                       "共4页 第3页": 3}.items():
        head = read_footer(9, line)
        assert head is not None and head.page == page and head.footer, line
    for line in ("2022年", "第2版", "12345", "- 会议 -", "0"):
        assert read_footer(9, line) is None, line


def test_a_footer_ends_its_page_and_a_bare_number_must_rise_or_stand_by_a_form_feed():
    lines = ["正文一。", "- 1 -", "\f正文二。", "- 2 -", "正文三。"]
    heads = find_running_heads(lines, ("东昌府讯",), set())
    assert sorted(heads) == [2, 4]
    page = page_of_lines(heads)
    assert [page(n) for n in (1, 3, 5)] == [1, 2, 3]
    # A lone bare number is a number, not a page; two rising ones are pages; a form feed makes one.
    assert find_running_heads(["正文。", "3", "正文。"], (), set()) == {}
    assert sorted(find_running_heads(["正文。", "1", "正文。", "2", "正文。"], (), set())) == [2, 4]
    assert sorted(find_running_heads(["正文。", "1", "\f正文。"], (), set())) == [2]


def test_a_footer_inside_a_paragraph_is_taken_out_and_the_paragraph_mended():
    text = MAST + "\n".join([
        "## 全区春季植树活动举行",
        "东昌府讯 5月6日，全区春季植树活动在运河湿地公园",
        "",
        "— 1 —",
        "",
        "\f举行，三百余人参加。",
        "(融媒体 周明远)",
    ]) + "\n"
    parsed = parse_issue(text, config=CONFIG)
    a = parsed.articles[0]
    assert squash(a.body) == "5月6日，全区春季植树活动在运河湿地公园举行，三百余人参加。"
    assert a.page == 1
    assert [h.text for h in parsed.issue.running_heads] == ["— 1 —"]  # kept in issue.md


def test_layout_marks_go_to_dropped_and_bracketed_headlines_lose_their_brackets():
    text = MAST + "\n".join([
        "## 【全区春季植树活动举行】",
        "■",
        "东昌府讯 5月6日，全区春季植树活动举行。",
        "丨",
        "图",
        "(融媒体 周明远)",
    ]) + "\n"
    parsed = parse_issue(text, config=CONFIG)
    assert [a.title for a in parsed.articles] == ["全区春季植树活动举行"]
    assert squash(parsed.articles[0].body) == "5月6日，全区春季植树活动举行。"
    assert sorted(d.text for d in parsed.dropped) == sorted(["■", "丨", "图", "【】"])
    lost, added = unaccounted(text, parsed)
    assert not lost and not added


def test_photo_captions_belong_to_their_article():
    text = MAST + "\n".join([
        "## 全区春季植树活动举行",
        "东昌府讯 5月6日，全区春季植树活动举行。",
        "▲ 志愿者为新栽的树苗浇水。 融媒体记者 周明远 摄",
        "活动共栽下苗木两千余株。",
        "(融媒体 周明远)",
        "## 区图书馆举办读书分享会",
        "东昌府讯 5月5日，区图书馆举办读书分享会。",
        "图为分享会现场。",
        "正在拍摄的读者也很投入。",
    ]) + "\n"
    parsed = parse_issue(text, config=CONFIG)
    assert [a.captions for a in parsed.articles] == [("▲ 志愿者为新栽的树苗浇水。 融媒体记者 周明远 摄",), ("图为分享会现场。",)]
    assert "浇水" not in parsed.articles[0].body and "正在拍摄的读者也很投入。" in parsed.articles[1].body
    lost, added = unaccounted(text, parsed)
    assert not lost and not added


def test_a_masthead_folded_into_one_line_is_read():
    for sep in (" ", ""):
        line = sep.join(["DONGCHANGSHIXUN", "东昌府讯", "2024年5月7日", "星期二", "农历甲辰年三月廿九", "总第1700期", "今日4版"])
        parsed = parse_issue(line + "\n\n## 全区春季植树活动举行\n\n东昌府讯 5月6日，活动举行。\n", config=CONFIG)
        i = parsed.issue
        assert (i.date, i.number, i.pages, i.weekday) == ("2024-05-07", 1700, 4, "星期二"), sep
        assert [a.title for a in parsed.articles] == ["全区春季植树活动举行"]


def test_the_printed_variants_of_an_issue_keep_its_characters():
    text = issue(20)
    for kind in ("wrapped", "footers", "pdftotext"):
        printed = print_variant(text, kind, width=12)
        kept = Counter(squash(printed.text))
        for extra in printed.furniture:
            kept -= Counter(squash(extra))
        assert kept == Counter(squash(text)), kind


def test_each_page_is_measured_in_its_own_column_width():
    # Page 1 set 11 characters wide, page 2 18 wide: one measure for both would join or cut lines.
    page1 = [line for p in STORY_A for line in wrap(p, 11, indent=2)]
    page2 = [line for p in STORY_B + STORY_A[1:] for line in wrap(p, 18, indent=2)]
    text = MAST + "\n".join(["全区春季植树活动举行", *page1, "(融媒体 周明远)", "- 1 -",
                             "\f区图书馆举办读书分享会", *page2, "(融媒体 孙晓雯)", "- 2 -"]) + "\n"
    parsed = parse_issue(text, config=CONFIG)
    assert [a.title for a in parsed.articles] == ["全区春季植树活动举行", "区图书馆举办读书分享会"]
    assert [len(a.body.split("\n\n")) for a in parsed.articles] == [3, 4]
    assert [a.page for a in parsed.articles] == [1, 2]


def test_a_masthead_in_layout_rows_is_read():
    rows = ("  东昌府讯              2024年5月7日  星期二\n"
            "DONGCHANGSHIXUN     农历甲辰年三月廿九    总第1700期   今日4版\n\n")
    parsed = parse_issue(rows + "## 全区春季植树活动举行\n\n东昌府讯 5月6日，活动举行。\n", config=CONFIG)
    i = parsed.issue
    assert (i.date, i.number, i.pages, i.lunar) == ("2024-05-07", 1700, 4, "农历甲辰年三月廿九")
    assert [a.title for a in parsed.articles] == ["全区春季植树活动举行"]


def test_closing_punctuation_on_a_line_of_its_own_closes_the_paragraph_before_it():
    for text in (MAST + "## 全区春季植树活动举行\n\n东昌府讯 5月6日，一位居民说：“真是太好啦！\n\n”\n\n活动共栽下苗木两千余株。\n",
                 issue(16).replace("三百余人参加，", "三百余人参加，\n”\n", 1)):
        a = parse_issue(text, config=CONFIG).articles[0]
        assert a.subheads == () and not any(p.strip() in ("”", "## ”") for p in a.body.split("\n\n")), text
