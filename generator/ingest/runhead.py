"""Running heads (书眉): the page header printed at the top of every page, kept by most converters.

``东昌府讯 第2版``, ``2022年11月22日 星期二 东昌府讯 第3版``, ``第4版 综合 责任编辑：张三``:
a line made only of the paper's name, a date, a weekday, a page number (第N版), a page name
and page credits (责任编辑/版式/校对…), in any order.  It says which page the text after it is
on; it is never article text.

Page footers and page numbers (``2``, ``- 2 -``, ``— 2 —``, ``第 2 页 共 4 页``, ``2/4``, ``第2页``,
``Page 2 of 4``), which ``pdftotext`` and PyMuPDF keep at the foot of each page, are page
furniture too: a footer ends its page, so the text before it is on that page and the text after
it on the next.  A bare number counts only where the file's bare numbers run up page by page
or a form feed stands beside it.
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
    footer: bool = False  # a page footer: it ends page ``page``


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


_DASHES = "-—–~－"
_FOOTER = re.compile(
    rf"^(?:[{_DASHES}]+\s*(?P<dashed>\d{{1,3}})\s*[{_DASHES}]+"
    r"|第\s*(?P<di>\d{1,3})\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?"
    r"|共\s*\d{1,3}\s*页\s*[,，]?\s*第\s*(?P<gong>\d{1,3})\s*页"
    r"|(?P<of>\d{1,3})\s*/\s*\d{1,3}"
    r"|(?:[Pp]age|P\.)\s*(?P<page>\d{1,3})(?:\s*(?:of|/)\s*\d{1,3})?"
    r"|(?P<bare>\d{1,2}))$"
)


def read_footer(line: int, text: str) -> RunningHead | None:
    """Read one line as a page footer or page number (a bare number is only a candidate)."""
    m = _FOOTER.match(text.strip())
    if not m:
        return None
    number = next(int(v) for v in m.groupdict().values() if v)
    if number == 0:
        return None
    return RunningHead(line, text.strip(), number, footer=True)


def _page_run(bare: list[RunningHead], lines: list[str]) -> list[RunningHead]:
    """The bare page numbers that are page numbers: rising one page at a time, or beside a form feed."""
    def fed(h: RunningHead) -> bool:
        near = lines[h.line - 1:h.line + 1]
        return any("\f" in x for x in near)

    rising = len(bare) >= 2 and all(b.page == a.page + 1 for a, b in zip(bare, bare[1:]))
    return bare if rising else [h for h in bare if fed(h)]


def find_running_heads(lines: list[str], names: tuple[str, ...], skip: set[int]) -> dict[int, RunningHead]:
    """Every running head and page footer in the issue, by 1-based line number (lines in ``skip`` excluded)."""
    found = {}
    bare = []
    for i, text in enumerate(lines, 1):
        if i in skip or not text.strip():
            continue
        head = read_running_head(i, text, names) or read_footer(i, text)
        if head and head.footer and text.strip().isdigit():
            bare.append(head)
        elif head:
            found[i] = head
    found.update((h.line, h) for h in _page_run(bare, lines))
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

    A running head starts its page, a footer ends its page (the next page starts after it).
    Text before the first mark is on the page that mark ends, or on page 1 when the first
    running head is page 2's (the front page carries the masthead, not a running head).
    """
    marks = sorted((line, h.page + 1 if h.footer else h.page, h) for line, h in heads.items() if h.page is not None)
    lines = [line for line, _, _ in marks]

    def page(line: int) -> int | None:
        k = bisect.bisect_right(lines, line)
        if k:
            return marks[k - 1][1]
        if not marks:
            return None
        first = marks[0][2]
        if first.footer:
            return first.page
        return 1 if first.page == 2 else None

    return page
