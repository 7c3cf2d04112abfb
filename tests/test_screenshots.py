"""The README's screenshots, taken in Chromium from the fixture site.

`make screenshots` (DCSX_SCREENSHOTS=1) writes them to docs/screenshots/ for the README;
otherwise they go to a temporary folder, so the test still checks that each page renders.
"""

from __future__ import annotations

import os

import pytest

from .conftest import ROOT

SHOTS = [
    ("home", "index.html", 1280),
    ("issue", "issues/2023-03-14/index.html", 1280),
    ("article", "issues/2023-03-14/03.html", 1280),
    ("search", "search/index.html?q=%E8%98%91%E8%8F%87", 1280),
    ("article-phone", "issues/2023-03-14/03.html", 360),
]


@pytest.mark.parametrize("name, url, width", SHOTS)
def test_screenshot(browser, fixture_site, tmp_path, name, url, width):
    folder = ROOT / "docs" / "screenshots" if os.environ.get("DCSX_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    page.goto((fixture_site / url.split("?")[0]).as_uri() + ("?" + url.split("?")[1] if "?" in url else ""))
    if name == "search":
        page.wait_for_selector("#search-results .item")
    page.screenshot(path=str(folder / f"{name}.png"))
    context.close()
    assert (folder / f"{name}.png").stat().st_size > 10_000  # a page, not a blank
