"""The search tokenizer: one specification, implemented here and in static/dcsx-tokenize.js.

Both implementations are checked against tests/fixtures/tokenizer_vectors.json (pytest and
node's test runner), so indexing (Python) and querying (JavaScript) cannot drift.

Specification
-------------
1. Normalise with NFKC (full-width letters and digits become ASCII) and lower-case.
2. Split into runs: CJK (U+3400–4DBF, U+4E00–9FFF, U+F900–FAFF), ASCII letters and digits
   ([a-z0-9]), everything else is a separator.  Characters outside the BMP are separators,
   so Python's code-point order and JavaScript's UTF-16 order of terms always agree.
3. A CJK run of two or more characters gives its overlapping bigrams (双拥工作室 → 双拥 拥工
   工作 作室).  A single CJK character gives itself, unless it touches an ASCII run.
4. An ASCII run gives itself.  Where an ASCII run and a CJK run touch, the ASCII run joined
   with the neighbouring CJK character is a token too (3360斤 → 3360 3360斤; 第1486期 →
   第1486 1486 1486期).
Tokens keep their first-occurrence order; repeats are kept (term frequency counts them).

Queries (compiled in JavaScript only, ``compileQuery`` in dcsx-tokenize.js)
--------------------------------------------------------------------------
5. Every whitespace-separated word, and every quoted phrase, is required.
6. A one-character CJK word is required as that character (checked in the result records,
   since single characters are indexed only where they stand alone); alone it is too short.
7. A word mixing CJK with digits or letters is a phrase: its tokens find candidates, the whole
   word ranks them and is what is highlighted.  Quoted phrases must stand exactly (spaces ignored).
8. Letters that segment into pinyin syllables also match the pinyin field (syllable pairs of
   headline words, and of every person an article names: see ``generator.names.mentioned_names``);
   2-5 letters that are no pinyin are initials.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata

from generator.names import name_readings

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(f"[{_CJK}]+|[a-z0-9]+")
_CHUNK = re.compile(f"[{_CJK}a-z0-9]+")  # runs that touch one another, as one match


@functools.cache
def _compatibility() -> tuple[re.Pattern, dict[str, str]]:
    """The BMP characters whose compatibility decomposition is already NFKC (full-width ，：１Ａ,
    …, ①), as a character class, and what each becomes."""
    table = {}
    for code in range(0x80, 0x10000):
        ch = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        if decomposed != ch and decomposed == unicodedata.normalize("NFKC", ch):
            table[ch] = decomposed
    spans, codes = [], sorted(map(ord, table))
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    ranges = "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in spans)
    return re.compile(f"[{ranges}]"), table


def normalize(text: str) -> str:
    """NFKC, lower-cased.  Newspaper text is NFKC but for its full-width punctuation, so those
    characters are first replaced by their decompositions (which leaves the NFKC form of the
    whole unchanged: NFKC is the composition of the full decomposition), and the costly
    normalisation runs only when the text still needs it."""
    pattern, table = _compatibility()
    text = pattern.sub(lambda m: table[m.group()], text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text.lower()


def runs(text: str) -> list[tuple[str, int, int]]:
    """(run, start, end) for CJK and ASCII runs of normalised text."""
    return [(m.group(0), m.start(), m.end()) for m in _RUN.finditer(normalize(text))]


def _is_cjk(run: str) -> bool:
    return not run[0].isascii()


def tokenize(text: str) -> list[str]:
    """Tokens of a text, in order, with repeats (see the module docstring)."""
    tokens: list[str] = []
    add, extend = tokens.append, tokens.extend
    for chunk in _CHUNK.findall(normalize(text)):
        if chunk.isascii():  # an ASCII run that touches no CJK
            add(chunk)
            continue
        parts = _RUN.findall(chunk)
        if len(parts) == 1:  # a CJK run that touches no ASCII
            if len(chunk) == 1:
                add(chunk)
            else:
                extend(map(operator.add, chunk[:-1], chunk[1:]))  # the bigrams, at C speed
            continue
        last = len(parts) - 1  # CJK and ASCII runs in turn, each touching the next
        for i, run in enumerate(parts):
            if _is_cjk(run):
                if len(run) > 1:  # a single character here touches an ASCII run
                    extend(map(operator.add, run[:-1], run[1:]))
            else:
                if i:
                    add(parts[i - 1][-1] + run)
                add(run)
                if i < last:
                    add(run + parts[i + 1][0])
    return tokens


# --- pinyin -----------------------------------------------------------------------------


def _pairs(syllables: list[str]) -> list[str]:
    if len(syllables) == 1:
        return syllables
    return [syllables[k] + syllables[k + 1] for k in range(len(syllables) - 1)]


def name_pinyin_tokens(name: str) -> list[str]:
    """Pinyin tokens of a person's name: syllable pairs and initials, for every surname reading."""
    tokens: list[str] = []
    for syllables in name_readings(name):
        for t in _pairs(syllables) + ["".join(s[0] for s in syllables)]:
            if t not in tokens:
                tokens.append(t)
    return tokens


def text_pinyin_tokens(text: str) -> list[str]:
    """Pinyin syllable pairs of the CJK runs of a headline (phrase-aware readings)."""
    from pypinyin import Style, lazy_pinyin  # here, not above: see generator.names

    tokens: list[str] = []
    for run, _, _ in runs(text):
        if _is_cjk(run) and len(run) >= 2:
            syllables = [s.replace("ü", "v") for s in lazy_pinyin(run, style=Style.NORMAL)]
            tokens.extend(_pairs(syllables))
    return tokens
