"""What the benchmarks measure with: a timed command, a folder's size, Chromium's flags.

Shared by ``run`` (dcsx's figures) and ``peers`` (Pelican, Hugo, Pagefind), which import
this module and never each other.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


def timed(cmd: list[str], cwd: Path = ROOT) -> tuple[float, int, str]:
    """Run a command; return (seconds, peak memory MB of that process, output)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    if proc.returncode:
        raise SystemExit(f"{cmd} failed:\n{output}")
    return seconds, usage.ru_maxrss // 1024, output


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
