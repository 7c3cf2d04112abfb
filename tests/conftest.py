"""Shared fixtures: where the corpus lives, and the rule that nothing skips under CI=true."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import shutil
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


def build_fixture_site(tmp: Path, *, base_url: str = "", edit_url: str = "") -> tuple[Path, Path]:
    """Ingest the fixture issues and build them; return (content, site) folders."""
    from generator.config import load_config
    from generator.ingest.parse import date_from_filename
    from generator.ingest.read import decode_issue
    from generator.ingest.write import write_issue
    from generator.ingest import parse_issue
    from generator.build import build_site
    from dataclasses import replace

    config = load_config(FIXTURES / "archive.toml")
    if base_url:
        config = replace(config, base_url=base_url)
    if edit_url:
        config = replace(config, edit_url=edit_url)
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


# --- headless Chromium (Debian's package), shared by the browser tests ---------------

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    need(path is not None, "Debian's chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need(False, "python playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 (any free port) for the length of a with block; yield its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    # A load cut short because the reader moved on (ERR_ABORTED) is not a broken link.
    pg.on("requestfailed", lambda r: pg.problems.append(f"failed request: {r.url} {r.failure}")
          if "ERR_ABORTED" not in (r.failure or "") else None)
    pg.on("response", lambda r: pg.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    # A script that runs where it should not shows as a dialog; a blocked one as a CSP violation.
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.type} {d.message}"), d.dismiss()))
    pg.add_init_script("document.addEventListener('securitypolicyviolation', function (e) {"
                       " console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });")
    yield pg
    context.close()


