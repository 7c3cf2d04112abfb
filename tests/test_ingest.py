"""dcsx parse / ingest as an archivist runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from generator.cli import main
from generator.frontmatter import is_hand_edited, load

from .conftest import FIXTURES

ISSUES = FIXTURES / "issues"
MARCH = ISSUES / "2023-03-14-dcsx.txt"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parse_json_shape(capsys):
    code, out, err = run(capsys, "parse", str(MARCH), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["issue"]["date"] == "2023-03-14" and data["issue"]["number"] == 1520
    assert data["issue"]["pages"] == 4 and data["issue"]["masthead"] == "东昌府讯"
    first = data["articles"][0]
    assert set(first) >= {"kicker", "title", "subtitle", "title_inferred", "dateline", "reporters",
                          "correspondents", "section", "column", "fragment", "body", "source_lines"}
    assert first["source_lines"] == [20, 30]
    assert {d["reason"] for d in data["dropped"]} == {"orphan headline", "column banner with no article"}


def test_python_dash_m_works():
    proc = subprocess.run([sys.executable, "-m", "generator", "parse", str(MARCH)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "总第1520期" in proc.stdout


def test_ingest_layout_and_byte_identical_reingest(tmp_path, capsys):
    content = tmp_path / "content"
    code, out, err = run(capsys, "ingest", *map(str, sorted(ISSUES.glob("*.txt"))), "--content", str(content))
    assert code == 0, err
    first = snapshot(content)
    assert "2023/2023-03-14/issue.md" in first and "2023/2023-03-14/05.md" in first
    meta, body, _ = load(first["2023/2023-03-14/03.md"].decode())
    assert meta["id"] == "2023-03-14-03" and meta["subtitle"] == "——食用菌产业带动三百余户群众增收"
    assert "## 科技赋能提品质" in body
    code, out, _ = run(capsys, "ingest", *map(str, sorted(ISSUES.glob("*.txt"))), "--content", str(content))
    assert code == 0 and "0 written" in out
    assert snapshot(content) == first


def test_hand_edit_is_kept_then_forced_with_backup(tmp_path, capsys):
    content = tmp_path / "content"
    run(capsys, "ingest", str(MARCH), "--content", str(content))
    target = content / "2023" / "2023-03-14" / "02.md"
    edited = target.read_text(encoding="utf-8").replace("求职就业暖人心", "求职就业暖民心")
    target.write_text(edited, encoding="utf-8")
    assert is_hand_edited(edited)
    code, out, _ = run(capsys, "ingest", str(MARCH), "--content", str(content))
    assert code == 0 and "kept" in out and "02.md" in out
    assert target.read_text(encoding="utf-8") == edited
    code, out, _ = run(capsys, "ingest", str(MARCH), "--content", str(content), "--force")
    assert code == 0 and "backup" in out
    assert "暖人心" in target.read_text(encoding="utf-8")
    assert (target.with_name("02.md.bak")).read_text(encoding="utf-8") == edited


def test_one_bad_file_does_not_stop_the_others(tmp_path, capsys):
    content = tmp_path / "content"
    undated = tmp_path / "undated.txt"
    undated.write_text("## 标题\n\n东昌府讯 会议召开。\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(undated), str(MARCH), str(tmp_path / "missing.txt"), "--content", str(content))
    assert code == 1
    assert "undated.txt" in err and "--date" in err and "missing.txt" in err
    assert "ingested 1 of 3 files" in out
    assert (content / "2023" / "2023-03-14" / "01.md").exists()


def test_date_for_undated_file(tmp_path, capsys):
    undated = tmp_path / "undated.txt"
    undated.write_text("## 标题\n\n东昌府讯 12月1日，会议召开。\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(undated), "--date", "2022-12-02", "--number", "1490",
                         "--content", str(tmp_path / "c"))
    assert code == 0, err
    meta, _, _ = load((tmp_path / "c/2022/2022-12-02/01.md").read_text(encoding="utf-8"))
    assert meta["number"] == 1490 and meta["event_date"] == "2022-12-01"


def test_another_file_for_the_same_date_is_refused(tmp_path, capsys):
    copy = tmp_path / "copy.txt"
    shutil.copy(MARCH, copy)
    run(capsys, "ingest", str(MARCH), "--content", str(tmp_path / "c"))
    code, _, err = run(capsys, "ingest", str(copy), "--content", str(tmp_path / "c"))
    assert code == 1 and "already ingested" in err and "--force" in err


def test_stale_articles_from_an_earlier_ingest_are_removed(tmp_path, capsys):
    src = tmp_path / "2023-01-05.txt"
    src.write_text("## 甲\n\n东昌府讯 会议召开。\n\n## 乙\n\n东昌府讯 活动举行。\n", encoding="utf-8")
    run(capsys, "ingest", str(src), "--content", str(tmp_path / "c"))
    src.write_text("## 甲\n\n东昌府讯 会议召开。\n", encoding="utf-8")
    code, out, err = run(capsys, "ingest", str(src), "--content", str(tmp_path / "c"))
    assert code == 1 and "another file of the same name" in err  # a changed source is never taken silently
    code, out, _ = run(capsys, "ingest", str(src), "--content", str(tmp_path / "c"), "--force")
    assert code == 0 and "1 removed" in out
    assert not (tmp_path / "c/2023/2023-01-05/02.md").exists()


@pytest.mark.parametrize("argv", [["ingest", "a.txt", "b.txt", "--date", "2022-01-01"]])
def test_date_with_several_files_is_a_usage_error(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2 and "one file" in err


def test_check_reports_hand_edits_and_broken_files(tmp_path, capsys):
    content = tmp_path / "content"
    run(capsys, "ingest", str(MARCH), "--content", str(content))
    code, out, _ = run(capsys, "check", "--content", str(content))
    assert code == 0 and "1 issue, 5 articles" in out and "0 articles edited by hand" in out
    target = content / "2023/2023-03-14/02.md"
    target.write_text(target.read_text(encoding="utf-8").replace("暖人心", "暖民心"), encoding="utf-8")
    (content / "2023/2023-03-14/03.md").write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    code, out, err = run(capsys, "check", "--content", str(content))
    assert code == 1 and "1 article edited by hand" in out and "02.md" in out and "03.md" in err
    assert f"edited by hand since ingest: {target}" in out
