"""The split index gives lunr.py's documents and scores; the tokenizer matches its vectors."""

from __future__ import annotations

import copy
import json
import math

import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.query import QueryPresence

from generator.config import load_config
from generator.content import load_archive
from generator.search_tokens import name_pinyin_tokens, text_pinyin_tokens, tokenize
from generator.site.search import BOOSTS, FIELDS, build_index, fnv1a, search_documents, split_index

from .conftest import FIXTURES

VECTORS = json.loads((FIXTURES / "tokenizer_vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["tokenize"], ids=lambda c: c["text"][:12])
def test_tokenizer_vectors(case):
    assert tokenize(case["text"]) == case["tokens"]


@pytest.mark.parametrize("case", VECTORS["fnv1a"], ids=lambda c: c["term"])
def test_hash_vectors(case):
    assert fnv1a(case["term"]) == case["hash"]


def test_pinyin_tokens():
    assert name_pinyin_tokens("徐振鑫") == ["xuzhen", "zhenxin", "xzx"]
    assert "shanxiong" in name_pinyin_tokens("单雄信") and "danxiong" in name_pinyin_tokens("单雄信")
    assert "shuangyong" in text_pinyin_tokens("双拥花开 鱼水情深")


def reference_index(docs):
    """lunr.py's own Builder over the same token lists, with no pipeline at all."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for f in FIELDS:
        builder.field(f, boost=BOOSTS[f])
    for d in docs:
        builder.add({"id": d.ref, **d.fields})
    return builder.build()


def lunr_query(index: Index, terms: list[str]) -> dict[str, float]:
    query = index.create_query()
    for t in terms:
        query.term(t, use_pipeline=False, presence=QueryPresence.REQUIRED)
    return {r["ref"]: r["score"] for r in index.query(query)}


def split_query(pieces: dict[int, Index], n: int, terms: list[str]) -> dict[str, float]:
    """What search.js does: query each piece for its terms, intersect, recombine the scores."""
    groups: dict[int, list[str]] = {}
    for t in terms:
        groups.setdefault(fnv1a(t) % n, []).append(t)
    total: dict[str, float] | None = None
    for p, group in groups.items():
        if p not in pieces:
            return {}
        part = {ref: s * math.sqrt(len(group)) for ref, s in lunr_query(pieces[p], group).items()}
        total = part if total is None else {r: total[r] + part[r] for r in total if r in part}
    return {r: s / math.sqrt(len(terms)) for r, s in (total or {}).items()}


@pytest.fixture(scope="module")
def fixture_docs(tmp_path_factory):
    from .conftest import build_fixture_site

    content, _ = build_fixture_site(tmp_path_factory.mktemp("search"))
    return list(search_documents(load_archive(content, load_config(FIXTURES / "archive.toml"))))


@pytest.mark.parametrize("n_pieces", [1, 3, 17])
@pytest.mark.parametrize("query", ["会议", "农业生产", "消防安全宣传", "王晓东", "xuzhen", "§rural", "12万人", "赵文静 活动"])
def test_split_index_matches_lunr_py(fixture_docs, n_pieces, query):
    terms = list(dict.fromkeys(t for word in query.split() for t in (tokenize(word) or [word])))
    reference = lunr_query(reference_index(fixture_docs), terms)
    pieces = {p: Index.load(data) for p, data in split_index(build_index(fixture_docs), n_pieces).items()}
    mine = split_query(pieces, n_pieces, terms)
    assert set(mine) == set(reference)
    for ref in reference:
        assert mine[ref] == pytest.approx(reference[ref], rel=1e-9, abs=1e-12)
    if query in ("会议", "农业生产", "王晓东"):
        assert reference, "the query should find something in the fixture archive"


def test_lunr_js_scores_the_pieces_like_lunr_py(fixture_docs, tmp_path):
    """The browser's lunr.js, loading our pieces, returns lunr.py's documents and scores.

    Also rules out the default pipelines: stop-word-like tokens (an, he), pinyin and Chinese
    bigrams are found exactly as indexed, because pieces carry an empty pipeline and queries
    skip it (lunr.js's trimmer would strip every Chinese character).
    """
    import shutil
    import subprocess

    from .conftest import ROOT, need

    node = shutil.which("node")
    need(node is not None and (ROOT / "node_modules/lunr").exists(), "node and npm ci are needed")
    docs = copy.deepcopy(fixture_docs)
    docs[0].fields["body"] += ["an", "he"]  # English stop words must survive as terms
    n = 5
    pieces = split_index(build_index(docs), n)
    assert all(piece["pipeline"] == [] for piece in pieces.values())
    queries = [["会议"], ["农业", "生产"], ["an"], ["he", "会议"], ["xuzhen"], ["wangxiao", "xiaodong"], ["消防", "防安", "安全"]]
    (tmp_path / "pieces.json").write_text(json.dumps({"n": n, "pieces": pieces}, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([node, str(ROOT / "tests/js/query_pieces.js"), str(tmp_path / "pieces.json"),
                          str(tmp_path / "queries.json")], capture_output=True, text=True, check=True, cwd=ROOT)
    got = json.loads(out.stdout)
    reference = reference_index(docs)
    for terms in queries:
        want = lunr_query(reference, terms)
        assert set(got[" ".join(terms)]) == set(want), terms
        for ref, score in want.items():
            assert got[" ".join(terms)][ref] == pytest.approx(score, rel=1e-9)
    assert got["an"] and got["wangxiao xiaodong"]


def test_every_piece_file_exists_even_when_no_term_hashes_to_it(tmp_path, monkeypatch):
    from generator.site import search

    from .conftest import build_fixture_site

    class Collect:
        def __init__(self):
            self.files = {}

        def write(self, url, data):
            self.files[url] = data

    content, _ = build_fixture_site(tmp_path)
    archive = load_archive(content, load_config(FIXTURES / "archive.toml"))
    monkeypatch.setattr(search, "piece_count", lambda data: 997)  # far more pieces than terms
    writer = Collect()
    search.write_search_index(archive, writer)
    pieces = [u for u in writer.files if u.startswith("search/idx/")]
    assert sorted(pieces) == sorted(f"search/idx/{p}.js" for p in range(997))
    empty = [u for u in pieces if '"invertedIndex":[]' in writer.files[u]]
    assert empty
    data = json.loads(writer.files[empty[0]].split("JSON.parse('", 1)[1].rsplit("'));", 1)[0])
    assert Index.load(data).search("会议") == []  # a valid, empty Lunr index
