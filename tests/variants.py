"""Other conversions of the same issue: the text kept character for character, the shape changed.

PDF converters differ in what they keep and where they break lines.  Each transform here takes
an issue's text and returns what another converter might have produced from the same pages:

- ``unmarked``: no ``#`` heading marks (headlines are plain lines, some longer than a line).
- ``running_heads`` / ``dated_running_heads``: the page header printed at the top of each page
  (``东昌府讯 第2版``, ``2022年11月22日 星期二 东昌府讯 第3版``, ``第4版 综合 责任编辑：…``)
  kept between paragraphs, or inside a paragraph that runs over a page break.
- ``column_breaks``: paragraphs cut at random points in mid-sentence, as column breaks do.
- ``masthead_moved``: the masthead block moved from where it was to the middle of the text.
- ``blank_doubled``: every blank line doubled.
- ``brackets_swapped``: half-width brackets made full-width and full-width ones half-width.

The transforms are seeded, so a failure can be reproduced; they are never told about the
gold answers.  ``variant`` returns the new text and the running-head lines it inserted.
"""

from __future__ import annotations

import random
import re

KINDS = (
    "unmarked",
    "running_heads",
    "dated_running_heads",
    "column_breaks",
    "masthead_moved",
    "blank_doubled",
    "brackets_swapped",
)

WEEKDAYS = "一二三四五六日"
PAGE_NAMES = ("要闻", "综合", "专题", "副刊", "文明创建", "民生")
EDITORS = ("王红霞", "刘建国", "陈晓", "赵立新")
# Masthead lines, roughly: kept apart from running heads and column cuts.
_MASTHEAD = re.compile(r"总第\s*\d+\s*期|今日\s*\d+\s*版|^\s*星期|^\s*农历|网址|邮箱|^[A-Z]{6,}$|^#?\s*东昌[府时]讯\s*$")
_HEADING = re.compile(r"^#{1,6}\s+")
_SENTENCE_END = set("。！？!?…：:；;")
_NO_CUT_BEFORE = set("，。、；：！？”’）)》」』,.;:!?")


def variant(text: str, kind: str, *, date: str | None = None, paper: str = "东昌府讯", seed: object = 1) -> tuple[str, list[str]]:
    """Return (transformed text, running-head lines inserted) for one kind of variant."""
    rng = random.Random(f"{kind}:{seed}")
    if kind == "unmarked":
        return "\n".join(_HEADING.sub("", line) for line in text.split("\n")), []
    if kind in ("running_heads", "dated_running_heads"):
        return _running_heads(text, rng, date if kind == "dated_running_heads" else None, paper)
    if kind == "column_breaks":
        return _column_breaks(text, rng), []
    if kind == "masthead_moved":
        return _masthead_moved(text), []
    if kind == "blank_doubled":
        return re.sub(r"\n(?=\n)", "\n\n", text), []
    if kind == "brackets_swapped":
        return text.translate(str.maketrans("()（）", "（）()")), []
    raise ValueError(f"unknown variant {kind!r}")


def running_head(page: int, rng: random.Random, date: str | None, paper: str) -> str:
    """One page header as converters keep it, in one of the paper's layouts."""
    name = rng.choice(PAGE_NAMES)
    editor = rng.choice(EDITORS)
    credits = f"责任编辑：{editor}"
    if rng.random() < 0.4:
        credits += f" 版式：{rng.choice(EDITORS)} 校对：{rng.choice(EDITORS)}"
    if date:
        y, m, d = (int(x) for x in date.split("-"))
        import datetime as dt

        day = f"{y}年{m}月{d}日"
        weekday = "星期" + WEEKDAYS[dt.date(y, m, d).weekday()]
        forms = (
            f"{day} {weekday} {paper} 第{page}版",
            f"{paper} {day} 第{page}版 {name}",
            f"第{page}版 {name} {day} {weekday} {credits}",
            f"{day} 第{page}版",
        )
    else:
        forms = (
            f"{paper} 第{page}版",
            f"第{page}版 {name} {credits}",
            f"{name} 第{page}版",
            f"{paper}·{name} 第{page}版 {credits}",
            f"第{page}版",
        )
    return rng.choice(forms)


def _masthead_near(lines: list[str], i: int) -> bool:
    return any(_MASTHEAD.search(lines[j]) for j in range(max(0, i - 3), min(len(lines), i + 4)))


def _cut_points(line: str, rng: random.Random, *, early: bool) -> int | None:
    """A position in mid-sentence where a column break could fall (None if the line has none)."""
    text = line.rstrip()
    tail = re.search(r"[(（][^()（）]*[)）]$", text)  # a byline glued to the end stays whole
    end = tail.start() if tail else len(text)
    lo, hi = (10, min(end - 4, 30)) if early else (10, end - 4)
    spots = [
        i for i in range(lo, hi)
        if text[i - 1] not in _SENTENCE_END and text[i] not in _NO_CUT_BEFORE
        and not text[i - 1].isspace() and not text[i].isspace()
        and "<" not in text[max(0, i - 40):i + 1] and "*" not in text[i - 2:i + 2]
    ]
    return rng.choice(spots) if spots else None


def _is_body(line: str) -> bool:
    return len(line) >= 40 and not _HEADING.match(line) and bool(re.search(r"[，。,]", line)) and not _MASTHEAD.search(line)


def _ends_paragraph(line: str) -> bool:
    """A page can end here: after a finished paragraph or a byline, not after a headline."""
    text = line.rstrip()
    return bool(text) and not _HEADING.match(text) and text[-1] in "。！？!?”）)"


def _running_heads(text: str, rng: random.Random, date: str | None, paper: str) -> tuple[str, list[str]]:
    lines = text.split("\n")
    out: list[str] = []
    heads: list[str] = []
    page, due = 2, 40
    for i, line in enumerate(lines):
        if i >= due and not _masthead_near(lines, i):
            head = None
            if not line.strip() and out and _ends_paragraph(out[-1]):
                head = running_head(page, rng, date, paper)
                out.extend(["", head])
            elif _is_body(line) and len(heads) % 2 == 1:
                cut = _cut_points(line, rng, early=False)
                if cut is not None:  # the page ends inside this paragraph
                    head = running_head(page, rng, date, paper)
                    out.extend([line[:cut], "", head, ""])
                    line = line[cut:]
            if head is not None:
                heads.append(head)
                page, due = page + 1, i + 40
        out.append(line)
    return "\n".join(out), heads


def _column_breaks(text: str, rng: random.Random) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        hard = line.endswith("  ")
        if _is_body(line) and rng.random() < 0.35:
            cut = _cut_points(line, rng, early=rng.random() < 0.5)
            if cut is not None:
                out.extend([line[:cut], ""])
                line = line[cut:]
                if hard and not line.endswith("  "):
                    line += "  "
        out.append(line)
    return "\n".join(out)


_MASTHEAD_LINE = re.compile(r"^(?:#\s*)?(?:东昌[府时]讯|[A-Z]{6,}|\d{4}年\d{1,2}月\d{1,2}日)\s*$")


def _masthead_moved(text: str) -> str:
    """Move the masthead block (its lines and the blank lines between them) to mid-text."""
    lines = text.split("\n")

    def part(i: int) -> bool:
        return not lines[i].strip() or bool(_MASTHEAD.search(lines[i]) or _MASTHEAD_LINE.match(lines[i]))

    marks = [i for i, line in enumerate(lines) if _MASTHEAD.search(line)]
    if not marks:
        return text
    first = last = marks[0]
    while first > 0 and part(first - 1):
        first -= 1
    while last + 1 < len(lines) and part(last + 1):
        last += 1
    block = lines[first:last + 1]
    rest = lines[:first] + lines[last + 1:]
    # Put it at the blank line nearest the middle of what is left, between two paragraphs;
    # if it was there already, at the end.
    blanks = [i for i, line in enumerate(rest) if not line.strip() and 0 < i < len(rest) - 1]
    target = min(blanks, key=lambda i: abs(i - len(rest) // 2)) if blanks else len(rest)
    if abs(target - first) < 10:
        target = len(rest)
    return "\n".join(rest[:target] + [""] + block + [""] + rest[target:])
