"""Piece: a search piece of the previous site, looked up and edited where its terms are.

Adding an issue touches a few terms in each of thousands of pieces of hundreds of terms.
Parsing each piece whole and writing every entry out again would cost more than all the
rest of the update, so a piece stays the bytes of its file: a term's entry is found by
searching for it, and the changed entries are spliced in between runs copied as they
stand.  This works while the piece has no escapes (nearly always: terms are words, digits
never need quoting): then no quote is inside a key or a value, so every fourth quote opens
an entry, '"term":"' at such a quote is that term's entry, and UTF-8 bytes sort as the
terms do.  A piece with escapes is parsed and written whole.  Either way the file is what
a whole build writes (tests hold it to that).
"""

from __future__ import annotations

import json

from generator.search.format import TermPostings, encode_value, piece_payload, read_payload, script_term

Entry = str | TermPostings  # the encoded string as read, or postings decoded to be changed


class Piece:
    def __init__(self, data: bytes):
        start, end = data.find(b"JSON.parse('"), data.rfind(b"'));")
        if start < 0 or end < start + 14 or data[start + 12:start + 13] != b"{" or data[end - 1:end] != b"}":
            raise ValueError("not a search piece")
        self.data, self.head, self.tail = data, data[:start + 12], data[end:]
        self.body = data[start + 12:end]  # the JSON object, as the script quotes it
        self.plain = b"\\" not in self.body
        self.changed: dict[str, Entry | None] = {}  # None: taken out
        self.spans: dict[str, tuple[int, int] | None] = {}  # term -> its entry's place in body (None: absent)
        self._parsed: dict[str, Entry] | None = None
        self._cuts: list | None = None

    def get(self, term: str) -> Entry | None:
        if term in self.changed:
            return self.changed[term]
        if not self.plain:
            return self._whole_read().get(term)
        span = self._span(term)
        if span is None:
            return None
        end = span[1] - 1  # the value's closing quote; its opening one is the quote before
        return self.body[self.body.rindex(b'"', span[0], end) + 1:end].decode("ascii")

    def __setitem__(self, term: str, entry: Entry) -> None:
        self.changed[term] = entry
        self._cuts = None

    def __delitem__(self, term: str) -> None:
        self.changed[term] = None
        self._cuts = None

    def whole(self) -> dict[str, Entry]:
        """Every entry, with the changes."""
        out = dict(self._whole_read())
        for term, entry in self.changed.items():
            if entry is None:
                out.pop(term, None)
            else:
                out[term] = entry
        return out

    def prepare(self) -> None:
        """Find where each change goes (ValueError if the text is not a piece's, before
        anything is written)."""
        if self.plain:
            cuts = []
            for term, entry in self.changed.items():
                span = self._span(term)
                if span is None and entry is None:
                    continue
                start, end = span if span is not None else (self._insertion(term),) * 2
                cuts.append((start, span is not None, term, end, entry))
            self._cuts = sorted(cuts)  # by place; a new term before the entry it goes in front of
        else:
            self._whole_read()

    def payload(self, name: str) -> bytes:
        """The piece's file now."""
        if not self.changed:
            return self.data
        if not self.plain:
            return piece_payload(name, object_text(self.whole())).encode("utf-8")
        if self._cuts is None:
            self.prepare()
        out, pos = [], 1
        for start, _, term, end, entry in self._cuts:
            run = self.body[pos:start].strip(b",")  # the entries between, without the separators at the ends
            if run:
                out.append(run)
            if entry is not None:
                out.append(_entry_text(term, entry).encode("utf-8"))
            pos = end
        run = self.body[pos:-1].strip(b",")
        if run:
            out.append(run)
        return self.head + b"{" + b",".join(out) + b"}" + self.tail

    def _whole_read(self) -> dict[str, Entry]:
        if self._parsed is None:
            self._parsed = json.loads(self.body) if self.plain else read_payload(self.data.decode("utf-8"))
        return self._parsed

    def _span(self, term: str) -> tuple[int, int] | None:
        if term not in self.spans:
            key, body = _key(term), self.body
            at = body.find(key)
            while at >= 0 and body.count(b'"', 0, at) % 4:  # not a key's opening quote
                at = body.find(key, at + 1)
            self.spans[term] = None if at < 0 else (at, _after_quotes(body, at, 4))
        return self.spans[term]

    def _insertion(self, term: str) -> int:
        """Where an absent term's entry goes: the start of the first entry whose term sorts
        after it, or the closing brace (a binary search over the text)."""
        key, body = term.encode("utf-8"), self.body
        lo, hi = 1, len(body) - 1  # entries starting before lo sort before the term; the one at hi after it
        while lo < hi:
            mid = (lo + hi) // 2
            quotes = body.count(b'"', lo, mid)  # lo is an entry's first quote: every fourth quote opens one
            start = _after_quotes(body, mid, -quotes % 4) if mid > lo else lo
            start = body.find(b'"', start, hi)
            if start < 0:
                start = lo  # no entry starts between mid and hi: the one at lo decides
            if body[start + 1:body.index(b'"', start + 1)] < key:
                end = _after_quotes(body, start, 4)
                lo = end + 1 if body[end:end + 1] == b"," else end
            else:
                hi = start
        return lo


def _after_quotes(body: bytes, pos: int, quotes: int) -> int:
    """The position after the next ``quotes`` quotes from pos."""
    for _ in range(quotes):
        pos = body.index(b'"', pos) + 1
    return pos


def _key(term: str) -> bytes:
    return f'"{script_term(term)}":"'.encode("utf-8")


def object_text(terms: dict[str, Entry]) -> str:
    """A piece's JSON object from its entries, in term order, the terms spelled for the script."""
    return "{" + ",".join(_entry_text(t, terms[t]) for t in sorted(terms)) + "}"


def _entry_text(term: str, entry: Entry) -> str:
    return f'"{script_term(term)}":"{entry if isinstance(entry, str) else encode_value(entry)}"'
