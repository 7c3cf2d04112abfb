"""Layout marks: what pictures, rules and headline typography leave in a converted page's text.

- A line made only of layout characters (``■``, ``●``, ``丨``, ``│``, a rule ``————``) or the
  word 图 alone comes from a picture, a box or a rule: it is no text, and goes to ``dropped``
  with the reason.
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
