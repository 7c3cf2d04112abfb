"""Citations: GB/T 7714-2015 (online form with access date and subtitle), APA, BibTeX and RIS,
checked against the rules of each format."""

from __future__ import annotations

import re

from generator.model import Article, Issue
from generator.site.cite import citation_forms

ISSUE = Issue(id="2022-11-22", date="2022-11-22", number=1486, pages=4, weekday=None, lunar=None, masthead="东昌府讯")


def article(**changes) -> Article:
    base = dict(id="2022-11-22-03", issue_id="2022-11-22", seq=3, date="2022-11-22", number=1486,
                title="全市新冠肺炎疫情防控工作视频会议召开", kicker=None, subtitle="——我区设分会场组织收听收看",
                title_inferred=False, dateline="东昌府讯", event_date=None, reporters=("徐振鑫",),
                correspondents=("朱晓斌",), byline=None, section="news", column=None, fragment=False, body="正文。",
                source_path="x.md", page=1)
    base.update(changes)
    return Article(**base)


URL = "https://example.github.io/dcsx/issues/2022-11-22/03.html"


def test_gbt7714_online_form_carries_the_subtitle_the_access_date_and_the_url():
    c = citation_forms(article(), ISSUE, "东昌府讯", URL)
    assert c["gbt"] == ("徐振鑫, 朱晓斌. 全市新冠肺炎疫情防控工作视频会议召开: 我区设分会场组织收听收看[N/OL]. 东昌府讯, "
                        f"2022-11-22(1)[引用日期]. {URL}.")
    offline = citation_forms(article(subtitle=None, page=None, reporters=(), correspondents=()), ISSUE, "东昌府讯", "")
    assert offline["gbt"] == "全市新冠肺炎疫情防控工作视频会议召开[N]. 东昌府讯, 2022-11-22."


def _bibtex_fields(text: str) -> dict[str, str]:
    m = re.fullmatch(r"@article\{([^,\s]+),\n((?:  \w+ = \{.*\},?\n)+)\}\n", text)
    assert m, text
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):  # braces balance, escaped ones aside
        depth += (ch == "{") - (ch == "}")
        assert depth >= 0
    assert depth == 0
    return dict(re.findall(r"  (\w+) = \{(.*)\},?\n", m.group(2)))


def test_bibtex_is_an_article_entry_with_escaped_fields():
    c = citation_forms(article(title="50%的村{试点}_方案 & 成效"), ISSUE, "东昌府讯", URL)
    fields = _bibtex_fields(c["bibtex"])
    assert fields["author"] == "徐振鑫 and 朱晓斌"
    assert fields["title"] == r"50\%的村\{试点\}\_方案 \& 成效: 我区设分会场组织收听收看"
    assert (fields["journal"], fields["year"], fields["month"], fields["day"]) == ("东昌府讯", "2022", "11", "22")
    assert (fields["number"], fields["pages"], fields["url"]) == ("1486", "1", URL)
    assert c["bibtex"].startswith("@article{dcsx-2022-11-22-03,")


def test_ris_is_a_news_record_tag_by_tag():
    c = citation_forms(article(), ISSUE, "东昌府讯", URL)
    lines = c["ris"].split("\r\n")
    assert lines[0] == "TY  - NEWS" and lines[-2] == "ER  - " and lines[-1] == ""
    tags = [(line[:2], line[6:]) for line in lines[:-1]]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    assert ("AU", "徐振鑫") in tags and ("AU", "朱晓斌") in tags
    assert ("DA", "2022/11/22") in tags and ("PY", "2022") in tags and ("T2", "东昌府讯") in tags
    assert ("UR", URL) in tags and ("SP", "1") in tags and ("IS", "1486") in tags


def test_apa_line():
    c = citation_forms(article(), ISSUE, "东昌府讯", URL)
    assert c["apa"] == ("徐振鑫、朱晓斌. (2022, 11月22日). 全市新冠肺炎疫情防控工作视频会议召开: 我区设分会场组织收听收看. "
                        f"东昌府讯, 第1版. {URL}")


def test_the_article_page_prints_the_same_gbt7714_reference(tmp_path):
    """The page marks the reference up (bdi, the access date's span); its text is cite.py's."""
    import html
    from dataclasses import replace

    from generator.config import load_config
    from generator.content import load_archive

    from .conftest import FIXTURES, build_fixture_site

    content, site = build_fixture_site(tmp_path, base_url="https://example.org/repo/")
    config = replace(load_config(FIXTURES / "archive.toml"), base_url="https://example.org/repo/")
    issue = next(i for i in load_archive(content, config).issues if i.id == "2023-03-14")
    page = (site / "issues/2023-03-14/03.html").read_text(encoding="utf-8")
    shown = re.search(r'<span id="citation-text">(.*?)</span>\n', page).group(1)
    want = citation_forms(issue.articles[2], issue, config.paper, "https://example.org/repo/issues/2023-03-14/03.html")
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)) == want["gbt"]
