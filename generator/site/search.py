"""The client-side search index: Lunr 2.3.9 indexes split by term, plus document shards.

lunr.py's Builder is the reference, but at 20,000 articles it needs minutes and gigabytes,
so ``build_index`` computes the same BM25 field vectors (k1 = 1.2, b = 0.75, scores rounded
as lunr.py rounds them) with compact per-term postings, and ``split_index`` writes them as
N pieces.  Piece ``fnv1a(term) % N`` holds that term's postings and the field-vector
entries of its terms: each piece is a valid Lunr index, and a query's score is recombined
from the pieces as  Σ score_piece · √n_piece / √n_total  (tests check it equals lunr.py's).

Files (all loaded with <script>, so search works from file:// too):
  search/meta.js        piece count, shard size, sections, people           (every query)
  search/idx/N.js       one index piece                                     (per query term)
  search/docs/N.js      DOC_SHARD articles: headline, date, link, text      (per result shown)
  search/issues.js      issue dates and numbers -> first document            (date/issue filters)
"""

from __future__ import annotations

import json
import math
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from generator.content import Archive
from generator.search_tokens import name_pinyin_tokens, text_pinyin_tokens, tokenize
from generator.site import urls
from generator.site.render import plain_text

LUNR_VERSION = "2.3.9"
FIELDS = ("title", "body", "people", "pinyin", "facets")
BOOSTS = {"title": 4, "body": 1, "people": 3, "pinyin": 2, "facets": 1}
K1, B = 1.2, 0.75
DOC_SHARD = 8
PIECE_BYTES = 64_000  # target size of one piece before compression
POSTING_BYTES = 42  # measured: one posting's share of a piece (inverted entry + vector entry)


def fnv1a(term: str) -> int:
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


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
    ref: str
    fields: dict[str, list[str]]
    record: list  # what the results page shows


@lru_cache(maxsize=None)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(name_pinyin_tokens(name))


def search_documents(archive: Archive) -> Iterator[SearchDoc]:
    """Every article as field token lists, oldest first (so a higher number is newer)."""
    for n, a in enumerate(archive.articles):
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
        yield SearchDoc(doc_ref(n), fields, record)


@dataclass
class IndexData:
    """Postings per field and term: parallel arrays of document numbers and term frequencies."""

    doc_count: int
    postings: dict[str, dict[str, tuple[array, array]]]
    field_lengths: dict[str, array]
    avg_length: dict[str, float] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        with_term = sum(len(self.postings[f][term][0]) for f in FIELDS if term in self.postings[f])
        x = (self.doc_count - with_term + 0.5) / (with_term + 0.5)
        return math.log(1 + abs(x))

    def score(self, f: str, tf: int, length: int, idf: float) -> float:
        s = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / self.avg_length[f])) + tf)
        return round(s * BOOSTS[f], 3)  # field boost, then lunr.py's rounding


def build_index(docs: Iterable[SearchDoc], records: list | None = None) -> IndexData:
    """Collect postings; token lists are dropped as soon as a document is counted."""
    postings: dict[str, dict[str, tuple[array, array]]] = {f: {} for f in FIELDS}
    lengths = {f: array("I") for f in FIELDS}
    n = -1
    for n, doc in enumerate(docs):
        if records is not None:
            records.append(doc.record)
        for f in FIELDS:
            terms = doc.fields[f]
            lengths[f].append(len(terms))
            table = postings[f]
            for term, tf in Counter(terms).items():
                entry = table.get(term)
                if entry is None:
                    entry = table[term] = (array("I"), array("I"))
                entry[0].append(n)
                entry[1].append(tf)
    count = n + 1
    data = IndexData(count, postings, lengths)
    data.avg_length = {f: (sum(lengths[f]) / count if count else 0.0) or 1.0 for f in FIELDS}
    return data


def piece_count(data: IndexData) -> int:
    postings = sum(len(p[0]) for f in FIELDS for p in data.postings[f].values())
    return max(1, math.ceil(postings * POSTING_BYTES / PIECE_BYTES))


def iter_pieces(data: IndexData, pieces: int) -> Iterator[tuple[int, str]]:
    """Yield (piece number, Lunr index JSON) one piece at a time, smallest memory first.

    The inner loop is the hot path at archive scale: per-document strings and length
    norms are computed once, and the score keeps lunr.py's exact order of operations
    (idf · (k1+1)·tf / (k1·(1−b+b·len/avg) + tf), times the field boost, then round).
    """
    refs = [doc_ref(n) for n in range(data.doc_count)]
    ref_json = [f'"{r}":{{}}' for r in refs]
    norms = {f: [K1 * (1 - B + B * (length / data.avg_length[f])) for length in data.field_lengths[f]] for f in FIELDS}
    fields_json = json.dumps(list(FIELDS))
    by_piece: dict[int, list[str]] = {}
    for t in sorted({t for f in FIELDS for t in data.postings[f]}):
        by_piece.setdefault(fnv1a(t) % pieces, []).append(t)
    for p in sorted(by_piece):
        inverted = []
        vectors: dict[tuple[int, int], list] = {}  # (field number, doc) -> [index, score, ...]
        for index, term in enumerate(by_piece[p]):  # sorted, so _index follows term order
            idf = data.idf(term)
            parts = [f'["{_json_str(term)}",{{"_index":{index}']
            for fi, f in enumerate(FIELDS):
                entry = data.postings[f].get(term)
                if entry is None:
                    parts.append(f',"{f}":{{}}')
                    continue
                docs, tfs = entry
                norm, boost, k = norms[f], BOOSTS[f], K1 + 1
                parts.append(f',"{f}":{{' + ",".join([ref_json[n] for n in docs]) + "}")
                for n, tf in zip(docs, tfs):
                    score = round(idf * (k * tf) / (norm[n] + tf) * boost, 3)
                    key = (fi, n)
                    vec = vectors.get(key)
                    if vec is None:
                        vectors[key] = [index, score]
                    else:
                        vec += (index, score)
            parts.append("}]")
            inverted.append("".join(parts))
        field_vectors = ",".join(
            f'["{FIELDS[fi]}/{refs[n]}",[{",".join(map(repr, vec))}]]'
            for (fi, n), vec in vectors.items()  # insertion order: deterministic, and Lunr needs no other
        )
        yield p, (f'{{"version":"{LUNR_VERSION}","fields":{fields_json},"fieldVectors":[{field_vectors}],'
                  f'"invertedIndex":[{",".join(inverted)}],"pipeline":[]}}')


def _json_str(term: str) -> str:
    return json.dumps(term, ensure_ascii=False)[1:-1]


def split_index(data: IndexData, pieces: int) -> dict[int, dict]:
    """All pieces as parsed JSON (for tests and small archives)."""
    return {p: json.loads(text) for p, text in iter_pieces(data, pieces)}


def script_payload(callback: str, key, data) -> str:
    """A <script> file that hands JSON to the page: JSON.parse('…') evaluates faster than a literal."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    quoted = (text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
              .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
    return f"dcsxSearch.{callback}({json.dumps(key)},JSON.parse('{quoted}'));\n"


def write_search_index(archive: Archive, writer) -> dict:
    """Write the index pieces, document shards and manifest; return figures for reports."""
    records: list = []
    data = build_index(search_documents(archive), records)
    n = piece_count(data)
    sizes = []
    written = set()
    for p, text in iter_pieces(data, n):
        payload = script_payload("piece", p, text)
        sizes.append(len(payload.encode("utf-8")))
        writer.write(f"search/idx/{p}.js", payload)
        written.add(p)
    empty = {"version": LUNR_VERSION, "fields": list(FIELDS), "fieldVectors": [], "invertedIndex": [], "pipeline": []}
    for p in range(n):  # a piece no term hashed to still exists, so no query meets a missing file
        if p not in written:
            writer.write(f"search/idx/{p}.js", script_payload("piece", p, empty))
    for s in range(0, len(records), DOC_SHARD):
        writer.write(f"search/docs/{s // DOC_SHARD}.js",
                     script_payload("docs", s // DOC_SHARD, records[s:s + DOC_SHARD]))
    first_doc = {}
    for k, a in enumerate(archive.articles):
        first_doc.setdefault(a.issue_id, k)
    issues = [[i.date, i.number or 0, first_doc.get(i.id, -1)] for i in archive.issues]
    writer.write("search/issues.js", script_payload("issues", 0, issues))
    meta = {
        "version": 1,
        "pieces": n,
        "docShard": DOC_SHARD,
        "docs": len(records),
        "fields": list(FIELDS),
        "sections": {s.slug: s.name for s in archive.sections},
    }
    writer.write("search/meta.js", script_payload("meta", 0, meta))
    return {"docs": len(records), "pieces": len(sizes), "piece_bytes": sizes}
