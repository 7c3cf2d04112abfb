"""dcsx bundle: one zip of the site that, unpacked anywhere, reads and searches over file://."""

from __future__ import annotations

import zipfile

from generator.cli import main

from .conftest import FIXTURES


def test_bundle_unpacked_anywhere_reads_and_searches_offline(fixture_site, tmp_path, browser, capsys):
    target = tmp_path / "out" / "archive.zip"
    assert main(["bundle", "--out", str(fixture_site), "--zip", str(target)]) == 0
    assert "index.html" in capsys.readouterr().out
    again = tmp_path / "again.zip"
    assert main(["bundle", "--out", str(fixture_site), "--zip", str(again)]) == 0
    assert target.read_bytes() == again.read_bytes()  # deterministic
    with zipfile.ZipFile(target) as zf:
        names = zf.namelist()
        assert "dcsx-archive/index.html" in names and not any("/." in n for n in names)
        zf.extractall(tmp_path / "unpacked")
    home = tmp_path / "unpacked" / "dcsx-archive" / "index.html"
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.goto(home.as_uri())
    page.fill("#site-q", "蘑菇")
    page.press("#site-q", "Enter")
    page.wait_for_selector("#search-results .item")
    page.locator("#search-results .item a").first.click()
    page.wait_for_load_state()
    assert "蘑菇" in page.locator("h1").inner_text() and page.url.startswith("file://")
    assert problems == []
    context.close()


def test_bundle_refuses_without_a_site_or_inside_it(tmp_path, fixture_site, capsys):
    assert main(["bundle", "--out", str(tmp_path / "none"), "--zip", str(tmp_path / "a.zip")]) == 1
    assert "dcsx build" in capsys.readouterr().err
    assert main(["bundle", "--out", str(fixture_site), "--zip", str(fixture_site / "a.zip")]) == 1
    assert "inside the site" in capsys.readouterr().err and not (fixture_site / "a.zip").exists()


def test_offline_link_when_configured(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "archive.toml").write_text(
        '[site]\noffline_url = "https://example.org/releases/dcsx-archive.zip"\n', encoding="utf-8")
    assert main(["ingest", str(FIXTURES / "issues" / "2023-03-14-dcsx.txt")]) == 0 and main(["build"]) == 0
    assert 'href="https://example.org/releases/dcsx-archive.zip">下载离线版' in \
        (tmp_path / "site/index.html").read_text(encoding="utf-8")
    (tmp_path / "archive.toml").write_text('[site]\noffline_url = "javascript:alert(1)"\n', encoding="utf-8")
    assert main(["build"]) == 2
