"""The packed text of the search records (generator/search/chars.py) and its JS twin."""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.search.chars import ALPHABET, CHARACTERS, ONE, pack_text, unpack_text
from generator.search.documents import search_documents
from generator.search.index import write_search_index
from generator.text import plain_text

from .conftest import ROOT, need
from .test_search_index import Collect, fixture_archive  # noqa: F401  (a fixture)


def test_the_code_spells_every_place_of_the_table_once():
    assert len(ALPHABET) == 91 and not set(ALPHABET) & set("\"'\\")
    assert len(CHARACTERS) == ONE + (len(ALPHABET) - ONE) * len(ALPHABET) == len(set(CHARACTERS))
    # every symbol of the alphabet is itself a character of the table: in packed text it is always code
    assert set(ALPHABET) <= set(CHARACTERS)
    spelt = {pack_text(c) for c in CHARACTERS}
    assert len(spelt) == len(CHARACTERS) and all(len(s) in (1, 2) and set(s) <= set(ALPHABET) for s in spelt)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_comes_back_whole(text):
    assert unpack_text(pack_text(text)) == text


def test_packing_never_needs_a_quote_or_backslash_of_its_own():
    text = "他说：“好！”'single' \"double\" back\\slash 1.5米 GDP 𠀀 \n\t"
    packed = pack_text(text)
    assert packed.count("'") == 1 * 2 and packed.count('"') == 2 and packed.count("\\") == 1
    assert unpack_text(packed) == text


def test_chinese_news_text_packs_to_well_under_its_utf8_bytes(fixture_archive):  # noqa: F811
    texts = [" ".join(filter(None, (a.dateline, plain_text(a.body)))) for a in fixture_archive.articles]
    raw = sum(len(t.encode()) for t in texts)
    packed = sum(len(pack_text(t).encode()) for t in texts)
    assert packed / raw < 0.7, packed / raw


def _node(*args):
    node = shutil.which("node")
    need(node is not None, "node is needed")
    out = subprocess.run([node, str(ROOT / "tests/js/unpack_records.js"), *map(str, args)],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def search_dir(fixture_archive, tmp_path_factory):  # noqa: F811
    writer = Collect()
    write_search_index(fixture_archive, writer)
    return writer.save(tmp_path_factory.mktemp("chars"))


def test_the_page_unpacks_every_record_to_the_articles_text(fixture_archive, search_dir):  # noqa: F811
    expected = {doc.ref: " ".join(filter(None, (a.dateline, plain_text(a.body), *a.captions)))
                for a, doc in zip(fixture_archive.articles, search_documents(fixture_archive.articles))}
    assert _node(search_dir) == expected
    assert any("，" in t and "。" in t for t in expected.values())


def test_the_page_unpacks_what_python_packs(search_dir, tmp_path):
    rnd = random.Random(7)
    pool = CHARACTERS + "𠀀𪚥\u200b\n\t '\"\\é"
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randrange(0, 80))) for _ in range(300)]
    (tmp_path / "packed.json").write_text(json.dumps([pack_text(t) for t in texts], ensure_ascii=False), encoding="utf-8")
    assert _node(search_dir, tmp_path / "packed.json") == texts
