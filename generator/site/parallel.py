"""run_tasks(): independent parts of a build in forked worker processes, or one after another.

Each task writes its own files through a copy of the Writer (into the same staging folder,
never the same path) and sends back what it wrote; the parent merges that, so duplicate
paths are still refused and the site is byte-identical to a one-process build.  Fork is
used where the platform has it (the archive is shared copy-on-write, never pickled);
elsewhere, or with one core, the tasks run in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable

from generator.site.writer import Writer

Task = Callable[[Writer], object]
_TASKS: list[Task] = []  # set before the pool forks; workers find their task by number
_WRITER: Writer | None = None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _run(number: int):
    writer = _WRITER
    assert writer is not None
    writer.written = set()
    before = (writer.counts.written, writer.counts.unchanged)
    value = _TASKS[number](writer)
    return writer.written, writer.counts.written - before[0], writer.counts.unchanged - before[1], value


def run_tasks(tasks: list[Task], writer: Writer, *, jobs: int | None = None) -> list:
    """Run the tasks, in parallel when more than one core is free and fork exists; return their values."""
    global _TASKS, _WRITER
    jobs = min(len(tasks), jobs or _cores())
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return [task(writer) for task in tasks]
    _TASKS, _WRITER = tasks, writer
    values = []
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = [pool.apply_async(_run, (n,)) for n in range(len(tasks))]
            for result in results:
                written, new, unchanged, value = result.get()
                writer.absorb(written, new, unchanged)
                values.append(value)
    finally:
        _TASKS, _WRITER = [], None
    return values
