"""dcsx new DIR: a new archive repository, ready for `dcsx build` and for GitHub Pages."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from generator.resources import PACKAGE

SKELETON = PACKAGE / "skeleton"
# Skeleton file -> where it goes (dot names are kept without the dot so that packaging keeps them).
FILES = {
    "archive.toml": "archive.toml",
    "README.md": "README.md",
    "gitignore": ".gitignore",
    "github/workflows/pages.yml": ".github/workflows/pages.yml",
}


class NewArchiveError(Exception):
    """The archive cannot be created there; the message says why and what to do."""


def dcsx_requirement() -> str:
    """The pip requirement that installs this very dcsx (pinned)."""
    try:
        return f"dcsx=={metadata.version('dcsx')}"
    except metadata.PackageNotFoundError:
        return "dcsx"


def new_archive(folder: Path, *, paper: str = "东昌府讯", requirement: str | None = None) -> list[Path]:
    """Create the archive's files in ``folder`` (new or empty); return what was written."""
    if not paper.strip() or re.search(r'["\\\n\r]', paper):
        raise NewArchiveError(f"--paper {paper!r}: give the paper's name as printed, without quotes or backslashes")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NewArchiveError(f"{folder} already exists and is not an empty folder; choose a new folder name "
                              "(nothing was written)")
    values = {"{paper}": paper.strip(), "{requirement}": requirement or dcsx_requirement()}
    written = []
    for source, target in FILES.items():
        text = (SKELETON / source).read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace(key, value)
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    keep = folder / "content" / ".gitkeep"  # git keeps no empty folder
    keep.parent.mkdir(parents=True, exist_ok=True)
    keep.write_text("", encoding="utf-8")
    written.append(keep)
    return written
