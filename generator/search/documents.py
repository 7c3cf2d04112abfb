"""Articles as search documents: stable document numbers, field token lists, result records.

An article's document number is its issue date and place (days since 1900 × 100 + seq), so an
issue added in the middle of the archive moves no other number, and numbers sort by date.
Its fields are what the tokenizer (``tokens``) makes of its headline, text, people and
pinyin, plus facets (section, people, place, column) for the filters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from generator.content import Archive
from generator.model import Article
from generator.names import mentioned_names, name_readings
from generator.schema import FIRST_DATE
from generator.search.chars import pack_text
from generator.search.format import B, BOOSTS, FIELDS, FORMAT, K1, trie_shape
from generator.search.tokens import name_pinyin_tokens, text_pinyin_tokens, tokenize
from generator.site import urls
from generator.text import plain_text

EPOCH = FIRST_DATE  # numbers count days from the first date content may hold (schema checks it)


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


def place_facet(name: str) -> str:
    return "^" + name


def column_facet(name: str) -> str:
    return "#" + name


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


@lru_cache(maxsize=None)
def name_forms(name: str) -> list[str]:
    """A name's pinyin, initials and whole (xzx, xuzhenxin), for every surname reading."""
    return sorted({form for syllables in name_readings(name)
                   for form in ("".join(s[0] for s in syllables), "".join(syllables))})


def search_document(a: Article) -> SearchDoc:
    """An article as field token lists, and the record the results page shows."""
    headline = " ".join(filter(None, (a.kicker, a.title, a.subtitle)))
    text = " ".join(filter(None, (a.dateline, plain_text(a.body), *a.captions)))
    # Pinyin of every person the article names: its byline, and the speakers and office
    # holders of its headline and text (张百顺在出席…时强调, 市长张百顺出席…).
    named = [n for n in mentioned_names(headline, text) if n not in a.people]
    pinyin = [t for p in (*a.people, *named) for t in _name_tokens(p)] + text_pinyin_tokens(headline)
    fields = {
        "title": tokenize(headline),
        "body": tokenize(text),
        "people": tokenize(" ".join(a.people)),
        "pinyin": pinyin,
        "facets": [section_facet(a.section)] + [person_facet(p) for p in a.people]
                  + ([place_facet(a.place)] if a.place else []) + ([column_facet(a.column)] if a.column else []),
    }
    record = [a.title, a.kicker or "", a.subtitle or "", a.date, a.number or 0, a.section, list(a.people),
              urls.article(a.issue_id, a.seq), pack_text(text), 1 if a.title_inferred else 0,
              {n: name_forms(n) for n in named}]
    return SearchDoc(doc_number(a.date, a.seq), fields, record)


def search_documents(articles: Iterable[Article]) -> Iterator[SearchDoc]:
    """Articles (an archive's, oldest first, or a run of them) as search documents, in order."""
    return (search_document(a) for a in articles)


def search_meta(archive: Archive, count: int, avg: list[float], leaves: Iterable[str]) -> dict:
    return {
        "format": FORMAT,
        "docs": count,
        "fields": list(FIELDS),
        "boosts": [BOOSTS[f] for f in FIELDS],
        "avg": avg,
        "k1": K1,
        "b": B,
        "trie": trie_shape(leaves),
        "sections": {s.slug: s.name for s in archive.sections},
        # Each person's pinyin, initials and whole (xzx, xuzhenxin), for every surname reading:
        # a pinyin search highlights the name it found.
        "names": {p.name: name_forms(p.name) for p in archive.people},
    }
