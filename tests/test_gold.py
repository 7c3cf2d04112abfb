"""The parser reproduces the hand-checked gold answers for the real corpus issues."""

from __future__ import annotations

import pytest
import yaml

from generator.ingest import IssueError, parse_issue
from generator.ingest.parse import date_from_filename
from generator.ingest.read import decode_issue
from generator.model import ParsedArticle
from generator.text import squash, strip_markup

from .conftest import CORPUS, FIXTURES

NEAR = 60  # gold.yaml: body_start within the first 60 characters, body_end within the last 60


def _gold(folder):
    path = folder / "gold.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}


GOLD = _gold(CORPUS)
FIXTURE_GOLD = _gold(FIXTURES)
ISSUES = FIXTURES / "issues"


def flat_body(a: ParsedArticle) -> str:
    return squash(strip_markup(a.body))


def matches(a: ParsedArticle, g: dict) -> bool:
    body = flat_body(a)
    start = body.find(squash(g["body_start"]))
    end = body.rfind(squash(g["body_end"]))
    return 0 <= start <= NEAR and end >= 0 and end + len(squash(g["body_end"])) >= len(body) - NEAR


def parse_file(path, entry: dict):
    text, *_ = decode_issue(path.read_bytes())
    # What the CLI does: a given date, else the masthead's, else one in the file name.
    return parse_issue(text, source=path.name, date=entry.get("given_date"), fallback_date=date_from_filename(path.name))


def gold_failures(path, entry: dict) -> list[str]:
    """Compare one parsed issue with its gold entry; return what differs."""
    return check_gold(parse_file(path, entry), entry)[1]


def check_gold(parsed, entry: dict) -> tuple[int, list[str]]:
    """Check a parsed issue against its gold entry: (number of checks made, the ones that failed).

    Every issue field, the article count, each gold article's presence, each headline part,
    dateline, reporters, correspondents, column, fragment flag, join and subhead, and each
    line that must not be a title is one check.
    """
    problems = []
    checks = 0

    def check(ok: bool, problem: str) -> None:
        nonlocal checks
        checks += 1
        if not ok:
            problems.append(problem)

    for key, want in entry["issue"].items():
        if want is not None:
            got = getattr(parsed.issue, key)
            check(got == want, f"issue {key}: {got!r} != {want!r}")
    arts = list(parsed.articles)
    check(len(arts) == len(entry["articles"]), f"{len(arts)} articles, gold has {len(entry['articles'])}")
    used: set[int] = set()
    for g in entry["articles"]:
        label = g.get("headline", [g["body_start"]])[0]
        found = [i for i, a in enumerate(arts) if i not in used and matches(a, g)]
        check(bool(found), f"{label}: no article with this body")
        if not found:
            # Everything else about a lost article fails too.
            checks += len(g.get("headline", [])) + 5 + ("column" in g) + ("page" in g) + len(g.get("joins", [])) + len(g.get("subheads", []))
            continue
        used.add(found[0])
        a = arts[found[0]]
        head = squash(" ".join(filter(None, (a.kicker, a.title, a.subtitle))))
        for part in g.get("headline", []):
            check(squash(part) in head, f"{label}: headline part {part!r} missing from {head!r}")
        check(g.get("inferred_title", False) == a.title_inferred, f"{label}: title_inferred {a.title_inferred}")
        check(g.get("dateline") == a.dateline, f"{label}: dateline {a.dateline!r} != {g.get('dateline')!r}")
        check(set(g.get("reporters", [])) == set(a.reporters), f"{label}: reporters {a.reporters} != {g.get('reporters')}")
        check(set(g.get("correspondents", [])) == set(a.correspondents),
              f"{label}: correspondents {a.correspondents} != {g.get('correspondents')}")
        if "page" in g:
            check(g["page"] == a.page, f"{label}: page {a.page!r} != {g['page']!r}")
        if "column" in g:
            check(g["column"] == a.column, f"{label}: column {a.column!r} != {g['column']!r}")
        check(g.get("fragment", False) == a.fragment, f"{label}: fragment {a.fragment}")
        for join in g.get("joins", []):
            check(squash(join) in flat_body(a), f"{label}: join {join!r} not mended")
        for sub in g.get("subheads", []):
            check(sub in a.subheads, f"{label}: subhead {sub!r} not kept inside the article")
    titles = {squash(a.title) for a in arts}
    for line in entry.get("not_articles", []):
        check(squash(line) not in titles, f"{line!r} became an article title")
    return checks, problems


@pytest.mark.parametrize("name", sorted(GOLD) or ["(corpus missing)"])
def test_corpus_issue_matches_gold(corpus, name):
    assert gold_failures(corpus / name, GOLD[name]) == []


@pytest.mark.parametrize("name", sorted(FIXTURE_GOLD))
def test_unseen_fixture_issue_matches_gold(name):
    assert gold_failures(ISSUES / name, FIXTURE_GOLD[name]) == []


def test_gold_checker_catches_a_wrong_parse():
    """The checker itself must fail on a bad answer (here: a byline lost)."""
    entry = FIXTURE_GOLD["2023-03-14-dcsx.txt"]
    broken = {**entry, "articles": [{**entry["articles"][0], "reporters": ["王晓东"]}, *entry["articles"][1:]]}
    assert any("reporters" in p for p in gold_failures(ISSUES / "2023-03-14-dcsx.txt", broken))


def test_issue_without_date_is_refused_with_instructions(corpus):
    for name, entry in GOLD.items():
        if entry["issue"].get("date") is None:
            text, *_ = decode_issue((corpus / name).read_bytes())
            with pytest.raises(IssueError) as err:
                parse_issue(text, source=name)
            assert name in str(err.value) and "--date" in str(err.value)


def test_no_title_is_a_headline_group_run_together(corpus):
    """A title of parts apart by spaces is a couplet, never kicker, title and subtitle in one."""
    for path in sorted(corpus.glob("*.txt")):
        text, *_ = decode_issue(path.read_bytes())
        try:
            parsed = parse_issue(text, source=path.name, fallback_date=date_from_filename(path.name) or "2022-12-23")
        except IssueError:
            continue
        for a in parsed.articles:
            if len(a.title.split()) > 1:
                assert len(squash(a.title)) <= 34, (path.name, a.title)
            assert not (a.subtitle and a.subtitle in a.title), (path.name, a.title)
