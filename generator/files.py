"""File system helpers shared by ingest and the site writer: atomic writes and linked copies."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that a reader (or a crash) sees the old bytes or the new, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)


def link_tree(src: Path, dst: Path) -> None:
    """Copy a tree as hard links (a real copy where the file system has none).

    Files are then replaced, never written in place, so the original tree keeps its bytes.
    """
    for folder, _dirs, files in os.walk(src):
        rel = os.path.relpath(folder, src)
        target = dst if rel == "." else dst / rel
        target.mkdir(parents=True, exist_ok=True)
        for name in files:
            source = os.path.join(folder, name)
            try:
                os.link(source, target / name)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
                    raise
                shutil.copy2(source, target / name)


def swap_in(staging: Path, live: Path, retired: Path) -> None:
    """Put a finished staging folder in place of the live one; the old one goes last."""
    if live.exists():
        os.replace(live, retired)
    os.replace(staging, live)
    if retired.exists():
        shutil.rmtree(retired, ignore_errors=True)


def recover(live: Path, staging: Path, retired: Path) -> None:
    """Undo what a killed run left: restore the live folder if only the retired one is there."""
    if not live.exists() and retired.is_dir():
        os.replace(retired, live)
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)
