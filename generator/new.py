"""dcsx new DIR, dcsx upgrade: an archive repository, ready for `dcsx build` and for GitHub Pages.

The archive's Pages workflow installs exactly the dcsx that made it (``wheel.install_source``):
a pinned version or git commit, or this dcsx's own wheel committed under ``.dcsx/``.
``dcsx upgrade`` points an existing archive at the dcsx that runs it.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from generator import papers, wheel
from generator.resources import PACKAGE

SKELETON = PACKAGE / "skeleton"
# Skeleton file -> where it goes (dot names are kept without the dot so that packaging keeps them).
FILES = {
    "archive.toml": "archive.toml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "github/workflows/pages.yml": ".github/workflows/pages.yml",
}
WORKFLOW = ".github/workflows/pages.yml"
# The workflow's install step; `dcsx upgrade` finds it by its comment.
INSTALL_LINE = re.compile(r"^(\s*- run: python -m pip install ).*?(\s+# the dcsx this archive is built with.*)$", re.M)
# What --requirement may hold: a pip requirement or a URL, nothing a shell or a workflow expression reads.
REQUIREMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._\-=<>!~+@:/#?&%,\[\]]*")


class NewArchiveError(Exception):
    """The archive cannot be created there; the message says why and what to do.  ``usage``: an
    option was wrong (exit status 2), not the folder (1)."""

    def __init__(self, message: str, *, usage: bool = False):
        super().__init__(message)
        self.usage = usage


@dataclass
class NewArchive:
    written: list[Path] = field(default_factory=list)
    git: str = ""  # what was done with git, said to the archivist
    install: str = ""  # what the workflow installs


def check_requirement(requirement: str) -> str:
    """A --requirement pip can read and no shell or workflow expression can: else NewArchiveError."""
    text = requirement.strip()
    if not REQUIREMENT.fullmatch(text) or ": " in text or " #" in text:  # YAML reads those two
        raise NewArchiveError(f"--requirement {requirement!r}: give a pip requirement such as 'dcsx==0.1.0' or "
                              "'dcsx @ git+https://github.com/OWNER/dcsx@COMMIT' (letters, digits and . _ - = < > "
                              "! ~ + @ : / # ? & % , [ ] only)", usage=True)
    return text


def check_papers(papers: list[str]) -> list[str]:
    names = [p.strip() for p in papers]
    for paper in names:
        if not paper or re.search(r'["\\\n\r\t]', paper):
            raise NewArchiveError(f"--paper {paper!r}: give the paper's name as printed, without quotes or "
                                  "backslashes", usage=True)
    return list(dict.fromkeys(names))


def install_step(folder: Path, requirement: str | None) -> str:
    """The workflow's pip argument: a checked --requirement, else the running dcsx (its wheel
    written under .dcsx/)."""
    if requirement:
        return shlex.quote(requirement)
    source = wheel.install_source()
    if source.requirement:
        return shlex.quote(source.requirement)
    wheels = folder / wheel.WHEEL_FOLDER
    for old in wheels.glob("*.whl"):
        old.unlink()
    path = wheel.pack_wheel(wheels)
    return shlex.quote(f"./{wheel.WHEEL_FOLDER}/{path.name}")


def _toml_list(items) -> str:
    return json.dumps(list(items), ensure_ascii=False).replace('","', '", "')


def _places_values(names: list[str]) -> dict[str, str]:
    """Banners and [places] for the skeleton: the paper's when dcsx knows it, else examples."""
    district = papers.paper_named(names)
    if district is None:
        return {"{places}": '# names = ["某某街道", "某某镇"]', "{aliases}": "{}", "{banners}": "[]"}
    rows = [district.places[i:i + 7] for i in range(0, len(district.places), 7)]
    listed = ",\n  ".join(", ".join(json.dumps(p, ensure_ascii=False) for p in row) for row in rows)
    aliases = ", ".join(f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
                        for k, v in district.aliases)
    banners = "".join(f"\n  {json.dumps(b, ensure_ascii=False)}," for b in district.banners)
    return {"{banners}": f"[{banners}\n]" if banners else "[]",
            "{places}": f"# {district.district}, as dcsx knows it; correct it when a place is added or renamed.\n"
                        f"names = [\n  {listed},\n]",
            "{aliases}": "{ " + aliases + " }" if aliases else "{}"}


def new_archive(folder: Path, *, papers: list[str] | None = None, requirement: str | None = None,
                git: bool = True) -> NewArchive:
    """Create the archive's files in ``folder`` (new or empty), a git repository on main."""
    names = check_papers(papers or ["东昌府讯"])
    requirement = check_requirement(requirement) if requirement else None
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewArchiveError(f"{folder} already exists and is not an empty folder; choose a new folder name "
                              "(nothing was written)")
    result = NewArchive()
    install = install_step(folder, requirement)
    values = {"{paper}": names[0], "{names}": _toml_list(names), "{requirement}": install,
              **_places_values(names)}
    for source, target in FILES.items():
        text = (SKELETON / source).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        result.written.append(path)
    result.written += sorted((folder / wheel.WHEEL_FOLDER).glob("*.whl"))
    keep = folder / "content" / ".gitkeep"  # git keeps no empty folder
    keep.parent.mkdir(parents=True, exist_ok=True)
    keep.write_text("", encoding="utf-8")
    result.written.append(keep)
    result.install = install
    result.git = init_repository(folder) if git else ""
    return result


def init_repository(folder: Path) -> str:
    """git init on branch main (the workflow runs on main), when git is installed; what was done."""
    git = shutil.which("git")
    if git is None:
        return "git is not installed: install it, then run `git init -b main` in the archive folder"
    if (folder / ".git").exists():
        return "already a git repository"
    run = lambda *args: subprocess.run([git, *args], cwd=folder, capture_output=True, text=True)  # noqa: E731
    made = run("init", "-q", "-b", "main")
    if made.returncode:  # git before 2.28 has no -b
        made = run("init", "-q")
        if made.returncode == 0:
            run("symbolic-ref", "HEAD", "refs/heads/main")
    if made.returncode:
        return f"git init failed ({made.stderr.strip()}); run `git init -b main` in the archive folder yourself"
    return "made it a git repository on branch main"


def upgrade_archive(folder: Path, *, requirement: str | None = None) -> str:
    """Point the archive's workflow at the dcsx that runs now (or --requirement); what it installs."""
    workflow = folder / WORKFLOW
    if not workflow.is_file():
        raise NewArchiveError(f"{workflow}: no such file; run `dcsx upgrade` in an archive made by `dcsx new`")
    text = workflow.read_text(encoding="utf-8")
    if not INSTALL_LINE.search(text):
        raise NewArchiveError(f"{workflow}: no line `- run: python -m pip install …  # the dcsx this archive is "
                              "built with`; put it back as `dcsx new` wrote it, or change the install line by hand")
    install = install_step(folder, check_requirement(requirement) if requirement else None)
    if not install.startswith(f"./{wheel.WHEEL_FOLDER}/"):
        shutil.rmtree(folder / wheel.WHEEL_FOLDER, ignore_errors=True)
    workflow.write_text(INSTALL_LINE.sub(lambda m: m.group(1) + install + m.group(2), text, count=1),
                        encoding="utf-8")
    return install
