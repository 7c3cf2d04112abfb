"""Printed corrections (更正): find what each notice corrects, so the two can link each other.

A notice is an article titled 更正 (or 更正启事, 更正声明…), or one whose text starts with 更正：,
or says 本报…期…更正.  It names what it corrects by issue (总第1520期, 第1520期, 2023年3月14日,
or 3月14日 before the notice) and usually by title (《…》 or “…”).  The target is the article
of a named issue whose title the notice quotes; or, without a named issue, the most recent
earlier article with that title; or, without a title, the named issue itself.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from generator.model import Article, Issue
from generator.text import squash

_TITLE = re.compile(r"^更\s*正(?:启事|声明|说明)?$")
_OPENING = re.compile(r"^\s*(?:\*\*)?更\s*正(?:\*\*)?\s*[：:]")
_SAYS = re.compile(r"本报.{0,40}?期.{0,200}?更正", re.S)
_NUMBER = re.compile(r"(?:总)?第\s*(\d{2,5})\s*期")
_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_QUOTED = re.compile(r"《([^《》]{4,80})》|“([^“”]{4,80})”")


@dataclass(frozen=True)
class Correction:
    notice: Article
    article: Article | None  # what it corrects, when a title was found
    issue: Issue  # the issue it corrects


def is_notice(a: Article) -> bool:
    return bool(_TITLE.match(squash(a.title)) or _OPENING.match(a.body) or _SAYS.search(a.body[:300]))


def _named_issues(a: Article, issues: list[Issue]) -> list[Issue]:
    """The earlier issues the notice names, by number or by date."""
    head = a.body[:300]
    before = [i for i in issues if i.date < a.date]
    by_number = {i.number: i for i in before if i.number}
    named = [by_number[int(n)] for n in _NUMBER.findall(head) if int(n) in by_number]
    by_date = {i.date: i for i in before}
    notice_day = dt.date.fromisoformat(a.date)
    for y, m, d in _DATE.findall(head):
        for year in ([int(y)] if y else [notice_day.year, notice_day.year - 1]):
            try:
                iso = dt.date(year, int(m), int(d)).isoformat()
            except ValueError:
                continue
            if iso in by_date:
                named.append(by_date[iso])
                break
    return list(dict.fromkeys(named))


def find_corrections(issues: list[Issue]) -> list[Correction]:
    """Every notice whose target was found, oldest first."""
    found = []
    for issue in issues:
        for notice in issue.articles:
            if not is_notice(notice):
                continue
            named = _named_issues(notice, issues)
            quoted = [squash(a or b) for a, b in _QUOTED.findall(notice.body[:400])]
            pool = [a for i in (named or [i for i in reversed(issues) if i.date < notice.date]) for a in i.articles]
            target = next((a for q in quoted for a in pool if q == squash(a.title) or q in squash(a.title)
                           or (len(squash(a.title)) >= 6 and squash(a.title) in q)), None)
            if target is not None:
                home = next(i for i in issues if i.id == target.issue_id)
                found.append(Correction(notice, target, home))
            elif named:
                found.append(Correction(notice, None, named[0]))
    return found
