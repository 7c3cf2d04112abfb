"""The built site: links resolve, output is deterministic and escaped, bad input is reported."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.cli import main
from generator.config import load_config
from generator.content import index_archive
from generator.model import Article, Issue
from generator.build import build_site

from .conftest import FIXTURES, build_fixture_site


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, dict, str]] = []  # (tag, attributes, referenced URL)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "form" and name == "action")):
                self.refs.append((tag, attributes, value))


def crawl(site: Path, base_path: str = "") -> list[str]:
    """Return every internal reference that does not resolve to a file (and every external load).

    With ``base_path`` (a base URL's path), 404.html links absolutely under it: GitHub Pages
    serves it at any depth, where relative links would point nowhere."""
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for tag, attrs, value in parser.refs:
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") or value.startswith("//"):
                # Only a canonical link and ordinary <a> links may point outside; nothing loads from there.
                if tag != "a" and not (tag == "link" and attrs.get("rel") == "canonical"):
                    problems.append(f"{page.relative_to(site)}: loads {value} from outside the site")
                continue
            if parts.scheme or value.startswith("#"):
                continue
            if page.name == "404.html" and base_path and page.parent == site:
                if not value.startswith(base_path):
                    problems.append(f"404.html: {value} is not under the base path {base_path}")
                    continue
                target = (site / unquote(parts.path)[len(base_path):]).resolve()
            elif value.startswith("/"):
                problems.append(f"{page.relative_to(site)}: root-absolute link {value}")
                continue
            else:
                target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {value} does not resolve to a file")
            if not value.split("#")[0].split("?")[0].endswith((".html", ".css", ".js", ".xml", ".png", ".svg", ".json", ".csv", ".gz")):
                problems.append(f"{page.relative_to(site)}: {value} does not name a file")
    return problems


def test_every_internal_link_resolves(fixture_site):
    assert crawl(fixture_site) == []
    assert (fixture_site / ".nojekyll").exists() and (fixture_site / "404.html").exists()
    assert (fixture_site / "feed.xml").exists() and not (fixture_site / "sitemap.xml").exists()


def test_page_kinds_exist(fixture_site):
    for url in ["index.html", "issues/index.html", "issues/2023/index.html", "issues/2023-03-14/index.html",
                "issues/2023-03-14/03.html", "sections/index.html", "sections/rural/index.html",
                "columns/index.html", "reporters/index.html", "reporters/xu-zhen-xin/index.html"
                if False else "reporters/liu-yang/index.html", "search/index.html"]:
        assert (fixture_site / url).is_file(), url


def test_build_is_deterministic(tmp_path):
    _, one = build_fixture_site(tmp_path / "a")
    _, two = build_fixture_site(tmp_path / "b")
    files = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    for rel in files:
        assert (one / rel).read_bytes() == (two / rel).read_bytes(), rel


def test_parallel_and_serial_builds_write_the_same_bytes(tmp_path, monkeypatch):
    from generator.build import schedule as parallel

    content, parallel_site = build_fixture_site(tmp_path / "a")
    calls = []
    monkeypatch.setattr(parallel, "_run", lambda n: calls.append(n) or pytest.fail("no worker in a serial build"))
    serial_site = tmp_path / "serial"
    build_site(content, serial_site, load_config(FIXTURES / "archive.toml"), jobs=1)
    files = sorted(p.relative_to(parallel_site) for p in parallel_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(serial_site) for p in serial_site.rglob("*") if p.is_file())
    for rel in files:
        assert (parallel_site / rel).read_bytes() == (serial_site / rel).read_bytes(), rel
    assert calls == []


def test_base_url_gives_sitemap_and_absolute_citations(tmp_path):
    _, site = build_fixture_site(tmp_path, base_url="https://example.github.io/dcsx/")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.github.io/dcsx/issues/2023-03-14/03.html</loc>" in sitemap
    article = (site / "issues/2023-03-14/03.html").read_text(encoding="utf-8")
    assert "https://example.github.io/dcsx/issues/2023-03-14/03.html" in article
    assert crawl(site, base_path="/dcsx/") == []
    assert 'href="/dcsx/static/dcsx.css"' in (site / "404.html").read_text(encoding="utf-8")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_content_is_escaped_everywhere(tmp_path):
    evil = '<script>alert("x")</script>'
    write(tmp_path / "c/2022/2022-01-05/issue.md", "---\ndate: '2022-01-05'\nnumber: 7\n---\n")
    write(tmp_path / "c/2022/2022-01-05/01.md",
          f"---\ntitle: '{evil}标题'\nkicker: '<b>引</b>'\nbyline: '<i>张三</i>\"><svg onload=alert(1)>'\nreporters: [张三]\nseq: 1\n---\n"
          f"正文{evil}。\n\n<img src=x onerror=alert(1)>\n")
    report = build_site(tmp_path / "c", tmp_path / "s", load_config(None))
    assert report.problems == []
    for page in (tmp_path / "s").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>引" not in html, page
        assert "<svg" not in html and "<i>张三" not in html, page
    article = (tmp_path / "s/issues/2022-01-05/01.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in article and "&lt;img src=x" in article


def test_bad_files_are_all_reported_and_the_site_is_left_alone(tmp_path, capsys):
    write(tmp_path / "c/2022/2022-01-05/issue.md", "---\ndate: '2022-01-05'\n---\n")
    write(tmp_path / "c/2022/2022-01-05/01.md", "---\ntitle: 好文章\n---\n正文。\n")
    write(tmp_path / "c/2022/2022-01-05/02.md", "---\ntitle: [unclosed\nseq: 2\n---\n正文。\n")
    write(tmp_path / "c/2022/2022-01-05/03.md", "---\nseq: 3\n---\n没有标题。\n")
    argv = ["--config", str(FIXTURES / "archive.toml"), "build", "--content", str(tmp_path / "c"),
            "--out", str(tmp_path / "s")]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 1
    assert re.search(r"02\.md:\d+: .*YAML", err), err
    assert re.search(r"03\.md:\d+: .*'title'", err), err
    assert "left as it was" in err and not (tmp_path / "s").exists()
    # --keep-going publishes the rest, and still says the build had errors.
    assert main(argv + ["--keep-going"]) == 1
    assert (tmp_path / "s/issues/2022-01-05/01.html").exists()
    assert not (tmp_path / "s/issues/2022-01-05/02.html").exists()


def test_refuses_to_empty_a_foreign_folder(tmp_path, capsys):
    write(tmp_path / "mine/notes.txt", "keep me")
    code = main(["build", "--content", str(FIXTURES), "--out", str(tmp_path / "mine")])
    assert code == 1 and "not empty" in capsys.readouterr().err
    assert (tmp_path / "mine/notes.txt").read_text() == "keep me"


def _article(date: str, seq: int, reporters: tuple[str, ...], title: str = "题") -> Article:
    return Article(id=f"{date}-{seq:02d}", issue_id=date, seq=seq, date=date, number=None, title=title, kicker=None,
                   subtitle=None, title_inferred=False, dateline=None, event_date=None, reporters=reporters,
                   correspondents=(), byline=None, section="general", column=None, fragment=False, body="正文。",
                   source_path="x")


def _issue(date: str, *articles: Article) -> Issue:
    return Issue(id=date, date=date, number=None, pages=None, weekday=None, lunar=None, masthead=None, articles=articles)


def test_same_pinyin_names_do_not_collide_and_the_first_keeps_its_slug():
    config = load_config(None)
    early = _issue("2020-01-01", _article("2020-01-01", 1, ("张伟",)))
    late = _issue("2021-01-01", _article("2021-01-01", 1, ("章炜",)))
    archive = index_archive([early, late], config, [])
    slugs = {p.name: p.slug for p in archive.people}
    assert slugs == {"张伟": "zhang-wei", "章炜": "zhang-wei-2"}


def test_reporter_index_reads_surnames_as_surnames():
    config = load_config(None)
    archive = index_archive([_issue("2020-01-01", _article("2020-01-01", 1, ("单雄信", "曾小明", "徐振鑫")))], config, [])
    people = {p.name: (p.slug, p.initial) for p in archive.people}
    assert people["单雄信"] == ("shan-xiong-xin", "S") and people["曾小明"] == ("zeng-xiao-ming", "Z")
    assert [p.name for p in archive.people] == ["单雄信", "徐振鑫", "曾小明"]


def test_article_url_does_not_change_when_its_title_is_corrected(tmp_path):
    content, site = build_fixture_site(tmp_path)
    target = content / "2023/2023-03-14/02.md"
    target.write_text(target.read_text(encoding="utf-8").replace("求职就业暖人心", "求职就业暖民心"), encoding="utf-8")
    build_site(content, tmp_path / "site2", load_config(FIXTURES / "archive.toml"))
    assert "暖民心" in (tmp_path / "site2/issues/2023-03-14/02.html").read_text(encoding="utf-8")


def test_feed_sitemap_and_article_metadata_are_well_formed(tmp_path):
    import json
    import xml.etree.ElementTree as ET

    _, site = build_fixture_site(tmp_path, base_url="https://example.github.io/dcsx/")
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert len(entries) == 5 and entries[0].find(f"{atom}title").text == "《东昌府讯》2024年1月9日 总第1600期"
    assert entries[3].find(f"{atom}link").get("href") == "issues/2023-06-07/index.html"
    locs = [e.text for e in ET.parse(site / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.github.io/dcsx/issues/2023-03-14/03.html" in locs and len(locs) == len(set(locs))
    html = (site / "issues/2023-03-14/03.html").read_text(encoding="utf-8")
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert ld["@type"] == "NewsArticle" and ld["headline"] == "沙镇镇：小小蘑菇撑起致富“伞”"
    assert [a["name"] for a in ld["author"]] == ["刘洋", "陈红"] and ld["datePublished"] == "2023-03-14"
    assert '<meta property="og:type" content="article">' in html and '<html lang="zh-CN">' in html


def test_relative_links_match_posixpath():
    """urls.relative's string shortcut gives what posixpath.relpath gives, for every kind of link."""
    import itertools
    import posixpath

    from generator.site import urls

    froms = ["index.html", "issues/index.html", "issues/2022/index.html", "issues/2022-11-22/03.html",
             "reporters/x/index.html", "sections/a/page/2.html", "404.html"]
    tos = ["index.html", "static/dcsx.css", "issues/2022-11-22/03.html", "issues/2022-11-22/index.html",
           "issues/2022/index.html", "search/index.html?q=1", "feed.xml", "sections/a/page/2.html#x",
           "issues/", "issues", "./a.html", "../x.html", "issues/2022-11-22/"]
    for start, target in itertools.product(froms, tos):
        path, _, fragment = target.partition("#")
        want = posixpath.relpath(path, posixpath.dirname(start) or ".") + ("#" + fragment if fragment else "")
        assert urls.relative(start, target) == want, (start, target)


def test_people_who_sign_as_reporter_and_as_correspondent_show_both():
    from generator.model import Article
    from generator.content import person_profile
    from generator.site.pages import role_label

    def art(date, seq, reporters=(), correspondents=()):
        return Article(id=f"{date}-{seq:02d}", issue_id=date, seq=seq, date=date, number=None, title="t", kicker=None,
                       subtitle=None, title_inferred=False, dateline=None, event_date=None, reporters=reporters,
                       correspondents=correspondents, byline=None, section="general", column=None, fragment=False,
                       body="", source_path="x")

    arts = [art("2023-05-02", 1, reporters=("王丽",)), art("2022-01-04", 2, correspondents=("王丽",)),
            art("2023-01-09", 3, reporters=("王丽",))]
    profile = person_profile("王丽", arts)
    assert (profile["reporter"], profile["correspondent"]) == (2, 1)
    assert profile["years"] == [("2022", 0, 1), ("2023", 2, 0)]
    assert profile["first"].date == "2022-01-04" and profile["last"].date == "2023-05-02"
    assert role_label(profile) == "记者 2 · 通讯员 1"


@pytest.mark.parametrize("dateline, place", [
    ("柳园讯", "柳园街道"), ("柳园街道讯", "柳园街道"), ("古楼街讯", "古楼街道"), ("侯营讯", "侯营镇"), ("侯营镇讯", "侯营镇"),
    ("东昌府讯", None), ("东昌时讯", None), ("本报讯", None), ("新华社北京11月18日电", None), (None, None),
])
def test_datelines_name_places(dateline, place):
    config = load_config(FIXTURES / "archive.toml")
    assert config.place_for(dateline) == place


def test_corrections_find_what_they_correct():
    from generator.corrections import find_corrections, is_notice
    from generator.model import Article, Issue

    def art(date, seq, title, body, number=None):
        return Article(id=f"{date}-{seq:02d}", issue_id=date, seq=seq, date=date, number=number, title=title,
                       kicker=None, subtitle=None, title_inferred=False, dateline=None, event_date=None, reporters=(),
                       correspondents=(), byline=None, section="general", column=None, fragment=False, body=body,
                       source_path="x")

    def issue(date, number, *arts):
        return Issue(id=date, date=date, number=number, pages=4, weekday=None, lunar=None, masthead=None,
                     articles=arts)

    old = art("2022-11-16", 2, "区政府党组会议召开", "东昌府讯 11月14日……")
    same_title_later = art("2022-11-22", 1, "区政府党组会议召开", "东昌府讯 11月20日……")
    by_title = art("2022-12-01", 3, "更正", "本报11月16日第1版《区政府党组会议召开》一文中，“李某”应为“张某”。特此更正。")
    by_number = art("2022-12-01", 4, "更正启事", "本报总第1486期刊发的报道中有误，特此更正。")
    ordinary = art("2022-12-01", 1, "我区召开会议", "会议要求更正工作作风。")
    issues = [issue("2022-11-16", 1484, old), issue("2022-11-22", 1486, same_title_later),
              issue("2022-12-01", 1489, ordinary, by_title, by_number)]
    assert [is_notice(a) for a in (by_title, by_number, ordinary)] == [True, True, False]
    found = {c.notice.id: c for c in find_corrections(issues)}
    assert found[by_title.id].article == old  # the named date wins over the later article of that title
    assert found[by_number.id].article is None and found[by_number.id].issue.number == 1486
    assert ordinary.id not in found


def test_long_listings_link_the_first_last_and_nearby_pages_with_gaps_of_more_than_one():
    from generator.site.pages import PAGE_WINDOW, _pagination

    for total in (1, 2, 8, 9, 10, 400):
        for page in range(1, total + 1):
            p = _pagination(lambda n: f"p{n}.html", page, total)
            numbers = [n for n, _ in p["pages"]]
            shown = [n for n in numbers if n is not None]
            assert shown == sorted(set(shown)) and all(u == f"p{n}.html" for n, u in p["pages"] if n)
            if total == 1:
                assert numbers == []
                continue
            assert shown[0] == 1 and shown[-1] == total and page in shown
            assert all(n in shown for n in range(max(1, page - PAGE_WINDOW), min(total, page + PAGE_WINDOW) + 1))
            for k, n in enumerate(numbers):  # a gap stands for two pages or more, never for one
                if n is None:
                    assert numbers[k + 1] - numbers[k - 1] > 2
            assert len(numbers) <= 2 * PAGE_WINDOW + 5
    assert [n for n, _ in _pagination(str, 200, 400)["pages"]] == [1, None, 197, 198, 199, 200, 201, 202, 203, None, 400]


def test_the_first_section_in_file_order_wins_and_the_page_says_why(tmp_path):
    """One rule, as the README says: a later section's column does not beat an earlier keyword."""
    from generator.config import Config, SectionRule
    from generator.site.pages import section_why

    economy = SectionRule("economy", "经济发展", keywords=("电商",))
    politics = SectionRule("politics", "时政要闻", keywords=("会议",), columns=("宣讲进行时",))
    config = Config(sections=(economy, politics))
    assert config.section_for(headline="电商直播助农", column="宣讲进行时").slug == "economy"
    assert config.section_for(headline="宣讲走进社区", column="宣讲进行时").slug == "politics"
    assert config.section_for(headline="区政府召开会议", column=None).slug == "politics"
    assert config.section_for(headline="秋收忙", column=None).slug == "general"

    def article(title, column=None, section=None):
        rule = config.section_for(headline=title, column=column)
        return Article(id="x", issue_id="2023-01-01", seq=1, date="2023-01-01", number=None, title=title,
                       kicker=None, subtitle=None, title_inferred=False, dateline=None, event_date=None,
                       reporters=(), correspondents=(), byline=None, section=section or rule.slug, column=column,
                       fragment=False, body="", source_path="2023/2023-01-01/01.md")

    assert section_why(article("宣讲走进社区", "宣讲进行时"), config) == "栏目“宣讲进行时”"
    assert section_why(article("区政府召开会议"), config) == "标题含“会议”"
    assert section_why(article("秋收忙"), config) == ""
    assert section_why(article("秋收忙", section="economy"), config) == "编者指定"


def test_one_township_is_one_place_when_the_config_lists_them():
    from generator.config import Config

    bare = Config(places=())  # another paper, no list: the default rule
    assert bare.place_for("古楼讯") == "古楼" and bare.place_for("古楼街讯") == "古楼街道"
    plain = Config()  # this paper: the district's list dcsx knows
    assert plain.place_for("古楼讯") == plain.place_for("古楼街讯") == "古楼街道"
    listed = Config(places=("古楼街道", "柳园街道", "侯营镇", "沙镇镇"))
    assert listed.place_for("古楼讯") == listed.place_for("古楼街讯") == "古楼街道"
    assert listed.place_for("柳园讯") == "柳园街道" and listed.place_for("侯营讯") == "侯营镇"
    assert listed.place_for("沙镇讯") == "沙镇镇" and listed.place_for("本报讯") is None
    assert listed.place_for("东昌府讯") is None and listed.place_for("新华社北京1月5日电") is None
    assert listed.place_in("柳园街道文苑社区：让居民安心用电") == "柳园街道"
    assert listed.place_in("古楼街道与柳园街道联合开展活动") is None  # two places: neither
    assert listed.place_in("全区安全生产会议") is None


def test_photo_captions_are_shown_under_the_text_and_searched(tmp_path):
    from generator.content import load_archive
    from generator.ingest import parse_issue
    from generator.ingest.write import write_issue
    from generator.search.chars import unpack_text
    from generator.search.documents import search_document

    text = ("东昌府讯\n2024年5月7日 星期二\n\n## 全区春季植树活动举行\n\n东昌府讯 5月6日，全区春季植树活动举行。\n\n"
            "▲ 志愿者为新栽的<树苗>浇水。 融媒体记者 周明远 摄\n\n活动共栽下苗木两千余株。\n\n(融媒体 周明远)\n")
    config = load_config(None)
    write_issue(parse_issue(text, source="x.txt", config=config), tmp_path / "c", "x.txt")
    source = (tmp_path / "c/2024/2024-05-07/01.md").read_text(encoding="utf-8")
    assert "captions:" in source and "浇水" not in source.split("---")[-1]
    report = build_site(tmp_path / "c", tmp_path / "s", config)
    assert report.problems == []
    html = (tmp_path / "s/issues/2024-05-07/01.html").read_text(encoding="utf-8")
    assert "<figcaption>▲ 志愿者为新栽的&lt;树苗&gt;浇水。 融媒体记者 周明远 摄</figcaption>" in html
    assert html.index("活动共栽下苗木") < html.index("图片说明") < html.index("figcaption")
    doc = search_document(load_archive(tmp_path / "c", config).articles[0])
    assert "浇水" in unpack_text(doc.record[8]) and any("浇水" in t or t == "浇" for t in doc.fields["body"])
