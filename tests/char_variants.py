"""Other converters' characters for the same issue: the shape kept, the characters changed.

Each transform takes an issue's text and returns what a PDF text layer might hold instead:

- ``radicals``: CJK characters that have a Kangxi-radical twin written as the radical (⽇ ⽉ ⼀ ⼈).
- ``invisible``: zero-width space, joiner, word joiner, byte order mark and soft hyphen scattered
  inside lines (bylines, datelines and dates included).
- ``fullwidth``: ASCII letters and digits written full-width (ＤＯＮＧ, ２０２２).
- ``cjk_digit_spaces``: a space wherever CJK and digits meet (11 月 18 日, 总第 1486 期).
- ``letter_spaced``: headline lines (marked, or plain lines of 4-30 CJK characters) letter-spaced,
  a wider gap between their parts.
- ``characters``: all of these at once.

Seeded; never told about the gold.  The parse of a variant must equal the parse of the issue
as received (``tests/test_normalize.py``).
"""

from __future__ import annotations

import random
import re
import unicodedata

KINDS = ("radicals", "invisible", "fullwidth", "cjk_digit_spaces", "letter_spaced", "characters")
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_RADICAL_OF = {unicodedata.normalize("NFKC", chr(c)): chr(c) for c in range(0x2F00, 0x2FD6)}
_CJK = "\u4e00-\u9fff"


def char_variant(text: str, kind: str, seed: object = 1) -> str:
    rng = random.Random(f"{kind}:{seed}")
    if kind == "characters":
        for one in KINDS[:-1]:
            text = char_variant(text, one, seed)
        return text
    if kind == "radicals":
        return "".join(_RADICAL_OF[c] if c in _RADICAL_OF and rng.random() < 0.6 else c for c in text)
    if kind == "invisible":
        out = []
        for c in text:
            out.append(c)
            if c != "\n" and rng.random() < 0.04:
                out.append(rng.choice(INVISIBLE))
        return "".join(out)
    if kind == "fullwidth":
        return re.sub(r"[A-Za-z0-9]", lambda m: chr(ord(m.group()) + 0xFEE0), text)
    if kind == "cjk_digit_spaces":
        return re.sub(rf"(?<=[{_CJK}])(?<![讯电])(?=\d)|(?<=\d)(?=[{_CJK}])", " ", text)
    if kind == "letter_spaced":
        return "\n".join(_spaced(line) for line in text.split("\n"))
    raise ValueError(kind)


def _spaced(line: str) -> str:
    """A headline line letter-spaced: one marked with #, or a plain line of 4-30 CJK characters."""
    m = re.match(r"^(#{1,6} |)(.+)$", line)
    if not m or not re.fullmatch(rf"[{_CJK}“”《》：·、！？ ]+", m.group(2)):
        return line
    if not m.group(1) and not 4 <= len(m.group(2).replace(" ", "")) <= 30:
        return line
    parts = m.group(2).split(" ")
    return m.group(1) + "  ".join(" ".join(p) for p in parts)
