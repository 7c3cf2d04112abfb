"""The normalizing reader stage: the characters PDF text layers really hold, made the paper's own,
before any line is classified.

Converters other than the one the corpus came from (pdftotext, PyMuPDF, WPS, OCR programs) write
the same printed text with other characters:

- CJK characters as their compatibility twins: Kangxi radicals (⽇ ⽉ ⼀ ⼈ ⼤, from fonts that map
  glyphs to the radicals) and compatibility ideographs, which break dates, mastheads and bylines;
- invisible format characters (zero-width space, joiner and non-joiner, word joiner, byte order
  mark, soft hyphen) inside titles, bylines and datelines;
- full-width Latin letters and digits (ＤＯＮＧＣＨＡＮＧ, ２０２２);
- spaces between CJK and digits (11 月 18 日, 总第 1486 期);
- letter-spaced headlines (全 市 疫 情 防 控), where a wider gap separates the parts.

``normalize_text`` undoes exactly these and accounts for every change it makes: characters mapped
(from -> to, with counts) and characters removed.  Spacing is layout, not text, so closing it up
changes no counted character.  The conservation check (``conserve``) compares the parse with the
normalized text; ``mapped`` and ``removed`` are what stand between that and the file as received.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from generator.text import CJK as _CJK

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")
# Kangxi radicals, CJK radicals supplement (those with a compatibility mapping), compatibility
# ideographs, full-width ASCII letters and digits.
_COMPAT_RE = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
# 11 月 18 日, 总第 1486 期, 3360 斤: a space where the text switches between CJK and digits is
# the converter's (a font change), not the paper's.  Kept: after a dateline (东昌府讯 11月18日)
# and in a short line that a page number opens or closes (2 要闻, 要闻 2).
_CJK_DIGIT = re.compile(rf"(?<=[{_CJK}])(?<![讯电])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[{_CJK}])")
_EDGE_NUMBER = re.compile(rf"^\s*\d{{1,3}}[ \t]+(?![年月日号期版])[{_CJK} ]{{1,10}}$|^[{_CJK} ]{{1,12}}(?<![第总])[ \t]+\d{{1,3}}\s*$")
# A letter-spaced line: single CJK characters (or short digit runs) each followed by a space.
_SPACED_TOKEN = re.compile(rf"^(?:[{_CJK}]|\d{{1,4}}|[“”《》：·、，！？—]{{1,2}})$")


@dataclass
class Normalized:
    text: str
    mapped: Counter = field(default_factory=Counter)  # (from, to) -> count
    removed: Counter = field(default_factory=Counter)  # character -> count
    closed_up: list[int] = field(default_factory=list)  # line numbers whose letter-spacing was closed
    digits_closed: list[int] = field(default_factory=list)  # lines whose CJK-digit spaces were closed

    def summary(self) -> str:
        """A line for the ingest report: what was changed, with counts."""
        parts = []
        kinds = Counter()
        for (src, _), n in self.mapped.items():
            kinds[_kind(src)] += n
        parts += [f"{n} {kind}" for kind, n in sorted(kinds.items())]
        if self.removed:
            parts.append(f"{sum(self.removed.values())} invisible characters removed")
        if self.digits_closed:
            parts.append(f"spaces between CJK and digits closed up on {len(self.digits_closed)} lines")
        if self.closed_up:
            parts.append(f"letter-spacing closed up on {len(self.closed_up)} lines")
        return "; ".join(parts)


def _kind(ch: str) -> str:
    code = ord(ch)
    if 0x2E80 <= code <= 0x2FDF:
        return "radical characters (like ⽇) read as the characters they stand for"
    if 0xFF10 <= code <= 0xFF5A:
        return "full-width letters and digits made ASCII"
    return "compatibility ideographs made unified"


def _map_compat(text: str, mapped: Counter) -> str:
    def one(m: re.Match) -> str:
        ch = m.group()
        to = unicodedata.normalize("NFKC", ch)
        if len(to) != 1 or to == ch:
            return ch
        mapped[(ch, to)] += 1
        return to
    return _COMPAT_RE.sub(one, text)


def _close_letter_spacing(line: str) -> str | None:
    """The line with its letter-spacing closed up, or None when it is not letter-spaced.

    At least four single characters (two in a line marked as a heading) each set apart by one space; a wider gap (two spaces or
    more, or an ideographic space) separates parts of the headline and stays one space."""
    lead = re.match(r"^(#{1,6}\s+|\*\*)?", line).group(0)
    body = line[len(lead):]
    trail = "**" if lead == "**" and body.endswith("**") else ""
    body = body[: len(body) - len(trail)] if trail else body
    parts = re.split(r"(?:[ \t]{2,}|\u3000+)", body.strip())
    tokens = [t for p in parts for t in p.split(" ")]
    least = 2 if lead.startswith("#") else 4  # a marked headline: 更 正 too
    if len(tokens) < least or not all(_SPACED_TOKEN.match(t) for t in tokens):
        return None
    if sum(1 for t in tokens if re.match(f"[{_CJK}]", t)) < least:
        return None
    return lead + " ".join("".join(p.split(" ")) for p in parts) + trail


def _close_cjk_digit(line: str) -> str:
    kept = [m.span() for m in _EDGE_NUMBER.finditer(line)]
    return _CJK_DIGIT.sub(lambda m: m.group() if any(a <= m.start() < b for a, b in kept) else "", line)


def normalize_text(text: str) -> Normalized:
    """Undo what converters do to the printed characters (see the module docstring)."""
    result = Normalized(text, removed=Counter(INVISIBLE_RE.findall(text)))
    text = INVISIBLE_RE.sub("", text)
    text = _map_compat(text, result.mapped)
    lines = text.split("\n")
    for n, line in enumerate(lines, 1):
        closed = _close_cjk_digit(line)
        if closed != line:
            result.digits_closed.append(n)
            line = closed
        closed = _close_letter_spacing(line)
        if closed is not None and closed != line:
            line = closed
            result.closed_up.append(n)
        lines[n - 1] = line
    result.text = "\n".join(lines)
    return result


def as_received(normalized_chars: Counter, result: Normalized) -> Counter:
    """Characters of the normalized text counted as the file held them (for conservation)."""
    out = Counter(normalized_chars)
    for (src, to), n in result.mapped.items():
        out[to] -= n
        out[src] += n
    out.update(result.removed)
    return +out
