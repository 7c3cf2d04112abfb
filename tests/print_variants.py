"""Printed-page conversions of the same issue: what pdftotext, PyMuPDF, WPS and OCR programs give.

Each transform keeps every character of the issue's text and changes only the shape, the way a
converter that keeps the printed lines would (``tests/variants.py`` has the shapes of converters
that keep paragraphs whole):

- ``wrapped``: every paragraph broken into lines of the column width (``width`` characters; ASCII
  letters and digits take half a character, a number is never split, closing punctuation hangs on
  the line before, the first line is shorter by its indent, shown as spaces or not), no blank lines.
- ``wrapped_blank``: the same with a blank line between paragraphs.
- ``page_widths``: page footers, and each page set in its own column width (``width``, then
  wider and narrower by turns).
- ``headlines``: no heading marks; one printed line per headline part, a long part over two.
- ``footers``: page footers and page numbers (``2``, ``- 2 -``, ``— 2 —``, ``第 2 页 共 4 页``,
  ``2/4``, ``第2页``), sometimes with a form feed, between paragraphs or inside one.
- ``stray``: one-character lines from pictures and rules (``■``, ``图``, ``丨``), trailing spaces.
- ``captions``: photo captions in the text flow (``▲ 活动现场。 融媒体记者 徐振鑫 摄``, ``图为……``),
  new text that belongs to the article it stands in.
- ``brackets``: headlines in 【】.
- ``one_line_masthead``: the masthead folded into one line.
- ``pdftotext``: the whole picture at once: no heading marks, wrapped headlines, CJK-digit spaces,
  footers with form feeds, photo captions, wrapped body.

``print_variant`` returns a ``Printed``: the new text, the page furniture lines it inserted (with
the page each source line is on) and the stray lines.  Seeded; never told about the gold.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from generator.ingest.blocks import dateline_of
from generator.ingest.byline import parse_byline
from generator.text import ends_sentence, squash

from .char_variants import char_variant
from .variants import _MASTHEAD, _MASTHEAD_LINE, EDITORS

KINDS = ("wrapped", "wrapped_blank", "page_widths", "headlines", "footers", "stray", "captions", "brackets",
         "one_line_masthead", "pdftotext")
WIDTH_KINDS = ("wrapped", "wrapped_blank", "page_widths", "pdftotext")
WIDTHS = tuple(range(11, 41))
STRAYS = ("■", "图", "丨", "●", "▲", "│")
OPENING = set("“‘（《「『(")
HANGING = set("，。、；：！？”’）》」』,.;:!?)")
_CLAUSE = re.compile(r"[，。；,;]")  # a headline may hold ！ or ？
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_RUNNING_HEAD = re.compile(r"第\s*[0-9一二三四五六七八九十]{1,2}\s*版")


@dataclass
class Printed:
    text: str
    furniture: list[str] = field(default_factory=list)  # footer lines inserted
    pages: dict[str, int] = field(default_factory=dict)  # first characters of a paragraph -> its page
    strays: list[str] = field(default_factory=list)
    captions: dict[str, str] = field(default_factory=dict)  # caption -> first characters of the paragraph before it


def cells(text: str) -> int:
    """Printed width in half characters: ASCII takes one, everything else two; Markdown's ** none."""
    return sum(1 if c.isascii() else 2 for c in text.replace("**", ""))


def print_variant(text: str, kind: str, *, width: int = 16, seed: object = 1, groups=()) -> Printed:
    """``groups``: the headline groups of the issue as (kicker, title, subtitle), when known (from
    the parse of the issue as received), so that each part gets its own printed line."""
    rng = random.Random(f"{kind}:{width}:{seed}")
    parts_of = {squash("".join(filter(None, g))): [p for p in g if p] for g in groups}
    if kind == "wrapped":
        return Printed(_wrap_body(text, width, rng, blank=False))
    if kind == "wrapped_blank":
        return Printed(_wrap_body(text, width, rng, blank=True))
    if kind == "page_widths":
        printed = _footers(text, rng, feeds=True)
        others = tuple(max(11, min(40, width + d)) for d in (7, -4, 3, 9, -2))
        printed.text = _wrap_body(printed.text, width, rng, blank=False, furniture=set(printed.furniture),
                                  page_widths=others)
        return printed
    if kind == "headlines":
        return Printed(_headlines(text, rng, parts_of))
    if kind == "footers":
        return _footers(text, rng, feeds=rng.random() < 0.5)
    if kind == "stray":
        return _stray(text, rng)
    if kind == "captions":
        return _captions(text, rng)
    if kind == "brackets":
        return Printed("\n".join(_bracketed(line) for line in text.split("\n")))
    if kind == "one_line_masthead":
        return Printed(_one_line_masthead(text, rng))
    if kind == "pdftotext":
        with_captions = _captions(text, rng)
        printed = _footers(char_variant(_headlines(with_captions.text, rng, parts_of), "cjk_digit_spaces"), rng,
                           feeds=True)
        printed.text = _wrap_body(printed.text, width, rng, blank=False, furniture=set(printed.furniture))
        printed.captions = {char_variant(c, "cjk_digit_spaces"): before for c, before in with_captions.captions.items()}
        return printed
    raise ValueError(f"unknown variant {kind!r}")


def is_masthead(line: str) -> bool:
    return bool(_MASTHEAD.search(line) or _MASTHEAD_LINE.match(line))


def is_caption(line: str) -> bool:
    return line.startswith(("▲", "△", "图为")) or line.endswith(("摄", "摄）"))


def is_headline(line: str) -> bool:
    """A heading line, or a plain line the paper printed as one (short, no clause punctuation)."""
    s = line.strip()
    return bool(_HEADING.match(s)) or (0 < len(s) <= 64 and not _CLAUSE.search(s) and not s.startswith(("(", "（", "!", "<")))


def _units(text: str) -> list[str]:
    """Characters, with each run of ASCII letters and digits kept whole (never split at a line end)."""
    return re.findall(r"\*\*|[A-Za-z0-9][A-Za-z0-9.%/:@_-]*|.", text)


def wrap(text: str, width: int, indent: int = 0) -> list[str]:
    """Break one paragraph into printed lines of ``width`` characters (the first shorter by ``indent``)."""
    lines, cur, used, limit = [], "", 2 * indent, 2 * width
    for unit in _units(text.strip()):
        w = cells(unit)
        if cur and used + w > limit and not (unit in HANGING and used <= limit):
            carry = ""
            if cur[-1] in OPENING and len(cur) > 1:  # an opening quote never ends a printed line
                cur, carry = cur[:-1], cur[-1]
            lines.append(cur.rstrip())
            cur, used = carry, cells(carry)
            if unit == " ":
                continue
        while w > limit:  # a URL longer than the column is cut where it must be
            room = limit - used
            lines.append((cur + unit[:room]).rstrip())
            unit, cur, used, w = unit[room:], "", 0, w - room
        cur += unit
        used += w
    if cur.strip():
        lines.append(cur.rstrip())
    return lines


def _wrap_body(text: str, width: int, rng: random.Random, *, blank: bool, furniture: set[str] = frozenset(),
               page_widths: tuple[int, ...] = ()) -> str:
    """Wrap the body at ``width``; with ``page_widths``, each page (after each footer) at the next."""
    indent_mark = rng.choice(("", "", "\u3000\u3000", "    "))
    widths = list(page_widths)
    out: list[str] = []
    pending: list[str] = []  # a paragraph cut by the clean text's own column break is one paragraph in print
    inside: list[tuple[int, str]] = []  # footers inside the pending paragraph: (characters before, lines)

    def flush() -> None:
        if not pending:
            return
        feed = "\f" if pending[0].startswith("\f") else ""
        whole = "".join(p.strip() if k == 0 else _joinable(p) for k, p in enumerate(pending))
        byline = whole.startswith(("(", "（"))
        parts = wrap(whole.replace("\f", ""), width, indent=0 if byline else 2)
        parts[0] = feed + ("" if byline else indent_mark) + parts[0]
        # A footer inside the paragraph goes where its page ended: after the printed line that
        # holds the character it followed, the next page's line starting with the form feed.
        for at, foot in reversed(inside):
            seen = 0
            for k, part in enumerate(parts):
                seen += len(squash(part))
                if seen >= at and k + 1 < len(parts):
                    parts[k + 1:k + 2] = [foot, ("\f" if "\f" in whole else "") + parts[k + 1]]
                    break
            else:
                parts.append(foot)
        out.extend(p for part in parts for p in part.split("\n"))
        if blank:
            out.append("")
        pending.clear()
        inside.clear()

    for line in text.split("\n"):
        s = line.strip()
        if not s:
            continue
        if s in furniture and pending and not ends_sentence(pending[-1]):
            inside.append((len(squash("".join(pending))), s))
            continue
        if is_caption(s):  # a caption is set apart from the text, in a line or two of its own
            flush()
            out.extend(wrap(s, width))
            if blank:
                out.append("")
            continue
        if is_masthead(s) or s in furniture or is_headline(s) or s.startswith("!["):
            flush()
            if s in furniture and widths:
                width = widths.pop(0)
            out.append(line)
            if blank:
                out.append("")
            continue
        if pending and (ends_sentence(pending[-1]) or parse_byline(pending[-1].strip()) or dateline_of(s)):
            flush()
        pending.append(line)
    flush()
    return "\n".join(out)


def _joinable(line: str) -> str:
    """A line carrying on a cut paragraph, with a form feed in it kept (it marks the new page)."""
    return line.strip(" \u3000")


def _headlines(text: str, rng: random.Random, parts_of: dict[str, list[str]]) -> str:
    """Heading marks gone; each headline part on its own line, a long part over two."""
    measure = rng.randint(12, 20)
    out = []
    for line in text.split("\n"):
        m = _HEADING.match(line.strip())
        if not m or is_masthead(line):
            out.append(line)
            continue
        body = m.group(2).replace("**", "")
        for part in parts_of.get(squash(body), [body]):
            out.extend(wrap(part, measure) if len(part) > measure else [part])
    return "\n".join(out)


FOOTER_FORMS = ("{n}", "- {n} -", "— {n} —", "第 {n} 页 共 {total} 页", "{n}/{total}", "第{n}页")


def _paragraph_starts(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip() and not is_masthead(line) and not is_headline(line)
            and len(line.strip()) >= 40]


def _footers(text: str, rng: random.Random, *, feeds: bool) -> Printed:
    """A footer with the page number where each page ends; the pages are cut about evenly."""
    lines = text.split("\n")
    heads = [i for i, line in enumerate(lines) if _RUNNING_HEAD.search(line) and len(line) < 60]
    body = [i for i in _paragraph_starts(lines) if not _after_headline(lines, i)]  # a page never ends on a headline
    if heads:  # the issue prints its running heads: each page ends just before one
        ends = [(i, "before") for i in heads]
    else:
        chosen = sorted(rng.sample(body[3:-2], k=min(3, max(0, len(body) - 5)))) if len(body) > 6 else []
        ends = [(i, rng.choice(("before", "inside"))) for i in chosen]
    total = len(ends) + 1
    form = rng.choice(FOOTER_FORMS)
    out: list[str] = []
    furniture: list[str] = []
    pages: dict[str, int] = {}
    page = 1
    cut_at = dict(ends)
    for i, line in enumerate(lines):
        if i in cut_at:
            footer = form.format(n=page, total=total)
            furniture.append(footer)
            page += 1
            feed = "\f" if feeds else ""
            if cut_at[i] == "inside" and len(line) >= 40:
                cut = _mid_cut(line, rng)
                out.extend([line[:cut], "", footer, feed + line[cut:]])
                _note_page(pages, line, page - 1)
                continue
            out.extend(["", footer, ""])
            line = feed + line if line.strip() else line
        _note_page(pages, line, page)
        out.append(line)
    return Printed("\n".join(out), furniture, pages if furniture else {})


def _after_headline(lines: list[str], i: int) -> bool:
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j >= 0 and is_headline(lines[j])


def _note_page(pages: dict[str, int], line: str, page: int) -> None:
    s = line.strip().lstrip("\f")
    if len(s) >= 40 and not is_headline(s):
        pages.setdefault(s[:16], page)


def _mid_cut(line: str, rng: random.Random) -> int:
    spots = [i for i in range(12, len(line) - 8) if line[i - 1] not in "。！？" and line[i] not in HANGING
             and not line[i - 1].isspace() and not (line[i - 1].isascii() and line[i].isascii())]
    return rng.choice(spots) if spots else len(line) // 2


def _stray(text: str, rng: random.Random) -> Printed:
    out, strays = [], []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        out.append(line + ("  " if line.strip() and rng.random() < 0.2 and not line.endswith(" ") else ""))
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not line.strip() and nxt and not is_masthead(nxt) and rng.random() < 0.08:
            mark = rng.choice(STRAYS)
            strays.append(mark)
            out.extend([mark, ""])
    return Printed("\n".join(out), strays=strays)


CAPTION_FORMS = ("▲ {what}。 融媒体记者 {name} 摄", "图为{what}。", "△{what}。（{name} 摄）", "{what}。 通讯员 {name} 摄")


def _captions(text: str, rng: random.Random) -> Printed:
    """A photo caption after some paragraphs (never before an article's first line)."""
    out, captions = [], {}
    lines = text.split("\n")
    for i, line in enumerate(lines):
        out.append(line)
        s = line.strip()
        if (len(s) >= 40 and not is_headline(s) and not is_masthead(s) and ends_sentence(s)
                and (rng.random() < 0.15 or (not captions and i > len(lines) // 2))):
            what = squash(re.sub(r"[^\u4e00-\u9fff]", "", s))[2:10] + "现场"
            caption = rng.choice(CAPTION_FORMS).format(what=what, name=rng.choice(EDITORS))
            captions[caption] = squash(s)[-16:]
            out.extend(["", caption])
    return Printed("\n".join(out), captions=captions)


def _bracketed(line: str) -> str:
    m = _HEADING.match(line.strip())
    if not m or is_masthead(line) or m.group(2).startswith("—"):
        return line
    return f"{m.group(1)} 【{m.group(2)}】"


def _one_line_masthead(text: str, rng: random.Random) -> str:
    """The masthead block (its lines and the blank lines between them) folded into one line."""
    lines = text.split("\n")
    marks = [i for i, line in enumerate(lines) if _MASTHEAD.search(line)]
    if not marks:
        return text
    first = last = marks[0]

    def part(i: int) -> bool:
        return not lines[i].strip() or is_masthead(lines[i])

    while first > 0 and part(first - 1):
        first -= 1
    while last + 1 < len(lines) and part(last + 1):
        last += 1
    items = [re.sub(r"^#+\s*", "", line.strip()) for line in lines[first:last + 1] if line.strip()]
    sep = rng.choice((" ", "  ", ""))
    return "\n".join(lines[:first] + [sep.join(items), ""] + lines[last + 1:])
