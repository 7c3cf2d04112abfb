"""Incremental builds: after each kind of change, the site equals a clean full build, byte for byte."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from generator.config import load_config
from generator.build import build_site

from .conftest import FIXTURES, ROOT, build_fixture_site

CONFIG = load_config(FIXTURES / "archive.toml")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def archive(tmp_path):
    """(content, site, theme) with the site built once, so the next build is incremental."""
    content, site = build_fixture_site(tmp_path)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes/default", theme)
    report = build_site(content, site, CONFIG, theme)
    assert report.published
    return content, site, theme


def rebuild_and_compare(content, site, theme, tmp_path, config=CONFIG):
    """Build incrementally, then clean into another folder; return the incremental report."""
    report = build_site(content, site, config, theme)
    assert report.published and not report.problems
    clean = tmp_path / "clean"
    assert build_site(content, clean, config, theme, incremental=False).published
    assert snapshot(site) == snapshot(clean)
    return report


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_nothing_changed_reads_nothing_and_writes_nothing(archive):
    content, site, theme = archive
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    report = build_site(content, site, CONFIG, theme)
    assert report.published and report.written == 0 and report.articles == 24
    assert {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()} == before


def test_an_edited_title_rerenders_only_the_pages_that_show_it(archive, tmp_path):
    content, site, theme = archive
    edit(content / "2023/2023-03-14/03.md", "title: 沙镇镇：小小蘑菇撑起致富“伞”", "title: 沙镇镇：小小香菇撑起致富“伞”")
    total = len(snapshot(site))
    report = rebuild_and_compare(content, site, theme, tmp_path)
    assert 0 < report.written < total / 4, (report.written, total)
    assert "小小香菇" in (site / "issues/2023-03-14/03.html").read_text(encoding="utf-8")


def test_an_added_issue(archive, tmp_path):
    content, site, theme = archive
    new = content / "2023/2023-03-21"
    new.mkdir()
    (new / "issue.md").write_text("---\ndate: '2023-03-21'\nnumber: 1521\narticles: 1\n---\n", encoding="utf-8")
    (new / "01.md").write_text("---\nseq: 1\ntitle: 新的一期\nreporters: [刘洋]\n---\n东昌府讯 新闻正文。\n", encoding="utf-8")
    rebuild_and_compare(content, site, theme, tmp_path)
    assert (site / "issues/2023-03-21/01.html").exists()


def test_a_deleted_article(archive, tmp_path):
    content, site, theme = archive
    folder = content / "2023/2023-06-07"
    last = sorted(folder.glob("0*.md"))[-1]
    last.unlink()
    edit(folder / "issue.md", "articles: 5", "articles: 4")
    rebuild_and_compare(content, site, theme, tmp_path)
    assert not (site / f"issues/2023-06-07/{last.stem}.html").exists()


def test_the_newest_issue_removed_then_brought_back_changed(archive, tmp_path, monkeypatch):
    from generator.build import schedule
    from generator.search import entries, update

    content, site, theme = archive
    monkeypatch.setattr(schedule, "can_fork", lambda jobs=None: False)  # the update in this process: count it
    edited = []
    monkeypatch.setattr(update, "edit_tail", lambda *a: edited.append(entries.edit_tail(*a)) or edited[-1])
    newest = sorted(content.glob("*/*/issue.md"))[-1].parent
    kept = tmp_path / "kept"
    shutil.move(newest, kept)
    rebuild_and_compare(content, site, theme, tmp_path)  # its documents come off the end of entries
    assert not (site / f"issues/{newest.name}").exists()
    shutil.move(kept, newest)
    first = sorted(newest.glob("0*.md"))[0]
    text = first.read_text(encoding="utf-8")
    first.write_text(text + "\n补记：新增的一段文字，第二次录入。\n", encoding="utf-8")
    rebuild_and_compare(content, site, theme, tmp_path)
    assert "第二次录入" in (site / f"issues/{newest.name}/{first.stem}.html").read_text(encoding="utf-8")
    assert sum(e is not None for e in edited) > 100  # entries edited as strings, not decoded


def test_a_changed_config(archive, tmp_path):
    content, site, theme = archive
    config = dataclasses.replace(CONFIG, title="东昌府讯 档案（新名）", page_size=2)
    report = rebuild_and_compare(content, site, theme, tmp_path, config)
    assert report.written > 20
    assert "（新名）" in (site / "index.html").read_text(encoding="utf-8")


def test_a_changed_template(archive, tmp_path):
    content, site, theme = archive
    edit(theme / "templates/article.html", "本期目录", "返回本期目录")
    rebuild_and_compare(content, site, theme, tmp_path)
    assert "返回本期目录" in (site / "issues/2023-03-14/03.html").read_text(encoding="utf-8")


def test_a_site_changed_by_hand_is_built_whole(archive, tmp_path):
    content, site, theme = archive
    (site / "issues/2023-03-14/03.html").unlink()
    rebuild_and_compare(content, site, theme, tmp_path)
    (site / ".dcsx-site").unlink()
    (site / ".dcsx-site").write_text("built by dcsx; dcsx replaces this folder on every build\n")
    edit(content / "2023/2023-03-14/03.md", "小小蘑菇", "小小木耳")
    report = rebuild_and_compare(content, site, theme, tmp_path)
    assert report.unchanged > report.written  # unchanged bytes are still left alone


@pytest.mark.parametrize("piece_bytes", [300, 3000])
def test_index_updates_equal_a_whole_build_as_leaves_split_and_merge(archive, tmp_path, monkeypatch, piece_bytes):
    from generator.search import format as search
    from generator.build.state import load_state

    monkeypatch.setattr(search, "PIECE_BYTES", piece_bytes)
    content, site, theme = archive
    build_site(content, site, CONFIG, theme, incremental=False)  # a new limit: build the index whole once
    leaves_before = load_state(site, site / ".dcsx-site").index.leaves
    # Grow one article by many new words: its leaves grow past the limit and split.
    words = "".join(chr(0x4E00 + (k * 37) % 5000) for k in range(3000))
    path = content / "2023/2023-03-14/03.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + words + "。\n", encoding="utf-8")
    rebuild_and_compare(content, site, theme, tmp_path)
    state = load_state(site, site / ".dcsx-site")
    grown = state.index.leaves
    assert "updated" in state.index.figures and len(grown) > len(leaves_before)
    # Take it out again and delete two more articles: leaves shrink and merge.
    path.write_text(path.read_text(encoding="utf-8").replace("\n" + words + "。\n", ""), encoding="utf-8")
    for name in ("04.md", "05.md"):
        (content / "2023/2023-03-14" / name).unlink()
    edit(content / "2023/2023-03-14/issue.md", "articles: 5", "articles: 3")
    rebuild_and_compare(content, site, theme, tmp_path)
    state = load_state(site, site / ".dcsx-site")
    assert "updated" in state.index.figures and len(state.index.leaves) < len(grown)


def test_the_same_config_read_from_another_path_renders_nothing_again(archive, tmp_path):
    content, site, theme = archive
    copy = tmp_path / "elsewhere.toml"
    shutil.copy(FIXTURES / "archive.toml", copy)
    edit(content / "2023/2023-03-14/03.md", "小小蘑菇", "小小平菇")
    report = build_site(content, site, load_config(copy), theme)
    # The edited article's pages, listings and feeds (issue, articles, section, column, place,
    # each person): a few dozen at most, never the whole site again.
    assert report.published and report.written < 30, report.written


def test_a_section_rule_change_reaches_articles_read_before(archive, tmp_path):
    from generator.config import SectionRule

    content, site, theme = archive
    mushrooms = SectionRule("mushrooms", "食用菌", keywords=("蘑菇",))
    config = dataclasses.replace(CONFIG, sections=(mushrooms,) + CONFIG.sections)
    rebuild_and_compare(content, site, theme, tmp_path, config)
    assert "沙镇镇" in (site / "sections/mushrooms/index.html").read_text(encoding="utf-8")


def test_a_first_build_reads_half_the_files_in_a_child_and_loads_the_same_archive(archive, monkeypatch):
    """read_ahead fills an empty cache, half the folders read by a forked child; the archive
    loaded from it equals one read file by file, problems and warnings included."""
    import generator.content
    from generator.content import FileCache, load_archive, read_ahead
    from generator.files import can_fork

    if not can_fork():
        pytest.skip("no fork on this platform: read_ahead reads nothing ahead")
    content, _site, _theme = archive
    edit(content / "2023/2023-03-14/03.md", "title:", "title: [unclosed")  # a problem to be reported either way
    plain = load_archive(content, CONFIG, FileCache())
    cache = FileCache()
    read_ahead(content, CONFIG, cache, fork=True, least=1)
    files = {p.as_posix() for p in content.glob("*/*/*.md")}
    assert set(cache.entries) == files

    def read_again(path):
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(generator.content, "_load", read_again)
    ahead = load_archive(content, CONFIG, cache)
    assert ahead.issues == plain.issues and len(ahead.issues) >= 2
    assert ahead.problems == plain.problems and any("03.md" in p for p in plain.problems)
    assert ahead.warnings == plain.warnings
    assert set(cache.used) == files


def test_read_ahead_leaves_a_filled_cache_and_a_small_archive_alone(archive):
    from generator.content import FileCache, read_ahead

    content, _site, _theme = archive
    cache = FileCache()
    read_ahead(content, CONFIG, cache, fork=True)  # fewer folders than are worth a process
    assert not cache.entries
    filled = FileCache({"x.md": ((0,), None)})
    read_ahead(content, CONFIG, filled, fork=True, least=1)
    assert set(filled.entries) == {"x.md"}
