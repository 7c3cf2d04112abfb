"""Content that check once let through, or that crashed the build without naming a file:
each is now reported by `dcsx check` (and build) with the file and line, and never a traceback."""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import FIXTURES

MARCH = FIXTURES / "issues" / "2023-03-14-dcsx.txt"


@pytest.fixture
def arch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["-q", "ingest", str(MARCH)]) == 0
    return tmp_path


def article(arch: Path, name: str = "02.md") -> Path:
    return arch / "content/2023/2023-03-14" / name


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def check(capsys) -> tuple[int, str]:
    code = main(["check"])
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return code, out.err


def test_a_title_written_twice_is_an_error_naming_both_lines(arch, capsys):
    path = article(arch)
    lines = path.read_text(encoding="utf-8").split("\n")
    first = next(n for n, l in enumerate(lines, 1) if l.startswith("title:"))
    edit(path, "\n---\n", "\ntitle: 改正后的标题\n---\n")  # the corrected title added below the old one
    code, err = check(capsys)
    assert code == 1 and "02.md:" in err and "written twice" in err and f"line {first}" in err
    assert main(["build"]) == 1 and not (arch / "site").exists()


@pytest.mark.parametrize("value, shown", [("12:30:00", "12:30:00"), ("on", "on"), ("yes", "yes"), ("no", "no")])
def test_yaml_1_1_scalars_stay_text(arch, capsys, value, shown):
    edit(article(arch), "kicker: null", f"kicker: {value}")
    code, _ = check(capsys)
    assert code == 0
    assert main(["-q", "build"]) == 0
    page = (arch / "site/issues/2023-03-14/02.html").read_text(encoding="utf-8")
    assert f">{shown}<" in page  # the kicker as written, not 45000 or True


def test_noncharacters_are_reported_and_never_reach_the_feed(arch, capsys):
    import xml.dom.minidom

    path = article(arch)
    title = next(l for l in path.read_text(encoding="utf-8").split("\n") if l.startswith("title:"))
    line = path.read_text(encoding="utf-8").split("\n").index(title) + 1
    edit(path, title, title + "\ufffe")  # raw in the file: YAML refuses it, check says where
    code, err = check(capsys)
    assert code == 1 and f"02.md:{line}:" in err and "U+FFFE" in err
    edit(path, title + "\ufffe", 'title: "\\uFFFE标\\uFFFF题\\uFDD0"')  # as YAML escapes: accepted, reported
    code, err = check(capsys)
    assert code == 0 and f"02.md:{line}:" in err and "noncharacter" in err
    assert main(["-q", "build"]) == 0
    for feed in (arch / "site").rglob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        assert not any(c in text for c in "\ufffe\uffff\ufdd0"), feed
        xml.dom.minidom.parseString(text.encode("utf-8"))  # well-formed
    assert "\uffff" not in (arch / "site/issues/2023-03-14/02.html").read_text(encoding="utf-8")


def test_a_file_name_beyond_99_without_seq_is_an_error(arch, capsys):
    path = article(arch, "05.md")
    text = path.read_text(encoding="utf-8")
    path.unlink()
    (path.parent / "150.md").write_text("\n".join(l for l in text.split("\n") if not l.startswith("seq:")),
                                        encoding="utf-8")
    code, err = check(capsys)
    assert code == 1 and "150.md:" in err and "outside 1-99" in err
    assert main(["build"]) == 1


def test_an_issue_of_more_than_99_articles_is_refused_by_ingest_not_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    parts = ["东昌府讯", "2023年5月9日 星期二", "总第10期", ""]
    for k in range(1, 121):
        parts += [f"## 第{k}则简讯标题", "", f"东昌府讯 第{k}则简讯的正文写在这里。", ""]
    (tmp_path / "big.txt").write_text("\n".join(parts), encoding="utf-8")
    assert main(["ingest", "big.txt"]) == 1
    err = capsys.readouterr().err
    assert "big.txt" in err and "dcsx check would refuse" in err and "seq" in err
    assert not (tmp_path / "content/2023").exists()


def test_dates_before_1900_and_one_date_in_two_year_folders(arch, capsys):
    folder = article(arch).parent
    shutil.copytree(folder, arch / "content/2024/2023-03-14")
    code, err = check(capsys)
    assert code == 1 and "2024/2023-03-14" in err and "also in" in err and "is in the folder" not in err
    shutil.rmtree(arch / "content/2024")
    old = arch / "content/1899/1899-12-31"
    shutil.copytree(folder, old)
    for p in old.glob("*.md"):
        text = p.read_text(encoding="utf-8").replace("2023-03-14", "1899-12-31")
        p.write_text(text, encoding="utf-8")
    code, err = check(capsys)
    assert code == 1 and "1899-12-31" in err and "1900 or later" in err
    assert main(["build"]) == 1


def test_a_byte_order_mark_is_read_as_text(arch, capsys):
    path = article(arch)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, err = check(capsys)
    assert code == 0 and "must start with" not in err


def test_markdown_nested_past_rendering_is_an_error_not_a_crash(arch, capsys):
    path = article(arch)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "".join("    " * i + "- 项\n" for i in range(400)),
                    encoding="utf-8")
    code, err = check(capsys)
    assert code == 1 and "02.md:" in err and "indented" in err
    assert main(["build"]) == 1 and "Traceback" not in capsys.readouterr().err


def test_a_link_to_a_file_outside_the_archive_is_refused(arch, capsys, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.md"
    secret.write_text(article(arch).read_text(encoding="utf-8").replace("seq: 2", "seq: 9"), encoding="utf-8")
    os.symlink(secret, article(arch, "09.md"))
    code, err = check(capsys)
    assert code == 1 and "09.md" in err and "outside" in err


def test_ingest_refuses_a_pipe_and_a_huge_file(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    os.mkfifo(tmp_path / "2023-05-09.txt")
    assert main(["ingest", "2023-05-09.txt"]) == 1  # returns at once: nothing opens the pipe
    assert "not a regular file" in capsys.readouterr().err
    with open(tmp_path / "2023-05-10.txt", "wb") as f:
        f.truncate(17 * 2**20)  # sparse: no time spent writing it
    assert main(["ingest", "2023-05-10.txt"]) == 1
    assert "split it into one file per issue" in capsys.readouterr().err
    assert not (tmp_path / "content/2023").exists()


def test_bundle_refuses_links_and_folders_that_climb(arch, capsys, tmp_path_factory):
    assert main(["-q", "build"]) == 0
    for folder in ("../..", "a/b", "..", "."):
        assert main(["bundle", "--folder", folder]) == 1, folder
        assert "--folder" in capsys.readouterr().err
    assert main(["-q", "bundle", "--folder", "档案"]) == 0
    names = zipfile.ZipFile(arch / "dcsx-archive.zip").namelist()
    assert names and all(n.startswith("档案/") and ".." not in n for n in names)
    outside = tmp_path_factory.mktemp("outside") / "passwords.txt"
    outside.write_text("secret", encoding="utf-8")
    os.symlink(outside, arch / "site/passwords.txt")
    assert main(["bundle", "--zip", "again.zip"]) == 1
    assert "symbolic link" in capsys.readouterr().err and not (arch / "again.zip").exists()


def test_edit_links_are_percent_encoded(tmp_path, monkeypatch):
    from generator.site.pages import edit_link

    assert edit_link("https://github.com/o/r/edit/main/{path}", "content/2023/2023-03-14/01 新.md") == \
        "https://github.com/o/r/edit/main/content/2023/2023-03-14/01%20%E6%96%B0.md"
    assert edit_link("https://x.org/e/{path}?a=1", "a#b?.md") == "https://x.org/e/a%23b%3F.md?a=1"
    assert edit_link("", "a.md") == ""


def test_planted_build_state_never_runs_and_means_a_first_build(arch, capsys, tmp_path):
    import pickle

    from generator.build.state import state_paths
    from generator.build.stored import restore, store

    assert main(["-q", "build"]) == 0
    state_file, cache = state_paths(arch / "site")
    assert state_file.read_bytes().startswith(b"dcsx-stored 1")
    assert sorted(p.suffix for p in cache.iterdir()) == [".json"]
    assert restore(state_file.read_bytes()) is not None

    class Boom:
        def __reduce__(self):
            return (Path.touch, (tmp_path / "pwned",))

    for planted in (pickle.dumps(Boom()), b"dcsx-stored 1 " + b"0" * 64 + b"\n{}",
                    store({"a": 1})[:-1] + b"2"):  # a pickle; a wrong digest; a body changed after it
        state_file.write_bytes(planted)
        for shard in cache.iterdir():
            shard.write_bytes(planted)
        assert main(["build"]) == 0
        out = capsys.readouterr().out
        assert not (tmp_path / "pwned").exists()
        assert "files written" in out
        assert (arch / "site/issues/2023-03-14/02.html").is_file()
    # A stored value comes back equal, records and tuples included.
    from generator.content import FileCache, load_archive
    from generator.config import Config

    cache_ = FileCache()
    archive = load_archive(arch / "content", Config(), cache_)
    again = restore(store(cache_.used))
    assert again == cache_.used and archive.articles
    a = archive.articles[0]
    a.description  # noqa: B018 - a cached property travels with the record
    back = restore(store(a))
    assert back == a and back.__dict__["description"] == a.description
    with pytest.raises(TypeError):
        store(object())
