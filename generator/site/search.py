"""The client-side search index (format 2): term postings in stable pieces; Lunr scores in the browser.

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
  search/meta.js          format, document count, average field lengths, leaves, sections  (every query)
  search/idx/D-P.js       one leaf: {term: [[field, [doc deltas], [tfs] (omitted when all 1)], …]}
  search/docs/REF.js      one article's result record: headline, date, link, text           (per result shown)
  search/len/YYYY.js      field lengths of that year's articles                             (relevance sort only)
  search/issues.js        [date, 总第N期, article count] per issue                           (filters)
"""

from __future__ import annotations

import datetime as dt
import json
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.content import Archive
from generator.model import Article
from generator.search_tokens import name_pinyin_tokens, text_pinyin_tokens, tokenize
from generator.site import urls
from generator.site.render import plain_text

FORMAT = 2
LUNR_VERSION = "2.3.9"
FIELDS = ("title", "body", "people", "pinyin", "facets")
BOOSTS = {"title": 4, "body": 1, "people": 3, "pinyin": 2, "facets": 1}
K1, B = 1.2, 0.75
PIECE_BYTES = 48_000  # a leaf larger than this (estimated, before compression) splits in two
MAX_DEPTH = 24
EPOCH = dt.date(1900, 1, 1)


def fnv1a(term: str) -> int:
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def doc_number(date: str, seq: int) -> int:
    """A stable document number from the issue date and the article's place (seq 1-99)."""
    return (dt.date.fromisoformat(date) - EPOCH).days * 100 + seq


def doc_ref(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def section_facet(slug: str) -> str:
    return "§" + slug


def person_facet(name: str) -> str:
    return "@" + name


@dataclass
class SearchDoc:
    number: int
    fields: dict[str, list[str]]
    record: list  # what the results page shows

    @property
    def ref(self) -> str:
        return doc_ref(self.number)


@lru_cache(maxsize=None)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(name_pinyin_tokens(name))


def search_document(a: Article) -> SearchDoc:
    """An article as field token lists, and the record the results page shows."""
    headline = " ".join(filter(None, (a.kicker, a.title, a.subtitle)))
    text = " ".join(filter(None, (a.dateline, plain_text(a.body))))
    pinyin = [t for p in a.people for t in _name_tokens(p)] + text_pinyin_tokens(headline)
    fields = {
        "title": tokenize(headline),
        "body": tokenize(text),
        "people": tokenize(" ".join(a.people)),
        "pinyin": pinyin,
        "facets": [section_facet(a.section)] + [person_facet(p) for p in a.people],
    }
    record = [a.title, a.kicker or "", a.subtitle or "", a.date, a.number or 0, a.section, list(a.people),
              urls.article(a.issue_id, a.seq), text, 1 if a.title_inferred else 0]
    return SearchDoc(doc_number(a.date, a.seq), fields, record)


def search_documents(archive: Archive) -> Iterator[SearchDoc]:
    """Every article as a search document, oldest first (so a higher number is newer)."""
    return (search_document(a) for a in archive.articles)


@dataclass
class IndexData:
    """Postings per field and term (parallel arrays of document numbers and term frequencies)."""

    doc_count: int
    postings: dict[str, dict[str, tuple[array, array]]]
    lengths: dict[int, tuple[int, ...]]  # document number -> field lengths, in FIELDS order

    def terms(self) -> list[str]:
        return sorted({t for f in FIELDS for t in self.postings[f]})


def build_index(docs: Iterable[SearchDoc], records: list | None = None) -> IndexData:
    """Collect postings; token lists are dropped as soon as a document is counted."""
    postings: dict[str, dict[str, tuple[array, array]]] = {f: {} for f in FIELDS}
    lengths: dict[int, tuple[int, ...]] = {}
    last = -1
    for doc in docs:
        if doc.number <= last:
            raise ValueError(f"search documents out of order: {doc.number} after {last}")
        last = doc.number
        if records is not None:
            records.append((doc.number, doc.record))
        lengths[doc.number] = tuple(len(doc.fields[f]) for f in FIELDS)
        for f in FIELDS:
            table = postings[f]
            for term, tf in Counter(doc.fields[f]).items():
                entry = table.get(term)
                if entry is None:
                    entry = table[term] = (array("I"), array("I"))
                entry[0].append(doc.number)
                entry[1].append(tf)
    data = IndexData(len(lengths), postings, lengths)
    return data


# --- pieces ------------------------------------------------------------------------------

# A term's postings by field number: (document numbers ascending, term frequencies).
TermPostings = dict[int, tuple[list[int], list[int]]]


def term_postings(data: IndexData, term: str) -> TermPostings:
    return {fi: e for fi, f in enumerate(FIELDS) if (e := data.postings[f].get(term))}


def cheap_cost(data: IndexData, term: str) -> int:
    """term_cost without building the term's postings."""
    postings = sum(len(data.postings[f][term][0]) for f in FIELDS if term in data.postings[f])
    return len(term.encode("utf-8")) + 8 + 5 * postings


def encode_term(term: str, postings: TermPostings) -> str:
    """A term's entry: "term":[[field, [first doc, deltas…], [tfs]], …]; tfs left out when all are 1."""
    parts = []
    for fi in sorted(postings):
        docs, tfs = postings[fi]
        deltas = [docs[0]] + [b - a for a, b in zip(docs, docs[1:])]
        body = f"[{fi},[{','.join(map(str, deltas))}]"
        if tfs.count(1) != len(tfs):
            body += f",[{','.join(map(str, tfs))}]"
        parts.append(body + "]")
    return f'"{_json_str(term)}":[{",".join(parts)}]'


def decode_piece(piece: dict) -> dict[str, TermPostings]:
    """A piece's JSON object back to postings (the inverse of encode_term)."""
    out = {}
    for term, entries in piece.items():
        postings: TermPostings = {}
        for entry in entries:
            docs, n = [], 0
            for delta in entry[1]:
                n += delta
                docs.append(n)
            postings[entry[0]] = (docs, entry[2] if len(entry) > 2 else [1] * len(docs))
        out[term] = postings
    return out


def term_cost(term: str, postings: TermPostings) -> int:
    """The estimated bytes of a term's entry (cheap; exact enough to size the leaves)."""
    return len(term.encode("utf-8")) + 8 + 5 * sum(len(docs) for docs, _ in postings.values())


def leaf_name(depth: int, prefix: int) -> str:
    return f"{depth}-{prefix:x}"


def plan_leaves(costs: dict[str, int], limit: int, *, depth: int = 0, prefix: int = 0,
                nodes: dict | None = None) -> dict[str, list[str]]:
    """Split the terms by the low bits of their hash until each leaf fits ``limit``: {leaf: terms}.

    A leaf is a maximal node of the trie that fits the limit, holds one term or lies at
    MAX_DEPTH.  ``depth`` and ``prefix`` plan the subtree of one node; ``nodes`` collects
    every node's (size, term count), for updates that re-plan only part of the trie.
    """
    leaves: dict[str, list[str]] = {}
    hashed = [(fnv1a(t), t, costs[t]) for t in sorted(costs)]
    stack = [(depth, prefix, hashed, sum(c for _, _, c in hashed))]
    while stack:
        depth, prefix, terms, size = stack.pop()
        if nodes is not None:
            nodes[leaf_name(depth, prefix)] = (size, len(terms))
        if is_leaf(depth, size, len(terms), limit):
            leaves[leaf_name(depth, prefix)] = [t for _, t, _ in terms]
            continue
        bit = 1 << depth
        ones = [x for x in terms if x[0] & bit]
        zeros = [x for x in terms if not x[0] & bit]
        ones_size = sum(c for _, _, c in ones)
        stack.append((depth + 1, prefix | bit, ones, ones_size))
        stack.append((depth + 1, prefix, zeros, size - ones_size))
    return dict(sorted(leaves.items()))


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


def _json_str(term: str) -> str:
    return json.dumps(term, ensure_ascii=False)[1:-1]


_UNESCAPE = {"u2028": "\u2028", "u2029": "\u2029", "n": "\n", "'": "'", "\\": "\\"}


def read_payload(text: str):
    """The JSON a data file hands to the page (the inverse of script_payload)."""
    quoted = text[text.index("JSON.parse('") + 12:text.rindex("'));")]
    return json.loads(re.sub(r"\\(u2028|u2029|n|'|\\)", lambda m: _UNESCAPE[m.group(1)], quoted))


def script_payload(callback: str, key, data) -> str:
    """A <script> file that hands JSON to the page: JSON.parse('…') evaluates faster than a literal."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    quoted = (text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
              .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f"dcsxSearch.{callback}({json.dumps(key)},JSON.parse('{quoted}'));\n"


def search_meta(archive: Archive, count: int, avg: list[float], leaves: list[str]) -> dict:
    return {
        "format": FORMAT,
        "docs": count,
        "fields": list(FIELDS),
        "boosts": [BOOSTS[f] for f in FIELDS],
        "avg": avg,
        "k1": K1,
        "b": B,
        "leaves": leaves,
        "sections": {s.slug: s.name for s in archive.sections},
    }
