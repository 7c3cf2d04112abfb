"""What a reader sees, exactly: every article's kicker, title, subtitle, subheadings, column,
section and place, for the corpus issues and the fixtures (tests/reader_gold.yaml).

../shared/corpus/gold.yaml only checks that the right strings are there; this checks the
page.  The issues go through the way a new archivist's do: `dcsx new --paper 东昌府讯`, ingest
every issue, `dcsx check`.  Sections and banners come from the fixture archive.toml (a copy of
the sample archive's).  After an intended parser change: DCSX_REGEN_READER=1 rewrites the
gold; read `git diff tests/reader_gold.yaml` article by article before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.config import load_config
from generator.content import load_archive

from .conftest import CORPUS, FIXTURES, need

GOLD_PATH = Path(__file__).parent / "reader_gold.yaml"
FIELDS = ("kicker", "title", "subtitle", "subheads", "column", "section", "place")
_SUBHEAD = re.compile(r"^#{2,6} (.+)$", re.M)  # what the article page shows as subheadings
TITLE_MAX = 34  # a longer title is a headline group run together


def _given_dates() -> dict[str, str]:
    """Issues without a masthead date, and the date their gold gives."""
    dates = {}
    for gold in (CORPUS / "gold.yaml", FIXTURES / "gold.yaml"):
        if gold.exists():
            for name, entry in yaml.safe_load(gold.read_text(encoding="utf-8")).items():
                if entry.get("given_date"):
                    dates[name] = entry["given_date"]
    return dates


def _dcsx(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", env={**os.environ, "NO_COLOR": "1"})


@pytest.fixture(scope="module")
def new_archive(tmp_path_factory) -> Path:
    """A `dcsx new` archive with every corpus and fixture issue ingested."""
    need((CORPUS / "gold.yaml").exists(), f"corpus not found at {CORPUS}")
    root = tmp_path_factory.mktemp("reader") / "archive"
    made = _dcsx("new", str(root), "--paper", "东昌府讯", "--no-git", cwd=Path.cwd())
    assert made.returncode == 0, made.stderr
    dates = _given_dates()
    for path in sorted(CORPUS.glob("*.txt")) + sorted((FIXTURES / "issues").glob("*.txt")):
        extra = ["--date", dates[path.name]] if path.name in dates else []
        done = _dcsx("ingest", str(path), *extra, cwd=root)
        assert done.returncode == 0, (path.name, done.stderr)
    return root


def _reader_view(content: Path, config_path: Path) -> dict:
    archive = load_archive(content, load_config(config_path))
    view = {}
    for issue in archive.issues:
        view[issue.id] = [
            {"kicker": a.kicker, "title": a.title, "subtitle": a.subtitle, "subheads": _SUBHEAD.findall(a.body),
             "column": a.column, "section": a.section, "place": a.place}
            for a in issue.articles
        ]
    return view


def test_new_archive_ingests_every_issue_and_check_passes(new_archive):
    checked = _dcsx("check", cwd=new_archive)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "0 problems" in checked.stdout + checked.stderr


def test_every_article_reads_as_the_reader_gold_says(new_archive):
    view = _reader_view(new_archive / "content", FIXTURES / "archive.toml")
    if os.environ.get("DCSX_REGEN_READER"):
        GOLD_PATH.write_text("# Regenerate with DCSX_REGEN_READER=1 after an intended change; review every line.\n"
                             + yaml.safe_dump(view, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    gold = yaml.safe_load(GOLD_PATH.read_text(encoding="utf-8"))
    assert list(view) == list(gold), "the issues differ"
    for issue_id, articles in gold.items():
        got = view[issue_id]
        assert len(got) == len(articles), (issue_id, [a.get("title") for a in got])
        for seq, (want, have) in enumerate(zip(articles, got)):
            for key in want:
                assert have[key] == want[key], (issue_id, seq, key, have[key], want[key])


def test_no_title_is_a_group_run_together_and_the_new_archive_agrees(new_archive):
    """The `dcsx new` archive's own config gives the same headlines, columns and places."""
    mine = _reader_view(new_archive / "content", new_archive / "archive.toml")
    gold = yaml.safe_load(GOLD_PATH.read_text(encoding="utf-8"))
    for issue_id, articles in gold.items():
        for want, have in zip(articles, mine[issue_id]):
            assert len(have["title"]) <= TITLE_MAX, have["title"]
            for key in ("kicker", "title", "subtitle", "subheads", "column", "place"):
                assert have[key] == want[key], (issue_id, key, have[key], want[key])
