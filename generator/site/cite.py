"""How to cite an article: GB/T 7714-2015, an APA-style line, BibTeX and RIS, from one record.

GB/T 7714-2015 for a newspaper article (§8.1.2, 析出文献), online when a URL is given:

    主要责任者. 题名: 其他题名信息[N/OL]. 报纸名, 出版日期(版次)[引用日期]. 获取和访问路径.

The access date (引用日期) is the reader's: the page prints a placeholder that its script fills
with the day the page is read, so the built page stays the same from build to build.
"""

from __future__ import annotations

import re

from generator.model import Article, Issue

ACCESS_DATE = "引用日期"  # the placeholder the page's script replaces with today's date


def cited_title(a: Article) -> str:
    """The title with its subtitle (——……) as other title information (题名: 其他题名信息)."""
    if not a.subtitle:
        return a.title
    return f"{a.title}: {a.subtitle.lstrip('—–- ').strip()}"


def citation_record(a: Article, issue: Issue, paper: str, url: str) -> dict:
    """Everything the citation forms need; ``url`` is the article's absolute URL or ''."""
    return {"authors": list(a.people), "title": cited_title(a), "paper": issue.masthead or paper,
            "date": issue.date, "number": issue.number, "page": a.page, "url": url,
            "key": f"dcsx-{a.id}", "file": a.id}


def gbt7714(c: dict) -> str:
    """The GB/T 7714-2015 reference as text (the page marks it up the same way)."""
    authors = ", ".join(c["authors"])
    kind = "N/OL" if c["url"] else "N"
    where = f"{c['date']}({c['page']})" if c["page"] else c["date"]
    online = f"[{ACCESS_DATE}]. {c['url']}" if c["url"] else ""
    return f"{authors + '. ' if authors else ''}{c['title']}[{kind}]. {c['paper']}, {where}{online}."


def apa(c: dict) -> str:
    """An APA-style line: 作者. (年, 月日). 题名. 报纸名, 版次. URL"""
    y, m, d = c["date"].split("-")
    authors = "、".join(c["authors"])
    page = f", 第{c['page']}版" if c["page"] else ""
    url = f" {c['url']}" if c["url"] else ""
    return f"{authors + '. ' if authors else ''}({y}, {int(m)}月{int(d)}日). {c['title']}. {c['paper']}{page}.{url}"


_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_~^])")


def _bib(value: object) -> str:
    text = " ".join(str(value).split())
    return _BIBTEX_SPECIAL.sub(lambda m: "\\textbackslash{}" if m.group(1) == "\\" else "\\" + m.group(1), text)


def bibtex(c: dict) -> str:
    """A BibTeX @article entry (the form Zotero, JabRef and EndNote import)."""
    y, m, d = c["date"].split("-")
    fields = [("author", " and ".join(c["authors"])), ("title", c["title"]), ("journal", c["paper"]),
              ("year", y), ("month", str(int(m))), ("day", str(int(d))), ("date", c["date"]),
              ("number", c["number"] or ""), ("pages", c["page"] or ""), ("url", c["url"]), ("language", "chinese")]
    body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields if v not in ("", None))
    return f"@article{{{c['key']},\n{body}\n}}\n"


def ris(c: dict) -> str:
    """An RIS record of type NEWS (EndNote, Zotero, Mendeley)."""
    y, m, d = c["date"].split("-")
    rows = [("TY", "NEWS")] + [("AU", p) for p in c["authors"]] + [
        ("TI", c["title"]), ("T2", c["paper"]), ("PY", y), ("DA", f"{y}/{m}/{d}"),
        ("SP", c["page"] or ""), ("IS", c["number"] or ""), ("UR", c["url"]), ("LA", "zh"), ("ID", c["key"])]
    lines = [f"{tag}  - {' '.join(str(v).split())}" for tag, v in rows if v not in ("", None)]
    return "\r\n".join(lines + ["ER  - ", ""])


def citation_forms(a: Article, issue: Issue, paper: str, url: str) -> dict:
    """The record and each form of it, for the article page."""
    c = citation_record(a, issue, paper, url)
    return {**c, "gbt": gbt7714(c), "apa": apa(c), "bibtex": bibtex(c), "ris": ris(c)}
