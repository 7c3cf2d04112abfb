"""The one writer of site/: builds beside the live site and swaps it in only when complete.

A build writes into a staging folder next to the output (``.site.staging``), which starts as
hard links to the previous site's files.  A file is rewritten only when its bytes change,
so unchanged files keep their inode and time stamp (deploys and rsync see no change), and
files the new build did not write are removed from the staging folder.  Only ``commit()``
touches the live folder: two renames.  A build that fails or is killed leaves the previous
site as it was; the next build clears what it left.

Linking a whole site is tens of thousands of system calls, and so is removing one.  So the
site a commit retires is kept beside the new one (``.site.spare``) when most of its files are
the new site's too, and the next build turns it into its staging folder by relinking only the
files whose inode differs from the live site's (``sync_tree``); a child process does that, or
the full linking, while the build reads the content.  A staging folder a failed build leaves
becomes the spare the same way.  A retired site that changed too much is removed by a process
that outlives the build, and a first build or one that changed most files links its new site
into a spare of its own, in a child process while it saves its state.

The files themselves are written by a few threads (creating a file is a system call that
waits, not Python work), so the build goes on rendering meanwhile; ``flush()`` waits for them,
counts them and stops the threads (before a fork, and before the commit).

A lock file beside the output (``.site.lock``) keeps two builds from writing the same site.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import logging
import os
import posixpath
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.files import Background, link_tree, lock_fd, remove_detached, restore, swap_in, sync_tree

log = logging.getLogger(__name__)

MARKER = ".dcsx-site"  # marks a folder that dcsx built and may replace
IO_THREADS = 4
IO_QUEUED = 64  # writes waiting for a thread at most (their bytes wait in memory)
_TRASH = itertools.count()  # trees this process removes get names of their own


class BuildError(Exception):
    """The build cannot go on; the live site has not been touched."""


@dataclass
class WriteCounts:
    written: int = 0  # new or changed files
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


class _Lock:
    """An exclusive, non-blocking lock on a file beside the output (flock, or msvcrt on Windows)."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            lock_fd(fd)
        except OSError:
            os.close(fd)
            raise BuildError(
                f"another dcsx build is writing to {self.path.parent / self.path.name[1:-5]} "
                f"(it holds {self.path}); wait for it to finish, then build again"
            ) from None
        self.fd = fd
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing releases the lock; the file stays, empty of meaning
            self.fd = None


def _resolved(out: Path) -> Path:
    return out.resolve() if out.exists() else out.absolute()


def _lock_for(out: Path) -> _Lock:
    """The lock of an output folder: a file beside it (.site.lock)."""
    return _Lock(out.parent / f".{out.name}.lock")


def check_unlocked(out: Path) -> None:
    """BuildError if another build holds the output's lock right now."""
    lock = _lock_for(_resolved(out))
    lock.acquire()
    lock.release()


def _put(path: str, payload: bytes, replace: bool) -> bool:
    """Write one file of the staging folder; False when it holds these very bytes already."""
    if replace:
        if os.stat(path).st_size == len(payload):
            with open(path, "rb") as old:
                if old.read() == payload:
                    return False
        os.unlink(path)  # a new inode: the live site's hard link keeps the old bytes
    try:
        out = open(path, "wb")
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        out = open(path, "wb")
    with out:  # staging is not live: a build killed halfway leaves it to be cleared
        out.write(payload)
    return True


class _Threads:
    """The writing threads of one process, and the writes handed to them."""

    def __init__(self):
        self.pid = os.getpid()
        self.pool = ThreadPoolExecutor(IO_THREADS, thread_name_prefix="dcsx-write")
        self.slots = threading.BoundedSemaphore(IO_QUEUED)
        self.pending: list[tuple[str, Future]] = []

    def submit(self, url: str, *args) -> None:
        self.slots.acquire()
        future = self.pool.submit(_put, *args)
        future.add_done_callback(lambda _: self.slots.release())
        self.pending.append((url, future))

    def finish(self) -> list[tuple[str, bool | OSError]]:
        self.pool.shutdown(wait=True)
        return [(url, future.exception() or future.result()) for url, future in self.pending]


class Writer:
    """Creates folders, writes atomically, refuses to write a path twice or outside the site."""

    def __init__(self, out: Path):
        self.out = _resolved(out)
        parent, name = self.out.parent, self.out.name
        self.staging = parent / f".{name}.staging"
        self.retired = parent / f".{name}.old"
        self.spare = parent / f".{name}.spare"  # an earlier site, most of it linked to this one
        self.fresh = parent / f".{name}.spare-new"  # a spare in the making
        self._sparing: Background | None = None
        self.lock = _lock_for(self.out)
        self.written: set[str] = set()
        self.counts = WriteCounts()
        self._open = False
        self._root = str(self.staging)
        self._linking: Background | None = None
        self._linked: frozenset[str] | None = None  # the previous site's files, linked into staging
        self._threads: _Threads | None = None

    # --- the life of one build ----------------------------------------------------

    def open(self) -> None:
        """Take the lock, mend what a killed build left, and start the staging folder
        (the previous site is linked into it in the background)."""
        if self.out.exists() and not self.out.is_dir():
            raise BuildError(f"{self.out} is a file, not a folder; choose another --out")
        if self.out.exists() and any(self.out.iterdir()) and not (self.out / MARKER).exists():
            raise BuildError(f"{self.out} is not empty and was not built by dcsx; choose an empty --out folder")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            self._recover()
            if self.out.is_dir():
                if self.spare.is_dir():  # a sibling, made by renames: on the output's file system
                    os.replace(self.spare, self.staging)
                    self._linking = Background(sync_tree, self.out, self.staging)
                else:
                    self._discard(self.spare)
                    self._linking = Background(link_tree, self.out, self.staging)
            else:
                self.staging.mkdir()
                self._linked = frozenset()
        except BaseException:
            self.lock.release()
            raise
        self._open = True

    def _recover(self) -> None:
        # Killed between the two renames of commit(): the previous site waits in .old.
        restore(self.out, self.retired)
        for leftover in (self.staging, self.retired, self.fresh):
            self._keep_spare(leftover)
        for trash in self.out.parent.glob(f"{glob.escape(self.retired.name)}-[0-9]*"):
            remove_detached(trash)  # a removal that was cut short

    def _keep_spare(self, tree: Path) -> None:
        """Keep a tree as the next build's spare, or remove it if there is one already."""
        if tree.is_dir() and not self.spare.exists():
            os.replace(tree, self.spare)
        else:
            self._discard(tree)

    def _discard(self, tree: Path) -> None:
        """Remove a tree: out of the next build's way first, then in a process of its own."""
        if tree.is_dir():
            trash = self.retired.with_name(f"{self.retired.name}-{os.getpid()}-{next(_TRASH)}")
            os.replace(tree, trash)
            remove_detached(trash)
        elif tree.exists() or tree.is_symlink():
            tree.unlink()

    @property
    def linked(self) -> frozenset[str]:
        """The files carried over from the previous site (waits for the linking to end)."""
        if self._linked is None:
            assert self._linking is not None
            try:
                self._linked = frozenset(self._linking.wait())
            except OSError as exc:
                raise BuildError(f"could not copy the previous site into {self.staging}: {exc}") from None
            self._linking = None
        return self._linked

    def linked_by_now(self) -> bool:
        """True when ``linked`` would not wait (the previous site is linked, or there was none)."""
        return self._linked is not None or self._linking is None or self._linking.ready()

    def has(self, url: str) -> bool:
        """True when the previous site has this file (and this build has not replaced it yet)."""
        return url in self.linked and url not in self.written

    def write(self, url: str, data: str | bytes) -> None:
        """Write one output file (a site-relative URL); unchanged bytes are left alone."""
        if not self._open:
            raise BuildError("the writer is not open")
        clean = posixpath.normpath(url)
        if url != clean or clean.startswith(("../", "/")) or clean in ("..", ".") or "\\" in url or "\0" in url:
            raise BuildError(f"refusing to write {url!r}: it is not a plain path inside the site")
        if url in self.written:
            raise BuildError(f"two pages want the same output file {url}")
        self.written.add(url)
        payload = data.encode("utf-8") if isinstance(data, str) else data
        replace = url in self.linked
        if self._threads is None or self._threads.pid != os.getpid():  # none yet, or a forked copy's
            self._threads = _Threads()
        self._threads.submit(url, f"{self._root}/{url}", payload, replace)

    def flush(self) -> None:
        """Wait for the files handed to the writing threads and count them; the threads stop
        (a process forked later finds none running)."""
        threads, self._threads = self._threads, None
        if threads is None or threads.pid != os.getpid():
            return
        failed = None
        for url, outcome in threads.finish():
            if isinstance(outcome, BaseException):
                failed = failed or (url, outcome)
            elif outcome:
                self.counts.written += 1
            else:
                self.counts.unchanged += 1
        if failed is not None:
            url, exc = failed
            raise BuildError(f"could not write {self.staging / url}: {getattr(exc, 'strerror', None) or exc}")

    def absorb(self, written: set[str], new: int, unchanged: int) -> None:
        """Take over what a worker process wrote through a copy of this writer."""
        clash = sorted(self.written & written)
        if clash:
            raise BuildError(f"two pages want the same output file {clash[0]}")
        self.written |= written
        self.counts.written += new
        self.counts.unchanged += unchanged

    def keep(self, url: str) -> None:
        """Claim a file carried over from the previous build without rewriting it."""
        if url in self.written:
            raise BuildError(f"two pages want the same output file {url}")
        if url not in self.linked:
            raise BuildError(f"{url} was to be kept from the previous build, but it is not there")
        self.written.add(url)
        self.counts.unchanged += 1

    def commit(self) -> WriteCounts:
        """Drop files this build did not write, then swap the staging folder in; the previous
        site is removed by a process of its own."""
        self.flush()
        removed = sorted(self.linked - self.written)
        for rel in removed:
            os.unlink(f"{self._root}/{rel}")
        for folder in sorted({posixpath.dirname(rel) for rel in removed}, key=len, reverse=True):
            while folder:  # folders left empty go too, up to the site's root
                try:
                    os.rmdir(f"{self._root}/{folder}")
                except OSError:
                    break
                folder = posixpath.dirname(folder)
        self.counts.removed = removed
        swap_in(self.staging, self.out, self.retired, remove_retired=False)
        changed = self.counts.written + len(removed)
        if changed * 2 <= len(self.written) + len(removed):  # most of the retired site is still live
            self._keep_spare(self.retired)
        else:
            self._discard(self.retired)
            if not self.spare.exists():  # the next build's staging folder, linked while this one ends
                self._sparing = Background(link_tree, self.out, self.fresh)
        self._open = False
        return self.counts

    def abort(self) -> None:
        """Forget the staging folder; the live site was never touched."""
        try:
            self.flush()  # nothing may still be writing into the folder removed below
        except BuildError:
            pass
        if self._linking is not None:
            self._linking.stop()
            self._linking = None
        if self.staging.exists():
            if not self.out.exists():  # no site yet: a spare would only be left behind
                shutil.rmtree(self.staging, ignore_errors=True)
            else:
                try:
                    self._keep_spare(self.staging)
                except OSError:
                    shutil.rmtree(self.staging, ignore_errors=True)
        self._open = False
        self.close()

    def close(self, *, failed: bool = False) -> None:
        """Let the next build in, once the spare in the making is done (or stopped, after a failure)."""
        job, self._sparing = self._sparing, None
        try:
            if job is not None:
                if failed:
                    job.stop()
                else:
                    try:
                        job.wait()
                    except OSError as exc:
                        log.info("no spare site for the next build: %s", exc)
                self._keep_spare(self.fresh)
        finally:
            if not self.out.exists():  # nothing was ever built here: leave nothing behind
                with contextlib.suppress(OSError):
                    self.lock.path.unlink()  # while it is still held: no build can be inside it
            self.lock.release()

    def __enter__(self) -> "Writer":
        self.open()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._open:
            self.abort()
        else:
            self.close(failed=exc_type is not None)
