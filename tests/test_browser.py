"""Read, click and search the built fixture site in headless Chromium, over file:// and HTTP."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import urllib.parse

import pytest

from .conftest import ROOT, QuietHandler, need  # noqa: F401 (browser and page fixtures live in conftest)

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGE_KINDS = ["index.html", "issues/index.html", "issues/2023/index.html", "issues/2023-03-14/index.html",
              "issues/2023-03-14/03.html", "sections/index.html", "sections/rural/index.html", "columns/index.html",
              "reporters/index.html", "reporters/liu-yang/index.html", "search/index.html?q=%E5%86%9C%E4%B8%9A",
              "404.html", "data/index.html"]


@pytest.fixture(scope="session")
def http_root(fixture_site):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(fixture_site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(params=["file", "http"])
def site_url(request, fixture_site):
    if request.param == "file":
        return fixture_site.as_uri() + "/"
    return request.getfixturevalue("http_root")


def wait_for_results(pg):
    pg.wait_for_function("() => { const s = document.getElementById('search-status').textContent;"
                         " return s.length > 0 && s.indexOf('正在') < 0; }", timeout=10000)


def result_titles(pg) -> list[str]:
    return pg.eval_on_selector_all("#search-results .title a", "els => els.map(e => e.textContent)")


def test_reader_goes_from_home_to_an_article_and_its_reporter(page, site_url):
    page.goto(site_url + "index.html")
    assert "东昌府讯" in page.title()
    page.get_by_role("link", name="2023年9月5日").first.click()
    page.wait_for_url("**/issues/2023-09-05/index.html")
    page.get_by_role("link", name="老党员讲述入党往事").click()
    assert page.locator("h1").inner_text().startswith("老党员讲述入党往事")
    assert page.locator(".kicker").first.inner_text() == "一封家书里的初心"
    assert "“那年我十九岁" in page.locator("#article-body").inner_text()
    page.locator(".byline").get_by_role("link", name="刘洋").click()
    page.wait_for_url("**/reporters/liu-yang/index.html")
    assert page.get_by_role("link", name="老党员讲述入党往事").count() == 1
    assert page.locator(".coauthors").get_by_role("link", name="陈红").count() == 1
    assert page.problems == []


def test_previous_next_and_flags_on_article_pages(page, site_url):
    page.goto(site_url + "issues/2023-03-14/04.html")
    assert page.locator(".flag", has_text="编者拟题").count() == 1
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/issues/2023-03-14/05.html")
    page.goto(site_url + "issues/2023-06-07/03.html")
    assert "残篇" in page.locator(".notice").inner_text()
    assert page.problems == []


def test_issue_contents_by_page_and_next_page_from_an_article(page, site_url):
    """An issue whose running heads say the 版 lists its articles under 第1版, 第2版 综合, …"""
    page.goto(site_url + "issues/2023-03-14/index.html")
    headings = page.locator("h2.ban-title").all_inner_texts()
    assert headings == ["第1版", "第2版 综合", "第3版 民生"]
    second = page.locator("#ban-2 .item h3").all_inner_texts()
    assert any("小小蘑菇" in t for t in second) and not any("春风送岗" in t for t in second)
    page.locator(".ban-nav a", has_text="第3版").click()
    assert page.url.endswith("#ban-3")
    page.goto(site_url + "issues/2023-03-14/03.html")
    assert "第2版 综合" in page.locator(".facts").inner_text()
    assert "2023-03-14(2)" in page.locator(".citation").inner_text()
    page.get_by_role("link", name="下一版 第3版 →").click()
    page.wait_for_url("**/issues/2023-03-14/index.html#ban-3")
    # An issue whose text does not say the page shows no 版 at all; its worked-out lunar date is marked.
    page.goto(site_url + "issues/2023-09-05/index.html")
    assert page.locator("h2.ban-title").count() == 0 and page.locator(".ban-link").count() == 0
    assert page.locator(".issue-line .computed", has_text="农历癸卯年七月廿一").get_attribute("title") == "原报未印，据日期推算"
    assert page.problems == []


def test_calendar_and_jump_by_issue_number(page, site_url):
    page.goto(site_url + "issues/2023/index.html")
    page.get_by_role("link", name="2023年3月14日 总第1520期 农历癸卯年二月廿三").click()
    page.wait_for_url("**/issues/2023-03-14/index.html")
    page.goto(site_url + "issues/index.html")
    page.fill("#jump-number", "1545")
    page.click("#jump-form button")
    page.wait_for_url("**/issues/2023-06-07/index.html")
    page.goto(site_url + "issues/index.html")
    page.fill("#jump-number", "9999")
    page.click("#jump-form button")
    assert "没有找到第9999期" in page.locator(".jump-msg").inner_text()
    for typed, date in (("第1520期", "2023-03-14"), ("农历癸卯年四月二十", "2023-06-07"), ("2023年二月廿三", "2023-03-14"),
                        ("二月廿三", "2023-03-14"), ("2023-03-14", "2023-03-14"), ("2023/6/7", "2023-06-07"),
                        ("2023年3月14日", "2023-03-14"), ("20230607", "2023-06-07"), ("3月14日", "2023-03-14")):
        page.goto(site_url + "issues/index.html")
        page.fill("#jump-number", typed)
        page.click("#jump-form button")
        page.wait_for_url(f"**/issues/{date}/index.html")
    # A day without an issue: the nearest issues before and after it, as links.
    page.goto(site_url + "issues/index.html")
    page.fill("#jump-number", "2023-05-01")
    page.click("#jump-form button")
    msg = page.locator(".jump-msg")
    assert "没有找到2023年5月1日的报纸" in msg.inner_text() and "最近的几期" in msg.inner_text()
    assert msg.locator("a").all_inner_texts() == ["2023年3月14日", "2023年6月7日"]
    msg.get_by_role("link", name="2023年6月7日").click()
    page.wait_for_url("**/issues/2023-06-07/index.html")
    page.goto(site_url + "issues/index.html")
    page.fill("#jump-number", "abc")
    page.click("#jump-form button")
    assert "请输入日期" in page.locator(".jump-msg").inner_text()  # said in Chinese, on the page
    assert page.eval_on_selector("#jump-number", "e => e.validationMessage") == ""  # no browser bubble
    assert page.problems == []


def test_search_from_the_header_then_open_a_result_with_highlight_and_come_back(page, site_url):
    page.goto(site_url + "issues/2023-03-14/index.html")
    page.fill("#site-q", "消防安全")
    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/index.html?q=*")
    wait_for_results(page)
    assert result_titles(page) == ["古楼街道开展消防安全进社区活动"]
    assert "共找到 1 篇" in page.locator("#search-status").inner_text()
    assert page.locator("#search-results mark").first.inner_text() == "消防安全"
    page.locator("#search-results .title a").first.click()
    page.wait_for_url("**/issues/2023-03-14/05.html?hl=*")
    assert page.locator("#article-body mark").first.inner_text() == "消防安全"
    page.go_back()
    wait_for_results(page)
    assert page.input_value("#q") == "消防安全"
    assert result_titles(page) == ["古楼街道开展消防安全进社区活动"]
    assert page.problems == []


@pytest.mark.parametrize("query, expected", [
    ("王晓东", {"抢抓黄金施工期 全力推进项目建设", "古楼街道开展消防安全进社区活动", "我区召开春季农业生产暨水利建设工作会议"}),
    ("wangxiaodong", {"抢抓黄金施工期 全力推进项目建设", "古楼街道开展消防安全进社区活动", "我区召开春季农业生产暨水利建设工作会议"}),
    ("wang xiao dong", {"抢抓黄金施工期 全力推进项目建设", "古楼街道开展消防安全进社区活动", "我区召开春季农业生产暨水利建设工作会议"}),
    ("wxd", {"抢抓黄金施工期 全力推进项目建设", "古楼街道开展消防安全进社区活动", "我区召开春季农业生产暨水利建设工作会议"}),
    ("晓东", {"抢抓黄金施工期 全力推进项目建设", "古楼街道开展消防安全进社区活动", "我区召开春季农业生产暨水利建设工作会议"}),
    ("shiyongjun", {"沙镇镇：小小蘑菇撑起致富“伞”"}),  # pinyin of a headline word (食用菌)
    ("12万人", {"我区加快推进城乡一体化发展"}),
    ("“亲子阅读”", {"区图书馆开展“书香润童心”亲子阅读活动，四十余组家庭参加"}),
    ("农业 王晓东", {"我区召开春季农业生产暨水利建设工作会议"}),
])
def test_search_finds(page, site_url, query, expected):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote(query))
    wait_for_results(page)
    assert set(result_titles(page)) == expected
    assert page.problems == []


def test_title_matches_rank_first(page, site_url):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("安全"))
    wait_for_results(page)
    titles = result_titles(page)
    assert "全区安全生产工作会议召开" in titles and len(titles) >= 3
    in_title = [("安全" in t) for t in titles]
    assert in_title == sorted(in_title, reverse=True)


def test_filters(page, site_url):
    base = site_url + "search/index.html?q=" + urllib.parse.quote("会议")
    page.goto(base)
    wait_for_results(page)
    assert set(result_titles(page)) >= {"我区召开春季农业生产暨水利建设工作会议", "区委理论学习中心组举行专题学习会",
                                         "全区安全生产工作会议召开"}
    page.goto(base + "&section=rural")
    wait_for_results(page)
    assert result_titles(page) == ["我区召开春季农业生产暨水利建设工作会议"]
    page.goto(base + "&from=2023-06-01&to=2023-06-19")
    wait_for_results(page)
    assert set(result_titles(page)) == {"区委理论学习中心组举行专题学习会", "全区安全生产工作会议召开"}
    page.goto(site_url + "search/index.html?reporter=" + urllib.parse.quote("孙丽"))
    wait_for_results(page)
    assert set(result_titles(page)) == {"全区安全生产工作会议召开", "区委理论学习中心组举行专题学习会"}
    page.goto(site_url + "search/index.html?issue=1520&q=" + urllib.parse.quote("王晓东"))
    wait_for_results(page)
    assert set(result_titles(page)) == {"古楼街道开展消防安全进社区活动", "我区召开春季农业生产暨水利建设工作会议"}
    assert page.problems == []


def test_hostile_and_empty_queries(page, site_url):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote('<img src=x onerror="window.pwned=1">会议'))
    wait_for_results(page)
    assert page.evaluate("window.pwned") is None
    assert page.locator("#search-results img").count() == 0
    assert '<img src=x' in page.input_value("#q")
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("会"))
    wait_for_results(page)
    assert "至少输入两个汉字" in page.locator("#search-status").inner_text()
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("不存在的词语组合"))
    wait_for_results(page)
    assert "没有找到" in page.locator("#search-status").inner_text()
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("title:会议 a:b"))
    wait_for_results(page)
    assert page.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("url", PAGE_KINDS + ["search/index.html?q=%E4%BC%9A%E8%AE%AE"])
def test_axe_finds_no_violations(browser, http_root, url, scheme):
    # Over HTTP: axe fetches stylesheets with XHR, which file:// forbids.  axe is injected
    # as an inline script, which the site's CSP forbids: this context lets the test tool in
    # (the CSP itself is checked by every other browser test).  In light and dark mode, and on
    # a search with highlighted results (marks inside links).
    need(AXE.exists(), "axe-core missing: run npm ci")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.goto(http_root + url)
    assert page.evaluate(f"matchMedia('(prefers-color-scheme: {scheme})').matches")
    if "search" in url:
        wait_for_results(page)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                           ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))")
    # The issue asks for no serious or critical violations; the pages have none at all, so
    # keep it that way.
    assert result == []
    assert page.problems == []
    context.close()


@pytest.mark.parametrize("url", ["index.html", "issues/2023-03-14/03.html", "issues/2023/index.html", "search/index.html"])
def test_no_horizontal_scroll_on_a_360px_phone(browser, fixture_site, url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    pg = context.new_page()
    pg.goto(fixture_site.as_uri() + "/" + url)
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_dark_mode_and_print_styles_apply(browser, fixture_site):
    context = browser.new_context(color_scheme="dark")
    pg = context.new_page()
    pg.goto(fixture_site.as_uri() + "/issues/2023-03-14/03.html")
    assert pg.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(22, 22, 20)"
    pg.emulate_media(media="print")
    assert pg.evaluate("getComputedStyle(document.querySelector('.site-header')).display") == "none"
    context.close()


def test_second_query_stays_on_the_page_and_back_returns_to_the_first(page, site_url):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("农业"))
    wait_for_results(page)
    first = result_titles(page)
    page.fill("#q", "王晓东")
    page.press("#q", "Enter")
    page.wait_for_function("() => window.dcsxLastSearch && window.dcsxLastSearch.query === '王晓东'")
    assert "q=%E7%8E%8B%E6%99%93%E4%B8%9C" in page.url
    assert len(result_titles(page)) == 3
    page.go_back()
    page.wait_for_function("() => window.dcsxLastSearch.query === '农业'")
    assert result_titles(page) == first and page.input_value("#q") == "农业"
    assert page.problems == []


def test_relevance_sort_follows_lunr_scores(page, site_url, fixture_site):
    from generator.config import load_config
    from generator.content import load_archive
    from generator.search.documents import search_documents

    from .conftest import FIXTURES
    from .test_search_index import lunr_query, reference_index

    docs = list(search_documents(load_archive(fixture_site.parent / "content", load_config(FIXTURES / "archive.toml")).articles))
    scores = lunr_query(reference_index(docs), ["会议"])
    expected = [d.record[0] for n, d in sorted(enumerate(docs), key=lambda nd: (-scores.get(nd[1].ref, -1), -nd[0]))
                if d.ref in scores]
    page.goto(site_url + "search/index.html?sort=relevance&q=" + urllib.parse.quote("会议"))
    wait_for_results(page)
    assert page.input_value("#f-sort") == "relevance"
    assert result_titles(page) == expected and len(expected) >= 3
    assert page.problems == []


@pytest.fixture(scope="module")
def many_hits_site(tmp_path_factory):
    """24 articles that all mention 稳岗返还, over two issues."""
    from generator.config import load_config
    from generator.ingest.write import write_issue
    from generator.model import IssueMeta, ParsedArticle, ParsedIssue
    from generator.build import build_site

    tmp = tmp_path_factory.mktemp("many")
    for day, count in (("2023-05-02", 12), ("2023-05-09", 12)):
        arts = tuple(ParsedArticle(title=f"第{k}篇报道", dateline="东昌府讯", reporters=("张三",),
                                   body=f"全区落实稳岗返还政策，企业{k}号获得补贴。", source_lines=(k, k))
                     for k in range(1, count + 1))
        write_issue(ParsedIssue(IssueMeta(date=day, number=None), arts), tmp / "content", f"{day}.txt")
    build_site(tmp / "content", tmp / "site", load_config(None))
    return tmp / "site"


def test_more_results_load_on_request(page, many_hits_site):
    page.goto(many_hits_site.as_uri() + "/search/index.html?q=" + urllib.parse.quote("稳岗返还"))
    wait_for_results(page)
    assert page.locator("#search-results > li").count() == 10
    assert "共找到 24 篇含“稳岗返还”的文章，显示前 10 篇" in page.locator("#search-status").inner_text()
    assert result_titles(page)[0] == "第12篇报道"  # newest issue first
    page.click("#search-more")
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length === 20")
    page.click("#search-more")
    page.wait_for_function("() => document.querySelectorAll('#search-results > li').length === 24")
    assert page.locator("#search-more").count() == 0
    assert len(set(result_titles(page))) == 12  # titles repeat across the two issues; 24 distinct links
    assert len(set(page.eval_on_selector_all("#search-results .title a", "els => els.map(e => e.href)"))) == 24
    assert page.problems == []


@pytest.fixture(scope="module")
def phrase_site(tmp_path_factory):
    """Fourteen articles holding both bigrams of 恳谈会; only the odd ones hold the phrase itself."""
    from generator.config import load_config
    from generator.build import build_site

    from .conftest import FIXTURES

    tmp = tmp_path_factory.mktemp("phrase")
    folder = tmp / "c/2022/2022-01-05"
    folder.mkdir(parents=True)
    (folder / "issue.md").write_text("---\ndate: '2022-01-05'\nnumber: 7\narticles: 14\n---\n", encoding="utf-8")
    for seq in range(1, 15):
        body = "村里召开恳谈会，听取意见。" if seq % 2 else "村里开了恳谈议事会和座谈会。"
        (folder / f"{seq:02d}.md").write_text(f"---\nseq: {seq}\ntitle: 第{seq}篇消息\n---\n{body}\n", encoding="utf-8")
    report = build_site(tmp / "c", tmp / "s", load_config(FIXTURES / "archive.toml"))
    assert report.published and not report.problems, report.problems
    return tmp / "s"


@pytest.mark.parametrize("sort", ["", "&sort=relevance"])
def test_unquoted_phrase_ranks_exact_matches_first_and_counts_them(page, phrase_site, sort):
    """恳谈会 also finds 恳谈议事会 + 座谈会 (every bigram), but ranks the phrase first and says how many hold it."""
    page.goto(phrase_site.as_uri() + "/search/index.html?q=" + "%E6%81%B3%E8%B0%88%E4%BC%9A" + sort)
    page.wait_for_function("() => window.dcsxLastSearch && window.dcsxLastSearch.query === '恳谈会'")
    last = page.evaluate("() => window.dcsxLastSearch")
    assert last["total"] == 14 and last["exact"] == 7
    titles = page.locator("#search-results li h3.title a").all_inner_texts()
    assert len(titles) == 10
    assert all(int(t[1:t.index("篇")]) % 2 == 1 for t in titles[:7]), titles
    assert all(int(t[1:t.index("篇")]) % 2 == 0 for t in titles[7:]), titles
    assert "其中 7 篇含完整的“恳谈会”" in page.inner_text("#search-status")
    assert page.problems == []


def test_citation_is_copied_and_carried_in_meta_tags(browser, http_root):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=http_root.rstrip("/"))
    page = context.new_page()
    page.goto(http_root + "issues/2023-03-14/03.html")
    cite = page.locator("#citation-text").inner_text()
    assert cite.startswith("刘洋, 陈红. 沙镇镇：小小蘑菇撑起致富“伞”: 食用菌产业带动三百余户群众增收[N]. 东昌府讯, 2023-03-14(2).")
    page.get_by_role("button", name="复制引文").click()
    page.wait_for_selector("#copy-status:has-text('已复制')")
    assert page.evaluate("navigator.clipboard.readText()") == cite.strip()
    meta = {m.get_attribute("name"): m.get_attribute("content") for m in page.locator("meta[name^=citation_]").all()}
    assert meta["citation_title"] == "沙镇镇：小小蘑菇撑起致富“伞”: 食用菌产业带动三百余户群众增收"  # with its subtitle
    assert meta["citation_firstpage"] == "2"
    assert meta["citation_publication_date"] == "2023/03/14" and meta["citation_issue"] == "1520"
    assert page.locator("meta[name=citation_author]").count() == 2
    context.close()


def test_citation_forms_download_and_the_access_date_is_the_readers(browser, fixture_site, tmp_path_factory):
    import datetime as dt

    from .conftest import build_fixture_site

    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto((fixture_site / "issues/2023-03-14/03.html").as_uri())
    page.locator(".cite-forms summary").click()
    # The page makes BibTeX and RIS from its citation_* meta tags: the very text cite.py makes.
    from generator.config import load_config
    from generator.content import load_archive
    from generator.site.cite import citation_forms

    from .conftest import FIXTURES

    config = load_config(FIXTURES / "archive.toml")
    issue = next(i for i in load_archive(fixture_site.parent / "content", config).issues if i.id == "2023-03-14")
    forms = citation_forms(issue.articles[2], issue, config.paper, "")
    for button, name, want in (("下载 BibTeX", "2023-03-14-03.bib", forms["bibtex"]),
                               ("下载 RIS", "2023-03-14-03.ris", forms["ris"])):
        with page.expect_download() as got:
            page.get_by_role("button", name=re.compile(button)).click()
        download = got.value
        assert download.suggested_filename == name
        assert open(download.path(), encoding="utf-8", newline="").read() == want
    # A printed page carries the citation, not its buttons.
    page.emulate_media(media="print")
    assert page.locator("#copy-citation").is_hidden() and page.locator(".cite-forms").is_hidden()
    assert page.locator("#citation-text").is_visible()
    context.close()
    # Online ([N/OL]), the access date is the day the page is read.
    _, site = build_fixture_site(tmp_path_factory.mktemp("cited"), base_url="https://example.org/repo/")
    page = browser.new_page()
    page.goto((site / "issues/2023-03-14/03.html").as_uri())
    cite = page.locator("#citation-text").inner_text()
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    assert f"[N/OL]. 东昌府讯, 2023-03-14(2)[{dt.date(*today).isoformat()}]. https://example.org/repo/" in cite
    page.close()


def test_people_pages_say_who_signed_as_what(page, site_url):
    page.goto(site_url + "reporters/index.html")
    entry = page.locator(".directory li", has_text="刘洋").inner_text()
    assert "记者 3" in entry and "liu yang" in entry
    assert "通讯员" in page.locator(".directory li", has_text="陈红").inner_text()
    page.get_by_role("link", name="刘洋").click()
    assert "记者 3 篇" in page.locator(".profile").inner_text()
    rows = page.locator(".by-year tbody tr").all_inner_texts()
    assert rows and rows[0].split()[0] == "2023"
    page.locator(".profile a").first.click()
    page.wait_for_url("**/issues/2023-03-14/03.html")
    assert page.problems == []


def test_on_a_phone_the_search_page_has_one_box_and_folded_filters_with_counts(browser, fixture_site):
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    page = phone.new_page()
    page.goto((fixture_site / "search" / "index.html").as_uri() + "?q=%E8%98%91%E8%8F%87")
    assert page.locator(".quick-search").is_hidden() and page.locator("#q").is_visible()
    assert page.locator("#filters-box").get_attribute("open") is None and page.locator("#f-section").is_hidden()
    page.locator("#filters-box summary").click()
    assert page.locator("#f-section").is_visible()
    assert any(re.search(r"（\d+）$", o) for o in page.locator("#f-section option").all_inner_texts())
    assert "刘洋（3）" in page.locator("#f-reporter option").all_inner_texts()
    # A year's calendar shows the months with issues first.
    page.goto((fixture_site / "issues" / "2023" / "index.html").as_uri())
    boxes = page.eval_on_selector_all(".calendar .month", "ms => ms.map(m => [m.className, m.getBoundingClientRect().top])")
    first = min(boxes, key=lambda b: b[1])
    assert "empty" not in first[0]
    full = [top for cls, top in boxes if "empty" not in cls]
    assert max(full) < min(top for cls, top in boxes if "empty" in cls)
    phone.close()
    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    page.goto((fixture_site / "search" / "index.html").as_uri())
    assert page.locator("#filters-box").get_attribute("open") is not None and page.locator(".quick-search").is_visible()
    wide.close()


def test_404_under_a_pages_sub_path_is_styled_and_its_links_work(browser, tmp_path_factory):
    from .conftest import build_fixture_site

    _, site = build_fixture_site(tmp_path_factory.mktemp("subpath"), base_url="https://example.org/repo/")
    root = site.parent / "host"
    (root).mkdir()
    (root / "repo").symlink_to(site, target_is_directory=True)

    class PagesHandler(QuietHandler):
        """What GitHub Pages does: a missing file gets the site's 404.html, whatever the depth."""

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (site / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(PagesHandler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        page = context.new_page()
        base = f"http://127.0.0.1:{server.server_address[1]}/repo/"
        page.goto(base + "issues/2021-01-01/missing.html")
        assert page.locator("h1").inner_text() == "页面未找到"
        # Styled: the site's stylesheet loaded from /repo/static/ (the header has its rule).
        assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") != "none"
        page.get_by_role("link", name="往期回顾").first.click()
        page.wait_for_url(base + "issues/index.html")
        assert page.locator("h1").inner_text() == "往期回顾"
        context.close()
    finally:
        server.shutdown()
        server.server_close()


def test_home_names_the_latest_issue_in_full_and_leads_with_its_first_story(page, site_url):
    page.goto(site_url + "index.html")
    latest = page.locator("#latest-title").inner_text()
    assert "2024年1月9日" in latest and "星期二" in latest and "总第1600期" in latest
    lead, second = page.locator(".latest .item h3").all()[:2]
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert lead.evaluate(size) > second.evaluate(size) * 1.15
    assert page.problems == []


@pytest.mark.parametrize("query", ["wxd", "王晓东", "wangxiaodong"])
def test_a_name_search_highlights_the_name_in_results_and_in_the_byline(page, site_url, query):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote(query))
    wait_for_results(page)
    first = page.locator("#search-results .item").first
    assert "王晓东" in first.locator(".where mark").all_inner_texts()
    first.locator("h3 a").click()
    page.wait_for_selector(".story-foot .byline mark")
    assert page.locator(".story-foot .byline mark").all_inner_texts() == ["王晓东"]
    assert page.problems == []


def test_places_from_datelines_have_pages_and_filter_the_search(page, site_url):
    page.goto(site_url + "places/index.html")
    entries = page.locator(".directory li").all_inner_texts()
    assert any(e.startswith("古楼街道") for e in entries) and any(e.startswith("柳园街道") for e in entries)
    assert not any("东昌府" in e for e in entries)  # the paper's own dateline is no place
    page.get_by_role("link", name="古楼街道").click()
    page.locator(".items .item h3 a").first.click()
    assert "消防安全" in page.locator("h1").inner_text()
    page.locator(".facts a", has_text="古楼街道").click()
    page.wait_for_url("**/places/**/index.html")
    page.goto(site_url + "search/index.html?place=%E6%9F%B3%E5%9B%AD%E8%A1%97%E9%81%93")
    wait_for_results(page)
    titles = result_titles(page)
    assert sorted(titles) == ["我区启动“健康进万家”义诊活动", "柳园街道文苑社区：“小课堂”办出大民生"], titles
    assert page.locator("#f-place").input_value() == "柳园街道"
    assert page.problems == []


def test_a_printed_correction_and_the_article_it_corrects_link_each_other(page, site_url):
    page.goto(site_url + "issues/2023-03-14/03.html")
    page.locator(".notice.corrected a").click()
    page.wait_for_url("**/issues/2023-09-05/*.html")
    assert page.locator("h1").inner_text().strip() == "更正"
    note = page.locator(".notice.correction").inner_text()
    assert "沙镇镇：小小蘑菇撑起致富“伞”" in note and "总第1520期" in note
    page.locator(".notice.correction a").first.click()
    page.wait_for_url("**/issues/2023-03-14/03.html")
    assert page.problems == []


def test_every_article_offers_a_correction_link_to_its_file(browser, tmp_path_factory):
    from .conftest import build_fixture_site

    _, site = build_fixture_site(tmp_path_factory.mktemp("edit"), edit_url="https://github.com/owner/repo/edit/main/{path}")
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / "issues" / "2023-06-07" / "02.html").as_uri())
    link = page.get_by_role("link", name="纠错 / 修改本文")
    assert link.get_attribute("href") == "https://github.com/owner/repo/edit/main/content/2023/2023-06-07/02.md"
    assert link.is_visible()
    context.close()


def test_next_and_previous_go_on_into_the_next_and_previous_issue(page, site_url):
    page.goto(site_url + "issues/2023-03-14/index.html")
    last = page.locator(".toc a, ol a").last.get_attribute("href")
    page.goto(site_url + "issues/2023-03-14/" + last)
    nxt = page.locator("a[rel=next]")
    assert "下一期" in nxt.inner_text()
    nxt.click()
    assert "/issues/2023-06-07/01.html" in page.url
    back = page.locator("a[rel=prev]")
    assert "上一期" in back.inner_text()
    back.click()
    assert page.url.endswith("issues/2023-03-14/" + last)


def test_a_keyboard_reader_reaches_the_first_result_in_a_few_presses(page, site_url):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("会议"))
    wait_for_results(page)
    page.focus("#q")
    presses = 0
    while page.evaluate("document.activeElement.textContent") != "跳到检索结果":
        page.keyboard.press("Tab")
        presses += 1
        assert presses <= 3, "the skip link is more than three presses from the search box"
    assert page.locator(".skip-results").is_visible()  # seen when it has the focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator("#search-results li").first.locator("a").first
    assert page.evaluate("document.activeElement.href") == first.evaluate("a => a.href")
    assert presses + 2 <= 5


def test_a_reversed_date_range_says_why_nothing_is_found(page, site_url):
    page.goto(site_url + "search/index.html?q=" + urllib.parse.quote("会议") + "&from=2023-12-31&to=2023-01-01")
    page.wait_for_function("() => document.getElementById('search-status').textContent.includes('晚于')")
    status = page.locator("#search-status").inner_text()
    assert "起始日期（2023-12-31）晚于截止日期（2023-01-01）" in status and "交换" in status
    assert page.locator("#search-results li").count() == 0


def test_text_follows_the_browser_size_and_the_readers_choice(browser, fixture_site):
    context = browser.new_context()
    page = context.new_page()
    page.context.new_cdp_session(page).send("Page.setFontSizes", {"fontSizes": {"standard": 24, "fixed": 20}})
    page.goto((fixture_site / "issues/2023-03-14/03.html").as_uri())

    def size(selector: str) -> float:
        return page.locator(selector).first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")

    # At a 24 px browser default every line grows with it: none is stuck at 16 px.
    for selector in (".byline", ".story header .meta", ".facts", ".prose p", ".crumbs", ".site-footer"):
        assert size(selector) >= 24 * 0.84, selector
    body = size(".prose p")
    page.get_by_role("button", name="大").click()
    assert size(".prose p") > body * 1.15 and size(".byline") > 24
    assert page.get_by_role("button", name="大").get_attribute("aria-pressed") == "true"
    page.reload()  # remembered
    assert size(".prose p") > body * 1.15
    page.get_by_role("button", name="小").click()
    assert size(".prose p") < body
    page.get_by_role("button", name="中").click()
    assert abs(size(".prose p") - body) < 0.5
    context.close()


def test_the_calendar_shows_lunar_days_on_a_phone(browser, fixture_site):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto((fixture_site / "issues/2023/index.html").as_uri())
    march = page.locator("table.month", has=page.locator("caption", has_text="3月"))
    cell = march.get_by_role("link", name="2023年3月14日 总第1520期 农历癸卯年二月廿三")
    assert cell.locator(".lunar").inner_text() == "廿三" and cell.locator(".lunar").is_visible()
    # 初一 gives the month, as printed calendars do: 2023-03-22 is 闰二月初一.
    day22 = march.locator("td", has_text="22").first
    assert day22.locator(".lunar").inner_text() == "闰二月" and day22.locator(".lunar").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_search_filters_by_column(page, site_url):
    q = urllib.parse.quote("志愿者")
    page.goto(site_url + "search/index.html?q=" + q)
    wait_for_results(page)
    everywhere = result_titles(page)
    assert len(everywhere) >= 2 and "老党员讲述入党往事" in everywhere
    page.goto(site_url + "search/index.html?q=" + q + "&column=" + urllib.parse.quote("红色记忆"))
    wait_for_results(page)
    assert result_titles(page) == ["老党员讲述入党往事"]
    assert page.locator("#f-column").input_value() == "红色记忆"  # the form shows the filter in use
    assert page.locator("#filters-box").get_attribute("open") is not None
    options = page.locator("#f-column option").all_inner_texts()
    assert "红色记忆（1）" in options and "暖冬行动（1）" in options
