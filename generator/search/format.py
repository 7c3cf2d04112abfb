"""The client-side search index (format 4): term postings in stable pieces; Lunr scores in the browser.

lunr.py's Builder is the reference for scores, but a whole Lunr index of 20,000 articles is
far too large to publish: its field vectors repeat every posting with a score that changes
whenever any article changes.  So the site stores only what the scores are made from, and
``static/dcsx-index.js`` builds, for the terms of a query, the Lunr index that lunr.py's
Builder would have built (the same BM25: k1 = 1.2, b = 0.75, field boosts, rounding); then
lunr.js runs the query on it.

Stable by design, so that an edit rewrites only what it touches:
- An article's document number is its issue date and place (days since 1900 × 100 + seq): an
  issue added in the middle of the archive moves no other number.  Numbers sort by date.
- A term's piece is a leaf of a binary trie over the FNV-1a hash of the term: a leaf holding
  more than PIECE_BYTES splits by the next bit.  The leaves are a pure function of the
  postings, so an edit changes the leaves of its terms only (and splits or joins them locally).

Files (all loaded with <script>, so search works from file:// too):
  search/meta.js          format, document count, average field lengths, the trie's shape    (every query)
                          (trie_shape: its leaves), sections, people's pinyin
  search/idx/D-P.js       one leaf: one string "term numbers term numbers …" (piece_term spells the
                          terms); numbers per field: its number × 2 (+1 if tfs follow), the count,
                          the first document, the gaps, the tfs; as base-32 digits (vint)
  search/docs/REF.js      one article's result record: headline, date, link, text packed    (per result shown)
                          by search.chars (about 0.6 of its UTF-8 bytes)
  search/chars.js         the code of that packed text: [ONE, ALPHABET, CHARACTERS]          (with the first record)
  search/len/YYYY.js      field lengths of that year's articles                             (relevance sort only)
  search/issues.js        [date, 总第N期, article count] per issue                           (filters)
"""

from __future__ import annotations

import json
import operator
import re
from bisect import bisect_left
from itertools import accumulate, product

FORMAT = 4
LUNR_VERSION = "2.3.9"
FIELDS = ("title", "body", "people", "pinyin", "facets")
BOOSTS = {"title": 4, "body": 1, "people": 3, "pinyin": 2, "facets": 1}
K1, B = 1.2, 0.75
PIECE_BYTES = 48_000  # a leaf larger than this (estimated, before compression) splits in two
MAX_DEPTH = 24


def fnv1a(term: str) -> int:
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


# --- pieces ------------------------------------------------------------------------------

# A term's postings by field number: (document numbers ascending, term frequencies).
TermPostings = dict[int, tuple[list[int], list[int]]]


def term_cost_of(term: str, postings: int) -> int:
    return len(term.encode("utf-8")) + 6 + 3 * postings


def term_cost(term: str, postings: TermPostings) -> int:
    """The estimated bytes of a term's entry (cheap; exact enough to size the leaves)."""
    return term_cost_of(term, sum(len(docs) for docs, _ in postings.values()))


# Numbers are written as base-32 digits, most significant first: every digit but the last
# from "(" to "G", the last from "_" to "~".  No separators, no quoting, and a digit never
# needs escaping in JSON or in a JavaScript string.
_CONT, _LAST = 0x28, 0x5F


def _vint(n: int) -> str:
    out = chr(_LAST + (n & 31))
    n >>= 5
    while n:
        out = chr(_CONT + (n & 31)) + out
        n >>= 5
    return out


_CONT_DIGIT = [chr(_CONT + d) for d in range(32)]
_LAST_DIGIT = [chr(_LAST + d) for d in range(32)]


def _spellings(k: int, last: list[str], lead: range = range(1, 32)) -> list[str]:
    """The numbers of k ≥ 2 digits whose first digit is in ``lead``, spelled, ascending (built
    with product, not _vint: the tables below are made at every start, also of a build with
    nothing to do)."""
    return list(map("".join, product([_CONT_DIGIT[d] for d in lead], *[_CONT_DIGIT] * (k - 2), last)))


# _SMALL[n] == _vint(n) for gaps up to three and a half years.
_SMALL = _LAST_DIGIT + _spellings(2, _LAST_DIGIT) + _spellings(3, _LAST_DIGIT) + _spellings(4, _LAST_DIGIT, range(1, 4))
# n >= 2**15 is its leading digits (_HIGH[n >> 15]) and three more, zeros kept (_LOW[n & 0x7FFF]).
_HIGH = [""] + _CONT_DIGIT[1:] + _spellings(2, _CONT_DIGIT) + _spellings(3, _CONT_DIGIT)
_LOW = _spellings(3, _LAST_DIGIT, range(32))


def vint(n: int) -> str:
    if n < 1 << 17:
        return _SMALL[n]
    return _HIGH[n >> 15] + _LOW[n & 0x7FFF] if n < 1 << 30 else _vint(n)


def encode_term(term: str, postings: TermPostings) -> str:
    """A term's entry: the term as piece_term spells it, a space, and its numbers: per field,
    field × 2 (+1 when the tfs follow), the count, the first document and the gaps to the
    next ones, then the tfs (left out when all are 1)."""
    return entry_text(term, encode_value(postings))


def encode_value(postings: TermPostings) -> str:
    """The numbers of a term's entry."""
    return "".join(_field_numbers(fi, *postings[fi]) for fi in sorted(postings))


def _field_numbers(fi: int, docs, tfs) -> str:
    """One field's part of a term's entry."""
    ones = tfs.count(1) == len(tfs)
    head = _SMALL[fi * 2 + (not ones)] + vint(len(docs)) + vint(docs[0])
    return head + _vints(map(operator.sub, docs[1:], docs[:-1])) + ("" if ones else _vints(tfs))


def _vints(numbers) -> str:
    numbers = list(numbers)
    try:
        return "".join(map(_SMALL.__getitem__, numbers))  # the common case, without a call per number
    except IndexError:
        return "".join(map(vint, numbers))


_NUMBER = re.compile(r"[(-G]*[_-~]")


class _Digits(dict):
    """A number's digits -> the number; each spelling is worked out once, then looked up."""

    def __missing__(self, digits: str) -> int:
        n = 0
        for ch in digits[:-1]:
            n = n * 32 + ord(ch) - _CONT
        self[digits] = n = n * 32 + ord(digits[-1]) - _LAST
        return n


_DIGITS = _Digits()


def _numbers(text: str) -> list[int]:
    return list(map(_DIGITS.__getitem__, _NUMBER.findall(text)))


def decode_term(text: str) -> TermPostings:
    """One term's entry back to postings (the inverse of encode_term's value)."""
    numbers = _numbers(text)
    postings: TermPostings = {}
    i, end = 0, len(numbers)
    while i < end:
        head, count = numbers[i], numbers[i + 1]
        docs = list(accumulate(numbers[i + 2:i + 2 + count]))
        i += 2 + count
        if head & 1:
            tfs = numbers[i:i + count]
            i += count
        else:
            tfs = [1] * count
        postings[head >> 1] = (docs, tfs)
    return postings


def decode_piece(piece: dict[str, str]) -> dict[str, TermPostings]:
    """A piece's entries ({term: numbers}, as read_piece gives them) back to postings."""
    return {term: decode_term(text) for term, text in piece.items()}


def leaf_name(depth: int, prefix: int) -> str:
    return f"{depth}-{prefix:x}"


def plan_leaves(costs: dict[str, int], limit: int, *, depth: int = 0, prefix: int = 0,
                nodes: dict | None = None) -> dict[str, list[str]]:
    """Split the terms by the low bits of their hash until each leaf fits ``limit``: {leaf: terms}.

    A leaf is a maximal node of the trie that fits the limit, holds one term or lies at
    MAX_DEPTH.  ``depth`` and ``prefix`` plan the subtree of one node; ``nodes`` collects
    every node's (size, term count), for updates that re-plan only part of the trie.
    Sorted by their bit-reversed hash, the terms of every trie node lie side by side, so a
    node's size is a difference of two running sums.
    """
    key = dict(zip(costs, map(_reverse, map(fnv1a, costs))))
    terms = sorted(costs, key=key.__getitem__)
    spans = trie_leaves([key[t] for t in terms], [0, *accumulate(costs[t] for t in terms)], limit,
                        depth=depth, prefix=prefix, nodes=nodes)
    return {name: sorted(terms[i:j]) for name, (i, j) in spans.items()}


def trie_leaves(keys: list[int], sums: list[int], limit: int, *, depth: int = 0, prefix: int = 0,
                nodes: dict | None = None) -> dict[str, tuple[int, int]]:
    """plan_leaves's walk, on terms sorted by their bit-reversed hash (``keys``) with the running
    sum of their costs (``sums``, one longer): {leaf: (first, end) of its terms}, in name order."""
    leaves: dict[str, tuple[int, int]] = {}
    stack = [(depth, prefix)]
    while stack:
        depth, prefix = stack.pop()
        low = _reverse(prefix)
        i, j = bisect_left(keys, low), bisect_left(keys, low + (1 << (32 - depth)))
        size = sums[j] - sums[i]
        if nodes is not None:
            nodes[leaf_name(depth, prefix)] = (size, j - i)
        if is_leaf(depth, size, j - i, limit):
            leaves[leaf_name(depth, prefix)] = (i, j)
            continue
        stack.append((depth + 1, prefix | 1 << depth))
        stack.append((depth + 1, prefix))
    return dict(sorted(leaves.items()))


_REVERSED_BYTE = [int(f"{b:08b}"[::-1], 2) for b in range(256)]


def _reverse(h: int) -> int:
    """The 32 bits of h in reverse order (a byte at a time: a whole archive's terms go through here)."""
    r = _REVERSED_BYTE
    return r[h & 255] << 24 | r[h >> 8 & 255] << 16 | r[h >> 16 & 255] << 8 | r[h >> 24 & 255]


# The trie's shape, for meta.js: its nodes in preorder (a node, then the child whose next bit
# is 0, then the other), 1 for a leaf and 0 for a node that splits, six to a symbol.  About
# one bit a leaf instead of the leaves' names (a tenth of meta.js instead of nine tenths).
SHAPE_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def trie_shape(leaves) -> str:
    """The shape of the trie whose leaves are these names (the inverse of shape_leaves)."""
    leaves, bits, stack = set(leaves), [], [(0, 0)]
    while stack:
        depth, prefix = stack.pop()
        leaf = leaf_name(depth, prefix) in leaves or depth >= MAX_DEPTH
        bits.append("1" if leaf else "0")
        if not leaf:
            stack += [(depth + 1, prefix | 1 << depth), (depth + 1, prefix)]
    text = "".join(bits)
    text += "0" * (-len(text) % 6)
    return "".join(SHAPE_DIGITS[int(text[i:i + 6], 2)] for i in range(0, len(text), 6))


def shape_leaves(shape: str) -> list[str]:
    """The leaves' names from the trie's shape, in preorder."""
    bits = "".join(f"{SHAPE_DIGITS.index(c):06b}" for c in shape)
    out, stack, at = [], [(0, 0)], 0
    while stack:
        depth, prefix = stack.pop()
        if bits[at] == "1":
            out.append(leaf_name(depth, prefix))
        else:
            stack += [(depth + 1, prefix | 1 << depth), (depth + 1, prefix)]
        at += 1
    return out


def is_leaf(depth: int, size: int, count: int, limit: int) -> bool:
    return depth >= MAX_DEPTH or size <= limit or count <= 1


def leaf_of(term: str, leaves) -> str:
    """The leaf a term belongs to (as search.js finds it)."""
    h = fnv1a(term)
    for depth in range(MAX_DEPTH + 1):
        name = leaf_name(depth, h & ((1 << depth) - 1))
        if name in leaves:
            return name
    raise KeyError(term)


_UNESCAPE = {"u2028": "\u2028", "u2029": "\u2029", "n": "\n", "'": "'", "\\": "\\"}


def read_payload(text: str):
    """The JSON a data file hands to the page (the inverse of script_payload)."""
    quoted = text[text.index("JSON.parse('") + 12:text.rindex("'));")]
    if "\\" in quoted:
        quoted = re.sub(r"\\(u2028|u2029|n|'|\\)", lambda m: _UNESCAPE[m.group(1)], quoted)
    return json.loads(quoted)


_SCRIPT_UNSAFE = re.compile("[\\\\'\n\u2028\u2029]")


def _script_quoted(text: str) -> str:
    """JSON text as it stands inside a single-quoted JavaScript string."""
    return (text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def script_payload(callback: str, key, data) -> str:
    """A <script> file that hands JSON to the page: JSON.parse('…') evaluates faster than a literal."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"dcsxSearch.{callback}({json.dumps(key)},JSON.parse('{_script_quoted(text)}'));\n"


# A piece is one string of entries, "term numbers term numbers …", in term order: two bytes a
# term of framing (a JSON object would take six), and nothing to parse but a split at spaces.
# A term's spaces and percent signs, and what a single-quoted script string cannot hold as it
# is (backslash, quote, line breaks), are spelled %XXXX (the character's four hex digits).
_SPELLED = re.compile("[% \\\\'\n\r\u2028\u2029]")
_SPELLING = re.compile("%([0-9a-f]{4})")


def piece_term(term: str) -> str:
    """A term as a piece spells it: never a space, nothing the script string must escape."""
    return _SPELLED.sub(lambda m: f"%{ord(m.group()):04x}", term) if _SPELLED.search(term) else term


def unspell(spelled: str) -> str:
    """A term from its spelling in a piece (the inverse of piece_term)."""
    return _SPELLING.sub(lambda m: chr(int(m.group(1), 16)), spelled) if "%" in spelled else spelled


def entry_text(term: str, numbers: str) -> str:
    """One entry of a piece: the term spelled, a space, its numbers."""
    return f"{piece_term(term)} {numbers}"


def piece_payload(name: str, body: str) -> str:
    """A piece's file from its entries joined by spaces (the terms spelled by piece_term)."""
    return f"dcsxSearch.piece({json.dumps(name)},'{body}');\n"


def piece_body(entries: dict[str, str]) -> str:
    """The entries {term: numbers} of a piece, in term order, as its file spells them."""
    return " ".join(entry_text(t, entries[t]) for t in sorted(entries))


_PIECE_HEAD, PIECE_TAIL = b"dcsxSearch.piece(", b"');\n"  # piece_payload's around the string


def split_piece(data: bytes) -> tuple[bytes, list[bytes], list[bytes]]:
    """A piece's file as its head (up to the string's opening quote), the terms as spelled and
    their numbers (the inverse of piece_payload; ValueError if it is no piece)."""
    start, end = data.find(b",'") + 2, len(data) - len(PIECE_TAIL)
    if not data.startswith(_PIECE_HEAD) or start < 2 or not data.endswith(PIECE_TAIL) or start > end:
        raise ValueError("not a search piece")
    body = data[start:end]
    parts = body.split(b" ") if body else []
    if len(parts) % 2:
        raise ValueError("not a search piece: a term without its numbers")
    return data[:start], parts[0::2], parts[1::2]


def read_piece(text: str) -> dict[str, str]:
    """A piece's file back to its entries {term: numbers}."""
    _, terms, numbers = split_piece(text.encode("utf-8"))
    return {unspell(t.decode("utf-8")): v.decode("ascii") for t, v in zip(terms, numbers)}
