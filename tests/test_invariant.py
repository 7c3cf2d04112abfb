"""The invariant: whatever ingest would write, `dcsx check` accepts.  Over the corpus, the
fixtures, every variant conversion of them, and random mutations of their lines."""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.config import Config
from generator.ingest import IssueError, parse_issue
from generator.ingest.read import decode_issue
from generator.ingest.write import check_files, render_issue

from .conftest import CORPUS, FIXTURES
from .print_variants import KINDS as PRINT_KINDS
from .print_variants import WIDTH_KINDS, print_variant
from .variants import KINDS, variant

CONFIGS = (Config(), Config(names=("东昌府讯",)))


def sources() -> list[tuple[str, str]]:
    paths = sorted((FIXTURES / "issues").glob("*.txt"))
    if CORPUS.is_dir():
        paths += sorted(CORPUS.glob("*.txt"))
    return [(p.name, decode_issue(p.read_bytes())[0]) for p in paths]


def refused(text: str, config: Config) -> list[str]:
    """What check would say about the files ingest writes for this text ([] for none)."""
    try:
        parsed = parse_issue(text, source="x.txt", config=config, fallback_date="2022-12-23")
    except IssueError:
        return []  # refused whole, with a message: nothing is written
    files = render_issue(parsed, "x.txt")
    return check_files(files, parsed.issue.date, FIXTURES / "nowhere" / parsed.issue.date)


@pytest.mark.parametrize("config", CONFIGS, ids=["default", "one-name"])
def test_every_issue_and_variant_passes_check(config):
    for name, text in sources():
        assert refused(text, config) == [], name
        for kind in KINDS:
            for seed in range(3):
                changed, _ = variant(text, kind, seed=seed)
                assert refused(changed, config) == [], (name, kind, seed)


def test_every_printed_conversion_passes_check():
    """pdftotext-like texts (tests/print_variants.py): wrapped at a sweep of widths, with
    footers, captions, layout marks and 【】 headlines."""
    for name, text in sources():
        for kind in PRINT_KINDS:
            for width in ((11, 14, 18, 25, 33, 40) if kind in WIDTH_KINDS else (16,)):
                changed = print_variant(text, kind, width=width, seed=name).text
                assert refused(changed, CONFIGS[0]) == [], (name, kind, width)


@settings(max_examples=int(os.environ.get("DCSX_EXAMPLES", "200")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**32), st.sampled_from(["drop", "duplicate", "swap", "blank", "cut"]))
def test_random_mutations_pass_check(seed, how):
    rng = random.Random(seed)
    name, text = rng.choice(sources())
    lines = text.split("\n")
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(lines))
        if how == "drop":
            del lines[i]
        elif how == "duplicate":
            lines.insert(i, lines[i])
        elif how == "swap":
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif how == "blank":
            lines.insert(i, "")
        else:
            cut = rng.randrange(len(lines[i]) + 1)
            lines[i:i + 1] = [lines[i][:cut], lines[i][cut:]]
        if not lines:
            lines = [""]
    assert refused("\n".join(lines), rng.choice(CONFIGS)) == [], (name, seed, how)
