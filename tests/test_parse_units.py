"""Small tests of the parser's pieces, with inline inputs."""

from __future__ import annotations

import pytest

from generator.ingest import IssueError, parse_issue
from generator.ingest.byline import parse_byline
from generator.ingest.masthead import check_weekday, find_masthead
from generator.ingest.parse import date_from_filename
from generator.ingest.read import decode_issue
from generator.ingest.segment import infer_title, starts_mid_sentence
from generator.text import ends_sentence

NAMES, ROMAN = ("东昌府讯", "东昌时讯"), ("DONGCHANGSHIXUN",)


@pytest.mark.parametrize(
    "line, reporters, correspondents",
    [
        ("(融媒体 徐振鑫 朱晓斌)", ("徐振鑫", "朱晓斌"), ()),
        ("融媒体 全兴社 通讯员 郭瑛玮", ("全兴社",), ("郭瑛玮",)),
        ("(融媒体郭龙君 通讯员袁义祥)", ("郭龙君",), ("袁义祥",)),
        ("(融媒体裴崇旭)", ("裴崇旭",), ()),
        ("（融媒体记者 王五 通讯员 赵六、钱七）", ("王五",), ("赵六", "钱七")),
        ("融媒体 李念辉 郭龙君", ("李念辉", "郭龙君"), ()),
    ],
)
def test_bylines(line, reporters, correspondents):
    b = parse_byline(line)
    assert b is not None and b.reporters == reporters and b.correspondents == correspondents


@pytest.mark.parametrize(
    "line",
    ["融媒体中心举办活动，群众踊跃参加。", "会议以视频形式召开。", "(2022年)", "融媒体中心组织开展志愿服务活动", "通讯员"],
)
def test_not_bylines(line):
    assert parse_byline(line) is None


def test_run_together_names_split_by_known_names():
    b = parse_byline("(融媒体徐振鑫朱晓斌)", frozenset({"徐振鑫"}))
    assert b is not None and b.reporters == ("徐振鑫", "朱晓斌") and not b.ambiguous


def test_run_together_names_without_help_are_flagged():
    b = parse_byline("(融媒体 徐振鑫朱晓斌)")
    assert b is not None and b.reporters == ("徐振鑫", "朱晓斌") and b.ambiguous == ("徐振鑫朱晓斌",)


def test_masthead_block_and_folded_header():
    lines = ["DONGCHANGSHIXUN", "", "# 东昌府讯", "2022年11月22日", "星期二", "农历壬寅年十月廿九", "总第1486期",
             "今日4版", "正文第一段。", "2022年11月22日 星期二 农历壬寅年十月廿九 总第1486期 今日4版"]
    m = find_masthead(lines, NAMES, ROMAN)
    assert (m.date, m.number, m.pages, m.weekday, m.lunar, m.masthead) == (
        "2022-11-22", 1486, 4, "星期二", "农历壬寅年十月廿九", "东昌府讯")
    assert m.consumed == {1, 3, 4, 5, 6, 7, 8, 10} and m.page_headers == {10}


def test_lone_date_line_is_article_text_not_masthead():
    m = find_masthead(["致市民的一封信", "亲爱的市民：", "请注意安全。", "区应急局", "2023年6月6日"], NAMES, ROMAN)
    assert m.date is None and not m.consumed


def test_conflicting_masthead_dates_warn():
    m = find_masthead(["2022年11月22日 星期二 总第1486期 今日4版", "x", "2022年11月23日 星期三 总第1487期 今日4版"], NAMES, ROMAN)
    assert m.date == "2022-11-22" and any("differs" in w.message for w in m.warnings)


def test_weekday_check():
    assert check_weekday("2022-11-22", "星期二") is None
    assert "星期二" in check_weekday("2022-11-22", "星期三")


def test_decode_variants():
    text = "东昌府讯\r\n总第1期\r\n"
    assert decode_issue(text.encode("gb18030")) == ("东昌府讯\n总第1期\n", "gb18030", [])
    assert decode_issue(text.encode("utf-16"))[:2] == ("东昌府讯\n总第1期\n", "utf-16")
    assert decode_issue(b"\xef\xbb\xbf" + text.encode())[0] == "东昌府讯\n总第1期\n"


def test_undecodable_bytes_are_kept_visible():
    text, encoding, warnings = decode_issue("第一行\n第二行 abc ".encode() + b"\xff" + " 内容\n".encode())
    assert "abc" in text and "\ufffd" in text and "errors" in encoding
    assert [w.line for w in warnings] == [2] and "neither UTF-8 nor GB18030" in warnings[0].message


@pytest.mark.parametrize("text, ends", [("会议召开。", True), ("他说：“好。”", True), ("打造“首善之区”", False),
                                        ("为山东发展提供了", False), ("摒弃不文明语言；", False), ("……", True), ("v1.2", False)])
def test_sentence_ends(text, ends):
    assert ends_sentence(text) is ends


def test_fragment_guess():
    assert starts_mid_sentence("照顾家务和农活。他们的儿子正在高职就读大二。")
    assert not starts_mid_sentence("军爱民，民拥军，军民团结一家亲。")
    assert not starts_mid_sentence("疫情就是命令，防控就是责任。")


def test_inferred_titles_are_short_first_sentences():
    assert infer_title("8月11日，区第十八届人大常委会第四次会议召开。区人大常委会……") == "区第十八届人大常委会第四次会议召开"
    long = "8月12日，聊城市司法局《改革创新参阅》2022年第13期刊登一篇很长很长很长很长的文章介绍东昌府区推进品牌调解工程的经验做法。"
    assert len(infer_title(long)) <= 41


def test_filename_dates():
    assert date_from_filename("2022-12-23.txt") == "2022-12-23"
    assert date_from_filename("dcsx_20221223_p1.txt") == "2022-12-23"
    assert date_from_filename("issue-1486.txt") is None
    assert date_from_filename("20221399.txt") is None


def test_no_date_error_names_file_and_remedy():
    with pytest.raises(IssueError) as err:
        parse_issue("## 标题\n\n正文。", source="x.txt")
    assert str(err.value).startswith("x.txt:") and "--date" in str(err.value)


def test_bad_given_date_is_refused():
    with pytest.raises(IssueError, match="YYYY-MM-DD"):
        parse_issue("正文。", source="x.txt", date="2022/12/23")


def test_article_split_around_its_byline_stays_one():
    text = "## 标题\n\n东昌府讯 12月1日，活动举行。\n\n(融媒体 张三)\n\n活动中，大家很高兴。\n\n(融媒体 张三)\n"
    p = parse_issue(text, date="2022-12-02")
    assert len(p.articles) == 1 and p.articles[0].body.endswith("大家很高兴。")
    assert p.articles[0].reporters == ("张三",) and p.articles[0].event_date == "2022-12-01"


def test_event_date_in_previous_year():
    p = parse_issue("## 标题\n\n东昌府讯 12月30日，活动举行。", date="2023-01-03")
    assert p.articles[0].event_date == "2022-12-30"


def test_mid_paragraph_masthead_is_mended():
    text = ("## 标题\n\n东昌府讯 会议要求，要加强\n\n2022年11月16日\n\n星期三\n\n总第1484期\n\n今日4版\n\n"
            "组织领导。\n\n(融媒体 张三)")
    p = parse_issue(text)
    assert p.issue.number == 1484 and p.articles[0].body == "会议要求，要加强组织领导。"


def test_speech_kicker_split_from_one_line():
    p = parse_issue("张百顺在出席会议时强调 强化使命担当\n\n东昌府讯 会议召开。", date="2022-08-16")
    assert (p.articles[0].kicker, p.articles[0].title) == ("张百顺在出席会议时强调", "强化使命担当")


def test_fallback_date_only_when_the_masthead_has_none():
    masthead = "2022年11月22日\n\n星期二\n\n总第1486期\n\n## 标题\n\n东昌府讯 会议召开。"
    assert parse_issue(masthead, fallback_date="2020-01-01").issue.date == "2022-11-22"
    assert parse_issue("## 标题\n\n东昌府讯 会议召开。", fallback_date="2020-01-01").issue.date == "2020-01-01"


def test_comma_headline_before_a_dateline_is_a_headline_not_text():
    text = "## 甲\n\n东昌府讯 会议召开。\n\n(融媒体 张三)\n\n抓项目，促发展\n\n东昌府讯 1月5日，项目开工。\n"
    p = parse_issue(text, date="2024-01-09")
    assert [a.title for a in p.articles] == ["甲", "抓项目，促发展"]


def test_second_half_of_a_cut_sentence_is_not_promoted_to_headline():
    text = "## 甲\n\n东昌府讯 会议要求，要加强\n\n组织领导，确保落实\n\n(融媒体 张三)\n"
    p = parse_issue(text, date="2024-01-09")
    assert len(p.articles) == 1 and p.articles[0].body == "会议要求，要加强组织领导，确保落实"


def test_byline_glued_to_the_last_paragraph_is_split_off():
    p = parse_issue("## 标题\n\n东昌府讯 活动举行。大家一起共渡难关。(融媒体 郭龙君 通讯员 孙睿)\n\n## 下一篇\n\n东昌府讯 会议召开。",
                    date="2022-12-23")
    first = p.articles[0]
    assert first.body == "活动举行。大家一起共渡难关。" and first.byline == "(融媒体 郭龙君 通讯员 孙睿)"
    assert first.reporters == ("郭龙君",) and first.correspondents == ("孙睿",) and len(p.articles) == 2


def test_byline_inside_the_dateline():
    p = parse_issue("## 标题\n\n本报讯（记者 王五 通讯员 赵六）1月5日，项目开工。", date="2024-01-09")
    a = p.articles[0]
    assert (a.dateline, a.reporters, a.correspondents) == ("本报讯", ("王五",), ("赵六",))
    assert a.body == "1月5日，项目开工。" and a.event_date == "2024-01-05" and a.byline == "（记者 王五 通讯员 赵六）"


def test_image_references_are_kept_aside_and_do_not_split_articles():
    text = "## 标题\n\n![](media/image1.jpeg)\n\n东昌府讯 会议召开，\n\n![图片](media/image2.png)\n\n大家发言。\n\n(融媒体 张三)"
    p = parse_issue(text, date="2024-01-09")
    assert [a.title for a in p.articles] == ["标题"] and p.articles[0].body == "会议召开，大家发言。"
    assert [d.reason for d in p.dropped] == ["image reference", "image reference"]


def test_printed_continuation_marks_flag_fragments():
    cont = parse_issue("## 标题\n\n东昌府讯 会议要求，要抓好落实。（下转第二版）\n\n(融媒体 张三)", date="2024-01-09")
    assert cont.articles[0].fragment and cont.articles[0].body.endswith("（下转第二版）")
    assert not any("mid-sentence" in w.message for w in cont.issue.warnings)
    rest = parse_issue("## 标题\n\n（上接第一版）全区上下要进一步统一思想。\n\n(融媒体 张三)", date="2024-01-09")
    assert rest.articles[0].fragment


def test_short_first_sentence_with_a_comma_is_not_a_fragment():
    p = parse_issue("## 标题\n\n融媒体 张三\n\n年味渐浓，春意盎然。走进社区，处处洋溢着节日气氛。", date="2024-01-09")
    assert not p.articles[0].fragment


@pytest.mark.parametrize("lead, title", [
    ("8月13日，区委书记马军权会见上海爱谱华顿电子科技(集团)有限公司董事长华建刚，双方围绕数字工厂建设、产业互联网项目等方面进行洽谈。",
     "区委书记马军权会见上海爱谱华顿电子科技(集团)有限公司董事长华建刚"),
    ("8月13日，由区委、区政府主办，甲公司、乙公司协办，区文旅局、区旅游发展中心承办的东昌府区第一届文化旅游音乐季在朱雀街北广场举办。",
     "东昌府区第一届文化旅游音乐季在朱雀街北广场举办"),
    ("8月12日，聊城市司法局《改革创新参阅》2022年第13期刊登《打造有事来聊升级版 开创东昌府人民调解工作新时代》，推广介绍东昌府区推进“有事来聊”品牌调解工程的经验做法。",
     "推广介绍东昌府区推进“有事来聊”品牌调解工程的经验做法"),
    ("8月11日，区第十八届人大常委会第四次会议召开。区人大常委会党组书记出席会议。", "区第十八届人大常委会第四次会议召开"),
])
def test_inferred_title_picks_the_clause_that_names_the_event(lead, title):
    assert infer_title(lead) == title


@pytest.mark.parametrize("line, parts", [
    ("全区秋季农业生产现场推进会议召开 抓好秋种秋管夯实丰收基础 我区设分会场组织观摩",
     ("全区秋季农业生产现场推进会议召开", "抓好秋种秋管夯实丰收基础", "我区设分会场组织观摩")),
    ("全省安全生产电视电话会议召开 我区设分会场组织收听收看", (None, "全省安全生产电视电话会议召开", "我区设分会场组织收听收看")),
    ("我区入选全国科技创新 营商环境百强区 分别较上年前进3位、5位",
     (None, "我区入选全国科技创新 营商环境百强区", "分别较上年前进3位、5位")),
    ("全市文明创建推进会召开 凝心聚力争创全国文明城市", ("全市文明创建推进会召开", "凝心聚力争创全国文明城市", None)),
    ("春风化雨 润物无声", (None, "春风化雨 润物无声", None)),  # a couplet title stays whole
    ("办好民生实事十件大事 努力建设幸福宜居美丽家园", (None, "办好民生实事十件大事 努力建设幸福宜居美丽家园", None)),
])
def test_a_headline_group_on_one_line_splits_like_one_printed_over_lines(line, parts):
    one = parse_issue(f"东昌府讯\n2023年5月9日 星期二\n总第10期\n\n## {line}\n\n东昌府讯 5月8日，会议召开。\n\n(融媒体 张三)\n")
    a = one.articles[0]
    assert (a.kicker, a.title, a.subtitle) == parts
    lines = "\n".join(f"## {p}" for p in parts if p)
    over = parse_issue(f"东昌府讯\n2023年5月9日 星期二\n总第10期\n\n{lines}\n\n东昌府讯 5月8日，会议召开。\n\n(融媒体 张三)\n")
    if parts[0] or parts[2]:
        b = over.articles[0]
        assert (b.kicker, b.title, b.subtitle) == parts  # the same group printed over lines


def test_a_masthead_is_known_by_its_shape_whatever_name_it_prints():
    from generator.config import Config

    raw = ("\n\n东昌时讯\n\nDONGCHANGSHIXUN\n\n2023年5月9日\n\n星期二\n\n总第10期\n\n今日4版\n\n"
           "## 全区春耕生产现场会召开\n\n东昌府讯 5月8日，会议召开。\n\n(融媒体 张三)\n")
    parsed = parse_issue(raw, config=Config(names=("东昌府讯",)))
    assert parsed.issue.masthead == "东昌时讯" and parsed.issue.date == "2023-05-09" and parsed.issue.number == 10
    assert [a.title for a in parsed.articles] == ["全区春耕生产现场会召开"]
    assert all(a.dateline != "东昌时讯" for a in parsed.articles)
    # A dateline that happens to look like a name, in running text, is not a masthead.
    text = parse_issue(raw + "\n## 第二则消息\n\n古楼街讯\n\n12月20日，活动举行。\n", config=Config(names=("东昌府讯",)))
    assert text.issue.masthead == "东昌时讯" and len(text.articles) == 2


BANNERS_HEAD = "东昌府讯\n2023年5月9日 星期二\n总第10期\n\n"


def _columns(body: str) -> list[tuple[str, str | None]]:
    from generator.config import Config

    config = Config(banners=("防汛抗旱 全力以赴", "文明实践在身边"))
    return [(a.title, a.column) for a in parse_issue(BANNERS_HEAD + body, config=config).articles]


def test_a_banner_after_the_story_it_labels_goes_to_that_story():
    body = ("## 我区全力做好防汛抗旱各项工作\n\n东昌府讯 5月8日，全区防汛抗旱工作会议召开，部署抗旱保苗。\n\n"
            "## 防汛抗旱 全力以赴\n\n## 运河文化节开幕\n\n东昌府讯 5月8日，运河文化节在古城开幕，游客络绎不绝。\n")
    assert _columns(body) == [("我区全力做好防汛抗旱各项工作", "防汛抗旱 全力以赴"), ("运河文化节开幕", None)]


def test_a_banner_before_the_story_it_labels_stays_there():
    body = ("## 运河文化节开幕\n\n东昌府讯 5月8日，运河文化节在古城开幕，游客络绎不绝。\n\n"
            "## 防汛抗旱 全力以赴\n\n## 我区全力做好防汛抗旱各项工作\n\n东昌府讯 5月8日，全区防汛抗旱工作会议召开。\n")
    assert _columns(body) == [("运河文化节开幕", None), ("我区全力做好防汛抗旱各项工作", "防汛抗旱 全力以赴")]


def test_a_banner_at_the_end_of_the_file_labels_the_last_story_only_when_they_share_words():
    story = "## 志愿者走进社区开展文明实践活动\n\n东昌府讯 5月8日，志愿者走进社区，开展文明实践宣讲。\n\n"
    assert _columns(story + "## 文明实践在身边\n") == [("志愿者走进社区开展文明实践活动", "文明实践在身边")]
    other = "## 运河文化节开幕\n\n东昌府讯 5月8日，运河文化节在古城开幕。\n\n"
    from generator.config import Config

    parsed = parse_issue(BANNERS_HEAD + other + "## 防汛抗旱 全力以赴\n", config=Config(banners=("防汛抗旱 全力以赴",)))
    assert parsed.articles[0].column is None and any(d.reason == "column banner with no article" for d in parsed.dropped)
