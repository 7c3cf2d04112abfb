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


def take_captions(lines: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Return the lines with photo captions taken out, and the captions as (1-based line, text)."""
    out = list(lines)
    captions = []
    for n, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#") or len(text) > CAPTION_MAX:
            continue
        if _CAPTION_MARK.match(text) or _CAPTION_CREDIT.search(text):
            out[n - 1] = ""
            captions.append((n, text))
    return out, captions
