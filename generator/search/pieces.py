"""Piece: a search piece of the previous site, looked up and edited where its terms are.

Adding an issue touches a few terms in each of thousands of pieces of hundreds of terms.
Decoding each piece whole and writing every entry out again would cost more than all the
rest of the update, so a piece stays the bytes of its entries: the file is split at its
spaces (terms and numbers alternate, and neither holds a space: format.piece_term), a
term's entry is found by its spelling, and the changed entries are put in their places in
term order between the others, copied as they stand.  The file is what a whole build
writes (tests hold it to that).
"""

from __future__ import annotations

import bisect

from generator.search.format import (PIECE_TAIL, TermPostings, encode_value, entry_text, piece_body, piece_term,
                                     split_piece, unspell)

Entry = str | TermPostings  # the numbers as read, or postings decoded to be changed


class Piece:
    def __init__(self, data: bytes):
        self.data = data
        self.head, self.keys, self.values = split_piece(data)  # the terms as spelled, and their numbers
        self.changed: dict[str, Entry | None] = {}  # None: taken out
        self._places: dict[bytes, int] | None = None

    def get(self, term: str) -> Entry | None:
        if term in self.changed:
            return self.changed[term]
        k = self._place(term)
        return None if k is None else self.values[k].decode("ascii")

    def __setitem__(self, term: str, entry: Entry) -> None:
        self.changed[term] = entry

    def __delitem__(self, term: str) -> None:
        self.changed[term] = None

    def whole(self) -> dict[str, Entry]:
        """Every entry, with the changes."""
        out: dict[str, Entry] = {unspell(k.decode("utf-8")): v.decode("ascii") for k, v in zip(self.keys, self.values)}
        for term, entry in self.changed.items():
            if entry is None:
                out.pop(term, None)
            else:
                out[term] = entry
        return out

    def payload(self, name: str) -> bytes:
        """The piece's file now."""
        if not self.changed:
            return self.data
        gone = {piece_term(t).encode("utf-8") for t in self.changed}
        kept = [(k, v) for k, v in zip(self.keys, self.values) if k not in gone]
        out, pos = [], 0
        for term in sorted(t for t, e in self.changed.items() if e is not None):
            at = bisect.bisect_left(kept, term, lo=pos, key=_term_of)
            out.extend(b"%s %s" % kv for kv in kept[pos:at])
            out.append(entry_text(term, _numbers(self.changed[term])).encode("utf-8"))
            pos = at
        out.extend(b"%s %s" % kv for kv in kept[pos:])
        return self.head + b" ".join(out) + PIECE_TAIL

    def _place(self, term: str) -> int | None:
        if self._places is None:
            self._places = {k: i for i, k in enumerate(self.keys)}
        return self._places.get(piece_term(term).encode("utf-8"))


def _term_of(kv: tuple[bytes, bytes]) -> str:
    return unspell(kv[0].decode("utf-8"))


def object_text(terms: dict[str, Entry]) -> str:
    """A piece's entries, in term order, as its file spells them."""
    return piece_body({t: _numbers(e) for t, e in terms.items()})


def _numbers(entry: Entry) -> str:
    return entry if isinstance(entry, str) else encode_value(entry)
