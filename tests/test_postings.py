"""The whole index as arrays (site/postings.py) writes what the term-by-term functions write."""

from __future__ import annotations

import json
import pickle
import random

import numpy as np
import pytest

from generator.config import load_config
from generator.content import load_archive
from generator.search import format as search
from generator.search import whole as postings
from generator.search.documents import SearchDoc, search_documents
from generator.search.format import FIELDS

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def fixture_archive(tmp_path_factory):
    from .conftest import build_fixture_site

    content, _ = build_fixture_site(tmp_path_factory.mktemp("postings"))
    return load_archive(content, load_config(FIXTURES / "archive.toml"))


def _postings_of(table: dict[str, dict[int, tuple[list[int], list[int]]]]) -> postings.Postings:
    """Postings arrays made by hand from {term: {field: (docs, tfs)}}."""
    terms = sorted(table)
    rows = [(i, fi, d, tf) for i, t in enumerate(terms) for fi in sorted(table[t])
            for d, tf in zip(*table[t][fi])]
    cols = list(zip(*rows)) if rows else [[], [], [], []]
    return postings.Postings(terms, np.array(cols[0], np.int64), np.array(cols[1], np.int8),
                             np.array(cols[2], np.int64), np.array(cols[3], np.int64), {})


def test_array_encoding_writes_what_encode_term_writes():
    rng = random.Random(25)
    for _ in range(60):
        table = {}
        for k in range(rng.randint(1, 40)):
            term = rng.choice(["词", "an", '引"号\\', "§rural", "@王晓", "\U00020000字", "x\u2028y"]) + str(k)
            table[term] = {}
            for fi in rng.sample(range(len(FIELDS)), rng.randint(1, 3)):
                top = rng.choice([40, 5_000, 4_600_000, 3_000_000_000, 1 << 40])
                docs = sorted(rng.sample(range(top), rng.randint(1, 30)))
                tfs = [1] * len(docs) if rng.random() < 0.5 else [rng.choice([1, 2, 31, 32, 70_000]) for _ in docs]
                table[term][fi] = (docs, tfs)
        p = _postings_of(table)
        want = " ".join(search.encode_term(t, table[t]) for t in p.terms)
        for chunk in (1 << 22, 7, 1):  # in one run, and in runs of whole terms
            buf, at = postings.encode_entries(p, chunk=chunk)
            body = postings.piece_text(p.terms, np.arange(len(p.terms)), buf.decode("ascii"), at)
            assert body == want
            entries = search.read_piece(search.piece_payload("3-5", body))
            assert list(entries) == p.terms and search.piece_body(entries) == want
        assert search.decode_piece(search.read_piece(search.piece_payload("3-5", want))) == table


def test_collected_postings_are_the_documents_terms(fixture_archive):
    docs = list(search_documents(fixture_archive.articles))
    p = postings.collect_postings(iter(docs))
    assert p.terms == sorted(p.terms) and len(set(p.terms)) == len(p.terms)
    got: dict = {}
    for t, fi, d, tf in zip(p.term.tolist(), p.field.tolist(), p.doc.tolist(), p.tf.tolist()):
        got[(p.terms[t], fi, d)] = tf
    want = {}
    for doc in docs:
        for fi, f in enumerate(FIELDS):
            for term in doc.fields[f]:
                want[(term, fi, doc.number)] = want.get((term, fi, doc.number), 0) + 1
    assert got == want
    assert p.lengths == {d.number: tuple(len(d.fields[f]) for f in FIELDS) for d in docs}
    order = list(zip(p.term.tolist(), p.field.tolist(), p.doc.tolist()))
    assert order == sorted(order)


def test_terms_stored_alike_are_still_two_terms():
    """'番番' and 'juju' have the same bytes in CPython's string storage, and so the same hash()."""
    assert hash("番番") == hash("juju")
    docs = [SearchDoc(n, {f: (["番番", "juju", "番番"] if f == "body" else []) for f in FIELDS}, [])
            for n in (5, 9)]
    p = postings.collect_postings(iter(docs))
    assert p.terms == ["juju", "番番"]
    assert p.tf.tolist() == [1, 1, 2, 2]


def test_parts_join_to_the_whole(fixture_archive):
    """Postings collected from runs of articles (pickled, as workers send them) join to the whole."""
    articles = fixture_archive.articles
    whole = postings.collect_postings(search_documents(articles))
    for cut in (1, len(articles) // 2, len(articles) - 1):
        parts = [postings.collect_postings(search_documents(run)) for run in (articles[:cut], articles[cut:])]
        joined = postings.join_postings([pickle.loads(pickle.dumps(p)) for p in parts])
        assert joined.terms == whole.terms and joined.lengths == whole.lengths
        for name in ("term", "field", "doc", "tf"):
            assert np.array_equal(getattr(joined, name), getattr(whole, name)), name
    with pytest.raises(ValueError):
        postings.join_postings(list(reversed(parts)))


def test_planned_pieces_are_plan_leaves(fixture_archive):
    p = postings.collect_postings(search_documents(fixture_archive.articles))
    costs = postings.term_costs(p)
    want_costs = {}
    for t, n in zip(p.terms, np.bincount(p.term, minlength=len(p.terms)).tolist()):
        want_costs[t] = search.term_cost_of(t, n)
    assert dict(zip(p.terms, costs.tolist())) == want_costs
    for limit in (60, 400, 3_000, 10**9):
        want_nodes: dict = {}
        want = search.plan_leaves(want_costs, limit, nodes=want_nodes)
        got, nodes = postings.plan_pieces(p.terms, costs, limit)
        assert {name: [p.terms[i] for i in members] for name, members in got.items()} == want
        assert list(got) == list(want) and nodes == want_nodes
        assert all(type(v) is int for pair in nodes.values() for v in pair)


def test_hashes_of_all_terms_at_once():
    rng = random.Random(3)
    terms = ["", "a", "§x", "\U0001F600", "东昌府讯", "ü" * 40] + [
        "".join(chr(rng.choice([rng.randint(32, 126), rng.randint(0x4E00, 0x9FFF), rng.randint(0x10000, 0x2FFFF)]))
                for _ in range(rng.randint(1, 12))) for _ in range(500)]
    assert postings.fnv1a_all(terms).tolist() == [search.fnv1a(t) for t in terms]
    assert postings.reverse_all(postings.fnv1a_all(terms)).tolist() == [search._reverse(search.fnv1a(t)) for t in terms]


def test_terms_sort_as_python_sorts_them():
    rng = random.Random(9)
    alphabet = ["a", "b", "z", "é", "中", "国", "\U00020000", "\U0001F600", "1", "§", "@"]
    for _ in range(40):
        terms = list({"".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7))) for _ in range(rng.randint(0, 300))})
        assert postings.sort_order(terms).tolist() == sorted(range(len(terms)), key=terms.__getitem__)


def test_postings_reach_the_parent_whole_whatever_their_terms():
    arrays = [np.arange(3, dtype=np.int32)] * 4
    for terms in ([], [""], ["x", ""], ["词", "an"], ["a", "b\0c"], ["\0"]):
        p = postings.Postings(terms, *arrays, {7: (1, 2)})
        back = pickle.loads(pickle.dumps(p))
        assert back.terms == terms and back.lengths == {7: (1, 2)}
        assert all((a == b).all() for a, b in zip(arrays, (back.term, back.field, back.doc, back.tf)))
