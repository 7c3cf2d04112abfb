"""The normalizing reader stage: other converters' characters give the same articles as the issue
as received, and every character the stage changes is accounted for."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.ingest import parse_issue
from generator.ingest.parse import date_from_filename
from generator.ingest.conserve import unaccounted
from generator.ingest.normalize import as_received, normalize_text
from generator.ingest.read import decode_issue
from generator.text import squash

from .char_variants import INVISIBLE, KINDS, char_variant
from .conftest import CORPUS, FIXTURES
from .test_reader_gold import _given_dates

CONFIG = Config()


def _issues() -> list[tuple[str, str, str | None]]:
    dates = _given_dates()
    paths = sorted((FIXTURES / "issues").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    return [(p.name, decode_issue(p.read_bytes())[0], dates.get(p.name) or date_from_filename(p.name)) for p in paths]


def _view(text: str, date: str | None) -> list[tuple]:
    parsed = parse_issue(text, date=date, config=CONFIG)
    return [(a.kicker, a.title, a.subtitle, a.column, a.dateline, a.reporters, a.correspondents, a.body, a.page)
            for a in parsed.articles] + [parsed.issue.date, parsed.issue.number]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [1, 2])
def test_each_kind_parses_exactly_as_the_issue_as_received(kind, seed):
    issues = _issues()
    assert len(issues) >= 5
    for name, text, date in issues:
        clean = _view(text, date)
        changed = char_variant(text, kind, seed)
        assert changed != text, (name, kind)
        assert _view(changed, date) == clean, (name, kind, seed)


@pytest.mark.parametrize("kind", KINDS)
def test_every_changed_character_is_accounted_for(kind):
    for name, text, date in _issues():
        changed = char_variant(text, kind)
        norm = normalize_text(changed)
        assert as_received(Counter(squash(norm.text)), norm) == Counter(squash(changed)), (name, kind)
        lost, added = unaccounted(changed, parse_issue(changed, date=date, config=CONFIG))
        assert not lost and not added, (name, kind, lost, added)
        if kind != "letter_spaced":
            assert norm.summary(), "the ingest report says what was normalized"


def test_what_the_stage_does_to_single_lines():
    cases = {
        "2022年11⽉22⽇ 星期⼆": "2022年11月22日 星期二",
        "(融媒体 徐\u200b振鑫 通讯员\u2060 杨晓斌)": "(融媒体 徐振鑫 通讯员 杨晓斌)",
        "ＤＯＮＧＣＨＡＮＧＳＨＩＸＵＮ": "DONGCHANGSHIXUN",
        "总第 1486 期 今日 4 版": "总第1486期 今日4版",
        "东昌府讯 11 月 18 日，3360 斤": "东昌府讯 11月18日，3360斤",
        "## 全 市 疫 情 防 控  工 作 会 议 召 开": "## 全市疫情防控 工作会议召开",
        "东 昌 府 讯": "东昌府讯",
        "2 要闻": "2 要闻",  # a page number keeps its space
        "要闻 2": "要闻 2",
        "全区 各 部门": "全区 各 部门",  # two-character words: no letter-spacing
        "，。：（）": "，。：（）",  # the paper's full-width punctuation stays
    }
    for raw, want in cases.items():
        assert normalize_text(raw).text == want, raw


def test_a_radical_masthead_is_read_and_the_issue_dated():
    text = "# 东昌府讯\n\n2022年11⽉22⽇ 星期⼆\n\n## 区政府党组会议召开\n\n东昌府讯 11⽉15⽇，会议召开。\n(融媒体 徐振鑫)\n"
    parsed = parse_issue(text, config=CONFIG)
    assert parsed.issue.date == "2022-11-22"
    assert [a.title for a in parsed.articles] == ["区政府党组会议召开"]
    assert parsed.articles[0].reporters == ("徐振鑫",)
    assert any("radical" in w.message for w in parsed.issue.warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("东昌府讯日月一人大 12ＡＢ\n⽇⽉⼀⼈⼤#") + list(INVISIBLE)), max_size=80))
def test_normalizing_accounts_for_every_character(text):
    norm = normalize_text(text)
    assert as_received(Counter(squash(norm.text)), norm) == Counter(squash(text))
    assert normalize_text(norm.text).text == norm.text  # once is enough
