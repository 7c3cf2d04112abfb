"""Build state: what the last build was made from, so the next one redoes only what changed.

Kept beside the output (``.site.state``, and the content cache in ``.site.cache/``, one
file per content folder such as a year, never published) and written only after a build
has been swapped in; a cache file whose entries did not change is not written again.  It
holds the digests of the config, the theme and the code that built the site, the content
cache (each file's stat and what reading it gave), and each page's input digest.  A page
is rendered again only when its digest changes; its digest covers its template set, URL,
title and context, where an article or an issue stands for the digest of its file.
Anything unexpected (no state, another version, a site that is not the one the state
describes, a file that is not exactly what a build wrote) means a full build, never a wrong
one.  Both are stored as checked JSON (``stored``), never pickle: a planted file cannot run code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import Config
from generator.filecache import FileCache
from generator.files import Background, write_atomic
from generator.build.stored import restore, store
from generator.memory import gc_paused
from generator.model import Article, Issue
from generator.search.state import IndexState

log = logging.getLogger(__name__)

STATE_VERSION = 2  # 2: stored as JSON


@dataclass
class BuildState:
    version: int = STATE_VERSION
    inputs: str = ""  # digest of config, theme and dcsx itself
    pages: dict[str, str] = field(default_factory=dict)  # page URL -> input digest
    output: frozenset[str] = frozenset()  # every file of the site it built
    content_stamp: tuple = ()  # (path, mtime_ns, size, inode) of every content file, for "nothing changed"
    site_marker: tuple = ()  # stat of the built site's marker file: is this still that site?
    summary: dict = field(default_factory=dict)  # the figures of the build report
    index: IndexState | None = None  # the search index's own state


def state_paths(out: Path) -> tuple[Path, Path]:
    """(small state file, content cache folder) beside the output."""
    out = out.resolve() if out.exists() else out.absolute()
    return out.parent / f".{out.name}.state", out.parent / f".{out.name}.cache"


def _restore(path: Path):
    try:
        return restore(path.read_bytes())
    except OSError:
        return None


def load_state(out: Path, marker: Path) -> BuildState | None:
    """The previous build's state if it describes this very site, else None."""
    state = _unpack_state(_restore(state_paths(out)[0]))
    if state is None or state.version != STATE_VERSION:
        return None
    if state.site_marker != _marker_stamp(marker):
        log.info("the site was changed since the last build; building everything")
        return None
    return state


def load_cache(out: Path) -> FileCache:
    """The content cache of the last build (empty if there is none)."""
    folder = state_paths(out)[1]
    entries: dict = {}
    shards: dict[str, dict] = {}
    if folder.is_dir():
        for path in sorted(folder.glob(f"*{SHARD}")):
            part = _unpack(_restore(path))
            if part is not None:
                entries.update(part)
                shards[path.stem] = {rel: key for rel, (key, _value) in part.items()}
    cache = FileCache(entries)
    cache.shards = shards
    return cache


SHARD = ".json"


def _pack_state(state: BuildState) -> dict:
    """The state as plain JSON values (no tags to undo: tens of thousands of small tuples)."""
    index = state.index
    return {
        "version": state.version, "inputs": state.inputs, "pages": state.pages, "output": sorted(state.output),
        "content_stamp": [list(s) for s in state.content_stamp], "site_marker": list(state.site_marker),
        "summary": state.summary,
        "index": None if index is None else {
            "limit": index.limit, "keys": [[n, *key] for n, key in index.keys.items()],
            "lengths": [[n, *v] for n, v in index.lengths.items()],
            "nodes": {k: list(v) for k, v in index.nodes.items()}, "leaves": sorted(index.leaves),
            "figures": index.figures},
    }


def _unpack_state(d) -> BuildState | None:
    try:
        i = d["index"]
        index = None if i is None else IndexState(
            limit=i["limit"], keys={k[0]: (k[1], k[2]) for k in i["keys"]},
            lengths={v[0]: tuple(v[1:]) for v in i["lengths"]}, nodes={k: tuple(v) for k, v in i["nodes"].items()},
            leaves=frozenset(i["leaves"]), figures=i["figures"])
        summary = d["summary"]
        if not isinstance(summary, dict) or not all(isinstance(d[k], (str, int)) for k in ("inputs", "version")):
            return None
        return BuildState(version=d["version"], inputs=d["inputs"], pages=dict(d["pages"]),
                          output=frozenset(d["output"]), content_stamp=tuple(tuple(s) for s in d["content_stamp"]),
                          site_marker=tuple(d["site_marker"]), summary=summary, index=index)
    except (TypeError, KeyError, IndexError, ValueError):
        return None


def _pack(part: dict) -> dict:
    """A shard's entries (path -> (stat key, what reading gave)) as lists: a tuple stored as such
    costs a tag, and these are the bulk of the cache."""
    return {rel: [list(key), list(value) if type(value) is tuple else [value], type(value) is tuple]
            for rel, (key, value) in part.items()}


def _unpack(stored) -> dict | None:
    if not isinstance(stored, dict):
        return None
    try:
        return {rel: (tuple(key), tuple(value) if is_tuple else value[0])
                for rel, (key, value, is_tuple) in stored.items()}
    except (TypeError, ValueError, IndexError):
        return None


def _shard(rel: str) -> str:
    """The cache file of a content file: its grandparent folder, the year of an issue's files."""
    return re.sub(r"[^0-9A-Za-z_-]", "_", posixpath.basename(posixpath.dirname(posixpath.dirname(rel)))) or "_"


def save_state(out: Path, state: BuildState, cache: FileCache, marker: Path) -> None:
    with gc_paused():  # hundreds of thousands of small lists for JSON, no cycles among them
        _save_state(out, state, cache, marker)


def _save_state(out: Path, state: BuildState, cache: FileCache, marker: Path) -> None:
    state.site_marker = _marker_stamp(marker)
    state_file, folder = state_paths(out)
    if folder.exists() and not folder.is_dir():
        folder.unlink()  # the single cache file of an older dcsx
    folder.mkdir(exist_ok=True)
    shards: dict[str, dict] = {}
    for rel, entry in cache.used.items():
        shards.setdefault(_shard(rel), {})[rel] = entry
    before = cache.shards
    for name, part in shards.items():
        if before.get(name) != {rel: key for rel, (key, _value) in part.items()}:
            write_atomic(folder / f"{name}{SHARD}", store(_pack(part)))
    for path in folder.iterdir():
        if not path.name.endswith(SHARD) or path.name[:-len(SHARD)] not in shards:
            path.unlink()  # an older dcsx's pickles too: never read again
    write_atomic(state_file, store(_pack_state(state), plain=True))


def forget_state(out: Path) -> None:
    state_file, folder = state_paths(out)
    if folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)
    for path in (state_file, folder):
        try:
            os.unlink(path)
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            pass


def _marker_stamp(marker: Path) -> tuple:
    try:
        st = marker.stat()
    except OSError:
        return ()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def content_stamp(content: Path) -> tuple:
    """(path, mtime, size) of every file under content/: equal stamps, nothing to read again."""
    stamp = []
    for folder, dirs, files in os.walk(content):
        dirs.sort()
        for name in sorted(files):
            try:
                st = os.stat(os.path.join(folder, name))
            except OSError:
                continue
            stamp.append((os.path.join(folder, name), st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(stamp)


def output_files(out: Path) -> frozenset[str]:
    """Every file of a built site, as site-relative paths."""
    found = []
    for folder, _dirs, files in os.walk(out):
        rel = os.path.relpath(folder, out)
        found.extend(name if rel == "." else f"{rel}/{name}".replace(os.sep, "/") for name in files)
    return frozenset(found)


def inputs_digest(config, themes: list[Path], code: Path) -> str:
    """One digest of everything besides content that shapes the pages."""
    h = hashlib.sha1(repr(dataclasses.replace(config, path=None)).encode())
    for root in (*themes, code):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(root).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def page_digests(pages, site: dict, *, fork: bool = False) -> dict[str, str]:
    """What each page's HTML depends on, with every article and issue as the digest of its file.

    The site's part (config, years) is the same for every page: it is written out once.
    With ``fork``, a child process works out half of them.
    """
    if fork and len(pages) > 2000:
        other = Background(page_digests, pages[1::2], site)
        out = page_digests(pages[0::2], site)
        out.update(other.wait())
        return out
    common: list[str] = []
    _walk(site, common)
    out = {}
    for page in pages:
        parts: list[str] = [page.url, page.template, page.title, *common]
        _walk(page.context, parts)
        out[page.url] = hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return out


def _walk(value, parts: list[str]) -> None:
    # A page context is mostly lists of articles and strings: those are tested first.
    cls = value.__class__
    if cls is Article:
        parts.append("A" + value.digest + value.section)
    elif cls is str or cls is int or value is None or cls is bool:
        parts.append(repr(value))
    elif isinstance(value, (list, tuple)):
        parts.append("[")
        for item in value:
            if item.__class__ is Article:
                parts.append("A" + item.digest + item.section)
            else:
                _walk(item, parts)
        parts.append("]")
    elif isinstance(value, dict):
        parts.append("{")
        for key in sorted(value, key=str):
            parts.append(str(key))
            _walk(value[key], parts)
        parts.append("}")
    elif isinstance(value, Article):
        parts.append("A" + value.digest + value.section)
    elif isinstance(value, Config):  # where the file lies is no input of a page
        parts.append(repr(dataclasses.replace(value, path=None)))
    elif isinstance(value, Issue):
        parts.append("I" + value.digest)
    else:
        parts.append(repr(value))
