"""Reflow: rebuild the paragraphs of a text that keeps the printed lines.

``pdftotext`` (without ``-layout``), PyMuPDF's ``get_text()`` and most exports break every
paragraph into the lines of the printed column.  Such a text is told by its line lengths: most
lines reach one width (the column measure) and break mid-clause.  In it,

- a line that reaches the measure carries on into the next line, unless it ends a sentence and
  the next line has the shape of a paragraph's first line (indented, or shorter by its indent);
- a line a little short of it carries on when the number, Latin word or opening quote that
  starts the next line would not have fit;
- a line opening a block is a headline by its own evidence, never joined: no clause
  punctuation, and an unpunctuated run up to a dateline or byline, a title—subtitle dash, a
  width no first line has, or a paragraph's start or a short line of its own after it;
- across a blank line or page furniture, only a full line's unfinished sentence carries on;
- a shorter line ends its paragraph (a cut sentence is mended later, as column breaks are).

Widths are counted as printed, in half characters: CJK and full-width characters take two,
ASCII letters, digits and spaces one.  The widths are taken from the lines as received, before
the normalizing stage closes spaces up.  Each page (between page furniture or form feeds) is
measured by itself when it is long enough to tell, else by the whole text's measure.  A text
without a measure is left as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from generator.ingest.blocks import dateline_of
from generator.ingest.byline import parse_byline
from generator.ingest.normalize import INVISIBLE_RE
from generator.text import CLAUSE_MARKS, CLOSING, ends_sentence, join_broken

_INDENT = re.compile(r"^[ \t\u3000]{2,}")
_HANGING = set(CLOSING)
# What cannot be split from the start of the next line: a number or Latin word, an opening
# bracket or quote with the character after it.
_LEADING_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9.%/:@_-]*|[“‘（《「『(][A-Za-z0-9]*.?")
_FULL_STOPS = ("。", "！", "？", "!", "?", "…", "”", "’", "）", ")")
PAGE_LINES = 10  # text lines a page needs to have a measure of its own
MIN_MEASURE = 16  # half characters: a column is at least eight characters wide
MIN_LINES = 8  # lines at the measure before a text counts as wrapped
FULL_SHARE = 0.3  # of the text lines at the measure
MID_CLAUSE_SHARE = 0.6  # of the lines at the measure that stop mid-sentence


@dataclass
class Reflowed:
    lines: list[str]  # as many as given: a rebuilt paragraph stands on its first line, its other lines are blank
    spans: dict[int, list[int]] = field(default_factory=dict)  # 1-based first line -> the lines it holds
    measure: int | None = None  # the column measure in half characters, None when the text is not wrapped


def cells(text: str) -> int:
    """Printed width in half characters."""
    return sum(1 if c.isascii() else 2 for c in INVISIBLE_RE.sub("", text))


def _printed(raw: str) -> str:
    """The line as printed: its indent kept, form feed and trailing spaces gone."""
    return INVISIBLE_RE.sub("", raw).lstrip("\f").rstrip().replace("**", "")


def column_measure(widths: list[int], mid_clause: list[bool], running: list[bool] | None = None) -> int | None:
    """The width most lines reach, when the lines cluster at one and break mid-clause there.

    ``running`` tells the lines with clause punctuation (running text, not headlines)."""
    running = running or [True] * len(widths)
    counts = Counter(w for w in widths if w >= MIN_MEASURE)
    if not counts:
        return None
    # A line of CJK characters fills the column; one with an ASCII character or an ASCII comma
    # falls a half character short.
    measure = max(counts, key=lambda m: (counts[m] + counts[m - 1], counts[m], m))
    # Short paragraphs: their first lines (shorter by the indent) can outnumber the full lines.
    # No line of a column is wider than the measure but for hanging punctuation, so lines
    # wider still mean the most common width is the first lines'.
    text_widths = Counter(w for w, r in zip(widths, running) if r)
    wider = {w: text_widths[w] for w in range(measure + 3, measure + 7) if text_widths[w]}
    if sum(wider.values()) >= max(2, counts[measure] // 5):
        measure = max(wider, key=lambda m: (wider[m], m))
    at = [k for k, w in enumerate(widths) if measure - 4 <= w <= measure + 3]  # full lines and first lines
    if len(at) < MIN_LINES or len(at) < FULL_SHARE * len(widths):
        return None
    if sum(mid_clause[k] for k in at) < MID_CLAUSE_SHARE * len(at):
        return None
    return measure


class _Column:
    """The lines of one wrapped text, and what their widths say."""

    def __init__(self, lines: list[str], raw: list[str], width: dict[int, int], measure: dict[int, int]):
        self.lines, self.raw, self.width, self.measure_of = lines, raw, width, measure
        indented = sum(1 for i in width if self.indented(i))
        self.indents = indented >= max(3, len(width) // 20)  # the file prints paragraph indents

    def m(self, i: int) -> int:
        """The measure of line i's page."""
        return self.measure_of[i]

    def indented(self, i: int) -> bool:
        return bool(_INDENT.match(self.raw[i].lstrip("\f")))

    def full(self, i: int) -> bool:
        """Line i reaches the measure (allowing for a number that did not fit and hanging punctuation)."""
        return self.m(i) - 2 <= self.width[i] <= self.m(i) + 3

    def first_shape(self, i: int) -> bool:
        """As wide as a first line under an unprinted two-character indent (with hanging punctuation too)."""
        w, m, line = self.width[i], self.m(i), self.lines[i].rstrip()
        return m - 6 <= w <= m - 3 or (w == m - 2 and line[-1:] in _HANGING
                                       and not any(c.isascii() and not c.isspace() for c in line))

    def headline(self, i: int) -> bool:
        """Line i opens a block and is a headline by its own evidence: no clause punctuation, and
        not the width of a first line, or followed by a line that opens a paragraph."""
        if CLAUSE_MARKS.search(self.lines[i]) or self.indented(i) or self.lines[i].lstrip().startswith(("(", "（")):
            return False  # a sentence, a paragraph's start, a byline
        if "——" in self.lines[i] or self.heads_story(i):
            return True
        nxt = i + 1
        opens_next = nxt in self.width and (self.indented(nxt) or self.first_shape(nxt)
                                            or bool(dateline_of(self.lines[nxt].strip()))
                                            # a short line of its own (亲爱的同学们：) after it
                                            or (self.width[nxt] < self.m(nxt) - 6
                                                and not self.lines[nxt].rstrip().endswith(_FULL_STOPS)))
        return opens_next or not (self.first_shape(i) or self._word_did_not_fit(i, nxt, True))

    def heads_story(self, i: int) -> bool:
        """Lines i, i+1, … hold no clause punctuation and end no sentence up to a dateline or a
        byline: they are a headline group (a paragraph never stops short of its full stop)."""
        j = i
        while (j in self.width and j - i < 6 and not CLAUSE_MARKS.search(self.lines[j]) and not ends_sentence(self.lines[j])
               and not (j > i and parse_byline(self.lines[j].strip()))):
            j += 1
        if j == i or j not in self.width:
            return False
        nxt = self.lines[j].strip()
        return bool(dateline_of(nxt) or parse_byline(nxt))

    def runs_on(self, i: int, opens: bool) -> bool:
        """Line i goes on into the next line: it reaches the measure, or, opening a paragraph under
        an unprinted indent, the measure less the indent."""
        if opens and self.headline(i):
            return False
        return self.full(i) or (opens and not self.indents and self.first_shape(i))

    def first_line(self, j: int) -> bool:
        """Line j has a paragraph's first-line shape: indented, or shorter by a two-character indent
        with the paragraph going on below it."""
        if self.indented(j):
            return True
        nxt = j + 1
        if self.indents or not self.first_shape(j) or nxt not in self.width:
            return False
        # Not when a number that did not fit starts the next line (it made this one short), and a
        # line that ends its sentence is a paragraph's first line only if the paragraph goes on full.
        after = self.lines[nxt].lstrip()
        if after[:1].isascii() and after[:1].isalnum():
            return False
        return self.full(nxt) or not ends_sentence(self.lines[j])

    def joins(self, a: int, b: int, a_opens: bool, blank: bool) -> bool:
        """Whether line b carries on the paragraph whose last printed line is a."""
        lines = self.lines
        if lines[b].lstrip()[:1] in _HANGING:  # closing punctuation pushed onto a line of its own
            return True
        if not (self.runs_on(a, a_opens) or self.pushed_down(a, b, a_opens)) or dateline_of(lines[b].strip()):
            return False  # a dateline opens a story
        if parse_byline(lines[b].strip()) or parse_byline(lines[a].strip()):
            return False  # a byline stands on its own line
        unfinished = not ends_sentence(lines[a])
        if blank:  # a column or page break: only a full line's unfinished sentence goes on
            return unfinished and self.full(a)
        if self.indented(b):
            return False
        if unfinished:
            return True
        # A's sentence ended at the column's end: B opens a new paragraph when it has a first line's
        # shape, and is a headline when it is short and ends no sentence of its own.
        short = self.width[b] < self.m(b) - 6
        if self.first_line(b) or (short and not ends_sentence(lines[b])):
            return False
        return not self.heads_story(b)

    def pushed_down(self, a: int, b: int, opens: bool) -> bool:
        """Line a stopped short because the number or word starting line b did not fit after it."""
        return self._word_did_not_fit(a, b, opens) and not (opens and self.headline(a))

    def _word_did_not_fit(self, a: int, b: int, opens: bool) -> bool:
        """The number, word or quoted character starting line b would not have fit on line a
        (after a paragraph's unprinted indent, and a space)."""
        m = _LEADING_WORD.match(self.lines[b].lstrip()) if b in self.width else None
        if not m:
            return False
        indent = 4 if opens and not self.indents else 0
        return self.width[a] + indent + cells(m.group(0)) + 1 > self.m(a)


def reflow_lines(lines: list[str], raw: list[str], skip: set[int]) -> Reflowed:
    """Rebuild hard-wrapped paragraphs.  ``raw`` holds the same lines as received; ``skip`` (1-based)
    are masthead and page-furniture lines, crossed but never joined."""
    text_lines = [i for i, line in enumerate(lines) if i + 1 not in skip and _eligible(line)]
    width = {i: cells(_printed(raw[i])) for i in text_lines}

    def measure_of(group: list[int]) -> int | None:
        return column_measure([width[i] for i in group], [not ends_sentence(lines[i]) for i in group],
                              [bool(CLAUSE_MARKS.search(lines[i])) for i in group])

    # Each page (between page furniture or form feeds) may be set in its own column width;
    # a page too short to tell takes the whole text's.
    whole = measure_of(text_lines)
    measures: dict[int, int] = {}
    for page in _pages(text_lines, raw, skip):
        m = (measure_of(page) if len(page) >= PAGE_LINES else None) or whole
        if m is not None:
            measures.update((i, m) for i in page)
    if not measures:
        return Reflowed(list(lines))
    measure = whole or Counter(measures.values()).most_common(1)[0][0]
    col = _Column(lines, raw, {i: w for i, w in width.items() if i in measures}, measures)
    out = list(lines)
    spans: dict[int, list[int]] = {}
    head: int | None = None  # the line holding the paragraph being rebuilt
    last: int | None = None
    blank = False
    for i, line in enumerate(lines):
        if i + 1 in skip or not line.strip():  # page furniture counts as a blank line
            blank = True
            continue
        if i not in col.width:  # a heading, an image: no paragraph runs across it
            head = last = None
            blank = False
            continue
        if last is not None and col.joins(last, i, last == head, blank):
            out[head] = join_broken(out[head].rstrip(), line.strip())
            out[i] = ""
            spans.setdefault(head + 1, [head + 1]).append(i + 1)
        else:
            head = i
        last = i
        blank = False
    return Reflowed(out, spans, measure)


def _pages(text_lines: list[int], raw: list[str], skip: set[int]) -> list[list[int]]:
    """The text lines page by page: a page ends at page furniture or masthead lines, and a
    form feed starts one."""
    pages: list[list[int]] = [[]]
    for i in text_lines:
        if pages[-1] and (raw[i].startswith("\f") or any(n in skip for n in range(pages[-1][-1] + 2, i + 1))):
            pages.append([])
        pages[-1].append(i)
    return [p for p in pages if p]


def _eligible(line: str) -> bool:
    s = line.strip()
    return bool(s) and not s.startswith(("#", "![", "<"))
