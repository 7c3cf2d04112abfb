"""Shared fixtures: where the corpus lives, and the rule that nothing skips under CI=true."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CORPUS = Path(os.environ.get("DCSX_CORPUS", ROOT.parent / "shared" / "corpus"))
IN_CI = os.environ.get("CI", "").lower() == "true"


def need(condition: bool, reason: str) -> None:
    """Skip when a laptop lacks something; under CI=true the same gap is a failure."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: nothing may skip)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    need((CORPUS / "gold.yaml").exists(), f"corpus not found at {CORPUS}")
    return CORPUS


def build_fixture_site(tmp: Path, *, base_url: str = "") -> tuple[Path, Path]:
    """Ingest the fixture issues and build them; return (content, site) folders."""
    from generator.config import load_config
    from generator.ingest.parse import date_from_filename
    from generator.ingest.read import decode_issue
    from generator.ingest.write import write_issue
    from generator.ingest import parse_issue
    from generator.site.build import build_site
    from dataclasses import replace

    config = load_config(FIXTURES / "archive.toml")
    if base_url:
        config = replace(config, base_url=base_url)
    content, site = tmp / "content", tmp / "site"
    for path in sorted((FIXTURES / "issues").glob("*.txt")):
        text, *_ = decode_issue(path.read_bytes())
        parsed = parse_issue(text, source=path.name, config=config, fallback_date=date_from_filename(path.name))
        write_issue(parsed, content, path.name)
    report = build_site(content, site, config)
    assert not report.problems, report.problems
    return content, site


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    return build_fixture_site(tmp_path_factory.mktemp("fixture"))[1]
