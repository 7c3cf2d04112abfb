"""write_search_index(): the search files of the site, whole or updated from the previous build.

The one entry point of the search stage.  A whole build makes the postings of every article as
arrays (``whole``, in parts that workers can build: ``index_part``, then ``finish_index``);
with the previous build's state, ``update`` edits only the pieces that changed articles touch.
Both write the same bytes.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from generator.content import Archive
from generator.memory import gc_paused
from generator.model import Article
from generator.search import format as fmt
from generator.search.documents import doc_number, doc_ref, search_documents
from generator.search.format import piece_payload, script_payload
from generator.search.state import IndexState, doc_key, write_globals
from generator.search.update import Rebuild, update_index

if TYPE_CHECKING:
    from generator.search.whole import Postings

log = logging.getLogger(__name__)


def write_search_index(archive: Archive, writer, previous: IndexState | None = None,
                       previous_articles: dict[int, Article] | None = None) -> IndexState:
    """Write the search files; with the previous build's state, only what changed."""
    if can_update(previous):
        try:
            return update_index(archive, writer, previous, previous_articles or {})
        except Rebuild as exc:
            log.info("search index: building it whole (%s)", exc)
    return finish_index(archive, writer, [index_part(archive.articles, writer)])


def can_update(previous: IndexState | None) -> bool:
    return previous is not None and previous.limit == fmt.PIECE_BYTES


# --- whole ------------------------------------------------------------------------------


def index_part(articles: list[Article], writer) -> Postings:
    """Postings of some consecutive articles, and their result records written: a worker's share."""
    from generator.search.whole import collect_postings  # numpy: only a whole build needs it

    records: list = []
    with gc_paused():
        data = collect_postings(search_documents(articles), records)
    for number, record in records:
        ref = doc_ref(number)
        writer.write(f"search/docs/{ref}.js", script_payload("doc", ref, record))
    return data


def split_articles(articles: list[Article], parts: int) -> list[list[Article]]:
    """Runs of consecutive articles, as even as can be (index parts must not interleave)."""
    size = -(-len(articles) // parts) if articles else 0
    return [articles[i:i + size] for i in range(0, len(articles), size)] if size else [[]]


def finish_index(archive: Archive, writer, parts: list[Postings]) -> IndexState:
    """Join the parts, plan the leaves and write the pieces and the global files."""
    from generator.search.whole import encode_entries, join_postings, piece_text, plan_pieces, term_costs

    limit = fmt.PIECE_BYTES
    with gc_paused():  # millions of strings and arrays, no cycles
        data = join_postings(parts)
        parts.clear()  # the caller's list: the parts' arrays go as soon as they are joined
        leaves, nodes = plan_pieces(data.terms, term_costs(data), limit)
        buf, at = encode_entries(data)
        numbers = buf.decode("ascii")
        del buf
        terms, lengths = data.terms, data.lengths
        del data  # the arrays are encoded: only the terms are needed now
        sizes = []
        for name, members in leaves.items():
            payload = piece_payload(name, piece_text(terms, members, numbers, at)).encode("utf-8")
            sizes.append(len(payload))
            writer.write(f"search/idx/{name}.js", payload)
    state = IndexState(limit=limit, keys={doc_number(a.date, a.seq): doc_key(a) for a in archive.articles},
                       lengths=dict(lengths), nodes=nodes, leaves=frozenset(leaves))
    write_globals(archive, writer, state)
    state.figures = {"docs": len(lengths), "pieces": len(sizes), "piece_bytes": sizes}
    return state
