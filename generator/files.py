"""File system helpers shared by ingest and the site writer: atomic writes, linked copies,
and slow tree work done in a child process while the caller goes on."""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import select
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path


def lock_fd(fd: int, *, wait: bool = False) -> None:
    """Take an exclusive lock on an open file (flock, or msvcrt on Windows); OSError when another
    process holds it and ``wait`` is false.  The lock goes with the descriptor, however the process ends."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)  # LK_LOCK waits up to 10 s
        return
    fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextlib.contextmanager
def held(lock: Path, *, on_wait: Callable[[], None] | None = None):
    """Hold an exclusive lock on a file (or a folder: nothing is left behind) for the block; wait
    for whoever holds it now (``on_wait`` is told first)."""
    fd = os.open(lock, os.O_RDONLY) if lock.is_dir() else os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            lock_fd(fd)
        except OSError:
            if on_wait:
                on_wait()
            lock_fd(fd, wait=True)
        yield
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write a file so that a reader (or a crash) sees the old bytes or the new, never half."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)


def link_tree(src: Path, dst: Path) -> list[str]:
    """Copy a tree as hard links (a real copy where the file system has none); return the
    files, as '/'-separated paths relative to ``dst``.

    Files are then replaced, never written in place, so the original tree keeps its bytes.
    """
    files: list[str] = []

    def walk(source: str, target: str, rel: str) -> None:
        os.makedirs(target, exist_ok=True)
        with os.scandir(source) as entries:
            for entry in entries:
                if entry.is_dir():
                    walk(entry.path, f"{target}/{entry.name}", f"{rel}{entry.name}/")
                else:
                    _link(entry.path, f"{target}/{entry.name}")
                    files.append(rel + entry.name)

    walk(os.fspath(src), os.fspath(dst), "")
    return files


def sync_tree(src: Path, dst: Path) -> list[str]:
    """Make ``dst``, an older linked copy of ``src``, a linked copy of it again: what
    link_tree gives, for the cost of the files that differ.  A file is kept where both trees
    hold the same inode; every other entry of ``dst`` is replaced or removed.  Returns the
    files, as link_tree does."""
    files: list[str] = []

    def drop(entry: os.DirEntry) -> None:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path)
        else:
            os.unlink(entry.path)

    def walk(source: str, target: str, rel: str) -> None:
        try:
            with os.scandir(target) as entries:
                have = {entry.name: entry for entry in entries}
        except NotADirectoryError:
            os.unlink(target)
            have = {}
        except FileNotFoundError:
            have = {}
        if not have:
            os.makedirs(target, exist_ok=True)
        with os.scandir(source) as entries:
            for entry in entries:
                old = have.pop(entry.name, None)
                path = f"{target}/{entry.name}"
                if entry.is_dir():
                    if old is not None and not old.is_dir(follow_symlinks=False):
                        os.unlink(old.path)
                    walk(entry.path, path, f"{rel}{entry.name}/")
                    continue
                if old is not None:
                    if not old.is_dir(follow_symlinks=False) and old.inode() == entry.inode():
                        files.append(rel + entry.name)
                        continue
                    drop(old)
                _link(entry.path, path)
                files.append(rel + entry.name)
        for old in have.values():
            drop(old)

    walk(os.fspath(src), os.fspath(dst), "")
    return files


def _link(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOTSUP, errno.EACCES):
            raise
        shutil.copy2(source, target)


def swap_in(staging: Path, live: Path, retired: Path, *, remove_retired: bool = True) -> None:
    """Put a finished staging folder in place of the live one; the old one goes last
    (or is left in ``retired`` for the caller to remove)."""
    if live.exists():
        os.replace(live, retired)
    os.replace(staging, live)
    if remove_retired and retired.exists():
        shutil.rmtree(retired, ignore_errors=True)


def restore(live: Path, retired: Path) -> None:
    """Undo a swap cut short between its two renames: the retired folder goes back in place."""
    if not live.exists() and retired.is_dir():
        os.replace(retired, live)


def recover(live: Path, staging: Path, retired: Path) -> None:
    """Undo what a killed run left: restore the live folder if only the retired one is there."""
    restore(live, retired)
    for leftover in (staging, retired):
        if leftover.exists():
            shutil.rmtree(leftover)


def remove_detached(path: Path) -> None:
    """Remove a tree that nothing needs any more, in a process of its own that outlives this
    one (the tree must be out of every later run's way, e.g. under a name of its own)."""
    if not can_fork():
        shutil.rmtree(path, ignore_errors=True)
        return
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
            if os.fork() == 0:  # the grandchild, which no one waits for
                os.closerange(3, 1 << 16)  # the build lock among them: the next build may start
                shutil.rmtree(path, ignore_errors=True)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


def can_fork() -> bool:
    """True where a child process can be forked safely (not on Windows, nor macOS)."""
    return hasattr(os, "fork") and sys.platform != "darwin"


class Background:
    """``fn(*args)`` in a forked child while this process goes on; ``wait()`` gives its result
    (or raises its error).  Where there is no fork, it runs at once, in this process.

    For tree work that is mostly system calls (linking, removing): a thread would wait on the
    lock of an interpreter busy with Python work, a child process does not.
    """

    def __init__(self, fn: Callable, *args):
        self.pid: int | None = None
        if not can_fork():
            self._outcome = _outcome(fn, args)
            return
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: do the work, send the outcome, and leave without cleanup
            try:
                _die_with(parent)
                os.close(read)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(pickle.dumps(_outcome(fn, args), protocol=pickle.HIGHEST_PROTOCOL))
            finally:
                os._exit(0)
        os.close(write)
        self.pid, self._read = pid, read

    def ready(self) -> bool:
        """True when wait() would not block for long: the child has finished (its outcome is
        written in one piece at its end)."""
        if self.pid is None:
            return True
        return bool(select.select([self._read], [], [], 0)[0])

    def wait(self):
        if self.pid is not None:
            with os.fdopen(self._read, "rb") as pipe:
                data = pipe.read()
            os.waitpid(self.pid, 0)
            self.pid = None
            self._outcome = pickle.loads(data) if data else (False, OSError("a background task died"))
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        """Kill the child if it still runs (its work is to be thrown away)."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.close(self._read)
            os.waitpid(self.pid, 0)
            self.pid = None
            self._outcome = (False, OSError("stopped"))


def _die_with(parent: int) -> None:
    """A child of a build that is killed must not go on changing folders the next build clears."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)


def _outcome(fn: Callable, args: tuple) -> tuple[bool, object]:
    try:
        return True, fn(*args)
    except Exception as exc:  # noqa: BLE001 - carried to wait(), which raises it
        try:
            pickle.dumps(exc)
        except Exception:  # noqa: BLE001
            exc = OSError(str(exc))
        return False, exc
