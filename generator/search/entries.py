"""A term's encoded entry in a search piece, worked on as the string it is.

Adding an issue puts a few new documents at the end of thousands of terms' postings, some
of them in every other article; removing or redoing the newest issue changes them there.
Decoding such an entry into lists and encoding it again costs a Python step per posting;
here the numbers are skipped and summed over bytes by ``bytes.translate`` and ``sum()``
instead, new documents are spliced onto the string (``append_postings``), and the newest
ones are read back from the end, changed and written again (``edit_tail``).  The result is
what ``search.encode_value`` would write for the whole postings (tests hold them to it).
"""

from __future__ import annotations

import re

from generator.search.format import _CONT, _DIGITS, _LAST, _SMALL, _numbers, _vints, vint

_ONE = re.compile(rb"[(-G]*[_-~]")  # one number
_CONT_DIGITS = bytes(range(_CONT, _CONT + 32))


def _skip(data: bytes, pos: int, count: int) -> int:
    """The position after ``count`` numbers from ``pos``: each number is one last digit and
    as many leading digits as it has, so count the leading digits until the span holds none
    more than it had."""
    end, leading = pos + count, 0
    while True:
        more = end - pos - len(data[pos:end].translate(None, _CONT_DIGITS))
        if more == leading:
            return end
        end, leading = end + more - leading, more


def _number(data: bytes, pos: int) -> tuple[int, int]:
    m = _ONE.match(data, pos)
    if m is None:
        raise ValueError(f"not a search entry: {data[:40]!r}")
    return _DIGITS[m.group().decode("ascii")], m.end()


def _fields(data: bytes) -> dict[int, tuple[int, int, int, int, int, bool]]:
    """field -> (where its part starts, its count, where its documents start and end, where
    its part ends, whether its tfs are written)."""
    out = {}
    pos, end = 0, len(data)
    while pos < end:
        begin = pos
        head, pos = _number(data, pos)
        count, pos = _number(data, pos)
        docs_end = _skip(data, pos, count)
        stop = _skip(data, docs_end, count) if head & 1 else docs_end
        if stop > end:
            raise ValueError(f"a search entry ends before its {count} numbers: {data[:40]!r}")
        out[head >> 1] = (begin, count, pos, docs_end, stop, bool(head & 1))
        pos = stop
    return out


def posting_count(text: str) -> int:
    """How many postings an entry holds."""
    return sum(f[1] for f in _fields(text.encode("ascii")).values())


# The leading digits k places before a number's last digit: level k of the sum below.
_LEVELS = [re.compile(rb"[(-G](?=[(-G]{%d}[_-~])" % (k - 1)) for k in range(1, 8)]


def _last_document(docs: bytes) -> int:
    """The last document of a field: its first document plus the sum of the gaps.  The first
    is read apart: it has the most digits, and the gaps after it seldom more than two, so the
    sum stops after a level or two."""
    first, pos = _number(docs, 0)
    return first + _sum(docs[pos:])


def _sum(numbers: bytes) -> int:
    """The sum of a run of numbers.  Each digit counts at its place; the digits of one place
    are summed together (with numpy, all places at once, for a run of any length)."""
    if len(numbers) >= 64:
        return _sum_array(numbers)
    last = numbers.translate(None, _CONT_DIGITS)
    total = sum(last) - _LAST * len(last)
    if len(last) != len(numbers):
        for k, level in enumerate(_LEVELS, 1):
            digits = b"".join(level.findall(numbers))
            if not digits:
                break
            total += (sum(digits) - _CONT * len(digits)) << (5 * k)
        else:
            raise ValueError("a number in a search entry is longer than any document number")
    return total


def _sum_array(numbers: bytes) -> int:
    import numpy as np  # here: a build with nothing to do should not load it

    digits = np.frombuffer(numbers, dtype=np.uint8)
    last = digits >= _LAST
    if not last[-1]:
        raise ValueError("a run of numbers in a search entry ends inside a number")
    at = np.arange(len(digits))
    place = np.minimum.accumulate(np.where(last, at, len(digits))[::-1])[::-1] - at  # digits to the number's end
    if place.max() >= len(_LEVELS):
        raise ValueError("a number in a search entry is longer than any document number")
    values = digits.astype(np.int64) - np.where(last, _LAST, _CONT)
    return int((values << (5 * place)).sum())


def append_postings(text: str, adds: dict[int, list[tuple[int, int]]]) -> tuple[str, int] | None:
    """The entry with documents added at the end of fields ({field: [(document, tf), …]} in
    document order) and how many postings it held before; None when a document is not after
    its field's last one."""
    data = text.encode("ascii")
    fields = _fields(data)
    parts: dict[int, str] = {fi: text[f[0]:f[4]] for fi, f in fields.items()}
    for fi, new in adds.items():
        docs = [n for n, _ in new]
        tfs = [tf for _, tf in new]
        if fi not in fields:
            ones = tfs.count(1) == len(tfs)
            gaps = [b - a for a, b in zip(docs, docs[1:])]
            parts[fi] = (_SMALL[fi * 2 + (not ones)] + vint(len(docs)) + vint(docs[0]) + _vints(gaps)
                         + ("" if ones else _vints(tfs)))
            continue
        _begin, count, start, docs_end, stop, written = fields[fi]
        last = _last_document(data[start:docs_end])
        if docs[0] <= last:
            return None
        gaps = [b - a for a, b in zip([last, *docs], docs)]
        if written or tfs.count(1) != len(tfs):
            old_tfs = text[docs_end:stop] if written else _SMALL[1] * count
            parts[fi] = (_SMALL[fi * 2 + 1] + vint(count + len(docs)) + text[start:docs_end] + _vints(gaps)
                         + old_tfs + _vints(tfs))
        else:
            parts[fi] = _SMALL[fi * 2] + vint(count + len(docs)) + text[start:docs_end] + _vints(gaps)
    return "".join(parts[fi] for fi in sorted(parts)), sum(f[1] for f in fields.values())


_TAIL = 64  # documents read back from a field's end at most; an edit further in is decoded whole


def edit_tail(text: str, changes: dict[int, dict[int, tuple[int | None, int | None]]]) -> tuple[str, int, int] | None:
    """The entry with its newest documents changed ({field: {document: (tf before, tf after)}},
    None for absent): each field's documents from the first changed one on are read back from
    its end, changed, and written again.  Returns the entry and how many postings it held
    before and holds now; None when a field's tail is longer than _TAIL or does not hold a
    document as ``changes`` says (the caller decodes the entry then)."""
    data = text.encode("ascii")
    fields = _fields(data)
    parts: dict[int, str] = {fi: text[f[0]:f[4]] for fi, f in fields.items()}
    after = 0
    for fi, edits in changes.items():
        start = min(edits)
        if fi in fields:
            _begin, count, first, docs_end, stop, written = fields[fi]
            tail, keep_end, last = _read_tail(data, first, docs_end, count, start)
            if tail is None:
                return None
            keep = count - len(tail)
            tfs_from = _skip(data, docs_end, keep) if written else docs_end
            if written:
                tail_tfs = _numbers(text[tfs_from:stop])
                if len(tail_tfs) != len(tail):
                    return None
            else:
                tail_tfs = [1] * len(tail)
            kept_docs, kept_tfs = text[first:keep_end], text[docs_end:tfs_from]
        else:
            tail, tail_tfs, keep, last, written, kept_docs, kept_tfs = [], [], 0, 0, False, "", ""
        now = dict(zip(tail, tail_tfs))
        for doc, (old, new) in edits.items():
            if now.get(doc) != old:
                return None
            if new is None:
                del now[doc]
            else:
                now[doc] = new
        docs = sorted(now)
        tfs = [now[d] for d in docs]
        if not keep and not docs:
            parts.pop(fi, None)
            continue
        has_tf = (written and kept_tfs.strip(_SMALL[1]) != "") or any(tf != 1 for tf in tfs)
        gaps = [b - a for a, b in zip([last, *docs], docs)] if keep else docs[:1] + [b - a for a, b in zip(docs, docs[1:])]
        part = _SMALL[fi * 2 + has_tf] + vint(keep + len(docs)) + kept_docs + _vints(gaps)
        if has_tf:
            part += (kept_tfs if written else _SMALL[1] * keep) + _vints(tfs)
        parts[fi] = part
        after += keep + len(docs)
    before = sum(f[1] for f in fields.values())
    after += sum(f[1] for fi, f in fields.items() if fi not in changes)
    return "".join(parts[fi] for fi in sorted(parts)), before, after


def _read_tail(data: bytes, first: int, end: int, count: int, start: int) -> tuple[list[int] | None, int, int]:
    """A field's documents from ``start`` on, read back from its end (at most _TAIL), where the
    numbers before them end, and the last document before them (0 when there is none)."""
    spans = []
    pos = end
    while len(spans) < count and len(spans) <= _TAIL:
        begin = pos - 1
        while begin > first and data[begin - 1] < _LAST:
            begin -= 1
        spans.append((begin, pos))
        pos = begin
    doc = _last_document(data[first:end])
    tail = []
    for k, (a, b) in enumerate(spans):
        if doc < start:
            return tail[::-1], b, doc
        if k == _TAIL:
            return None, 0, 0
        tail.append(doc)
        if k + 1 < count:
            doc -= _DIGITS[data[a:b].decode("ascii")]
    return tail[::-1], first, 0

