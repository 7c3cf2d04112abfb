"""FileCache: what reading each content file gave, kept between builds by the build state."""

from __future__ import annotations

from pathlib import Path


class FileCache:
    """What reading each content file gave last time, keyed by its stat (and what else it was read with).

    The build state keeps one between builds, so an incremental build re-reads only the
    files that changed; without one, every file is read.
    """

    def __init__(self, entries: dict | None = None):
        self.entries: dict[str, tuple[tuple, object]] = entries or {}
        self.used: dict[str, tuple[tuple, object]] = {}
        self.shards: dict[str, dict] = {}  # as the build state stored them: file -> {path: stat key}

    def lookup(self, path: Path, extra: tuple, read):
        """The cached value for this file if its stat and ``extra`` are unchanged, else ``read()``."""
        try:
            st = path.stat()
            key = (st.st_mtime_ns, st.st_size, st.st_ino) + extra
        except OSError:
            return read()
        rel = path.as_posix()
        hit = self.entries.get(rel)
        if hit is not None and hit[0] == key:
            value = hit[1]
        else:
            value = read()
        self.used[rel] = (key, value)
        return value
