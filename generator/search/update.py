"""update_index(): the search files of the previous build, updated in place for what changed.

An update rewrites only what changed articles touch, and its result is byte-identical to a
whole build (tests compare them).  The previous site is the store of postings: the leaves
that hold a changed article's old or new terms are read back from the staging copy, the
article's postings are taken out and put in, and the trie is re-planned along those terms'
paths only.  A leaf is a maximal node that fits the size limit (or holds one term, or lies
at MAX_DEPTH), so a node can change from leaf to split or back only where its size or term
count changed: on those paths.  The state kept for this is small: each document's key and
field lengths, and each trie node's size and term count.
"""

from __future__ import annotations

import bisect
from collections import Counter

from generator.content import Archive
from generator.model import Article
from generator.search import format as fmt
from generator.search.documents import doc_number, doc_ref, search_document
from generator.search.entries import append_postings, edit_tail, posting_count
from generator.search.format import (FIELDS, TermPostings, is_leaf, leaf_name, leaf_of, piece_payload, plan_leaves,
                                     script_payload, term_cost)
from generator.search.pieces import Piece, object_text
from generator.search.state import IndexState, doc_key, write_globals


class Rebuild(Exception):
    """The update cannot be made safely: build the index whole instead."""



def update_index(archive: Archive, writer, previous: IndexState, old_articles: dict[int, Article]) -> IndexState:
    now = {doc_number(a.date, a.seq): a for a in archive.articles}
    gone = sorted(n for n, key in previous.keys.items() if n not in now or doc_key(now[n]) != key)
    new = sorted(n for n, a in now.items() if previous.keys.get(n) != doc_key(a))
    for n in gone:
        if n not in old_articles or doc_key(old_articles[n]) != previous.keys[n]:
            raise Rebuild(f"the previous version of document {n} is not at hand")
    old_docs = {n: search_document(old_articles[n]) for n in gone}
    new_docs = {n: search_document(now[n]) for n in new}
    leaves = set(previous.leaves)
    nodes = dict(previous.nodes)
    # A piece stays the bytes of its file; only the terms an update touches are looked up,
    # and decoded where need be (adding an issue touches most pieces, but few terms in each).
    pieces: dict[str, Piece] = {}
    touched: dict[str, dict[str, int]] = {}  # piece -> {term: its cost before the update}
    grown: dict[str, int] = {}  # term -> its cost after, for the entries appended to as strings

    def piece(name: str) -> Piece:
        if name not in pieces:
            path = writer.staging / f"search/idx/{name}.js"
            try:
                pieces[name] = Piece(path.read_bytes())
            except (OSError, ValueError) as exc:
                raise Rebuild(f"{path}: {exc}") from None
        return pieces[name]

    def postings_of(name: str, term: str) -> TermPostings:
        terms = piece(name)
        entry = terms.get(term)
        if not isinstance(entry, dict):
            entry = terms[term] = _decoded(term, entry) if entry is not None else {}
            touched.setdefault(name, {})[term] = term_cost(term, entry) if entry else 0
        return entry

    # Take the changed documents' postings out, and put the new ones in; a document that
    # is both (edited in place) changes only the terms whose frequency changed.
    changes: dict[str, list[tuple[int, int, int | None, int | None]]] = {}  # term -> (doc, field, tf before, after)
    for n in sorted(set(old_docs) | set(new_docs)):
        for fi, f in enumerate(FIELDS):
            before = Counter(old_docs[n].fields[f]) if n in old_docs else Counter()
            after = Counter(new_docs[n].fields[f]) if n in new_docs else Counter()
            for term in before.keys() | after.keys():
                if before.get(term) != after.get(term):
                    changes.setdefault(term, []).append((n, fi, before.get(term), after.get(term)))
    for term in sorted(changes):
        name = leaf_of(term, leaves)
        terms = piece(name)
        entry = terms.get(term)
        if isinstance(entry, str) and all(old is None for _, _, old, _ in changes[term]):
            adds: dict[int, list[tuple[int, int]]] = {}
            for n, fi, _, tf in changes[term]:
                adds.setdefault(fi, []).append((n, tf))
            appended = append_postings(entry, adds)
            if appended is not None:  # new documents after the last ones: spliced on, not decoded
                terms[term], count = appended
                touched.setdefault(name, {})[term] = fmt.term_cost_of(term, count)
                grown[term] = fmt.term_cost_of(term, count + len(changes[term]))
                continue
        elif isinstance(entry, str):  # the newest documents changed or gone (an issue removed or redone)
            edits: dict[int, dict[int, tuple[int | None, int | None]]] = {}
            for n, fi, old, tf in changes[term]:
                edits.setdefault(fi, {})[n] = (old, tf)
            edited = edit_tail(entry, edits)
            if edited is not None:
                text, before, after = edited
                terms[term] = text if after else {}
                touched.setdefault(name, {})[term] = fmt.term_cost_of(term, before)
                if after:
                    grown[term] = fmt.term_cost_of(term, after)
                continue
        entry = postings_of(name, term)
        for n, fi, old, tf in changes[term]:
            docs, tfs = entry.setdefault(fi, ([], []))
            k = bisect.bisect_left(docs, n)
            present = k < len(docs) and docs[k] == n
            if present != (old is not None):
                raise Rebuild(f"the postings of {term!r} do not hold document {n} as the last build left it")
            if present:
                del docs[k], tfs[k]
            if tf is not None:
                docs.insert(k, n)
                tfs.insert(k, tf)
            if not docs:
                del entry[fi]
    # New sizes of the touched leaves, carried up to the root.
    for name, costs in touched.items():
        terms = pieces[name]
        size = count = 0
        for term, old_cost in costs.items():
            entry = terms.get(term)
            new_cost = grown[term] if term in grown else term_cost(term, entry) if entry else 0
            if not new_cost:
                del terms[term]
            size += new_cost - old_cost
            count += bool(new_cost) - bool(old_cost)
        for node in _path(name):
            s, c = nodes[node]
            nodes[node] = (s + size, c + count)
    # Re-plan along the touched paths: merge under the shallowest node that is a leaf now,
    # or split a leaf that no longer is one.
    rewrite: dict[str, Piece | dict[str, str | TermPostings]] = {}
    for name in sorted(pieces):
        if name not in leaves:
            continue  # merged into an ancestor already
        top = next((node for node in _path(name) if is_leaf(_depth(node), *nodes[node], previous.limit)), None)
        if top is not None and top != name:
            under = [leaf for leaf in leaves if _under(leaf, top)]
            merged: dict[str, str | TermPostings] = {}
            for leaf in under:
                merged.update(piece(leaf).whole())
                leaves.discard(leaf)
            for node in [node for node in nodes if _under(node, top) and node != top]:
                del nodes[node]
            leaves.add(top)
            rewrite[top] = merged
        elif top is None:
            terms = piece(name).whole()
            depth, prefix = _depth(name), int(name.split("-")[1], 16)
            del nodes[name]
            split = plan_leaves({t: _cost_of(t, p) for t, p in terms.items()}, previous.limit,
                                depth=depth, prefix=prefix, nodes=nodes)
            leaves.discard(name)
            for leaf, leaf_terms in split.items():
                leaves.add(leaf)
                rewrite[leaf] = {t: terms[t] for t in leaf_terms}
        else:
            rewrite[name] = piece(name)
    for name in sorted(leaves):
        url = f"search/idx/{name}.js"
        if name in rewrite:
            terms = rewrite[name]
            if isinstance(terms, Piece):  # the same leaf: its changed entries spliced in
                writer.write(url, terms.payload(name))
            else:
                writer.write(url, piece_payload(name, object_text(terms)))
        else:
            writer.keep(url)
    # Result records: new ones written, the rest kept (records of removed documents go).
    for n, a in now.items():
        url = f"search/docs/{doc_ref(n)}.js"
        if n in new_docs:
            writer.write(url, script_payload("doc", doc_ref(n), new_docs[n].record))
        else:
            writer.keep(url)
    lengths = {n: v for n, v in previous.lengths.items() if n in now and n not in new_docs}
    lengths.update({n: tuple(len(d.fields[f]) for f in FIELDS) for n, d in new_docs.items()})
    state = IndexState(limit=previous.limit, keys={n: doc_key(a) for n, a in now.items()}, lengths=lengths,
                       nodes=nodes, leaves=frozenset(leaves))
    write_globals(archive, writer, state)
    state.figures = {"docs": len(now), "pieces": len(leaves), "updated": len(rewrite)}
    return state


def _decoded(term: str, entry: str | TermPostings) -> TermPostings:
    return fmt.decode_term(entry) if isinstance(entry, str) else entry


def _cost_of(term: str, entry: str | TermPostings) -> int:
    return fmt.term_cost_of(term, posting_count(entry)) if isinstance(entry, str) else term_cost(term, entry)


def _depth(node: str) -> int:
    return int(node.split("-")[0])


def _path(leaf: str) -> list[str]:
    """The nodes from the root down to a leaf."""
    depth, prefix = _depth(leaf), int(leaf.split("-")[1], 16)
    return [leaf_name(d, prefix & ((1 << d) - 1)) for d in range(depth + 1)]


def _under(node: str, top: str) -> bool:
    """True when ``node`` is ``top`` or lies below it in the trie."""
    depth, top_depth = _depth(node), _depth(top)
    return depth >= top_depth and int(node.split("-")[1], 16) & ((1 << top_depth) - 1) == int(top.split("-")[1], 16)
