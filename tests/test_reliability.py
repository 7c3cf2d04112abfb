"""Nothing lost, nothing injected: each case of the reliability issue, run through the CLI.

Every failure must say what is wrong (file and line), exit non-zero, write nothing outside
the output, and leave the previous site/ and content/ byte for byte as they were.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.cli import main
from generator.build.writer import Writer

from .conftest import FIXTURES, ROOT

CONFIG = str(FIXTURES / "archive.toml")


def run(capsys, *argv):
    code = main(["--config", CONFIG, *argv])
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def tree(folder: Path) -> set[str]:
    """Everything under a folder, for 'nothing written outside the output'."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


ISSUE = "---\ndate: '2022-01-05'\nnumber: 7\narticles: 2\n---\n"
ARTICLE = "---\nseq: {seq}\ntitle: 第{seq}篇\nreporters: [张三]\n---\n正文第{seq}篇。\n"


@pytest.fixture
def built(tmp_path, capsys):
    """A small content/ and the site built from it: (content, site, snapshot of the site)."""
    content, site = tmp_path / "content", tmp_path / "site"
    folder = content / "2022/2022-01-05"
    write(folder / "issue.md", ISSUE)
    for seq in (1, 2):
        write(folder / f"{seq:02d}.md", ARTICLE.format(seq=seq))
    code, out, err = run(capsys, "build", "--content", str(content), "--out", str(site))
    assert code == 0, err
    return content, site, snapshot(site)


def assert_failed_and_untouched(code, err, site, before, *, pattern: str):
    assert code != 0
    assert re.search(pattern, err), err
    assert snapshot(site) == before, "the previous site changed"
    leftovers = [p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}.")
                 and not p.name.endswith((".lock", ".state", ".cache", ".spare"))]
    assert leftovers == [], leftovers


# --- 1-3: script in a reader's browser, controls, bidi ----------------------------------


HOSTILE_BODY = (
    "东昌府讯 详情请看[点击](javascript:alert(1))，图见![x](javascript:alert(2))，又见<javascript:alert(3)>、"
    "[大写](JaVaScRiPt:alert(4))、[制表](java\tscript:alert(5))、[数据](data:text/html,<script>alert(6)</script>)、"
    "[外站](//evil.example/x)和[引用][r]。<script>alert(7)</script><img src=x onerror=alert(8)>"
    "{{ 7*7 }}{% for x in range(3) %}循环{% endfor %}\n\n[r]: vbscript:alert(9)\n\n"
    "合法链接：[官网](https://example.org/a?b=1)、[邮件](mailto:a@example.org)、[本站](../2022-01-05/01.html)。\n"
)


def hostile_content(content: Path) -> None:
    folder = content / "2022/2022-01-05"
    write(folder / "issue.md", "---\ndate: '2022-01-05'\nnumber: 7\n---\n")
    write(folder / "01.md", "---\nseq: 1\ntitle: \"响铃\\a标题\\u202E倒序\"\nkicker: '<b>引题</b>'\n"
                            "byline: '\"><svg onload=alert(1)>'\nreporters: [张三, 李四]\ncorrespondents: [王五]\n---\n"
                            + HOSTILE_BODY + "\n" + "长" * 100_000 + "。\n")
    write(folder / "02.md", ARTICLE.format(seq=2))


def test_unsafe_links_become_text_and_safe_ones_stay(tmp_path, capsys):
    hostile_content(tmp_path / "c")
    code, _, err = run(capsys, "build", "--content", str(tmp_path / "c"), "--out", str(tmp_path / "s"))
    assert code == 0, err
    page = (tmp_path / "s/issues/2022-01-05/01.html").read_text(encoding="utf-8")
    urls = re.findall(r'(?:href|src|action)="([^"]*)"', page)
    assert not [u for u in urls if re.match(r"\s*(java|vb)\s*script|data:|//", u, re.I)], urls
    assert 'href="https://example.org/a?b=1"' in page and 'href="mailto:a@example.org"' in page
    assert 'href="../2022-01-05/01.html"' in page
    body = page[page.index('id="article-body"'):]
    assert "点击（javascript:alert(1)）" in body  # the text is kept, as text
    assert "&lt;script&gt;alert(7)" in body and "<script>alert" not in page and "<img src=x" not in page
    assert "{{ 7*7 }}" in body and "循环" in body and ">49<" not in page
    assert "<svg" not in page and "&lt;b&gt;引题" in page
    assert "长" * 100_000 in page


def test_every_page_has_a_strict_csp(fixture_site):
    for path in fixture_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert m, path
        policy = m.group(1)
        assert "script-src 'self'" in policy and "unsafe" not in policy and "default-src 'self'" in policy
        assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html)
        assert not re.search(r"\son[a-z]+=", html) and "style=" not in html, path


def test_control_characters_never_reach_xml_and_bidi_text_is_isolated(tmp_path, capsys):
    hostile_content(tmp_path / "c")
    code, _, err = run(capsys, "build", "--content", str(tmp_path / "c"), "--out", str(tmp_path / "s"),
                       "--default-base-url", "https://example.org/archive")
    assert code == 0, err
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(tmp_path / "s" / name)  # raises on a control character
    page = (tmp_path / "s/issues/2022-01-05/01.html").read_text(encoding="utf-8")
    assert "\x07" not in page and "响铃标题" in page
    assert "<bdi>响铃标题\u202e倒序</bdi>" in page  # the override cannot leak past the title
    byline = page[page.index('class="byline"'):page.index("</p>", page.index('class="byline"'))]
    assert byline.count("<bdi>") == 3  # 张三, 李四, 王五
    citation = page[page.index('class="citation"'):]
    assert citation.startswith('class="citation"><span id="citation-text"><bdi>张三</bdi>, <bdi>李四</bdi>, <bdi>王五</bdi>. <bdi>响铃标题')


# --- 4: a build never destroys the site it replaces -----------------------------------


@pytest.mark.parametrize("name, edit, pattern", [
    ("bad event date", lambda c: write(c / "2022/2022-01-05/01.md", "---\nseq: 1\ntitle: 题\nevent_date: yesterday\n---\n文。\n"),
     r"01\.md:4: field 'event_date' must be a date"),
    ("duplicate seq", lambda c: write(c / "2022/2022-01-05/02.md", "---\nseq: 1\ntitle: 题二\n---\n文。\n"),
     r"02\.md: seq 1 is also the seq of .*01\.md"),
    ("deleted issue.md", lambda c: (c / "2022/2022-01-05/issue.md").unlink(), r"2022-01-05: article files without an issue\.md"),
])
def test_content_errors_leave_the_site_untouched(built, capsys, name, edit, pattern):
    content, site, before = built
    edit(content)
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site))
    assert_failed_and_untouched(code, err, site, before, pattern=pattern)
    assert "left as it was" in err
    code, _, err2 = run(capsys, "check", "--content", str(content))  # check says the same
    assert code == 1 and re.search(pattern, err2), err2


def test_theme_errors_and_typos_leave_the_site_untouched(built, capsys, tmp_path):
    content, site, before = built
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site), "--theme", str(tmp_path / "nope"))
    assert_failed_and_untouched(code, err, site, before, pattern=r"nope: not a theme")
    theme = tmp_path / "theme"
    import shutil
    shutil.copytree(ROOT / "themes/default", theme)
    write(theme / "templates/article.html", "{% extends 'base.html' %}{% block main %}{{ article.title }{% endblock %}")
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site), "--theme", str(theme))
    assert_failed_and_untouched(code, err, site, before, pattern=r"article\.html:1: template error")
    write(theme / "templates/article.html", "{% extends 'base.html' %}{% block main %}{{ article.no_such }}{% endblock %}")
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site), "--theme", str(theme))
    assert_failed_and_untouched(code, err, site, before, pattern=r"template article\.html failed on issues/2022-01-05/01\.html")


def test_a_mistyped_content_folder_does_not_empty_the_site(built, capsys, tmp_path):
    content, site, before = built
    code, _, err = run(capsys, "build", "--content", str(tmp_path / "contnet"), "--out", str(site))
    assert_failed_and_untouched(code, err, site, before, pattern=r"no content folder .*contnet")


def test_a_second_build_at_once_is_refused(built, capsys):
    content, site, before = built
    holder = Writer(site)
    holder.open()  # another build is under way
    try:
        code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site))
        assert code == 1 and "another dcsx build is writing" in err
        assert snapshot(site) == before
    finally:
        holder.abort()
    assert run(capsys, "build", "--content", str(content), "--out", str(site))[0] == 0


def test_a_build_killed_halfway_leaves_the_site_and_the_next_build_recovers(tmp_path, capsys):
    content, site = tmp_path / "content", tmp_path / "site"
    for day in range(1, 29):
        folder = content / f"2022/2022-02-{day:02d}"
        write(folder / "issue.md", f"---\ndate: '2022-02-{day:02d}'\nnumber: {day}\n---\n")
        for seq in range(1, 9):
            write(folder / f"{seq:02d}.md", ARTICLE.format(seq=seq).replace("正文", f"{day}日正文" * 50))
    assert run(capsys, "build", "--content", str(content), "--out", str(site))[0] == 0
    before = snapshot(site)
    write(content / "2022/2022-02-01/01.md", ARTICLE.format(seq=1).replace("第1篇", "改过的第1篇"))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "generator", "--config", CONFIG, "build", "--content", str(content),
                             "--out", str(site)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staging = tmp_path / ".site.staging"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if (staging / "issues/2022-02-10").is_dir():  # linking the previous site, or writing pages
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the build finished before it could be killed; make the archive larger"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert snapshot(site) == before
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site))
    assert code == 0, err
    assert "改过的第1篇" in (site / "issues/2022-02-01/01.html").read_text(encoding="utf-8")
    assert not staging.exists()


def test_unchanged_files_are_not_rewritten_and_stale_ones_go(built, capsys):
    content, site, before = built
    css_inode = (site / "static/dcsx.css").stat().st_ino
    issue_inode = (site / "issues/2022-01-05/index.html").stat().st_ino
    (content / "2022/2022-01-05/02.md").unlink()
    write(content / "2022/2022-01-05/issue.md", ISSUE.replace("articles: 2", "articles: 1"))
    code, out, err = run(capsys, "build", "--content", str(content), "--out", str(site))
    assert code == 0, err
    assert not (site / "issues/2022-01-05/02.html").exists()
    assert (site / "static/dcsx.css").stat().st_ino == css_inode  # the same file: never rewritten
    assert (site / "issues/2022-01-05/index.html").stat().st_ino != issue_inode  # its table of contents changed
    assert re.search(r"\d+ unchanged, [1-9]\d* removed", out), out


def test_a_folder_not_built_by_dcsx_is_never_replaced(tmp_path, capsys):
    write(tmp_path / "mine/notes.txt", "keep me")
    code, _, err = run(capsys, "build", "--content", str(ROOT / "content"), "--out", str(tmp_path / "mine"))
    assert code == 1 and "not empty" in err and (tmp_path / "mine/notes.txt").read_text() == "keep me"


# --- 5: check passes only what build accepts -------------------------------------------


@pytest.mark.parametrize("field, value, pattern", [
    ("title", "[1, 2]", r":3: field 'title' must be text, not a list"),
    ("seq", '"abc"', r":3: field 'seq' must be a whole number"),
    ("fragment", '"false"', r":3: field 'fragment' must be true or false"),
    ("event_date", "2022-13-45", r":3: front matter has an impossible value"),
    ("event_date", "'2022-02-30'", r":3: field 'event_date' must be a date"),
    ("reporters", "['../../x', 'a/b']", r":3: field 'reporters': '\.\./\.\./x' is not a person's name"),
    ("section", "nosuch", r":3: section 'nosuch' is not in archive.toml"),
    ("title_inferred", "1", r":3: field 'title_inferred' must be true or false"),
])
def test_check_and_build_reject_wrong_types_with_the_line(built, capsys, field, value, pattern):
    content, site, before = built
    path = content / "2022/2022-01-05/01.md"
    fields = {"seq": "1", "title": "第1篇", "reporters": "[张三]"}
    fields.pop(field, None)
    rest = "".join(f"{k}: {v}\n" for k, v in fields.items())
    path.write_text(f"---\nid: x\n{field}: {value}\n{rest}---\n正文。\n", encoding="utf-8")
    code, _, err = run(capsys, "check", "--content", str(content))
    assert code == 1 and re.search(re.escape(str(path)) + pattern, err), err
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site))
    assert_failed_and_untouched(code, err, site, before, pattern=re.escape(str(path)) + pattern)


def test_a_nul_in_front_matter_is_an_error_with_its_line(built, capsys):
    content, site, before = built
    path = content / "2022/2022-01-05/01.md"
    path.write_text("---\nseq: 1\ntitle: 题\nreporters: [\"张\x00三\"]\n---\n正文。\n", encoding="utf-8")
    code, _, err = run(capsys, "build", "--content", str(content), "--out", str(site))
    assert_failed_and_untouched(code, err, site, before, pattern=re.escape(str(path)) + r":4: character U\+0000 is not text")


def test_unknown_fields_are_warned_with_the_near_name(built, capsys):
    content, _, _ = built
    path = content / "2022/2022-01-05/01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("title:", "titel: x\ntitle:"), encoding="utf-8")
    code, out, err = run(capsys, "check", "--content", str(content))
    assert code == 0 and re.search(r"01\.md:\d+: unknown field 'titel' \(did you mean 'title'\?\)", err), err


# --- 6-11: ingest ------------------------------------------------------------------------


RAW = "东昌府讯\n2023年1月5日 星期四\n总第{n}期\n\n## 第一篇标题\n\n东昌府讯 会议召开。\n\n## 第二篇标题\n\n东昌府讯 活动举行。\n"


def test_an_interrupted_ingest_leaves_the_issue_as_it_was(tmp_path, capsys, monkeypatch):
    from generator.ingest import write as ingest_write

    src = write(tmp_path / "in/2023-01-05.txt", RAW.format(n=9))
    content = tmp_path / "content"
    assert run(capsys, "ingest", str(src), "--content", str(content))[0] == 0
    before = snapshot(content)
    real, calls = ingest_write.write_atomic, []

    def dying_write(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as if killed after the first file
        real(path, data)

    monkeypatch.setattr(ingest_write, "write_atomic", dying_write)
    src.write_text(RAW.format(n=9).replace("会议召开", "大会召开").replace("活动举行", "活动办成"), encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        main(["--config", CONFIG, "ingest", str(src), "--content", str(content), "--force"])
    capsys.readouterr()
    assert snapshot(content) == before
    assert sorted(p.name for p in (content / "2023").iterdir()) == ["2023-01-05"]


def test_check_reports_an_incomplete_issue(tmp_path, capsys):
    src = write(tmp_path / "in/2023-01-05.txt", RAW.format(n=9))
    content = tmp_path / "content"
    run(capsys, "ingest", str(src), "--content", str(content))
    for article in (content / "2023/2023-01-05").glob("0*.md"):
        article.unlink()
    code, out, err = run(capsys, "check", "--content", str(content))
    assert code == 1 and re.search(r"issue\.md: lists 2 articles but its folder holds 0", err), err


def test_another_file_of_the_same_name_is_refused(tmp_path, capsys):
    content = tmp_path / "content"
    a = write(tmp_path / "a/2023-01-05.txt", RAW.format(n=9))
    b = write(tmp_path / "b/2023-01-05.txt", RAW.format(n=9).replace("会议召开", "大会召开"))
    assert run(capsys, "ingest", str(a), "--content", str(content))[0] == 0
    before = snapshot(content)
    code, _, err = run(capsys, "ingest", str(b), "--content", str(content))
    assert code == 1 and "another file of the same name" in err and snapshot(content) == before
    assert run(capsys, "ingest", str(a), "--content", str(content))[0] == 0  # the same file again is fine
    assert snapshot(content) == before


@pytest.mark.parametrize("name, data, pattern", [
    ("pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"a PDF document"),
    ("elf", b"\x7fELF\x02\x01\x01\x00" + bytes(200), r"ELF executable"),
    ("zip", b"PK\x03\x04\x14\x00" + bytes(50), r"ZIP archive"),
    ("empty", b"", r"the file is empty"),
    ("blank", b"  \n\n \r\n", r"the file is empty"),
    ("binary", bytes(range(256)) * 4, r"NUL bytes"),
])
def test_files_that_are_not_issue_text_are_named_for_what_they_are(tmp_path, capsys, name, data, pattern):
    src = tmp_path / f"2023-01-05-{name}.txt"
    src.write_bytes(data)
    code, _, err = run(capsys, "ingest", str(src), "--content", str(tmp_path / "c"), "--date", "2023-01-05")
    assert code == 1 and re.search(re.escape(str(src)) + ": .*" + pattern, err), err
    assert not (tmp_path / "c").exists() or not any((tmp_path / "c").rglob("*.md"))


def test_utf16_is_read_and_undecodable_bytes_are_warned_by_line(tmp_path, capsys):
    src = tmp_path / "2023-01-05.txt"
    src.write_bytes(RAW.format(n=9).encode("utf-16"))
    code, out, err = run(capsys, "ingest", str(src), "--content", str(tmp_path / "c"))
    assert code == 0 and "2 articles" in out, err
    bad = tmp_path / "2023-01-06.txt"
    bad.write_bytes(RAW.format(n=10).replace("1月5日", "1月6日").replace("星期四", "星期五").encode()
                    .replace("会议召开".encode(), b"\xff\xfe\xfd"))
    code, out, err = run(capsys, "ingest", str(bad), "--content", str(tmp_path / "c"))
    assert code == 0 and re.search(r"2023-01-06\.txt: line 7: bytes that are neither UTF-8 nor GB18030", err), err


@pytest.mark.parametrize("date", ["20221223", "2022-1-5", "2022/12/23", "2022-02-30", "yesterday"])
def test_only_yyyy_mm_dd_dates_are_accepted(tmp_path, capsys, date):
    src = write(tmp_path / "issue.txt", "## 标题\n\n东昌府讯 会议召开。\n")
    code, _, err = run(capsys, "ingest", str(src), "--content", str(tmp_path / "c"), "--date", date)
    assert code == 1 and "write it as YYYY-MM-DD" in err and not (tmp_path / "c").exists()


def test_two_issues_in_one_file_are_refused_and_a_reused_number_is_warned(tmp_path, capsys):
    two = write(tmp_path / "two.txt", RAW.format(n=9) + "\n" + RAW.format(n=10).replace("1月5日", "1月6日"))
    code, _, err = run(capsys, "ingest", str(two), "--content", str(tmp_path / "c"))
    assert code == 1 and re.search(r"mastheads of two issues: 2023-01-05 \(line 2\) and 2023-01-06 \(line \d+\)", err)
    assert not (tmp_path / "c").exists()
    a = write(tmp_path / "a.txt", RAW.format(n=9))
    b = write(tmp_path / "b.txt", RAW.format(n=9).replace("1月5日", "1月12日"))
    code, _, err = run(capsys, "ingest", str(a), str(b), "--content", str(tmp_path / "c"))
    assert code == 0 and "总第9期 is also the number of the issue of 2023-01-05" in err, err
    code, _, err = run(capsys, "check", "--content", str(tmp_path / "c"))
    assert "总第9期 is also the number of 2023-01-05" in err


def test_one_broken_file_never_stops_a_batch(tmp_path, capsys):
    content = tmp_path / "content"
    first = write(tmp_path / "2023-01-05.txt", RAW.format(n=9))
    assert run(capsys, "ingest", str(first), "--content", str(content))[0] == 0
    write(content / "2023/2023-01-05/issue.md", "---\ndate: [broken\n---\n")  # corrupt, in content/ already
    second = write(tmp_path / "2023-01-06.txt", RAW.format(n=10).replace("1月5日", "1月6日").replace("星期四", "星期五"))
    assert run(capsys, "ingest", str(second), "--content", str(content))[0] == 0
    (content / "2023/2023-01-06/01.md").write_bytes("---\ntitle: 改\n---\n正文".encode("gb18030"))  # not UTF-8
    pdf = tmp_path / "2023-01-07.txt"
    pdf.write_bytes(b"%PDF-1.4 ...")
    good = write(tmp_path / "2023-01-09.txt", RAW.format(n=11).replace("1月5日", "1月9日").replace("星期四", "星期一"))
    before = snapshot(content)
    code, out, err = run(capsys, "ingest", str(first), str(pdf), str(second), str(good), "--content", str(content))
    assert code == 1
    assert re.search(r"kept .*2023-01-06/01\.md: edited by hand", out), out  # an unreadable edit is kept, not lost
    assert re.search(r"2023-01-05/issue\.md:\d+: .*cannot be read", err), err
    assert "a PDF document" in err and "ingested 2 of 4 files" in out
    assert (content / "2023/2023-01-09/01.md").exists()
    assert {k: v for k, v in snapshot(content).items() if "2023-01-09" not in k} == before
    code, _, err = run(capsys, "ingest", str(good), "--content", str(first))
    assert code == 2 and "is a file" in err


# --- 12-13: config and serve -------------------------------------------------------------


@pytest.mark.parametrize("toml, pattern", [
    ("[site]\nbase_urll = 'https://x.org/'\n", r"unknown key 'site\.base_urll'; did you mean 'base_url'\?"),
    ("[site]\npagesize = 10\n", r"unknown key 'site\.pagesize'; did you mean 'page_size'\?"),
    ("[[sections]]\nslug = 'a'\nname = 'A'\n", r"unknown key 'sections'; did you mean 'section'\?"),
    ("[site]\npage_size = 'abc'\n", r"'site\.page_size' must be a whole number, not 'abc'"),
    ("[site]\npage_size = 0\n", r"'site\.page_size' must be between 1 and 10000, not 0"),
    ("[site]\npage_size = -1\n", r"'site\.page_size' must be between 1 and 10000, not -1"),
    ("[[section]]\nslug = '../../../x'\nname = 'X'\n", r"slug '\.\./\.\./\.\./x' may hold only a-z"),
    ("[site]\nbase_url = 'example.org/x'\n", r"site\.base_url: 'example\.org/x' is not a web address"),
    ("[paper]\nnames = '东昌府讯'\n", r"'paper\.names' must be a list"),
])
def test_config_mistakes_name_the_key(tmp_path, capsys, toml, pattern):
    config = write(tmp_path / "archive.toml", toml)
    code = main(["--config", str(config), "build", "--content", str(ROOT / "content"), "--out", str(tmp_path / "s")])
    err = capsys.readouterr().err
    assert code == 2 and re.search(re.escape(str(config)) + ": .*" + pattern, err), err
    assert not (tmp_path / "s").exists()


def test_missing_config_is_said_and_a_named_one_must_exist(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--content", str(ROOT / "content")])
    err = capsys.readouterr().err
    assert "no archive.toml in" in err and "built-in settings" in err
    code = main(["--config", "nope.toml", "check"])
    assert code == 2 and "nope.toml: no such file" in capsys.readouterr().err


def test_default_base_url_needs_a_scheme(tmp_path, capsys):
    code, _, err = run(capsys, "build", "--content", str(ROOT / "content"), "--out", str(tmp_path / "s"),
                       "--default-base-url", "example.org/x")
    assert code == 2 and "--default-base-url: 'example.org/x' is not a web address" in err


def test_serve_says_what_is_wrong(tmp_path, capsys):
    code, _, err = run(capsys, "serve", "--content", str(tmp_path / "none"), "--out", str(tmp_path / "nosite"))
    assert code == 2 and "no content folder" in err and "--content" in err
    assert not (tmp_path / "nosite").exists()
    content = tmp_path / "content"
    run(capsys, "ingest", str(FIXTURES / "issues" / "2023-03-14-dcsx.txt"), "--content", str(content))
    import socket
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, _, err = run(capsys, "serve", "--content", str(content), "--out", str(tmp_path / "site"),
                           "--port", str(busy.getsockname()[1]))
    assert code == 1 and "cannot serve on 127.0.0.1" in err and "--port" in err


# --- hostile text through ingest and build: nothing written outside the output ----------


def test_hostile_issue_text_goes_through_ingest_and_build_without_escaping_the_output(tmp_path, capsys):
    work = tmp_path / "work"
    raw = write(work / "2022-11-22.txt",
                "东昌府讯\n2022年11月22日 星期二\n总第1486期\n\n## 标题<script>alert(1)</script>{{ 7*7 }}\n\n"
                + HOSTILE_BODY.replace("\n\n[r]:", "\n[r]:") + "\n(融媒体 张三 通讯员 李四)\n\n"
                "## ../../../etc/passwd\n\n东昌府讯 " + "字" * 100_000 + "。\n\n(融媒体 ../x 通讯员 a/b)\n")
    outside = tree(tmp_path)
    code, _, err = run(capsys, "ingest", str(raw), "--content", str(work / "content"))
    assert code == 0, err
    code, _, err = run(capsys, "build", "--content", str(work / "content"), "--out", str(work / "site"))
    assert code == 0, err
    new = tree(tmp_path) - outside
    assert all(p.startswith(("work/content", "work/site", "work/.site.")) for p in new), sorted(new)[:5]
    pages = "".join(p.read_text(encoding="utf-8") for p in (work / "site").rglob("*.html"))
    assert "<script>alert" not in pages and 'href="javascript' not in pages.lower() and ">49<" not in pages


# --- in the browser: no dialog, no CSP violation, no live unsafe link ------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from generator.config import load_config
    from generator.build import build_site

    tmp = tmp_path_factory.mktemp("hostile")
    hostile_content(tmp / "c")
    report = build_site(tmp / "c", tmp / "s", load_config(FIXTURES / "archive.toml"))
    assert report.published and not report.problems, report.problems
    return tmp / "s"


@pytest.mark.parametrize("scheme", ["file", "http"])
def test_hostile_pages_run_no_script_in_chromium(page, hostile_site, scheme):
    from .conftest import serve_folder

    with serve_folder(hostile_site) as http_root:
        root = hostile_site.as_uri() + "/" if scheme == "file" else http_root
        page.goto(root + "issues/2022-01-05/01.html")
        protocols = page.eval_on_selector_all("a[href], img[src], form[action]",
                                              "els => els.map(e => new URL(e.href || e.src || e.action).protocol)")
        assert set(protocols) <= {"file:", "http:", "https:", "mailto:"}, protocols
        assert page.locator("#article-body a", has_text="点击").count() == 0
        page.get_by_text("点击（javascript:alert(1)）", exact=False).click()
        for label in ("官网",):  # a safe link stays a link
            assert page.locator("#article-body a", has_text=label).count() == 1
        byline = page.inner_text(".byline")
        assert byline.index("张三") < byline.index("李四") < byline.index("王五")  # the title's U+202E stays put
        for url in ("index.html", "issues/2022-01-05/index.html", "reporters/index.html",
                    "search/index.html?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "search/index.html?q=javascript"):
            page.goto(root + url)
            page.wait_for_timeout(300)
        page.wait_for_timeout(300)
    assert page.problems == []
