"""dcsx as a tool: the wheel, `dcsx new`, themes that override the default, `dcsx serve` with reload."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import zipfile


from generator.cli import main

from .conftest import FIXTURES, ROOT, need

MARCH = FIXTURES / "issues" / "2023-03-14-dcsx.txt"


def test_new_archive_builds_at_once(tmp_path, monkeypatch, capsys):
    assert main(["new", str(tmp_path / "arch"), "--paper", "东昌时讯"]) == 0
    arch = tmp_path / "arch"
    workflow = (arch / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert re.search(r"pip install \./\.dcsx/dcsx-[\d.]+-py3-none-any\.whl", workflow) and "--default-base-url" in workflow
    assert "${{ steps.pages.outputs.base_url }}" in workflow and "Source: GitHub Actions" in workflow
    assert 'paper = "东昌时讯"' in (arch / "archive.toml").read_text(encoding="utf-8")
    assert "/site/" in (arch / ".gitignore").read_text(encoding="utf-8")
    assert (arch / "content").is_dir() and (arch / "README.md").exists()
    monkeypatch.chdir(arch)
    assert main(["build"]) == 0  # an empty archive builds
    assert main(["ingest", str(MARCH)]) == 0 and main(["check"]) == 0 and main(["build"]) == 0
    page = (arch / "site/issues/2023-03-14/index.html").read_text(encoding="utf-8")
    assert "小小蘑菇" in page and "《东昌时讯》往期全文" in page and "主办" not in page  # no publisher set yet
    out = capsys.readouterr().out
    assert "open site/index.html" in out and "note: no archive.toml" not in out


def test_new_refuses_a_folder_that_holds_files(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_a_theme_overrides_what_it_has_and_the_default_fills_in(tmp_path, monkeypatch):
    arch = tmp_path / "arch"
    theme = arch / "my-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "static").mkdir()
    issue = (ROOT / "themes/default/templates/issue.html").read_text(encoding="utf-8")
    (theme / "templates/issue.html").write_text(issue.replace('<div class="wrap">', '<div class="wrap my-theme">', 1),
                                                encoding="utf-8")
    (theme / "static/extra.css").write_text("body{}", encoding="utf-8")
    (arch / "archive.toml").write_text('[site]\ntheme = "my-theme"\n', encoding="utf-8")
    monkeypatch.chdir(arch)
    assert main(["ingest", str(MARCH)]) == 0 and main(["build"]) == 0
    site = arch / "site"
    grouped = (site / "issues/2023-03-14/index.html").read_text(encoding="utf-8")
    assert "my-theme" in grouped and "第2版" in grouped  # the theme's issue page
    article = (site / "issues/2023-03-14/01.html").read_text(encoding="utf-8")
    assert "my-theme" not in article and "前后文章" in article  # the default's article page
    assert (site / "static/extra.css").exists() and (site / "static/dcsx.css").exists()
    # --theme wins over the config; a folder that is no theme is refused and the site kept.
    assert main(["build", "--theme", str(tmp_path / "nothing")]) == 1
    assert (site / "static/extra.css").exists()


def _run(cmd, cwd, **kw):
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, **kw)
    assert proc.returncode == 0, f"{cmd}: {proc.stdout}\n{proc.stderr}"
    return proc


def test_the_wheel_works_in_a_fresh_venv_outside_the_checkout(tmp_path):
    """Build the wheel, install it in a new venv, and build an archive in an unrelated folder."""
    need((ROOT / "node_modules/lunr/lunr.min.js").exists(), "npm ci has not run")
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
         cwd=tmp_path)
    wheel = next(wheels.glob("dcsx-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"generator/_data/lunr.min.js", "generator/_data/themes/default/templates/base.html",
            "generator/_data/themes/default/static/search.js", "generator/skeleton/github/workflows/pages.yml",
            "generator/skeleton/archive.toml"} <= names
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bin_ = venv / "bin"
    _run([str(bin_ / "python"), "-m", "pip", "install", "-q", str(wheel)], cwd=tmp_path,
         env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run([str(bin_ / "python"), "-c", "import generator; print(generator.__file__)"], cwd=elsewhere).stdout
    assert str(venv) in where, where  # the installed copy, not this checkout
    env = {**os.environ, "PATH": f"{bin_}{os.pathsep}{os.environ['PATH']}"}
    _run([str(bin_ / "dcsx"), "new", "archive"], cwd=elsewhere, env=env)
    arch = elsewhere / "archive"
    shutil.copytree(ROOT / "content", arch / "content", dirs_exist_ok=True)
    out = _run([str(bin_ / "dcsx"), "build"], cwd=arch, env=env).stdout
    assert "open site/index.html" in out
    site = arch / "site"
    assert (site / "static/lunr.min.js").read_bytes() == (ROOT / "node_modules/lunr/lunr.min.js").read_bytes()
    assert (site / "static/dcsx.css").exists() and (site / "search/meta.js").exists()
    assert len(list(site.glob("issues/????-??-??/index.html"))) == len(list((ROOT / "content").glob("*/*/issue.md")))


def test_serve_rebuilds_and_reloads_the_open_page(tmp_path, browser):
    from playwright.sync_api import expect

    arch = tmp_path / "arch"
    assert main(["new", str(arch)]) == 0
    content = arch / "content"
    assert main(["ingest", str(MARCH), "--content", str(content)]) == 0
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", "0"], cwd=arch,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        url = None
        deadline = time.time() + 120
        while url is None and time.time() < deadline:
            line = proc.stdout.readline()
            m = re.search(r"http://127\.0\.0\.1:\d+/", line)
            url = m.group(0) if m else None
        assert url, "dcsx serve did not say where it serves"
        context = browser.new_context()
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url + "issues/2023-03-14/02.html")
        assert "求职就业暖人心" in page.locator("h1").inner_text()
        target = content / "2023/2023-03-14/02.md"
        target.write_text(target.read_text(encoding="utf-8").replace("求职就业暖人心", "求职就业暖民心"),
                          encoding="utf-8")
        expect(page.locator("h1")).to_contain_text("暖民心", timeout=60_000)  # reloaded by itself
        assert "暖民心" in (arch / "site/issues/2023-03-14/02.html").read_text(encoding="utf-8")
        assert "__dcsx" not in (arch / "site/issues/2023-03-14/02.html").read_text(encoding="utf-8")
        assert errors == []
        context.close()
    finally:
        proc.terminate()
        said = proc.communicate(timeout=30)[0]
        print(said)  # shown when the test fails


def test_cli_manners(tmp_path, capsys, monkeypatch):
    assert main([]) == 0 and "commands:" in capsys.readouterr().out  # no arguments: help
    for command in ("new", "parse", "ingest", "check", "build", "serve"):
        try:
            main([command, "--help"])
        except SystemExit as exit_:
            assert exit_.code == 0
        out = capsys.readouterr().out
        assert "example:" in out and f"dcsx {command}" in out and "exit status" in out, command
    try:
        main(["build", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "(default: content)" in out and "(default: site)" in out and "--config FILE" in out
    # Global options before or after the command; -q keeps only warnings and errors.
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "my.toml"
    config.write_text('[site]\ntitle = "测试档案"\n', encoding="utf-8")
    assert main(["-q", "--config", str(config), "ingest", str(MARCH)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["build", "--config", str(config), "-q"]) == 0
    assert capsys.readouterr().out == "" and "测试档案" in (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert main(["check", "--config", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml" in capsys.readouterr().err


def test_edit_links_point_at_each_article_file(tmp_path, monkeypatch, capsys):
    arch = tmp_path / "arch"
    assert main(["new", str(arch)]) == 0
    monkeypatch.chdir(arch)
    assert main(["ingest", str(MARCH)]) == 0
    pattern = "https://github.com/owner/repo/edit/main/{path}"
    assert main(["build", "--default-edit-url", pattern]) == 0
    page = (arch / "site/issues/2023-03-14/03.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/owner/repo/edit/main/content/2023/2023-03-14/03.md">纠错 / 修改本文' in page
    workflow = (arch / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "--default-edit-url" in workflow and "{path}" in workflow
    # archive.toml wins; a pattern without {path}, or not http(s), is refused.
    (arch / "archive.toml").write_text('[site]\nedit_url = "https://example.org/e/{path}?x=1"\n', encoding="utf-8")
    assert main(["build", "--default-edit-url", pattern]) == 0
    assert "https://example.org/e/content/2023/2023-03-14/03.md?x=1" in \
        (arch / "site/issues/2023-03-14/03.html").read_text(encoding="utf-8")
    assert main(["build", "--default-edit-url", "javascript:alert(1)//{path}"]) == 0  # the config's wins
    (arch / "archive.toml").write_text('[site]\nedit_url = "https://example.org/no-path"\n', encoding="utf-8")
    assert main(["build"]) == 2 and "{path}" in capsys.readouterr().err
