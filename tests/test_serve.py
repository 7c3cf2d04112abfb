"""dcsx serve as an archivist uses it: the site's own 404, folders redirected to their slash,
nothing but the site served, a failed rebuild shown over the open page, no rebuild lost."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.cli import main

from .conftest import FIXTURES, ROOT

MARCH = FIXTURES / "issues" / "2023-03-14-dcsx.txt"


class Serving:
    """`dcsx serve --port 0` in an archive, and what it says."""

    def __init__(self, arch: Path, *extra: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0", *extra], cwd=arch,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.lines: list[str] = []
        self.url = None
        deadline = time.time() + 120
        while self.url is None and time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            m = re.search(r"http://([\d.]+):(\d+)/", line)
            if m:
                self.url, self.host, self.port = m.group(0), m.group(1), int(m.group(2))
        assert self.url, "".join(self.lines)
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout), daemon=True).start()

    def get(self, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        conn.request(method, path)
        response = conn.getresponse()
        body = response.read()
        conn.close()
        return response.status, dict(response.getheaders()), body

    def wait_for(self, pattern: str, timeout: float = 60) -> None:
        deadline = time.time() + timeout
        while time.time() < deadline:
            if re.search(pattern, "".join(self.lines)):
                return
            time.sleep(0.2)
        raise AssertionError(f"serve never said {pattern!r}:\n{''.join(self.lines)}")

    def stop(self) -> str:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        return "".join(self.lines)


def archive(tmp_path: Path) -> Path:
    arch = tmp_path / "arch"
    assert main(["new", str(arch), "--no-git"]) == 0
    assert main(["ingest", str(MARCH), "--content", str(arch / "content")]) == 0
    return arch


def test_serve_answers_like_a_site_host(tmp_path):
    serving = Serving(archive(tmp_path))
    try:
        status, headers, body = serving.get("/issues/2023-03-14/no-such-page.html")
        assert status == 404 and "text/html" in headers["Content-Type"]
        assert (tmp_path / "arch/site/404.html").read_bytes().split(b"</body>")[0] in body  # the site's own page
        status, headers, _ = serving.get("/issues/2023-03-14?x=1")
        assert status == 301 and headers["Location"] == "2023-03-14/?x=1"  # the page's relative links need it
        assert serving.get("/issues/2023-03-14/")[0] == 200
        for hidden in ("/.dcsx-site", "/.nojekyll", "/../.site.state", "/%2e%2e/archive.toml", "/a%00b.html",
                       "/%00", "/issues/%00/index.html"):
            status, _, body = serving.get(hidden)
            assert status == 404, hidden
        assert serving.get("/index.html", "HEAD")[0] == 200
        assert serving.proc.poll() is None  # none of that stopped it
    finally:
        said = serving.stop()
    assert "Traceback" not in said, said


def test_a_failed_rebuild_is_shown_over_the_open_page_until_a_good_one(tmp_path, browser):
    from playwright.sync_api import expect

    arch = archive(tmp_path)
    serving = Serving(arch)
    target = arch / "content/2023/2023-03-14/02.md"
    good = target.read_text(encoding="utf-8")
    try:
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(serving.url + "issues/2023-03-14/02.html")
        title = page.locator("h1").inner_text()
        target.write_text(good.replace("title:", "titel:", 1), encoding="utf-8")
        box = page.locator("#dcsx-build-error")
        expect(box).to_be_visible(timeout=60_000)
        expect(box).to_contain_text("02.md")  # the file to correct, as the terminal names it
        assert page.locator("h1").inner_text() == title  # the last good build stays readable under it
        target.write_text(good.replace("求职就业暖人心", "求职就业暖民心"), encoding="utf-8")
        expect(page.locator("h1")).to_contain_text("暖民心", timeout=60_000)  # reloaded by itself
        expect(page.locator("#dcsx-build-error")).to_have_count(0)
        assert errors == []
        context.close()
    finally:
        said = serving.stop()
    assert "Traceback" not in said and serving.proc.returncode is not None


def test_serve_survives_a_build_that_raises_and_keeps_an_edit_made_during_the_first_build(tmp_path):
    arch = archive(tmp_path)
    theme = arch / "theme"
    (theme / "templates").mkdir(parents=True)
    base = (ROOT / "themes/default/templates/article.html").read_text(encoding="utf-8")
    (theme / "templates/article.html").write_text(base, encoding="utf-8")
    target = arch / "content/2023/2023-03-14/02.md"
    edited = target.read_text(encoding="utf-8").replace("求职就业暖人心", "求职就业暖民心")
    threading.Timer(0.8, lambda: target.write_text(edited, encoding="utf-8")).start()  # while it builds
    serving = Serving(arch, "--theme", str(theme))
    page = arch / "site/issues/2023-03-14/02.html"
    try:
        deadline = time.time() + 60
        while "暖民心" not in page.read_text(encoding="utf-8") and time.time() < deadline:
            time.sleep(0.3)
        assert "暖民心" in page.read_text(encoding="utf-8"), "".join(serving.lines)
        # A template that raises while rendering: serve says so and goes on serving the last site.
        (theme / "templates/article.html").write_text(base.replace("{% block head %}", "{% block head %}{{ 1 // (article.seq - article.seq) }}", 1),
                                                      encoding="utf-8")
        serving.wait_for(r"error: .*article\.html")
        assert serving.proc.poll() is None and serving.get("/index.html")[0] == 200
        (theme / "templates/article.html").write_text(base, encoding="utf-8")
        serving.wait_for(r"rebuilt in")
    finally:
        said = serving.stop()
    assert "Traceback" not in said, said


def test_serve_listens_where_host_says(tmp_path):
    serving = Serving(archive(tmp_path), "--host", "127.0.0.2")
    try:
        assert serving.host == "127.0.0.2" and serving.get("/index.html")[0] == 200
        try:
            http.client.HTTPConnection("127.0.0.1", serving.port, timeout=5).request("GET", "/")
            reached = True
        except OSError:
            reached = False
        assert not reached  # only the address asked for
    finally:
        serving.stop()


def test_serve_never_serves_a_folder_dcsx_did_not_build(tmp_path, capsys):
    arch = archive(tmp_path)
    other = arch / "mine"
    other.mkdir()
    (other / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    (other / ".env").write_text("SECRET=1", encoding="utf-8")
    assert main(["serve", "--out", str(other), "--port", "0"]) == 1
    err = capsys.readouterr().err
    assert "not empty and was not built by dcsx" in err and "nothing to serve" in err
    assert (other / ".env").read_text(encoding="utf-8") == "SECRET=1"


def test_a_template_that_raises_is_named_with_its_line_and_the_article(tmp_path, capsys, monkeypatch):
    arch = archive(tmp_path)
    theme = arch / "theme"
    (theme / "templates").mkdir(parents=True)
    base = (ROOT / "themes/default/templates/article.html").read_text(encoding="utf-8")
    (theme / "templates/article.html").write_text(
        base.replace("{% block head %}", "{% block head %}{{ 1 // (article.seq - article.seq) }}", 1), encoding="utf-8")
    monkeypatch.chdir(arch)
    assert main(["build", "--theme", str(theme)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"article\.html:\d+: failed on issues/2023-03-14/0\d\.html \(the page of "
                     r"2023/2023-03-14/0\d\.md", err), err
    assert "ZeroDivisionError" in err and "Traceback" not in err and not (arch / "site").exists()
