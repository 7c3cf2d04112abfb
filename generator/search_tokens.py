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
"""

from __future__ import annotations

import operator
import re
import unicodedata

from generator.names import name_readings

_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[a-z0-9]+")


def normalize(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def runs(text: str) -> list[tuple[str, int, int]]:
    """(run, start, end) for CJK and ASCII runs of normalised text."""
    return [(m.group(0), m.start(), m.end()) for m in _RUN.finditer(normalize(text))]


def _is_cjk(run: str) -> bool:
    return not run[0].isascii()


def tokenize(text: str) -> list[str]:
    """Tokens of a text, in order, with repeats (see the module docstring)."""
    tokens: list[str] = []
    found = runs(text)
    for i, (run, start, end) in enumerate(found):
        prev = found[i - 1] if i > 0 and found[i - 1][2] == start else None
        nxt = found[i + 1] if i + 1 < len(found) and found[i + 1][1] == end else None
        if _is_cjk(run):
            if len(run) == 1:
                if not (prev or nxt):
                    tokens.append(run)
            else:
                tokens.extend(map(operator.add, run[:-1], run[1:]))  # the bigrams, at C speed
        else:
            if prev:
                tokens.append(prev[0][-1] + run)
            tokens.append(run)
            if nxt:
                tokens.append(run + nxt[0][0])
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
