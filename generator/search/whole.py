"""The whole search index at once, as arrays: collect postings, join parts, plan and encode pieces.

A full archive has some 25 million postings (term, field, document, frequency) over two
million terms.  A Python step per posting is what a whole build cannot afford, so the
postings live in numpy arrays and every step after tokenizing is a sort or an array
operation.  The result is byte for byte what ``search.encode_term`` and ``search.plan_leaves``
give term by term (tests hold them to it); updates (``indexer``) work on those.

Terms are told apart, while postings are collected, by a 64-bit key: Python's string hash
(already worked out when the tokens were counted) mixed with the term's length, because
CPython hashes a string's stored bytes, and two different terms can be stored as the same
bytes ("番番" and "juju"), never with the same length.  Then the terms themselves are sorted.
Two different terms sharing a key by chance would share their postings: for the two million
terms of a full archive, that is about one build in ten million.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from generator.search.documents import SearchDoc
from generator.search.format import _CONT, _LAST, FIELDS, piece_term, trie_leaves

_MIX = np.uint64(0x9E3779B97F4A7C15)
_BATCH = 400  # documents between two compactions of the term list


@dataclass
class Postings:
    """Postings sorted by (term, field, document); ``terms`` sorted, the arrays index into it."""

    terms: list[str]
    term: np.ndarray  # int32: index into terms
    field: np.ndarray  # int8: index into FIELDS
    doc: np.ndarray  # int32: document number (below 2**31 until the year 9999)
    tf: np.ndarray  # int32: term frequency in that field
    lengths: dict[int, tuple[int, ...]]  # document number -> field lengths, in FIELDS order

    def __reduce__(self):
        # A worker sends its postings to the parent: a million terms go several times faster as
        # one string than as a list (pickle memoizes and frames every string of a list).
        joined = "\0".join(self.terms)
        if joined.count("\0") != max(len(self.terms) - 1, 0):  # a term holds the separator
            joined = self.terms
        return _postings, (joined, len(self.terms), self.term, self.field, self.doc, self.tf, self.lengths)


def _postings(terms: str | list[str], count: int, *arrays) -> Postings:
    if isinstance(terms, str):
        terms = terms.split("\0") if count else []
    return Postings(terms, *arrays)


def collect_postings(docs: Iterable[SearchDoc], records: list | None = None) -> Postings:
    """The postings of a run of documents, in ascending order of document number."""
    lengths: dict[int, tuple[int, ...]] = {}
    counts, numbers = array("q"), array("q")
    local_runs: list[np.ndarray] = []  # per batch: each posting's term, by its place in ...
    seen_keys: list[np.ndarray] = []  # ... the batch's distinct term keys, sorted; and a term for each:
    seen_terms: list[list[str]] = []
    tf_runs: list[np.ndarray] = []
    words: list[str] = []
    tfs: list[int] = []
    last = -1

    def compact() -> None:
        n = len(words)
        hashes = np.fromiter(map(hash, words), dtype=np.int64, count=n).view(np.uint64)
        sizes = np.fromiter(map(len, words), dtype=np.uint64, count=n)
        key = (hashes ^ sizes * _MIX).view(np.int64)
        by_key = np.argsort(key)
        ordered = key[by_key]
        new = np.empty(n, dtype=bool)
        new[:1] = True
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        local = np.empty(n, dtype=np.int32)
        local[by_key] = np.cumsum(new, dtype=np.int32) - 1
        local_runs.append(local)
        seen_keys.append(ordered[new])
        seen_terms.append([words[i] for i in by_key[new].tolist()])
        tf_runs.append(np.fromiter(tfs, dtype=np.int32, count=n))
        words.clear()
        tfs.clear()

    for n, doc in enumerate(docs):
        if doc.number <= last:
            raise ValueError(f"search documents out of order: {doc.number} after {last}")
        last = doc.number
        if records is not None:
            records.append((doc.number, doc.record))
        lengths[doc.number] = tuple(len(doc.fields[f]) for f in FIELDS)
        numbers.append(doc.number)
        for f in FIELDS:
            c = Counter(doc.fields[f])
            counts.append(len(c))
            words.extend(c)
            tfs.extend(c.values())
        if n % _BATCH == _BATCH - 1:
            compact()
    compact()
    every, first = np.unique(np.concatenate(seen_keys), return_index=True)
    pool = [t for batch in seen_terms for t in batch]
    terms = [pool[i] for i in first.tolist()]
    order = sort_order(terms).tolist()
    rank = np.empty(len(terms), dtype=np.int32)
    rank[order] = np.arange(len(terms), dtype=np.int32)
    term = np.concatenate([rank[np.searchsorted(every, keys)][local] for keys, local in zip(seen_keys, local_runs)])
    local_runs.clear()
    per_field = np.frombuffer(counts, dtype=np.int64)
    field = np.repeat(np.tile(np.arange(len(FIELDS), dtype=np.int8), len(numbers)), per_field)
    # Postings were collected by document: sorted by (term, field), stably, they stay so.
    by = _sort_order(term * np.int64(len(FIELDS)) + field)
    doc = np.repeat(np.frombuffer(numbers, dtype=np.int64).astype(np.int32), per_field.reshape(-1, len(FIELDS)).sum(axis=1))
    return Postings([terms[i] for i in order], term[by], field[by], doc[by], np.concatenate(tf_runs)[by], lengths)


def sort_order(terms: list[str]) -> np.ndarray:
    """``sorted(range(len(terms)), key=terms.__getitem__)``, faster: by the first three characters
    as one number, then by Python only among terms those leave tied."""
    chars, sizes, starts = _characters(terms)
    key = np.zeros(len(terms), dtype=np.int64)
    for k in range(3):  # code points are below 2**21; a missing one (0) sorts first, as it should
        present = sizes > k
        key[present] |= chars[starts[present] + k].astype(np.int64) << (21 * (2 - k))
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    tied = np.flatnonzero(ordered[1:] == ordered[:-1])
    if len(tied):
        # Runs of equal keys: where a tie starts and ends.
        begin = tied[np.concatenate(([True], tied[1:] != tied[:-1] + 1))]
        end = tied[np.concatenate((tied[1:] != tied[:-1] + 1, [True]))] + 2
        for b, e in zip(begin.tolist(), end.tolist()):
            order[b:e] = sorted(order[b:e].tolist(), key=terms.__getitem__)
    return order


def _characters(terms: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The code points of all the terms, one after another; each term's length and start."""
    sizes = np.fromiter(map(len, terms), dtype=np.int64, count=len(terms))
    chars = np.frombuffer("".join(terms).encode("utf-32-le"), dtype=np.uint32)
    return chars, sizes, np.cumsum(sizes) - sizes


def _sort_order(values: np.ndarray) -> np.ndarray:
    """A stable argsort of small non-negative integers: the values and their places packed into
    one integer each and sorted as numbers (several times faster than np.argsort)."""
    n = len(values)
    bits = max(n - 1, 1).bit_length()
    if n and int(values.max()).bit_length() + bits > 63:
        return np.argsort(values, kind="stable")
    packed = values.astype(np.int64, copy=False)  # the caller's temporary: reused in place
    packed <<= bits
    packed |= np.arange(n, dtype=np.int64)
    packed.sort()
    packed &= (1 << bits) - 1
    return packed


def join_postings(parts: list[Postings]) -> Postings:
    """Postings of consecutive runs of documents, joined in order."""
    parts = [p for p in parts if p.lengths] or parts[:1]
    if len(parts) == 1:
        return parts[0]
    lengths: dict[int, tuple[int, ...]] = {}
    for p in parts:
        if lengths and min(p.lengths) <= max(lengths):
            raise ValueError("index parts out of order")
        lengths.update(p.lengths)
    # Each part's terms are sorted: sorting them together merges the runs.
    every = [t for p in parts for t in p.terms]
    order = sorted(range(len(every)), key=every.__getitem__)
    ordered = np.array(every, dtype=object)[order]
    new = np.concatenate(([True], ordered[1:] != ordered[:-1]))
    place = np.empty(len(every), dtype=np.int32)
    place[order] = np.cumsum(new) - 1
    terms = ordered[new].tolist()
    offsets = np.cumsum([0] + [len(p.terms) for p in parts])
    term = np.concatenate([place[offsets[k]:offsets[k + 1]][p.term] for k, p in enumerate(parts)])
    field = np.concatenate([p.field for p in parts])
    # Each part is sorted by (term, field, document) and the parts' documents are in order:
    # a stable sort by (term, field) merges them.  The keys are one sorted run per part, and
    # numpy's stable sort of integers is timsort, which merges runs in linear time.
    by = np.argsort(term * np.int64(len(FIELDS)) + field, kind="stable")
    return Postings(terms, term[by], field[by], np.concatenate([p.doc for p in parts])[by],
                    np.concatenate([p.tf for p in parts])[by], lengths)


# --- leaves ------------------------------------------------------------------------------


def term_costs(p: Postings) -> np.ndarray:
    """search.term_cost_of of every term."""
    size = np.fromiter(map(len, map(str.encode, p.terms)), dtype=np.int64, count=len(p.terms))
    return size + 6 + 3 * np.bincount(p.term, minlength=len(p.terms))


def fnv1a_all(terms: list[str]) -> np.ndarray:
    """search.fnv1a of every term, a character position at a time over all terms."""
    n = len(terms)
    chars, sizes, starts = _characters(terms)
    chars = chars.astype(np.uint64)
    longest = np.argsort(-sizes, kind="stable")
    sizes, starts = sizes[longest], starts[longest]
    h = np.full(n, 0x811C9DC5, dtype=np.uint64)
    active = n
    for pos in range(int(sizes[0]) if n else 0):
        while active and sizes[active - 1] <= pos:
            active -= 1
        h[:active] = ((h[:active] ^ chars[starts[:active] + pos]) * np.uint64(0x01000193)) & np.uint64(0xFFFFFFFF)
    out = np.empty(n, dtype=np.uint64)
    out[longest] = h
    return out


_REVERSED = np.array([int(f"{b:08b}"[::-1], 2) for b in range(256)], dtype=np.uint64)


def reverse_all(h: np.ndarray) -> np.ndarray:
    """search._reverse of every hash."""
    r, m = _REVERSED, np.uint64(255)
    return (r[h & m] << np.uint64(24) | r[h >> np.uint64(8) & m] << np.uint64(16)
            | r[h >> np.uint64(16) & m] << np.uint64(8) | r[h >> np.uint64(24) & m])


def plan_pieces(terms: list[str], costs: np.ndarray, limit: int) -> tuple[dict[str, np.ndarray], dict]:
    """search.plan_leaves for the whole trie: ({leaf: term indices in term order}, nodes)."""
    key = reverse_all(fnv1a_all(terms))
    by = np.argsort(key, kind="stable")
    nodes: dict[str, tuple[int, int]] = {}
    spans = trie_leaves(key[by].tolist(), [0, *np.cumsum(costs[by]).tolist()], limit, nodes=nodes)
    return {name: np.sort(by[i:j]) for name, (i, j) in spans.items()}, nodes


# --- encoding ----------------------------------------------------------------------------


def encode_entries(p: Postings, chunk: int = 1 << 22) -> tuple[bytes, np.ndarray]:
    """Every term's numbers (search.encode_value) in one buffer: term t's are ``buf[at[t]:at[t + 1]]``.

    The postings go through in runs of whole terms of about ``chunk`` postings each, so that
    the arrays in the making stay small."""
    n = len(p.term)
    cuts = np.unique(np.searchsorted(p.term, p.term[np.arange(0, n, chunk)])).tolist() + [n]
    bufs, begins, offset = [], [], 0
    for lo, hi in zip(cuts, cuts[1:]):
        buf, term_of, begin = _encode_run(p.term[lo:hi], p.field[lo:hi], p.doc[lo:hi].astype(np.int64),
                                          p.tf[lo:hi].astype(np.int64))
        bufs.append(buf)
        begins.append((term_of, begin + offset))
        offset += len(buf)
    term_at = np.full(len(p.terms) + 1, -1, dtype=np.int64)
    for term_of, begin in begins:
        term_at[term_of] = begin
    term_at[-1] = offset
    # A term without postings (none are made here) would be empty: it starts where the next one does.
    term_at = np.flip(np.minimum.accumulate(np.flip(np.where(term_at < 0, offset, term_at))))
    return b"".join(bufs), term_at


def _encode_run(term: np.ndarray, field: np.ndarray, doc: np.ndarray, tf: np.ndarray):
    """Encode a run of whole terms' postings: (digits, the terms, where each one's digits begin)."""
    n = len(term)
    group_key = term.astype(np.int64) * len(FIELDS) + field
    starts = np.flatnonzero(np.concatenate(([True], group_key[1:] != group_key[:-1])))
    count = np.diff(np.append(starts, n))
    has_tf = np.add.reduceat((tf != 1).astype(np.int64), starts) > 0
    head = field[starts].astype(np.int64) * 2 + has_tf
    gap = doc - np.concatenate(([0], doc[:-1]))
    gap[starts] = doc[starts]
    # Per group: head, count, first document and gaps, then the tfs when any is not 1.
    width = 2 + count * (1 + has_tf)
    at = np.concatenate(([0], np.cumsum(width)))
    numbers = np.empty(int(at[-1]), dtype=np.int64)
    numbers[at[:-1]] = head
    numbers[at[:-1] + 1] = count
    place = np.arange(n) + np.repeat(at[:-1] + 2 - starts, count)
    numbers[place] = gap
    with_tf = has_tf[np.repeat(np.arange(len(starts)), count)]
    numbers[place[with_tf] + np.repeat(count[has_tf], count[has_tf])] = tf[with_tf]
    if (numbers < 0).any():
        raise ValueError("search postings out of order")
    largest = int(numbers.max())
    if largest < 1 << 32:
        numbers = numbers.astype(np.uint32)  # half the memory to go through
    digits = np.ones(len(numbers), dtype=np.int8)
    for k in range(1, (largest.bit_length() + 4) // 5):
        digits += numbers >= 1 << (5 * k)
    end = np.cumsum(digits, dtype=np.int64)
    # A term's numbers start with its first group's head.
    first_group = np.flatnonzero(np.concatenate(([True], term[starts][1:] != term[starts][:-1])))
    begin = end[at[first_group]] - digits[at[first_group]]
    return _write_digits(numbers, digits), term[starts][first_group], begin


def _write_digits(numbers: np.ndarray, digits: np.ndarray, chunk: int = 1 << 22) -> bytes:
    """The numbers as base-32 digits (search.vint), one after another: a block of numbers at a
    time, each written right-aligned into a row of the widest number's digits, the unused
    leading cells then left out."""
    width = int(digits.max())
    columns = np.arange(width)
    out = []
    for start in range(0, len(numbers), chunk):
        v, d = numbers[start:start + chunk], digits[start:start + chunk]
        rows = np.empty((len(v), width), dtype=np.uint8)
        for k in range(width):
            rows[:, width - 1 - k] = (v >> (5 * k) & 31).astype(np.uint8) + (_LAST if k == 0 else _CONT)
        out.append(rows[columns >= width - d[:, None]].tobytes())
    return b"".join(out)


def piece_text(terms: list[str], members: np.ndarray, text: str, at: np.ndarray) -> str:
    """The entries of one piece as its file spells them, "term numbers …" in term order
    (``text``: encode_entries's buffer, decoded)."""
    ends = at[members + 1].tolist()
    return " ".join([f"{piece_term(terms[t])} {text[s:e]}"
                     for t, s, e in zip(members.tolist(), at[members].tolist(), ends)])
