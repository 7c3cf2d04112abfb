"""Find the masthead (报头) wherever the PDF converter put it, and read the issue metadata.

The masthead comes as a block of short lines (name, romanised name, date, weekday, lunar
date, 总第N期, 今日N版, web and mail addresses) at the top or in the middle of the text, or
folded into one running page-header line at the top of an inner page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.lunar import weekday_label
from generator.model import SourceLine, ParseWarning

DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
WEEKDAY = re.compile(r"星期[一二三四五六日天]")

_COMPONENTS: dict[str, re.Pattern[str]] = {
    "date": DATE,
    "weekday": WEEKDAY,
    "lunar": re.compile(
        r"农历[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]年闰?[正一二三四五六七八九十冬腊]{1,2}月"
        r"(?:初[一二三四五六七八九十]|二十|三十|廿[一二三四五六七八九]?|十[一二三四五六七八九]?)"
    ),
    "number": re.compile(r"总第\s*(\d+)\s*期"),
    "pages": re.compile(r"今日\s*(\d+)\s*版"),
    "web": re.compile(r"网址\s*[：:]\s*<?(https?://[^\s<>]+)>?"),
    "email": re.compile(r"(?:投稿)?邮箱\s*[：:]\s*<?(?:mailto:)?([\w.+-]+@[\w-]+(?:\.[\w-]+)+)>?"),
}
_MARKUP = re.compile(r"[#*\s]")


@dataclass
class Masthead:
    date: str | None = None
    number: int | None = None
    pages: int | None = None
    weekday: str | None = None
    lunar: str | None = None
    masthead: str | None = None
    web: str | None = None
    email: str | None = None
    lines: list[SourceLine] = field(default_factory=list)
    page_headers: set[int] = field(default_factory=set)  # 1-based line numbers
    dates: list[tuple[int, str]] = field(default_factory=list)  # (line, ISO date) of every masthead date
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def consumed(self) -> set[int]:
        return {s.line for s in self.lines}


# The name of a county paper as mastheads print it: 东昌府讯, 东昌时讯, 某某日报.
_NAME_SHAPE = re.compile(r"[\u4e00-\u9fff]{2,6}(?:讯|报|日报|时报|晚报)")


def _components(text: str, names: tuple[str, ...], roman: tuple[str, ...]) -> dict[str, re.Match | str] | None:
    """Return the masthead parts a line consists of, or None if it holds anything else."""
    bare = _MARKUP.sub("", text)
    if not bare:
        return None
    if bare in names:
        return {"masthead": bare}
    if _NAME_SHAPE.fullmatch(bare):  # a paper's name by its shape: a masthead only beside the date
        return {"shape": bare}
    if bare.upper() in roman:
        return {"roman": bare}
    found: dict[str, re.Match | str] = {}
    rest = text
    for key, pattern in _COMPONENTS.items():
        m = pattern.search(rest)
        if m:
            found[key] = m
            rest = rest[: m.start()] + " " + rest[m.end():]
    # A folded masthead carries the paper's name and its romanised name (DONGCHANGSHIXUN) too,
    # spaced or not; what is left must be nothing.
    for name in names:
        if name in rest:
            found["masthead"] = name
            rest = rest.replace(name, " ", 1)
            break
    for name in roman:
        if re.search(re.escape(name), rest, flags=re.IGNORECASE):
            found["roman"] = name
            rest = re.sub(re.escape(name), " ", rest, count=1, flags=re.IGNORECASE)
            break
    if set(found) <= {"masthead", "roman"} and len(found) < 2:
        return None
    if not found or _MARKUP.sub("", rest):
        return None
    return found


def find_masthead(lines: list[str], names: tuple[str, ...], roman: tuple[str, ...]) -> Masthead:
    """Locate masthead lines and read the issue metadata from them."""
    candidates: dict[int, dict] = {}
    for i, text in enumerate(lines):
        parts = _components(text, names, roman)
        if parts:
            candidates[i] = parts
    nonblank = [i for i, t in enumerate(lines) if t.strip()]
    position = {i: k for k, i in enumerate(nonblank)}
    result = Masthead()
    for i, parts in sorted(candidates.items()):
        # A lone date line counts only beside other masthead lines: a letter's closing
        # date ("2022年8月16日") on its own is article text.  The paper's name alone on a
        # line, or its romanised form, is always the masthead.
        if len(parts) == 1 and "roman" not in parts and "masthead" not in parts:
            k = position[i]
            near = [nonblank[j] for j in range(max(0, k - 2), min(len(nonblank), k + 3)) if j != k]
            first = "shape" in parts and k == 0  # a paper's name heading the file is its masthead
            if not first and not any(n in candidates and "shape" not in candidates[n] for n in near):
                continue
        if "shape" in parts:  # 东昌时讯 printed where the config knows only 东昌府讯
            parts = {"masthead": parts["shape"]}
        result.lines.append(SourceLine(i + 1, lines[i]))
        if len([p for p in parts if p != "masthead"]) >= 3:
            result.page_headers.add(i + 1)
        _merge(result, parts, i + 1)
    return result


def _merge(result: Masthead, parts: dict, line: int) -> None:
    values: dict[str, object] = {}
    for key, m in parts.items():
        if key == "roman":
            continue
        if key == "masthead":
            values["masthead"] = m
        elif key == "date":
            y, mo, d = (int(x) for x in m.groups())
            try:
                values["date"] = dt.date(y, mo, d).isoformat()
                result.dates.append((line, values["date"]))
            except ValueError:
                result.warnings.append(ParseWarning(line, f"impossible date {m.group(0)!r} ignored"))
        elif key in ("number", "pages"):
            values[key] = int(m.group(1))
        elif key in ("web", "email"):
            values[key] = m.group(1)
        else:
            values[key] = m.group(0)
    for key, value in values.items():
        old = getattr(result, key)
        if old is None:
            setattr(result, key, value)
        elif old != value and key != "masthead":
            result.warnings.append(
                ParseWarning(line, f"masthead {key} {value!r} differs from {old!r} found earlier; keeping {old!r}")
            )


def check_weekday(date: str | None, weekday: str | None) -> str | None:
    """Return a warning message if the printed weekday does not match the date."""
    if not date or not weekday:
        return None
    actual = weekday_label(date)
    if weekday.replace("天", "日") != actual:
        return f"masthead says {weekday} but {date} is {actual}"
    return None
