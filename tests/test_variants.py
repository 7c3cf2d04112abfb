"""The parser on other conversions of the same issues (tests/variants.py): the gold must still hold.

Run as a script (``python -m tests.test_variants``) for the per-variant table.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pytest

from generator.ingest import parse_issue
from generator.ingest.parse import date_from_filename
from generator.ingest.read import decode_issue
from generator.text import squash

from .conftest import CORPUS, need
from .test_gold import FIXTURE_GOLD, GOLD, ISSUES, check_gold
from .variants import KINDS, variant

SWAP = str.maketrans("()（）", "（）()")


def _sources() -> list[tuple[str, object, dict]]:
    """(label, path, gold entry) for every corpus issue (when present) and fixture issue."""
    found = [(f"corpus/{name}", CORPUS / name, entry) for name, entry in sorted(GOLD.items())]
    found += [(f"fixtures/{name}", ISSUES / name, entry) for name, entry in sorted(FIXTURE_GOLD.items())]
    return found


def _swapped(value):
    """A gold entry with brackets swapped like the text was."""
    if isinstance(value, str):
        return value.translate(SWAP)
    if isinstance(value, list):
        return [_swapped(v) for v in value]
    if isinstance(value, dict):
        return {k: _swapped(v) for k, v in value.items()}
    return value


SEEDS = (1, 2, 3)


@lru_cache(maxsize=None)
def score(label: str, kind: str) -> tuple[int, tuple[str, ...]]:
    """(checks made, failures) over the seeded variants of one kind of one issue."""
    checks, problems = 0, []
    for seed in SEEDS:
        made, failed = _score(label, kind, seed)
        checks += made
        problems += [f"(seed {seed}) {p}" for p in failed]
    return checks, tuple(problems)


def _score(label: str, kind: str, seed: int) -> tuple[int, list[str]]:
    _, path, entry = next(s for s in _sources() if s[0] == label)
    text, *_ = decode_issue(path.read_bytes())
    fallback = date_from_filename(path.name)
    date = entry.get("given_date") or entry["issue"].get("date") or fallback
    paper = "东昌时讯" if "东昌时讯" in text else "东昌府讯"
    changed, heads = variant(text, kind, date=date, paper=paper, seed=f"{label}:{seed}")
    if kind == "brackets_swapped":
        entry = _swapped(entry)
    parsed = parse_issue(changed, source=path.name, date=entry.get("given_date"), fallback_date=fallback)
    checks, problems = check_gold(parsed, entry)
    problems = list(problems)
    # No running head (or a piece of one the text did not already hold) inside any article.
    articles = [squash(" ".join(filter(None, (a.column, a.kicker, a.title, a.subtitle, a.body)))) for a in parsed.articles]
    for head in heads:
        pieces = [head] + [p for p in re.split(r"\s+", head) if len(p) >= 3 and p not in text]
        checks += 1
        leaked = [p for p in pieces if any(squash(p) in a for a in articles)]
        if leaked:
            problems.append(f"running head {head!r} left in an article ({leaked[0]!r})")
    return checks, problems


def _labels() -> list[str]:
    return [label for label, path, _ in _sources() if path.exists()]


def table() -> dict[str, tuple[int, int]]:
    """Per kind of variant: (checks that hold, checks made) over all issues."""
    result = {}
    for kind in KINDS:
        held = made = 0
        for label in _labels():
            checks, problems = score(label, kind)
            made += checks
            held += checks - len(problems)
        result[kind] = (held, made)
    return result


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_of_variant_keeps_97_percent_of_the_gold(kind):
    need((CORPUS / "gold.yaml").exists(), f"corpus not found at {CORPUS}")
    held, made = table()[kind]
    failures = [f"{label}: {p}" for label in _labels() for p in score(label, kind)[1]]
    assert held / made >= 0.97, "\n".join(failures)


def test_variants_keep_99_percent_of_the_gold_overall():
    need((CORPUS / "gold.yaml").exists(), f"corpus not found at {CORPUS}")
    rows = table().values()
    held, made = sum(h for h, _ in rows), sum(m for _, m in rows)
    assert held / made >= 0.99


@pytest.mark.parametrize("kind", [k for k in KINDS if "running_heads" in k])
def test_no_running_head_is_left_in_any_article(kind):
    leaks = [f"{label}: {p}" for label in _labels() for p in score(label, kind)[1] if "running head" in p]
    assert leaks == []


def test_the_variants_change_the_shape_and_keep_the_text():
    text, *_ = decode_issue((ISSUES / "2023-03-14-dcsx.txt").read_bytes())
    for kind in KINDS:
        changed, heads = variant(text, kind, date="2023-03-14")
        assert changed != text, kind
        kept = squash(changed)
        for head in heads:
            kept = kept.replace(squash(head), "", 1)
        if kind == "brackets_swapped":
            kept = kept.translate(SWAP)
        original = re.sub(r"(?m)^#{1,6}\s+", "", text) if kind == "unmarked" else text
        assert sorted(kept) == sorted(squash(original)), kind
    assert variant(text, "dated_running_heads", date="2023-03-14")[1], "no running head was inserted"


if __name__ == "__main__":
    rows = table()
    print("| variant | checks held | % |")
    print("|---|---|---|")
    for kind, (held, made) in rows.items():
        print(f"| {kind} | {held} / {made} | {100 * held / made:.1f} |")
    held, made = sum(h for h, _ in rows.values()), sum(m for _, m in rows.values())
    print(f"| all | {held} / {made} | {100 * held / made:.1f} |")
    for label in _labels():
        for kind in KINDS:
            for p in score(label, kind)[1]:
                print(f"{kind:20} {label}: {p}")
