"""The one writer of site/: builds beside the live site and swaps it in only when complete.

A build writes into a staging folder next to the output (``.site.staging``), which starts as
hard links to the previous site's files.  A file is rewritten only when its bytes change,
so unchanged files keep their inode and time stamp (deploys and rsync see no change), and
files the new build did not write are removed from the staging folder.  Only ``commit()``
touches the live folder: two renames, and the old tree is removed afterwards.  A build that
fails or is killed leaves the previous site as it was; the next build clears what it left.

A lock file beside the output (``.site.lock``) keeps two builds from writing the same site.
"""

from __future__ import annotations

import logging
import os
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.files import link_tree, recover, swap_in, write_atomic

log = logging.getLogger(__name__)

MARKER = ".dcsx-site"  # marks a folder that dcsx built and may replace


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
            _lock_fd(fd)
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


def _lock_fd(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        return
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


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


class Writer:
    """Creates folders, writes atomically, refuses to write a path twice or outside the site."""

    def __init__(self, out: Path):
        self.out = _resolved(out)
        parent, name = self.out.parent, self.out.name
        self.staging = parent / f".{name}.staging"
        self.retired = parent / f".{name}.old"
        self.lock = _lock_for(self.out)
        self.written: set[str] = set()
        self.counts = WriteCounts()
        self._open = False

    # --- the life of one build ----------------------------------------------------

    def open(self) -> None:
        """Take the lock, mend what a killed build left, and start the staging folder."""
        if self.out.exists() and not self.out.is_dir():
            raise BuildError(f"{self.out} is a file, not a folder; choose another --out")
        if self.out.exists() and any(self.out.iterdir()) and not (self.out / MARKER).exists():
            raise BuildError(f"{self.out} is not empty and was not built by dcsx; choose an empty --out folder")
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.lock.acquire()
        try:
            self._recover()
            if self.out.is_dir():
                link_tree(self.out, self.staging)
            else:
                self.staging.mkdir()
        except BaseException:
            self.lock.release()
            raise
        self._open = True

    def _recover(self) -> None:
        # Killed between the two renames of commit(): the previous site waits in .old.
        recover(self.out, self.staging, self.retired)

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
        path = self.staging / url
        if path.is_file() and path.stat().st_size == len(payload) and path.read_bytes() == payload:
            self.counts.unchanged += 1
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, payload)  # a new inode: the live site's hard link keeps the old bytes
        self.counts.written += 1

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
        if not (self.staging / url).is_file():
            raise BuildError(f"{url} was to be kept from the previous build, but it is not there")
        self.written.add(url)
        self.counts.unchanged += 1

    def commit(self) -> WriteCounts:
        """Drop files this build did not write, then swap the staging folder in."""
        for path in sorted(self.staging.rglob("*"), reverse=True):
            rel = path.relative_to(self.staging).as_posix()
            if path.is_dir():
                if not any(path.iterdir()):
                    path.rmdir()
            elif rel not in self.written:
                path.unlink()
                self.counts.removed.append(rel)
        swap_in(self.staging, self.out, self.retired)
        self._close()
        return self.counts

    def abort(self) -> None:
        """Forget the staging folder; the live site was never touched."""
        if self.staging.exists():
            shutil.rmtree(self.staging, ignore_errors=True)
        self._close()

    def _close(self) -> None:
        self._open = False
        self.lock.release()

    def __enter__(self) -> "Writer":
        self.open()
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._open:
            self.abort()
