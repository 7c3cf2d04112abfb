"""How a build spreads its work over processes: ``Schedule``, which the recipe hands its tasks to.

``Schedule`` decides once whether this build forks (two cores, a platform with fork), starts
the index update as soon as the previous site is linked into staging, and runs the render and
index tasks of the second phase over the workers and this process.  Below it, start_tasks()
and start_task() run independent parts of a build in forked worker processes, or one after
another.

Each task writes its own files through a copy of the Writer (into the same staging folder,
never the same path) and sends back what it wrote; the parent merges that when it takes the
task's result, so duplicate paths are still refused and the site is byte-identical to a
one-process build.  Fork is used where the platform has it (the archive is shared
copy-on-write, never pickled); elsewhere, or with one core, the tasks run in this process.
Tasks start in the order given, so the ones the parent waits for first go first; while the
workers run, the parent is free to do work of its own.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable

from generator import files
from generator.build.writer import Writer

Task = Callable[[Writer], object]
_TASKS: list[Task] = []  # set before the pool forks; workers find their task by number
_WRITER: Writer | None = None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _run(number: int):
    assert _WRITER is not None
    return _run_task(_TASKS[number], _WRITER)


def _run_task(task: Task, writer: Writer):
    """In a worker: run the task and say what it wrote through this copy of the writer."""
    writer.written = set()
    before = (writer.counts.written, writer.counts.unchanged)
    value = task(writer)
    writer.flush()
    return writer.written, writer.counts.written - before[0], writer.counts.unchanged - before[1], value


def can_fork(jobs: int | None = None) -> bool:
    """True when tasks would go to worker processes."""
    return (jobs or _cores()) > 1 and files.can_fork() and "fork" in multiprocessing.get_all_start_methods()


class start_tasks:  # noqa: N801 - used like a function: `with start_tasks(tasks, writer) as tasks:`
    """Start the tasks; ``result(n)`` waits for task n and merges what it wrote into the writer."""

    def __init__(self, tasks: list[Task], writer: Writer, *, jobs: int | None = None):
        self.tasks, self.writer = tasks, writer
        self.jobs = min(len(tasks), jobs or _cores())
        self.requested = jobs
        self.pool = None
        self.pending: list = []
        self.values: dict[int, object] = {}

    def __enter__(self) -> start_tasks:
        global _TASKS, _WRITER
        if self.tasks and can_fork(self.requested):  # one worker too: the parent has work of its own
            _TASKS, _WRITER = self.tasks, self.writer
            self.writer.flush()  # no writing thread may be running when the workers fork
            self.pool = multiprocessing.get_context("fork").Pool(self.jobs)
            self.pending = [self.pool.apply_async(_run, (n,)) for n in range(len(self.tasks))]
        else:
            self.values = {n: task(self.writer) for n, task in enumerate(self.tasks)}
        return self

    def result(self, n: int):
        if n not in self.values:
            written, new, unchanged, value = self.pending[n].get()
            self.writer.absorb(written, new, unchanged)
            self.values[n] = value
        return self.values[n]

    def take(self, n: int):
        """result(n), forgotten here: a large result need not live to the end of the build."""
        value = self.result(n)
        self.values[n] = None
        return value

    def results(self) -> list:
        return [self.result(n) for n in range(len(self.tasks))]

    def __exit__(self, kind, *_exc) -> None:
        global _TASKS, _WRITER
        try:
            if self.pool is not None and kind is None:
                self.results()  # every task's files must be accounted for before the commit
        finally:
            if self.pool is not None:
                # Workers hold the build lock's descriptor too: none may outlive the build.
                self.pool.terminate()
                self.pool.join()
            _TASKS, _WRITER = [], None



class start_task:  # noqa: N801 - used like a function: `later.enter_context(start_task(task, writer, fork=…))`
    """One task forked off now, while this process goes on with other work (or run at once
    without fork); ``take()`` waits for it and merges what it wrote into the writer."""

    def __init__(self, task: Task, writer: Writer, *, fork: bool):
        self.writer, self.job, self.value = writer, None, None
        if fork:
            writer.linked  # noqa: B018 - settled here: the child must not wait on the parent's linking
            writer.flush()  # no writing thread may be running when the child forks
            self.job = files.Background(_run_task, task, writer)
        else:
            self.value = task(writer)

    def take(self):
        if self.job is not None:
            written, new, unchanged, self.value = self.job.wait()
            self.job = None
            self.writer.absorb(written, new, unchanged)
        return self.value

    def __enter__(self) -> start_task:
        return self

    def __exit__(self, *_exc) -> None:
        if self.job is not None:  # the build failed before it took the result: nothing may go on writing
            self.job.stop()
            self.job = None


class WorkQueue:
    """Items in batches, handed out in turn to whichever process asks next: the workers and
    the parent share one counter (made before the workers fork), so whoever is free works."""

    def __init__(self, items: list, batch: int):
        self.items, self.batch = items, batch
        self._next = multiprocessing.Value("l", 0)

    def __iter__(self):
        while True:
            with self._next.get_lock():
                start = self._next.value
                self._next.value = start + self.batch
            if start >= len(self.items):
                return
            yield from self.items[start:start + self.batch]

    def handed_out(self) -> int:
        return min(self._next.value, len(self.items))


class Schedule:
    """The workers of one build: ``with Schedule(writer, jobs) as schedule:``.

    ``forking`` says whether work goes to forked processes at all (the steps that read content
    or work out digests split themselves by it).  A task given to ``start_when_linked`` forks
    at the first ``checkpoint()`` after the writer has linked the previous site into staging
    (the task writes there), and at the latest at ``checkpoint(latest=True)``.
    """

    def __init__(self, writer: Writer, jobs: int | None = None):
        self.writer, self.jobs = writer, jobs
        self.forking = can_fork(jobs)
        self._waiting: Task | None = None
        self._started: start_task | None = None
        self._stack = contextlib.ExitStack()

    def start_when_linked(self, task: Task) -> None:
        self._waiting = task
        self.checkpoint()

    def checkpoint(self, *, latest: bool = False) -> None:
        if self._waiting is not None and (latest or self.writer.linked_by_now()):
            task, self._waiting = self._waiting, None
            self._started = self._stack.enter_context(start_task(task, self.writer, fork=self.forking))

    def render_and_index(self, render: Task, parts: list[Task], join: Callable[[list], object]) -> object:
        """Render while the index is made; the index's state.

        With ``parts`` (a whole index), each part goes to a worker first, then renderers; this
        process joins the parts' results with ``join`` and renders what the workers have not
        taken.  Without, the update started by ``start_when_linked`` is the index, and one
        worker renders beside this process (more would wait for a core).
        """
        tasks = parts + [render] * (2 if self.forking and parts else 1)
        with start_tasks(tasks, self.writer, jobs=self.jobs) as running:
            index = join([running.take(n) for n in range(len(parts))]) if parts else None
            render(self.writer)  # what the workers have not taken yet
        if not parts:
            self.checkpoint(latest=True)
            assert self._started is not None, "no index: neither parts nor an update"
            index = self._started.take()
        return index

    def __enter__(self) -> Schedule:
        self._stack.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self._stack.__exit__(*exc)

