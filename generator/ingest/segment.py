"""Blocks to articles: headline groups, bylines, datelines, inner subheadings, banners.

A headline group is a run of headline candidates.  Column banners (栏目) are taken off its
front; what is left is kicker (引题), title (主题) and subtitle (副题).  A group with no text
after it (end of file, next group, page break) is not an article and goes to ``dropped``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from generator.ingest.blocks import BREAK, BYLINE, CREDIT, HEAD, IMAGE, PARA, Block, dateline_of
from generator.ingest.byline import parse_byline
from generator.model import Dropped, ParsedArticle, ParseWarning
from generator.text import CJK_RE, ends_sentence, escape_markdown, first_sentence, squash

SPEECH_VERBS = re.compile(r"(强调|指出|表示|要求|提出|时说|寄语)$")
_SPOKEN_KICKER = re.compile(r"^(\S{6,}?(?:强调|指出|表示|要求))\s+(\S.*)$")
_DASH = re.compile(r"^[—–-]{1,2}")
_MID_DASH = re.compile(r"(?<=\S)(——.+)$")
SIGNATURE_DATE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
EVENT_DATE = re.compile(r"^(\d{1,2})月(\d{1,2})日")
DATELINE_BYLINE = re.compile(r"^([(（][^()（）]{2,40}[)）])\s*")
_LEAD_IN = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日(?:[上中下]午|晚上?|早上|凌晨|傍晚)?|近日|日前|连日来|近期|今年以来|近年来|\d{4}年以来)[，,]\s*"
)
COLUMN_MAX = 5  # a short first line heading a group (宣讲进行时) is a column name
# Printed continuation marks: （上接第一版） opens a continued text, （下转第二版） ends a cut one.
CONTINUED_FROM = re.compile(r"^[(（]\s*上接第?\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]")
CONTINUED_ON = re.compile(r"[(（]\s*下转第?\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]$")


@dataclass
class Draft:
    heads: list[Block] = field(default_factory=list)
    columns: list[Block] = field(default_factory=list)
    body: list[tuple[str, Block]] = field(default_factory=list)  # ("p" | "h", block)
    bylines: list[Block] = field(default_factory=list)
    closed: bool = False  # a byline has ended it
    no_headline: bool = False
    orphan_start: bool = False  # text at the very start of the file, before any headline

    @property
    def has_para(self) -> bool:
        return any(kind == "p" for kind, _ in self.body)


@dataclass
class Segmented:
    drafts: list[Draft]
    dropped: list[Dropped]
    warnings: list[ParseWarning]


def segment(blocks: list[Block], banners: frozenset[str]) -> Segmented:
    """Group blocks into article drafts; headline lines without an article are dropped."""
    drafts: list[Draft] = []
    dropped: list[Dropped] = []
    warnings: list[ParseWarning] = []
    cur: Draft | None = None
    pending: list[Block] = []

    def take_signature() -> None:
        # A letter (公开信, 倡议书) ends with its sender and date as short lines; they
        # belong to the letter, not to a headline group.
        if cur is None or cur.closed or not cur.has_para:
            return
        ends = [i for i, b in enumerate(pending) if SIGNATURE_DATE.match(b.text)]
        if ends:
            cur.body.extend(("p", b) for b in pending[: ends[-1] + 1])
            del pending[: ends[-1] + 1]

    def flush_orphans(reason: str) -> None:
        take_signature()
        for b in pending:
            why = "column banner with no article" if _is_banner(b.text, banners) else reason
            dropped.append(Dropped((b.first, b.last), b.text, why))
            warnings.append(ParseWarning(b.first, f"{why}: {b.text!r} dropped"))
        pending.clear()

    def open_draft() -> Draft:
        take_signature()
        draft = _draft_from_group(pending, banners, dropped, warnings)
        pending.clear()
        drafts.append(draft)
        return draft

    for idx, b in enumerate(blocks):
        if b.kind == IMAGE:  # pictures are not in the text; keep the reference where it can be seen
            dropped.append(Dropped((b.first, b.last), b.text, "image reference"))
            continue
        if b.kind == HEAD:
            if not pending and cur and not cur.closed and cur.has_para and _is_subhead(blocks, idx, banners):
                cur.body.append(("h", b))
            else:
                pending.append(b)
        elif b.kind == BYLINE:
            if pending:
                cur = open_draft()
                cur.bylines.append(b)
            elif cur is not None:
                cur.bylines.append(b)
                cur.closed = True
            else:
                dropped.append(Dropped((b.first, b.last), b.text, "byline with no article"))
                warnings.append(ParseWarning(b.first, f"byline with no article: {b.text!r} dropped"))
        elif b.kind == BREAK:
            if pending:
                flush_orphans("headline cut off from its text by a page break")
        else:  # PARA
            if pending:
                cur = open_draft()
            elif cur is None or (dateline_of(b.text) and cur.has_para):
                # Text with no headline: an article whose headline was lost (it starts at a
                # dateline), or at the top of the file the tail of an article from elsewhere.
                cur = Draft(no_headline=True, orphan_start=cur is None and not dateline_of(b.text))
                drafts.append(cur)
            cur.body.append(("p", b))
    take_signature()
    after = reattach_banners(drafts)
    if (pending and cur is not None and not cur.columns and cur.has_para
            and all(_is_banner(b.text, banners) or len(squash(b.text)) <= COLUMN_MAX for b in pending)):
        # Banners after the last article: this converter can put a banner after the text it
        # labels.  They label it when they share words with it, or when the issue's other
        # banners were found after their articles too.
        if after or _evidence(pending, cur) >= BANNER_EVIDENCE:
            cur.columns.extend(pending)
            pending.clear()
    if pending:
        flush_orphans("orphan headline")
    return Segmented(drafts, dropped, warnings)


BANNER_EVIDENCE = 3  # a shared pair of characters in the headline, or three in the text


def _evidence(banner: list[Block], draft: Draft) -> int:
    """How much a draft shares with a banner: its pairs of characters found in the headline
    (each worth 3) and in the text (each worth 1)."""
    text = squash("".join(b.text for b in banner))
    pairs = {text[i:i + 2] for i in range(len(text) - 1) if CJK_RE.match(text[i]) and CJK_RE.match(text[i + 1])}
    head = squash("".join(h.text for h in draft.heads))
    body = squash("".join(b.text for kind, b in draft.body if kind == "p"))
    return sum(3 * (p in head) + (p in body) for p in pairs)


def reattach_banners(drafts: list[Draft]) -> bool:
    """A banner that opens an article but plainly labels the one before it (同心协力 共抗疫情
    after the epidemic story, over a story on the Yellow River) goes to the one before: when that
    article has no banner of its own and shares clearly more with it.

    Then the converter's habit decides the banners the words leave open (sharing little with
    either side): where the issue's clear cases were found after their articles and none
    before, the open ones go to the article before too.  True when the habit is "after"."""
    open_cases: list[tuple[Draft, Draft]] = []
    moved = kept = 0
    for prev, draft in zip(drafts, drafts[1:]):
        if not draft.columns or not draft.heads:
            continue
        before, after = _evidence(draft.columns, prev), _evidence(draft.columns, draft)
        if after >= BANNER_EVIDENCE and after >= 2 * before:
            kept += 1
        elif prev.columns or not prev.has_para:
            continue
        elif before >= BANNER_EVIDENCE and before > 2 * after:
            prev.columns, draft.columns = draft.columns, []
            moved += 1
        else:
            open_cases.append((prev, draft))
    habit_after = moved > 0 and kept == 0
    if habit_after:
        for prev, draft in open_cases:
            if not prev.columns:
                prev.columns, draft.columns = draft.columns, []
    return habit_after


def _is_banner(text: str, banners: frozenset[str]) -> bool:
    return squash(text) in banners


def _is_subhead(blocks: list[Block], idx: int, banners: frozenset[str]) -> bool:
    """An inner subheading: one plain (or ###) line inside an open article, followed by text."""
    b = blocks[idx]
    if 0 < b.level <= 2 or _DASH.match(b.text) or _is_banner(b.text, banners):
        return False
    nxt = next((n for n in blocks[idx + 1:] if n.kind != IMAGE), None)
    return nxt is not None and nxt.kind == PARA and not dateline_of(nxt.text)


def _draft_from_group(
    group: list[Block], banners: frozenset[str], dropped: list[Dropped], warnings: list[ParseWarning]
) -> Draft:
    """Split a headline group into column banners and headline lines."""
    heads = list(group)
    columns: list[Block] = []
    # Configured banners, possibly broken over two lines, anywhere in the group: lines
    # before the last banner are banners or headlines whose article is missing.
    last = -1
    marks: set[int] = set()
    for i in range(len(heads)):
        for j in range(i, min(i + 3, len(heads))):
            if squash("".join(h.text for h in heads[i:j + 1])) in banners:
                marks.update(range(i, j + 1))
                last = max(last, j)
    if last >= 0:
        for i in range(last + 1):
            if i in marks:
                columns.append(heads[i])
            else:
                dropped.append(Dropped((heads[i].first, heads[i].last), heads[i].text, "orphan headline"))
                warnings.append(ParseWarning(heads[i].first, f"orphan headline: {heads[i].text!r} dropped"))
        heads = heads[last + 1:]
    # Structure: more lines than kicker + title + subtitle, or a very short first line
    # over a longer headline, means the leading lines are a column banner.
    n_dash = sum(1 for h in heads if _DASH.match(h.text))
    while len(heads) - n_dash > 3 or (
        len(heads) >= 2 and len(squash(heads[0].text)) <= COLUMN_MAX and not _DASH.match(heads[1].text)
    ):
        columns.append(heads.pop(0))
    draft = Draft(heads=heads, columns=columns)
    draft.no_headline = not heads
    return draft


# A headline group printed on one line, its parts apart by spaces, split as the same group
# printed over lines is: the event line (……会议召开) before a slogan is the kicker, the local
# angle (我区……, ——……) or a line of figures (分别提升1个、6个位次) after the title the subtitle.
_EVENT_KICKER = re.compile(r"(召开|举行|举办|开幕|闭幕|启动|开班|开展)$")
_LOCAL_SUBTITLE = re.compile(r"^(我区|——|—)")
_FIGURES = re.compile(r"\d.*[、，,]|[、，,].*\d")
GROUP_LINE = 20  # characters: a shorter spaced line is a couplet title (双拥花开 鱼水情深)


def split_group_line(text: str) -> tuple[str | None, str, str | None] | None:
    """(kicker, title, subtitle) of a one-line headline group, or None when it is one title."""
    parts = text.split()
    if len(parts) < 2 or len(squash(text)) <= GROUP_LINE:
        return None
    kicker = subtitle = None
    if _LOCAL_SUBTITLE.match(parts[-1]) or _FIGURES.search(parts[-1]):
        subtitle = parts.pop()
    if len(parts) >= 2 and _EVENT_KICKER.search(parts[0]):
        kicker = parts.pop(0)
    if kicker is None and subtitle is None:
        if len(parts) >= 4 and len(parts) % 2 == 0:
            # Two couplets (药店老板免费赠药 邻居共享退烧药 守望相助 冬日里的温暖传递): two
            # lines of the headline, printed first the one that tells the facts.
            half = len(parts) // 2
            return " ".join(parts[:half]), " ".join(parts[half:]), None
        return None
    return kicker, " ".join(parts), subtitle


def assign_headline(heads: list[Block]) -> tuple[str | None, str, str | None]:
    """Return (kicker, title, subtitle) from a group's headline lines."""
    texts = [h.text for h in heads]
    if len(heads) == 1:
        m = _MID_DASH.search(texts[0])
        if m:
            return None, texts[0][: m.start()].strip(), m.group(1).strip()
        m = _SPOKEN_KICKER.match(texts[0])
        if m:  # 张百顺在……时强调 强化使命担当
            return m.group(1), m.group(2), None
        return split_group_line(texts[0]) or (None, texts[0], None)
    dash = next((i for i, t in enumerate(texts) if _DASH.match(t)), len(texts))
    pre, subs = heads[:dash], texts[dash:]
    if not pre:  # only dash lines: treat the first as the title
        pre, subs = heads[:1], texts[1:]
    levels = [h.level or 7 for h in pre]
    if len(set(levels)) > 1:
        t = levels.index(min(levels))
    elif len(pre) == 1:
        t = 0
    elif len(pre) == 2:
        if _LOCAL_SUBTITLE.match(pre[1].text) or _FIGURES.search(pre[1].text):
            t = 0  # ……会议召开 / 我区设分会场……: the local angle is the subtitle
        else:
            t = 1 if (subs or SPEECH_VERBS.search(pre[0].text) or _EVENT_KICKER.search(pre[0].text)) else 0
    else:
        t = len(pre) - 2
    kicker = " ".join(h.text for h in pre[:t]) or None
    subtitle = " ".join([h.text for h in pre[t + 1:]] + subs) or None
    return kicker, pre[t].text, subtitle


LEAD_IN_CLAUSE = re.compile(r"^(由|在|为|据|随着|按照|根据|经过|通过|围绕|针对|对于|自|从)")


def infer_title(body_text: str) -> str:
    """Make a title from an article's first sentence (for articles whose headline was lost).

    A short sentence is the title.  Otherwise its first clause, unless that clause is a
    lead-in (由……主办, 在……) or too long: then the last clause, which carries the event,
    trimmed after an attributive 的 when it is long (……承办的东昌府区音乐季在……举办).
    """
    text = _LEAD_IN.sub("", body_text.strip())
    sentence = first_sentence(text).strip()
    if len(sentence) <= 40:
        return sentence or body_text[:30]
    clauses = [c.strip() for c in re.split(r"[，,]", sentence) if c.strip()]
    first, last = clauses[0], clauses[-1]
    if len(first) <= 40 and not LEAD_IN_CLAUSE.match(first):
        return first
    if len(last) > 30 and "的" in last:
        tail = last[last.index("的") + 1:]
        if len(tail) >= 8:
            last = tail
    if 8 <= len(last) <= 40:
        return last
    return first[:30] + "…"


def event_date_of(text: str, issue_date: str | None) -> str | None:
    """Read an event date such as 11月18日 at the start of the first paragraph."""
    m = EVENT_DATE.match(text)
    if not m or not issue_date:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    issued = dt.date.fromisoformat(issue_date)
    year = issued.year - 1 if month > issued.month + 1 else issued.year
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def starts_mid_sentence(text: str) -> bool:
    """Guess whether a first paragraph begins in the middle of a sentence.

    The tell-tale sign is a tiny first "sentence" with no punctuation of its own
    (照顾家务和农活。他们的儿子……): the tail of a sentence whose start is on another page.
    """
    head = first_sentence(text)
    return 0 < len(head) <= 12 and len(head) < len(text) - 1 and not re.search(r"[，,、：:“”\"]", head)


def build_article(draft: Draft, issue_date: str | None, warnings: list[ParseWarning]) -> ParsedArticle:
    """Turn a draft into an article record: dateline, event date, body Markdown, byline."""
    paras = [b for kind, b in draft.body if kind == "p"]
    first = paras[0] if paras else None
    dateline = None
    inline_bylines = []
    if first is not None:
        m = dateline_of(first.text)
        if m:
            dateline = m.group(1)
            first.text = first.text[m.end():].lstrip()
            # 本报讯（记者 王五 通讯员 赵六）1月5日，……
            inner = DATELINE_BYLINE.match(first.text)
            byline = parse_byline(inner.group(1)) if inner else None
            if byline:
                inline_bylines.append(byline)
                first.text = first.text[inner.end():].lstrip()
    parts = []
    subheads = []
    for kind, b in draft.body:  # the text as printed: what Markdown would take for markup is escaped
        if kind == "h":
            parts.append("## " + escape_markdown(b.text))
            subheads.append(b.text)
        else:
            parts.append(escape_markdown(b.text))
    body = "\n\n".join(parts)
    lead = first.text if first is not None else ""
    if draft.no_headline:
        kicker, title, subtitle = None, infer_title(lead), None
    else:
        kicker, title, subtitle = assign_headline(draft.heads)
    reporters: list[str] = []
    correspondents: list[str] = []
    for line, byline in [(first.first, bl) for bl in inline_bylines] + [(b.first, b.byline) for b in draft.bylines]:
        assert byline is not None
        reporters.extend(n for n in byline.reporters if n not in reporters)
        correspondents.extend(n for n in byline.correspondents if n not in correspondents)
        for run in byline.ambiguous:
            warnings.append(ParseWarning(line, f"byline names {run!r} run together; split as a guess, check it"))
    fragment = draft.orphan_start or (not dateline and bool(lead) and starts_mid_sentence(lead))
    if draft.no_headline and fragment and not title.startswith("……"):
        title = "……" + title  # the text's start is on another page: say so, as an ellipsis would
    fragment = fragment or bool(CONTINUED_FROM.match(lead)) or any(CONTINUED_ON.search(b.text) for b in paras)
    prose = [b for b in paras if b.kind == PARA and not CREDIT.match(b.text)]  # not signature or credit lines
    if prose and not ends_sentence(prose[-1].text) and not CONTINUED_ON.search(prose[-1].text):
        fragment = True
        warnings.append(ParseWarning(prose[-1].last, f"article {title!r} ends mid-sentence; marked as a fragment"))
    if not paras:
        warnings.append(ParseWarning(draft.heads[0].first if draft.heads else 0, f"article {title!r} has no text"))
    all_blocks = draft.columns + draft.heads + [b for _, b in draft.body] + draft.bylines
    lines = [n for b in all_blocks for n in b.lines]
    return ParsedArticle(
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        title_inferred=draft.no_headline,
        dateline=dateline,
        event_date=event_date_of(lead, issue_date),
        reporters=tuple(reporters),
        correspondents=tuple(correspondents),
        byline="\n".join([bl.text for bl in inline_bylines] + [b.text for b in draft.bylines]) or None,
        column=" ".join(c.text for c in draft.columns) or None,
        fragment=fragment,
        body=body,
        source_lines=(min(lines), max(lines)) if lines else (0, 0),
        subheads=tuple(subheads),
    )

