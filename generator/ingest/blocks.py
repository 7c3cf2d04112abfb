"""Lines to blocks: classify each line and mend paragraphs cut by column and page breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from generator.ingest.byline import Byline, parse_byline
from generator.text import CJK_RE, CLAUSE_MARKS, CLOSING, ends_sentence, join_broken, squash

HEAD, PARA, BYLINE, BREAK, IMAGE = "head", "para", "byline", "break", "image"

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# 电头: 东昌府讯, 古楼街讯, 本报讯, **东昌府讯**, 新华社北京11月18日电 …
DATELINE = re.compile(
    r"^(?:\*\*)?\s*((?:[\u4e00-\u9fff]{2,8}讯)|(?:新华社[\u4e00-\u9fff\d月日]{0,12}电))\s*(?:\*\*)?"
    r"(?:\s+|(?=[\d“\"「（(])|$)"
)
CREDIT = re.compile(r"^[(（](?:据|来源|摘自|转自|选自|原载)[^()（）]{1,40}[)）]$")
_IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
# A byline glued to the end of the last paragraph: ……共渡难关。(融媒体 郭龙君)
_TRAILING_BYLINE = re.compile(r"^(.*\S)\s*([(（][^()（）]{2,46}[)）])$")
HEADLINE_MAX = 64  # longer plain lines are running text
HEADING_MAX = 90
COMMA_HEADLINE_MAX = 32  # a short line with a comma can still be a headline (抓项目，促发展)
RUN_TOGETHER_MAX = 140  # kicker, title and subtitle on one unmarked line


@dataclass
class Block:
    kind: str
    text: str
    lines: list[int]
    level: int = 0  # Markdown heading level, 0 for a plain line
    hard: bool = False  # ended with a Markdown hard break (two spaces)
    byline: Byline | None = None
    joins: list[int] = field(default_factory=list)  # lines where a broken paragraph was mended

    @property
    def first(self) -> int:
        return self.lines[0]

    @property
    def last(self) -> int:
        return self.lines[-1]


def dateline_of(text: str) -> re.Match[str] | None:
    return DATELINE.match(text)


def classify_line(number: int, raw: str, known_names: frozenset[str]) -> list[Block]:
    """Classify one non-blank line (a paragraph may carry its byline at the end: two blocks)."""
    hard = raw.endswith("  ")
    text = raw.strip()
    m = _TRAILING_BYLINE.match(text)
    if m and not text.startswith("#") and ends_sentence(m.group(1)):
        byline = parse_byline(m.group(2), known_names)
        if byline:
            return [Block(PARA, m.group(1), [number]), Block(BYLINE, m.group(2), [number], hard=hard, byline=byline)]
    block = _classify(number, text, hard, known_names)
    return [block] if block.text else []  # a line of markup only ("## **") holds no text


def _classify(number: int, text: str, hard: bool, known_names: frozenset[str]) -> Block:
    if _IMAGE.match(text):
        return Block(IMAGE, text, [number])
    m = _HEADING.match(text)
    if m:
        body = m.group(2).replace("**", "").strip()
        if body and len(body) <= HEADING_MAX and not ends_sentence(body.rstrip("！？!?")):
            return Block(HEAD, body, [number], level=len(m.group(1)), hard=hard)
        return Block(PARA, body, [number], hard=hard)
    byline = parse_byline(text, known_names)
    if byline:
        return Block(BYLINE, text, [number], hard=hard, byline=byline)
    bare = text.replace("**", "").strip()
    if CREDIT.match(bare) or bare.startswith(_CLOSING):  # (据新华社); a line opening with ” or ，: text
        return Block(PARA, text, [number], hard=hard)
    if (
        len(bare) <= HEADLINE_MAX
        and not CLAUSE_MARKS.search(bare)
        and not ends_sentence(bare)
        and not dateline_of(text)
    ):
        return Block(HEAD, bare, [number], hard=hard)
    return Block(PARA, text, [number], hard=hard)


def make_blocks(lines: list[str], skip: set[int], page_headers: set[int],
                spans: dict[int, list[int]] | None = None) -> list[Block]:
    """Turn the issue's lines (minus masthead lines) into blocks, mending broken paragraphs.

    ``spans`` gives the printed lines a reflowed paragraph holds, by its first line."""
    spans = spans or {}
    known: set[str] = set()
    for i, raw in enumerate(lines, 1):  # names printed with spaces help split unspaced runs
        if i not in skip and raw.strip():
            b = parse_byline(raw)
            if b:
                known.update(n for n in b.reporters + b.correspondents if len(n) <= 4)
    known_names = frozenset(known)
    blocks: list[Block] = []
    for i, raw in enumerate(lines, 1):
        if i in page_headers:
            blocks.append(Block(BREAK, "", [i]))
        elif i in skip or not raw.strip():
            continue
        else:
            made = classify_line(i, raw, known_names)
            for b in made:
                b.lines = list(spans.get(i, b.lines))
            blocks.extend(made)
    text = "\n".join(lines)
    return mend_paragraphs(demote_pieces(promote_headlines(rejoin_heads(blocks, text)), text))


WRAPPED_HEAD_MIN = 8  # characters: a headline line shorter than this was not wrapped
SHORT_TAIL = 3  # a headline part is hardly ever this short after a long line


def rejoin_heads(blocks: list[Block], issue_text: str) -> list[Block]:
    """Join a headline part printed over two lines (pdftotext keeps the printed lines).

    Two plain headline lines are one part when the first is long and the second a tail of a
    few characters (……会议召 / 开), when the first cannot end a headline (an open quote, 的, a
    numeral), or when the two characters across the cut stand together elsewhere in the issue
    (a word cut in two, 推进|绿色).  A first line as long as one of those (the headline measure)
    followed by a shorter line is one too.  A line marked as a heading is never joined: the
    marks say where the parts are.
    """
    def plain_heads(a: Block, b: Block) -> bool:
        return a.kind == HEAD == b.kind and not a.level and not b.level and _may_wrap(a.text, b.text)

    measures = {len(a.text) for a, b in zip(blocks, blocks[1:])
                if plain_heads(a, b) and _wrapped_head(a.text, b.text, issue_text)}
    out: list[Block] = []
    for b in blocks:
        a = out[-1] if out else None
        if a is not None and plain_heads(a, b) and (
                _wrapped_head(a.text, b.text, issue_text) or (len(a.text) in measures and len(b.text) < len(a.text))):
            a.text = join_broken(a.text, b.text)  # a part over three lines joins up line by line
            a.lines.extend(b.lines)
            continue
        out.append(b)
    return out


# A headline part plainly ends on an event (……会议召开); the local angle (我区……) starts one.
_PART_END = re.compile(r"(召开|举行|举办|开幕|闭幕|启动|开展)$")
_PART_START = ("—", "-", "我区")


def _may_wrap(first: str, second: str) -> bool:
    return len(first) >= WRAPPED_HEAD_MIN and not second.startswith(_PART_START) and not _PART_END.search(first)


def _wrapped_head(first: str, second: str, issue_text: str) -> bool:
    if len(squash(second)) <= SHORT_TAIL or _unbalanced(first) or first[-1] in _NO_HEADLINE_END:
        return True
    pair = first[-1] + second[0]
    return bool(CJK_RE.fullmatch(pair[0]) and CJK_RE.fullmatch(pair[1])) and pair in issue_text


def promote_headlines(blocks: list[Block]) -> list[Block]:
    """Take a plain line that is not a sentence for a headline when what follows starts an article.

    A headline may hold a comma (抓项目，促发展：…), and a kicker, title and subtitle run
    together on one line may be longer than a line of running text.  Such a line is a
    headline when it has no full stop, does not carry on a cut sentence, and is followed by
    a dateline paragraph, a byline or a ——subtitle; a short one with a comma also when it
    stands between headline lines (栏目, 引题 and 主题 of one group).
    """
    solid = [b for b in blocks if b.kind != BREAK]
    for k, b in enumerate(solid):
        text = b.text.replace("**", "").strip()
        if b.kind != PARA or "。" in text or ends_sentence(text) or dateline_of(text):
            continue
        short = len(text) <= COMMA_HEADLINE_MAX
        run_together = len(text) <= RUN_TOGETHER_MAX and not CLAUSE_MARKS.search(text)
        if not (short or run_together):
            continue
        prev = solid[k - 1] if k else None
        nxt = solid[k + 1] if k + 1 < len(solid) else None
        if prev is not None and prev.kind == PARA and not ends_sentence(prev.text):
            continue  # the second half of a cut sentence
        if nxt is None:
            continue
        opens_article = (
            (nxt.kind == PARA and dateline_of(nxt.text)) or nxt.kind == BYLINE
            or (nxt.kind == HEAD and nxt.text.startswith("—"))
        )
        in_group = short and nxt.kind == HEAD and (prev is None or prev.kind in (HEAD, BYLINE))
        if opens_article or in_group:
            b.kind, b.text = HEAD, text
    return blocks


# A headline does not end on these (的, 了, 和, a numeral …): a line that does was cut short.
_NO_HEADLINE_END = set("的了和与及或在对把被将为从向以于是而并等之其这那个些每各该本此、一二三四五六七八九十百千万")
_CONTINUES = tuple("，。、；：！？”’）》,.;:!?)")
_FIRST_CLAUSE = re.compile(r"[^，。；：！？,;:!?]*")
# A paragraph can open with the bare end of a sentence (a few characters, then 。): the line
# before it was the sentence's start, cut off by a column break, not a subheading.
_SENTENCE_TAIL = re.compile(r"^[^，。；：！？,;:!?“”\s]{1,5}。")
SUBHEAD_MAX = 24  # an inner subheading is short; a longer plain line inside running text is a piece


def _unbalanced(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in ("“”", "《》", "（）", "()", "「」"))


def is_piece(text: str, after: str, issue_text: str) -> bool:
    """Tell a piece of a paragraph cut at a column break from an inner subheading.

    ``text`` stands alone inside running text and ``after`` is the paragraph that follows.
    A piece leaves a quote or bracket open, ends on a word that cannot end a heading, is
    longer than a subheading, lists with 、, or the next paragraph carries on from it: it starts with
    punctuation, a one-character clause or the bare end of a sentence, or the two characters across the cut stand
    together elsewhere in the issue (a word cut in two, like 军|人).
    """
    if _unbalanced(text) or len(text) > SUBHEAD_MAX or "、" in text or text[-1] in _NO_HEADLINE_END or text[-1].isdigit():
        return True
    if not after or after.startswith(_CONTINUES) or len(_FIRST_CLAUSE.match(after).group(0)) <= 1:
        return bool(after)
    if _SENTENCE_TAIL.match(after):  # ……取得 | 明显成效。: the sentence's end, cut off by the column
        return True
    pair = text[-1] + after[0]
    return bool(CJK_RE.fullmatch(text[-1]) and CJK_RE.fullmatch(after[0])) and issue_text.count(pair) >= 2


def demote_pieces(blocks: list[Block], issue_text: str) -> list[Block]:
    """Turn plain headline candidates inside running text back into paragraph pieces.

    Only a line without heading marks, before a paragraph that is not a new dateline, is in
    question: after a paragraph (with at most other candidates between) it is a piece when
    ``is_piece`` says so; anywhere when it leaves a quote open.
    """
    solid = [b for b in blocks if b.kind not in (BREAK, IMAGE)]
    for k, b in enumerate(solid):
        if b.kind != HEAD or b.level or b.text.startswith(("—", "-")):
            continue
        j = k - 1
        while j >= 0 and solid[j].kind == HEAD and not solid[j].level:
            j -= 1
        nxt = solid[k + 1] if k + 1 < len(solid) else None
        if nxt is None or nxt.kind != PARA or dateline_of(nxt.text):
            continue
        after = nxt.text.replace("**", "").lstrip()
        if (j >= 0 and solid[j].kind == PARA and is_piece(b.text, after, issue_text)) or _unbalanced(b.text):
            b.kind = PARA
    return blocks


def mend_paragraphs(blocks: list[Block]) -> list[Block]:
    """Join a paragraph that stops mid-sentence with the paragraph that carries on from it.

    Page-header breaks between the halves are crossed (and dropped); a headline, a byline or
    a new dateline in between means the sentence really was cut off.
    """
    out: list[Block] = []
    for block in blocks:
        at = _last_para_across_breaks(out)
        prev = out[at] if at is not None else None
        if (
            block.kind == PARA
            and prev is not None
            and (not ends_sentence(prev.text) or block.text.startswith(_CLOSING))  # ……啦！ | ”
            and not dateline_of(block.text)
            and _has_text(prev.text) and _has_text(block.text)  # a stray ** line joined would make a bold pair
        ):
            out[at + 1:] = [b for b in out[at + 1:] if b.kind != BREAK]  # the page break was crossed
            prev.joins.append(block.first)
            # A dateline alone on its line (新华社北京1月21日电) opens the text after it.
            lone = dateline_of(prev.text)
            lone = lone is not None and lone.end() >= len(prev.text.rstrip())
            prev.text = f"{prev.text.rstrip()} {block.text}" if lone else join_broken(prev.text, block.text)
            prev.lines.extend(block.lines)
            prev.hard = block.hard
            continue
        out.append(block)
    return out


_CLOSING = tuple(CLOSING)


def _has_text(text: str) -> bool:
    return bool(text.replace("*", "").strip())


def _last_para_across_breaks(out: list[Block]) -> int | None:
    """Index of the last paragraph, looking past page breaks and images; None if something else is last."""
    for i in range(len(out) - 1, -1, -1):
        if out[i].kind in (BREAK, IMAGE):
            continue
        return i if out[i].kind == PARA else None
    return None
