"""Layout marks: what pictures, rules and headline typography leave in a converted page's text.

- A line made only of layout characters (``■``, ``●``, ``丨``, ``│``, a rule ``————``) or the
  word 图 alone comes from a picture, a box or a rule: it is no text, and goes to ``dropped``
  with the reason.
- A photo caption in the text flow (``▲ 活动现场。 融媒体记者 徐振鑫 摄``, ``图为……``) is taken
  out of the running text; ``parse`` gives it to its article as one of its ``captions``.
- A headline printed in 【】 (``【区政府党组会议召开】``) has the brackets taken off; they go to
  ``dropped`` too, so the conservation check accounts for them.

Each change keeps its line number, so the issue's lines keep theirs.
"""

from __future__ import annotations

import re

from generator.model import Dropped
from generator.text import CLAUSE_MARKS

_LAYOUT_CHARS = "■□▪▫●○◆◇▲△▼▽►◄★☆◎※│┃丨|｜＿_=＝~～·•・*＊#＃-—–─━"
_STRAY = re.compile(rf"^(?:[{re.escape(_LAYOUT_CHARS)}\s]+|图|图片)$")
_BRACKETED = re.compile(r"^(#{1,6}\s+|\*\*)?【([^【】]+)】(\*\*)?$")


def strip_layout(lines: list[str], skip: set[int]) -> tuple[list[str], list[Dropped]]:
    """Return the lines with layout marks taken out, and what was taken (1-based ``skip`` lines are left alone)."""
    out = list(lines)
    dropped: list[Dropped] = []
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if n in skip or not text:
            continue
        if _STRAY.match(text) and not text.startswith("#"):
            out[n - 1] = ""
            dropped.append(Dropped((n, n), text, "a layout mark (picture, box or rule), not text"))
            continue
        m = _BRACKETED.match(text)
        if m and m.group(2).strip():
            lead, body, trail = m.group(1) or "", m.group(2).strip(), m.group(3) or ""
            out[n - 1] = f"{lead}{body}{trail}"
            dropped.append(Dropped((n, n), "【】", "brackets around a headline"))
    return out, dropped


_CAPTION_MARK = re.compile(r"^(?:[▲△↑◀▶►]\s*\S|图为|[(（]图[一二三四五六七八九十\d]*[)）]|图\d+\s*[：:])")
# ……融媒体记者 徐振鑫 摄 / 通讯员 杨晓斌 摄 / 摄影：徐振鑫 (not ……正在拍摄)
_CAPTION_CREDIT = re.compile(r"(?:(?:\s|记者|通讯员|融媒体)[\u4e00-\u9fff·]{2,4}\s*摄|摄影\s*[：:]\s*[\u4e00-\u9fff·]{2,4})\s*$")
CAPTION_MAX = 120


_BRACKET_CREDIT = re.compile(r"[(（][^()（）]{0,16}摄[)）]$")
CAPTION_WORDS = 24  # characters: an unmarked caption's words on a line of their own
CAPTION_LINES = 3  # a caption printed in a narrow column runs over up to three lines


def take_captions(lines: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the lines with photo captions taken out, and the captions as (1-based line, text).

    A caption printed over several lines (a narrow column) is one caption: one that opens with
    its mark (▲, 图为) ends at the line that completes the photographer's credit (…… 摄),
    within three lines; one without a mark is the line before a short line that completes
    the credit (…… 通讯员 陈 / 晓 摄)."""
    out = list(lines)
    captions = []
    claimed: set[int] = set()
    n = 0
    while n < len(lines):
        text = lines[n].strip()
        n += 1
        if not _fits(text):
            continue
        taken = [n]
        if _CAPTION_MARK.match(text) and not _credited(text):
            # The smallest run of lines that completes a credit, or else its last sentence.
            joined, ended = text, None
            for k in range(n + 1, min(n + CAPTION_LINES, len(lines)) + 1):
                if not _fits(lines[k - 1].strip()):
                    break
                joined = _join(joined, lines[k - 1].strip())
                if _credited(joined):
                    ended = (k, joined)
                    break
                if ended is None and joined[-1] in "。！？" and text[-1] not in "。！？":
                    ended = (k, joined)
            if ended:
                taken, text = list(range(n, ended[0] + 1)), ended[1]
        elif not (_CAPTION_MARK.match(text) or _CAPTION_CREDIT.search(text)):
            nxt = lines[n].strip() if n < len(lines) else ""
            before = lines[n - 2].strip() if n >= 2 else ""
            if not (0 < len(nxt) <= 6 and _CAPTION_CREDIT.search(_join(text, nxt)) and _opens_block(before)):
                continue
            taken, text = [n, n + 1], _join(text, nxt)
        if not _CAPTION_MARK.match(text) and _credit_only(text) and taken[0] >= 2 and taken[0] - 1 not in claimed:
            # An unmarked caption's words printed on the line before its credit (……现场。 / 通讯员 某某 摄),
            # the credit itself perhaps cut in two (……现场。 通讯 / 员 某某 摄).
            prev = lines[taken[0] - 2].strip()
            joined = _join(prev, text) if prev else ""
            m = _CAPTION_CREDIT.search(joined)
            words = joined[:m.start()].strip() if m else ""
            words = re.sub(r"(?:记者|通讯员|融媒体|融媒体记者)$", "", words).strip()
            before = lines[taken[0] - 3].strip() if taken[0] >= 3 else ""
            if (words and len(words) <= CAPTION_WORDS and words[-1] in "。！？" and not CLAUSE_MARKS.search(words[:-1])
                    and _opens_block(before)):
                taken, text = [taken[0] - 1, *taken], joined
        for k in taken:
            out[k - 1] = ""
            claimed.add(k)
        captions.append((taken[0], text))
        n = taken[-1]
    return out, captions


def _fits(text: str) -> bool:
    return bool(text) and not text.startswith("#") and len(text) <= CAPTION_MAX


def _join(text: str, more: str) -> str:
    """A caption's next printed line: the credit after its full stop stands apart, as printed."""
    return text + (" " if text[-1] in "。！？" else "") + more


def _credit_only(text: str) -> bool:
    """The line is a photographer's credit, or the end of one, and nothing else (通讯员 刘建国 摄, 员 刘建国 摄)."""
    m = _CAPTION_CREDIT.search(text)
    return bool(m) and len(text[:m.start()].strip()) <= 5


def _opens_block(before: str) -> bool:
    return not before or before[-1] in "。！？”）)"


def _credited(text: str) -> bool:
    return bool(_CAPTION_CREDIT.search(text) or _BRACKET_CREDIT.search(text))
