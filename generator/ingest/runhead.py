"""Running heads (书眉): the page header printed at the top of every page, kept by most converters.

``东昌府讯 第2版``, ``2022年11月22日 星期二 东昌府讯 第3版``, ``第4版 综合 责任编辑：张三``:
a line made only of the paper's name, a date, a weekday, a page number (第N版), a page name
and page credits (责任编辑/版式/校对…), in any order.  It says which page the text after it is
on; it is never article text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from generator.ingest.masthead import DATE as _DATE
from generator.ingest.masthead import WEEKDAY as _WEEKDAY

CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}

_PAGE = re.compile(r"第\s*([0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})\s*版|\b([A-Da-d]?\d{1,2})\s*版(?!\S)")
_LUNAR = re.compile(r"农历\S{2,3}年\S{2,5}")
_NAME = r"[\u4e00-\u9fff·]{2,5}"
_CREDIT = re.compile(rf"(?:责任编辑|责编|编辑|版式|美编|美术编辑|校对|审核|审校|组版|排版|终审|二审|一审)\s*[：:]\s*{_NAME}")
_PAGE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,6}$")
_SEPARATORS = re.compile(r"[\s·|｜/—-]+")


@dataclass(frozen=True)
class RunningHead:
    line: int  # 1-based
    text: str
    page: int | None
    page_name: str | None = None
    date: str | None = None
    weekday: str | None = None


def page_number(text: str) -> int | None:
    """The number in 第3版 / 第三版 / A3版 (None when there is none)."""
    m = _PAGE.search(text)
    if not m:
        return None
    digits = (m.group(1) or m.group(2)).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    digits = digits.lstrip("ABCDabcd")
    if digits.isdigit():
        return int(digits)
    return _chinese_number(digits)


def _chinese_number(text: str) -> int | None:
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return CN_DIGITS.get(tens, 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(text)


def read_running_head(line: int, text: str, names: tuple[str, ...]) -> RunningHead | None:
    """Read one line as a running head, or return None if it holds anything else."""
    rest = text.strip().replace("**", "")
    if not rest or len(rest) > 90 or rest.startswith("#"):
        return None
    page = page_number(rest)
    credits = _CREDIT.findall(rest)
    if page is None and not credits:
        return None  # the paper's name with a date alone is the masthead's business
    date = None
    m = _DATE.search(rest)
    if m:
        try:
            date = dt.date(*(int(g) for g in m.groups())).isoformat()
        except ValueError:
            return None
    weekday = _WEEKDAY.search(rest)
    for pattern in (_PAGE, _DATE, _WEEKDAY, _LUNAR, _CREDIT):
        rest = pattern.sub(" ", rest)
    for name in sorted(names, key=len, reverse=True):
        rest = rest.replace(name, " ")
    words = [w for w in _SEPARATORS.split(rest) if w]
    if len(words) > 1 or (words and not _PAGE_NAME.match(words[0])):
        return None
    return RunningHead(line, text.strip(), page, words[0] if words else None, date,
                       weekday.group(0).replace("天", "日") if weekday else None)


def find_running_heads(lines: list[str], names: tuple[str, ...], skip: set[int]) -> dict[int, RunningHead]:
    """Every running head in the issue, by 1-based line number (lines in ``skip`` excluded)."""
    found = {}
    for i, text in enumerate(lines, 1):
        if i in skip or not text.strip():
            continue
        head = read_running_head(i, text, names)
        if head:
            found[i] = head
    return found


def page_names(heads) -> tuple[tuple[int, str], ...]:
    """(版, name) for each page whose running heads name it (the name printed most often)."""
    seen: dict[int, Counter[str]] = {}
    for h in heads:
        if h.page is not None and h.page_name:
            seen.setdefault(h.page, Counter())[h.page_name] += 1
    return tuple(sorted((page, names.most_common(1)[0][0]) for page, names in seen.items()))


def page_of_lines(heads: dict[int, RunningHead]):
    """A function from a line number to the page it is on (None when the text does not say).

    A running head starts its page; text before the first one is on the page before it
    when that is page 1 (the front page carries the masthead, not a running head).
    """
    marks = sorted((line, h.page) for line, h in heads.items() if h.page is not None)
    lines = [line for line, _ in marks]

    def page(line: int) -> int | None:
        k = bisect.bisect_right(lines, line)
        if k:
            return marks[k - 1][1]
        if marks and marks[0][1] == 2:
            return 1
        return None

    return page
