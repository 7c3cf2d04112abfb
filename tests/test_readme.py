"""The README's guide for the archivist, run as written: its dcsx commands must work."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys

from .conftest import FIXTURES, ROOT


def guide_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = text.split("## Guide for the archivist", 1)[1].split("\n## ", 1)[0]
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", guide, re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line:
                lines.append(line)
    return lines


def test_the_guide_names_the_steps_an_archivist_takes():
    commands = guide_commands()
    assert commands[0].startswith("pipx install dcsx")
    assert [c.split()[1] for c in commands if c.startswith("dcsx ")] == ["new", "ingest", "check", "build"]
    guide = (ROOT / "README.md").read_text(encoding="utf-8").split("## Guide for the archivist", 1)[1]
    assert "Source: GitHub Actions" in guide and "dcsx serve" in guide and "index.html" in guide


def test_the_guide_commands_work(tmp_path):
    cwd = tmp_path
    shutil.copy(FIXTURES / "issues" / "2023-03-14-dcsx.txt", tmp_path / "2022-11-22.txt")
    ran = []
    for line in guide_commands():
        words = shlex.split(line)
        if words[0] == "cd":
            cwd = cwd / words[1]
            continue
        if words[0] != "dcsx":
            continue  # installing dcsx and git are not dcsx's to test
        if words[1] == "ingest":  # the issue file sits beside the archive folder in this test
            words = [w if not w.endswith(".txt") else str(tmp_path / w) for w in words]
        proc = subprocess.run([sys.executable, "-m", "generator", *words[1:]], cwd=cwd, capture_output=True, text=True)
        assert proc.returncode == 0, f"{line}\n{proc.stdout}\n{proc.stderr}"
        ran.append(words[1])
    assert ran == ["new", "ingest", "check", "build"]
    assert (cwd / "site" / "index.html").is_file() and (cwd / "content" / "2023" / "2023-03-14" / "01.md").is_file()
