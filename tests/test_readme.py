"""The README's guide for the archivist, run as written, from the install to a committed archive
whose Pages workflow installs, in a fresh virtual environment, the dcsx that made it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from .conftest import FIXTURES, ROOT, need

# Lines of the guide this test cannot run as they are, and why.
SYSTEM = ("sudo ", "pipx ensurepath")  # the machine's own packages and shell profile
NETWORK = ("git remote ", "git push")  # GitHub itself


def guide() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8").split("## Guide for the archivist", 1)[1].split("\n## ", 1)[0]


def guide_commands() -> list[str]:
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", guide(), re.S):
        for line in block.splitlines():
            line = re.split(r"\s{2,}#", line, maxsplit=1)[0].strip()
            if line:
                lines.append(line)
    return lines


def test_the_guide_names_the_steps_an_archivist_takes():
    commands = guide_commands()
    assert any(c.startswith("pipx install ./dcsx") for c in commands)
    assert not any(re.match(r"(pipx|pip) install (--user )?dcsx\b", c) for c in commands)  # not on PyPI yet
    assert [c.split()[1] for c in commands if c.startswith("dcsx ")] == ["new", "ingest", "check", "build"]
    text = guide()
    assert "Source: GitHub Actions" in text and "dcsx serve" in text and "index.html" in text
    assert "apt-get install pipx" in text and "dcsx upgrade" in text and "git push -u origin main" in text


def copy_of_the_repository(where: Path) -> Path:
    """What an archivist has after `git clone`: the tracked files, no node_modules, no venv."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        source = ROOT / rel
        if source.is_file():
            (where / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, where / rel)
    return where


def install(line: str, words: list[str], home: Path, env: dict, cwd: Path) -> Path:
    """`pipx install X` with pipx where there is one; else what pipx does: a venv of its own."""
    target = str((cwd / words[2]).resolve()) if words[2].startswith(".") else words[2]
    bin_dir = home / ".local" / "bin"
    if shutil.which("pipx"):
        run(["pipx", "install", target], cwd, env)
        return bin_dir
    venv = home / ".local" / "pipx" / "venvs" / "dcsx"
    run([sys.executable, "-m", "venv", str(venv)], cwd, env)
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", target], cwd, env)
    bin_dir.mkdir(parents=True, exist_ok=True)
    (bin_dir / "dcsx").symlink_to(venv / "bin" / "dcsx")
    return bin_dir


def run(cmd, cwd: Path, env: dict, shell: bool = False) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, shell=shell, timeout=900)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_the_guide_runs_as_written_to_a_committed_archive_whose_workflow_installs(tmp_path):
    need(shutil.which("git") is not None, "git is not installed")
    home = tmp_path / "home"
    home.mkdir()
    cwd = tmp_path
    copy_of_the_repository(tmp_path / "dcsx")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "GIT_"))}
    env.update(HOME=str(home), PIP_DISABLE_PIP_VERSION_CHECK="1", PATH=f"{home}/.local/bin:/usr/bin:/bin")
    ran, skipped = [], []
    for line in guide_commands():
        words = shlex.split(line)
        if line.startswith(SYSTEM + NETWORK):
            skipped.append(line)
        elif words[0] == "cd":
            cwd = cwd / words[1]
        elif words[:2] == ["pipx", "install"]:
            install(line, words, home, env, cwd)
            ran.append(line)
        else:
            if words[:2] == ["dcsx", "ingest"]:  # "save the text as a file": here, in the archive
                shutil.copy(FIXTURES / "issues" / "2023-03-14-dcsx.txt", cwd / words[2])
            run(line, cwd, env, shell=True)
            ran.append(line)
    assert [l.split()[1] for l in ran if l.startswith("dcsx ")] == ["new", "ingest", "check", "build"]
    assert any(l.startswith("git commit") or "&& git commit" in l for l in ran)
    assert all(l.startswith(SYSTEM + NETWORK) for l in skipped)
    archive = cwd
    # The installed dcsx, not this checkout, made it.
    where = run(["dcsx", "--version"], archive, env).stdout
    assert where.startswith("dcsx ")
    # A committed repository on main, holding the wheel the workflow installs; nothing built is in it.
    git = lambda *a: run(["git", *a], archive, env).stdout  # noqa: E731
    assert git("symbolic-ref", "HEAD").strip() == "refs/heads/main"
    tracked = git("ls-files").split()
    assert "archive.toml" in tracked and ".github/workflows/pages.yml" in tracked
    assert "content/2023/2023-03-14/01.md" in tracked
    assert not any(t.startswith(("site/", ".site.")) for t in tracked)
    assert git("status", "--porcelain") == ""
    steps = yaml.safe_load((archive / ".github/workflows/pages.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    install_step = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    wheels = [t for t in tracked if t.startswith(".dcsx/") and t.endswith(".whl")]
    assert len(wheels) == 1 and wheels[0] in install_step
    # The workflow's install step, then its check and build, in a fresh venv from a fresh clone.
    runner = tmp_path / "runner"
    run(["git", "clone", "-q", str(archive), str(runner)], tmp_path, env)
    venv = tmp_path / "fresh"
    run([sys.executable, "-m", "venv", str(venv)], tmp_path, env)
    fresh = {**env, "PATH": f"{venv}/bin:/usr/bin:/bin"}
    run(install_step, runner, fresh, shell=True)
    assert run(["dcsx", "--version"], runner, fresh).stdout == where
    assert shutil.which("dcsx", path=fresh["PATH"]).startswith(str(venv))
    run(["dcsx", "check"], runner, fresh)
    run(["dcsx", "build", "--default-base-url", "https://owner.github.io/repo/"], runner, fresh)
    assert (runner / "site/issues/2023-03-14/index.html").is_file() and (runner / "site/static/lunr.min.js").is_file()
