"""Golden files: selected pages of the built fixture site, byte for byte.

Regenerate after an intended change with:   make golden
(which runs: DCSX_REGEN_GOLDEN=1 python -m pytest tests/test_golden.py)
and review the diff of tests/golden/ before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).resolve().parent / "golden"
PAGES = [
    "index.html",
    "issues/index.html",
    "issues/2023-03-14/index.html",
    "issues/2023-03-14/03.html",
    "issues/2023-06-07/05.html",
    "sections/index.html",
    "columns/hong-se-ji-yi/index.html",
    "reporters/index.html",
    "reporters/liu-yang/index.html",
    "search/index.html",
    "feed.xml",
    "search/meta.js",
    "search/docs/2ofzp.js",
    "search/idx/0-0.js",
    "search/len/2023.js",
    "search/issues.js",
]


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden(fixture_site, page):
    built = (fixture_site / page).read_bytes()
    expected = GOLDEN / page
    if os.environ.get("DCSX_REGEN_GOLDEN") == "1":
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_bytes(built)
    assert expected.exists(), f"no golden file for {page}: run `make golden`"
    assert built.decode("utf-8") == expected.read_text(encoding="utf-8")
