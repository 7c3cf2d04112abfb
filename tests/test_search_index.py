"""The split index gives lunr.py's documents and scores; the tokenizer matches its vectors."""

from __future__ import annotations

import copy
import json
import random

import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.query import QueryPresence

from generator.config import load_config
from generator.content import load_archive
from generator.search import tokens as search_tokens
from generator.search.tokens import name_pinyin_tokens, text_pinyin_tokens, tokenize
from generator.search import format as search
from generator.search import index as indexer
from generator.search.documents import doc_number, search_documents
from generator.search.format import BOOSTS, FIELDS, fnv1a

from .conftest import FIXTURES

VECTORS = json.loads((FIXTURES / "tokenizer_vectors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", VECTORS["tokenize"], ids=lambda c: c["text"][:12])
def test_tokenizer_vectors(case):
    assert tokenize(case["text"]) == case["tokens"]


def _spec_tokens(text):
    """The module docstring's specification, step by step, to hold the fast tokenizer to."""
    import unicodedata

    found = [(m.group(0), m.start(), m.end())
             for m in search_tokens._RUN.finditer(unicodedata.normalize("NFKC", text).lower())]
    tokens = []
    for i, (run, start, end) in enumerate(found):
        prev = found[i - 1][0] if i and found[i - 1][2] == start else None
        nxt = found[i + 1][0] if i + 1 < len(found) and found[i + 1][1] == end else None
        if not run.isascii():
            if len(run) > 1:
                tokens += [run[k:k + 2] for k in range(len(run) - 1)]
            elif not (prev or nxt):
                tokens.append(run)
        else:
            tokens += [prev[-1] + run] if prev else []
            tokens.append(run)
            tokens += [run + nxt[0]] if nxt else []
    return tokens


def test_normalizing_and_tokenizing_follow_the_specification_on_awkward_text():
    import unicodedata

    _, table = search_tokens._compatibility()
    assert table["，"] == "," and table["Ａ"] == "A" and table["①"] == "1" and "中" not in table
    # Characters the shortcut replaces, beside marks that compose or reorder, Hangul jamo,
    # compatibility ideographs, Kangxi radicals and letters whose case mapping is special.
    alphabet = sorted(table)[::7] + list("\u0301\u0308\u0345\u3099\u309a가\u1100\u1161\u11a8aZ1中文"
                                          "\uf900\u2f00 ，ｶﾞℌﬁİẞΣς３期x")
    rng = random.Random(8)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        assert search_tokens.normalize(text) == unicodedata.normalize("NFKC", text).lower(), ascii(text)
        assert tokenize(text) == _spec_tokens(text), ascii(text)


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


@pytest.fixture(scope="module")
def fixture_archive(tmp_path_factory):
    from .conftest import build_fixture_site

    content, _ = build_fixture_site(tmp_path_factory.mktemp("search"))
    return load_archive(content, load_config(FIXTURES / "archive.toml"))


@pytest.fixture(scope="module")
def fixture_docs(fixture_archive):
    return list(search_documents(fixture_archive.articles))


class Collect:
    """A writer that keeps files in memory (and can put them on disk)."""

    def __init__(self):
        self.files: dict[str, str] = {}

    def write(self, url, data):  # as Writer.write: text, or its UTF-8 bytes
        assert url not in self.files
        self.files[url] = data.decode("utf-8") if isinstance(data, bytes) else data

    def save(self, folder):
        for url, data in self.files.items():
            (folder / url).parent.mkdir(parents=True, exist_ok=True)
            (folder / url).write_text(data, encoding="utf-8")
        return folder / "search"


def payload(text: str):
    """The JSON inside a search data file (a call to dcsxSearch.kind(key, JSON.parse('…')))."""
    quoted = text.split("JSON.parse('", 1)[1].rsplit("'));", 1)[0]
    return json.loads(quoted.replace("\\'", "'").replace("\\\\", "\\"))


QUERIES = [["会议"], ["农业", "生产"], ["an"], ["he", "会议"], ["xuzhen"], ["wangxiao", "xiaodong"],
           ["消防", "防安", "安全"], ["§rural"], ["12万", "万人"], ["赵文", "文静", "活动"], ["没有", "这个词"]]


def run_node(search_dir, queries, tmp_path):
    import shutil
    import subprocess

    from .conftest import ROOT, need

    node = shutil.which("node")
    need(node is not None and (ROOT / "node_modules/lunr").exists(), "node and npm ci are needed")
    (tmp_path / "queries.json").write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run([node, str(ROOT / "tests/js/query_site.js"), str(search_dir), str(tmp_path / "queries.json")],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


DEFAULT_PIECE_BYTES = search.PIECE_BYTES


@pytest.mark.parametrize("piece_bytes", [DEFAULT_PIECE_BYTES, 300, 1])
def test_lunr_js_scores_the_written_index_like_lunr_py(fixture_archive, tmp_path, monkeypatch, piece_bytes):
    """The browser's code (dcsx-index.js + lunr.js 2.3.9), reading the files the build wrote,
    returns lunr.py's documents and scores for a Builder over the whole archive.

    Also rules out the default pipelines: stop-word-like tokens (an, he), pinyin and Chinese
    bigrams are found exactly as indexed (lunr.js's trimmer would strip every Chinese character).
    """
    docs = [copy.deepcopy(d) for d in search_documents(fixture_archive.articles)]
    docs[0].fields["body"] += ["an", "he"]  # English stop words must survive as terms
    docs[1].fields["facets"] += ["#聚焦 两会", "#50%", "#it's\\"]  # terms a piece spells (%XXXX)
    monkeypatch.setattr(indexer, "search_documents", lambda archive: iter(docs))
    monkeypatch.setattr(search, "PIECE_BYTES", piece_bytes)
    writer = Collect()
    indexer.write_search_index(fixture_archive, writer)
    leaves = search.shape_leaves(payload(writer.files["search/meta.js"])["trie"])
    assert (len(leaves) == 1) == (piece_bytes == DEFAULT_PIECE_BYTES)
    queries = QUERIES + [["#聚焦 两会"], ["#50%"], ["#it's\\"], ["#聚焦 两会", "#50%"]]
    got = run_node(writer.save(tmp_path / "site"), queries, tmp_path)
    reference = reference_index(docs)
    for terms in queries:
        want = lunr_query(reference, terms)
        assert set(got[" ".join(terms)]) == set(want), terms
        for ref, score in want.items():
            assert got[" ".join(terms)][ref] == pytest.approx(score, rel=1e-9, abs=1e-12)
    for found in ("会议", "an", "wangxiao xiaodong", "§rural", "#聚焦 两会", "#50%", "#it's\\"):
        assert got[found], found


def test_every_term_has_exactly_one_leaf():
    costs = {f"词{i}": 7 for i in range(500)}
    leaves = search.plan_leaves(costs, limit=200)
    assert len(leaves) > 8 and all(sum(costs[t] for t in terms) <= 200 for terms in leaves.values())
    for name, terms in leaves.items():
        assert all(search.leaf_of(t, leaves) == name for t in terms)
    for other in ("不在", "xyz", "§x"):  # unknown terms land in exactly one (possibly empty) leaf
        assert sum(1 for name in leaves if name == search.leaf_of(other, leaves)) == 1


def test_postings_survive_encoding():
    """encode_term -> decode_piece is the identity, for gaps and frequencies small and large."""
    postings = {0: ([4_512_301], [1]), 1: ([7, 40, 41, 32_800, 5_000_000], [1, 3, 1, 70_000, 2]),
                3: (list(range(1, 200, 7)), [1] * 29)}
    text = search.piece_payload("0-0", search.piece_body({'引"号\\ 50%': search.encode_value(postings),
                                                          "an": search.encode_value({4: ([0], [1])})}))
    assert text.startswith("dcsxSearch.piece(\"0-0\",'an ")
    assert all(set(v) <= set(map(chr, range(0x28, 0x7F))) for v in search.read_piece(text).values())
    assert "\\" not in text and text.count("'") == 2  # nothing for the script string to escape
    decoded = search.decode_piece(search.read_piece(text))
    assert decoded == {'引"号\\ 50%': postings, "an": {4: ([0], [1])}}
    assert [search.vint(n) for n in (0, 31, 32, 1023, 32_768)] == ["_", "~", ")_", "G~", ")((_"]


def test_the_digit_tables_spell_every_number_as_the_plain_encoder_does():
    """vint reads prebuilt tables (built by enumeration, for a quick start); every table entry
    and every boundary between them must equal the digit-by-digit encoding."""
    assert [search.vint(n) for n in range(1 << 17)] == [search._vint(n) for n in range(1 << 17)]
    edges = [k << s for s in range(15, 36) for k in (1, 2, 3)] + [(1 << 30) + 5, 12_345_678_901, 45_000 * 100 + 7]
    for n in sorted({e + d for e in edges for d in (-1, 0, 1)}):
        assert search.vint(n) == search._vint(n), n
        assert search._numbers(search.vint(n)) == [n]


def test_editing_the_newest_documents_of_an_entry_writes_what_encoding_the_whole_would():
    """entries.edit_tail takes out, changes and adds documents at the end of fields as strings;
    it must equal encode_value of the changed postings, or give up (None) on a long tail or
    postings that do not hold a document as the change says."""
    import random

    from generator.search.entries import _TAIL, edit_tail, posting_count

    rng = random.Random(11)
    edited = gave_up = 0
    for _ in range(3000):
        postings = {}
        for fi in rng.sample(range(5), rng.randint(1, 4)):
            docs = sorted(rng.sample(range(rng.choice([100, 5000, 2_000_000])), rng.randint(1, 90)))
            tfs = [1] * len(docs) if rng.random() < 0.5 else [rng.choice([1, 1, 2, 40, 70_000]) for _ in docs]
            postings[fi] = (docs, tfs)
        text = search.encode_value(postings)
        changes, want = {}, {fi: dict(zip(d, t)) for fi, (d, t) in postings.items()}
        for fi in rng.sample(range(5), rng.randint(1, 3)):
            docs = postings[fi][0] if fi in postings else []
            cut = rng.randint(max(0, len(docs) - rng.choice([1, 3, 70])), len(docs)) if docs else 0
            edits = {}
            for d in docs[cut:]:  # the newest: taken out, changed or left
                roll = rng.random()
                if roll < 0.4:
                    edits[d] = (want[fi][d], None)
                elif roll < 0.7:
                    edits[d] = (want[fi][d], rng.choice([1, 2, 33]))
            top = (docs[-1] + 1) if docs else 0
            for d in sorted(rng.sample(range(top, top + rng.choice([20, 3_000_000])), rng.randint(0, 3))):
                edits[d] = (None, rng.choice([1, 1, 5]))
            if not edits:
                continue
            changes[fi] = edits
            for d, (_, new) in edits.items():
                if new is None:
                    del want[fi][d]
                else:
                    want.setdefault(fi, {})[d] = new
        if not changes:
            continue
        grown = {fi: (sorted(t), [t[d] for d in sorted(t)]) for fi, t in want.items() if t}
        got = edit_tail(text, changes)
        tails = [sum(d >= min(e) for d in postings.get(fi, ([], []))[0]) for fi, e in changes.items()]
        if got is None:
            assert max(tails) > _TAIL
            gave_up += 1
            continue
        edited += 1
        assert got == (search.encode_value(grown), posting_count(text), sum(len(d) for d, _ in grown.values()))
        fi = next(iter(changes))
        if fi in postings:  # a document the postings do not hold as the change says: given up
            d = postings[fi][0][-1]
            assert edit_tail(text, {fi: {d: (postings[fi][1][-1] + 1, None)}}) is None
    assert edited > 2000 and gave_up > 10


def test_appending_to_an_encoded_entry_writes_what_encoding_the_whole_would():
    """entries.append_postings splices new documents onto the string; it must equal encode_value
    of the grown postings, for gaps and tfs small and large and fields old and new."""
    import random

    from generator.search.entries import append_postings, posting_count

    rng = random.Random(8)
    for _ in range(1500):
        postings = {}
        for fi in rng.sample(range(5), rng.randint(1, 4)):
            docs = sorted(rng.sample(range(rng.choice([100, 5000, 2_000_000])), rng.randint(1, 60)))
            tfs = [1] * len(docs) if rng.random() < 0.5 else [rng.randint(1, 40) for _ in docs]
            postings[fi] = (docs, tfs)
        text = search.encode_value(postings)
        assert posting_count(text) == sum(len(d) for d, _ in postings.values())
        adds, grown = {}, {fi: (list(d), list(t)) for fi, (d, t) in postings.items()}
        for fi in rng.sample(range(5), rng.randint(1, 3)):
            last = postings[fi][0][-1] if fi in postings else 0
            docs = sorted(rng.sample(range(last + 1, last + rng.choice([50, 3_000_000])), rng.randint(1, 4)))
            adds[fi] = [(d, 1 if rng.random() < 0.7 else rng.randint(1, 9)) for d in docs]
            grown.setdefault(fi, ([], []))
            grown[fi][0].extend(d for d, _ in adds[fi])
            grown[fi][1].extend(tf for _, tf in adds[fi])
        assert append_postings(text, adds) == (search.encode_value(grown), posting_count(text))
        fi, (docs, _) = next(iter(postings.items()))
        assert append_postings(text, {fi: [(docs[-1], 1)]}) is None  # not after the last: refused


def test_an_edit_rewrites_only_the_leaves_of_its_terms(fixture_archive, monkeypatch):
    """Change one article's body: pieces holding none of its old or new terms stay byte-identical."""
    monkeypatch.setattr(search, "PIECE_BYTES", 400)
    docs = list(search_documents(fixture_archive.articles))
    before = Collect()
    monkeypatch.setattr(indexer, "search_documents", lambda archive: iter(docs))
    indexer.write_search_index(fixture_archive, before)
    edited = copy.deepcopy(docs)
    old_terms = set(edited[3].fields["body"])
    edited[3].fields["body"] = edited[3].fields["body"][:-5] + ["更正", "正后"]
    after = Collect()
    monkeypatch.setattr(indexer, "search_documents", lambda archive: iter(edited))
    indexer.write_search_index(fixture_archive, after)
    touched = old_terms ^ set(edited[3].fields["body"]) | {"更正", "正后"}
    leaves = search.shape_leaves(payload(after.files["search/meta.js"])["trie"])
    assert payload(before.files["search/meta.js"])["trie"] == payload(after.files["search/meta.js"])["trie"]
    assert len(leaves) > 10
    changed = {u for u in after.files if after.files[u] != before.files.get(u)}
    touched_pieces = {f"search/idx/{search.leaf_of(t, leaves)}.js" for t in touched | set(docs[3].fields["body"])}
    assert {u for u in changed if u.startswith("search/idx/")} <= touched_pieces
    assert len({u for u in changed if u.startswith("search/idx/")}) < len(leaves) / 2
    ref = docs[3].ref
    year = docs[3].record[3][:4]
    assert changed - touched_pieces <= {"search/meta.js", f"search/docs/{ref}.js", f"search/len/{year}.js"}


def test_document_numbers_are_stable_and_in_date_order():
    assert doc_number("2022-11-22", 3) < doc_number("2022-11-22", 4) < doc_number("2022-11-25", 1)
    assert doc_number("1990-01-01", 1) > 0


def test_reverse_is_the_32_bits_backwards():
    """plan_leaves sorts terms by their bit-reversed hash, a byte at a time; search.js walks the trie by low bits."""
    rng = random.Random(32)
    for h in [0, 1, 0x80000000, 0xFFFFFFFF, 0x12345678] + [rng.getrandbits(32) for _ in range(5000)]:
        assert search._reverse(h) == int(f"{h:032b}"[::-1], 2)


def test_a_piece_edited_in_place_is_the_file_a_whole_build_writes():
    """pieces.Piece splices changed entries into a piece's bytes; the file must be the one
    written from the edited object, escapes or none, terms new, changed and removed."""
    import random

    from generator.search.pieces import Piece, object_text

    rng = random.Random(11)
    words = ["词", "an", "a", "b", "§rural", "@王晓", "\U00020000字", ",", ":", "}", "{", "x,", "引\"号", "it's",
             "a\u2028b", "零\u200b宽", "#聚焦 两会", "50%", "%0020", "back\\slash"]
    values = [search.encode_value({fi: ([n], [1])}) for fi in range(5) for n in (0, 27, 31, 1019, 4_700_000)]
    spelled = 0
    for _ in range(3000):
        obj = {rng.choice(words) + rng.choice(["", "1", "2", "号"]): rng.choice(values) for _ in range(rng.randint(0, 9))}
        new = dict(obj)
        piece = Piece(search.piece_payload("2-1", object_text(obj)).encode("utf-8"))
        for _ in range(rng.randint(1, 4)):
            term = rng.choice(list(obj) + [rng.choice(words) + "3"]) if obj and rng.random() < 0.7 else rng.choice(words)
            assert piece.get(term) == new.get(term)
            if rng.random() < 0.3:
                del piece[term]
                new.pop(term, None)
            else:
                piece[term] = new[term] = rng.choice(values + [{0: ([5, 9], [1, 2])}])
        assert piece.whole() == new
        want = search.piece_payload("2-1", object_text(new)).encode("utf-8")
        assert piece.payload("2-1") == want, (obj, piece.changed)
        assert search.read_piece(want.decode("utf-8")) == {t: v if isinstance(v, str) else search.encode_value(v)
                                                           for t, v in new.items()}
        spelled += any(c in t for t in new for c in " %'\\\u2028")
    assert 300 < spelled < 2700  # pieces with terms the file spells, and pieces without
    for bad in (b"dcsxSearch.piece(\"2-1\",JSON.parse('[1]'));\n", b"dcsxSearch.piece(\"2-1\",'an');\n"):
        with pytest.raises(ValueError):
            Piece(bad)


def test_a_run_of_numbers_sums_the_same_short_or_long():
    """entries._sum reads short runs with regular expressions and long ones with numpy: both
    must give the sum, for numbers of one to seven digits, and refuse a number cut short."""
    import random

    from generator.search.entries import _sum

    rng = random.Random(5)
    for length in (0, 1, 3, 20, 63, 64, 65, 300, 4000):
        numbers = [rng.choice([rng.randrange(32), rng.randrange(1 << 10), rng.randrange(1 << 20), rng.randrange(1 << 35)])
                   for _ in range(length)]
        text = "".join(map(search.vint, numbers)).encode("ascii")
        assert _sum(text) == sum(numbers), length
    for cut in (b"(" * 70, b"_" * 70 + b")"):
        with pytest.raises(ValueError):
            _sum(cut)
    with pytest.raises(ValueError):
        _sum(b"((((((((_" * 10)


def test_the_tries_shape_gives_back_its_leaves():
    """meta.js holds the trie's shape, not its leaves' names: every plan of leaves survives it."""
    rng = random.Random(5)
    for n in (0, 1, 7, 300, 3000):
        costs = {f"词{i}": rng.randint(1, 60) for i in range(n)}
        for limit in (1, 50, 2000, 10**9):
            leaves = search.plan_leaves(costs, limit)
            shape = search.trie_shape(leaves)
            assert set(shape) <= set(search.SHAPE_DIGITS)
            assert sorted(search.shape_leaves(shape)) == sorted(leaves), (n, limit)
    many = search.plan_leaves({f"t{i}": 30 for i in range(20_000)}, 1000)
    assert len(search.trie_shape(many)) * 6 < 2.1 * len(many)  # about a bit a node
