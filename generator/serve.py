"""dcsx serve: build, serve on 127.0.0.1, rebuild what changed and reload the open page.

The site is served as built; each HTML response gets a small script that asks the server for
the build number every second and reloads the page when it changes.  The files in the site
are never changed for this, so what is previewed is what is published.  When a rebuild fails,
the open page shows what went wrong over the page (as mkdocs and Vite do) until a build
succeeds; a missing page gets the site's own 404.html.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import posixpath
import urllib.parse
import threading
import time
from pathlib import Path
from typing import Callable

RELOAD_PATH = "/__dcsx/build"
SCRIPT_PATH = "/__dcsx/reload.js"
# An external script (the pages' Content-Security-Policy, script-src 'self', forbids inline
# ones), told the build the page was served from; it reloads the page once a newer build is up.
RELOAD_TAG = '<script src="' + SCRIPT_PATH + '?build={}"></script>'
RELOAD_JS = (
    "(function(){var served=new URL(document.currentScript.src).searchParams.get('build'),box=null;"
    "function show(text){if(!text){if(box){box.remove();box=null}return}"
    "if(!box){box=document.createElement('pre');box.id='dcsx-build-error';box.setAttribute('role','alert');"
    "var s=box.style;s.position='fixed';s.left=s.right=s.top='0';s.margin='0';s.padding='1em';"
    "s.zIndex='2147483647';s.maxHeight='60vh';s.overflow='auto';s.whiteSpace='pre-wrap';"
    "s.background='#fff3f3';s.color='#8a0000';s.borderBottom='3px solid #c00';s.font='14px/1.5 monospace';"
    "document.body.appendChild(box)}box.textContent='dcsx: the last rebuild failed; this page is the last good "
    "build.\\n\\n'+text}"
    "function poll(){"
    f"fetch('{RELOAD_PATH}',{{cache:'no-store'}}).then(function(r){{return r.json()}})"
    ".then(function(b){if(String(b.build)!==served){location.reload();return}show(b.error)}).catch(function(){})}"
    "poll();setInterval(poll,1000)})();\n"
).encode()


class Builds:
    """The number of the last good build, shared by the watcher and the server's threads."""

    def __init__(self) -> None:
        self.number = 0
        self.error = ""  # what the last rebuild said when it failed; "" after a good one
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.number += 1
            self.error = ""

    def failed(self, message: str) -> None:
        with self.lock:
            self.error = message or "the build failed (see the terminal)"


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    builds: Builds

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def do_GET(self):  # noqa: N802
        route = urllib.parse.urlsplit(self.path).path
        if route == RELOAD_PATH:
            with self.builds.lock:
                state = {"build": self.builds.number, "error": self.builds.error}
            return self._send(json.dumps(state).encode(), "application/json")
        if route == SCRIPT_PATH:
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        name = urllib.parse.unquote(route, errors="replace")
        parts = [p for p in name.split("/") if p]
        if "\0" in name or any(p.startswith(".") for p in parts):  # dotfiles (state, lock) are never the site
            return self._not_found()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not route.endswith("/"):  # the page's relative links need the folder's slash
                self.send_response(301)
                self.send_header("Location", posixpath.basename(route) + "/" + self._query())
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            path = path / "index.html"
        if not path.is_file():
            return self._not_found()
        if path.suffix == ".html":
            return self._send(self._with_reload(path.read_bytes()), "text/html; charset=utf-8")
        return super().do_GET()

    do_HEAD = do_GET  # noqa: N815

    def _query(self) -> str:
        query = urllib.parse.urlsplit(self.path).query
        return f"?{query}" if query else ""

    def _with_reload(self, body: bytes) -> bytes:
        tag = RELOAD_TAG.format(self.builds.number).encode()
        at = body.rfind(b"</body>")
        return body[:at] + tag + body[at:] if at >= 0 else body + tag

    def _not_found(self) -> None:
        page = Path(self.directory) / "404.html"
        body = self._with_reload(page.read_bytes()) if page.is_file() else b"<!doctype html><title>404</title>404"
        self._send(body, "text/html; charset=utf-8", status=404)

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def stamp(paths: list[Path]) -> tuple:
    """What the watched files look like now: every file's path, size and mtime."""
    seen = []
    for root in paths:
        if root.is_file():
            st = root.stat()
            seen.append((str(root), st.st_size, st.st_mtime_ns))
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                if name.startswith(".") or name.endswith((".bak", ".swp", "~")):
                    continue
                try:
                    st = os.stat(os.path.join(folder, name))
                except OSError:
                    continue
                seen.append((os.path.join(folder, name), st.st_size, st.st_mtime_ns))
    return tuple(seen)


def serve_site(out: Path, port: int, watched: list[Path], rebuild: Callable[[], str | None], *,
               host: str = "127.0.0.1", say: Callable[[str], None] = print, interval: float = 0.5,
               stop: threading.Event | None = None, first_error: str | None = None, last: tuple | None = None) -> int:
    """Serve ``out`` and rebuild when a watched file changes.  ``rebuild`` returns None when it
    published, else what went wrong (shown over the open page).  Runs until Ctrl-C (or ``stop``)."""
    builds = Builds()
    if first_error is not None:
        builds.failed(first_error)
    handler = type("Handler", (PreviewHandler,), {"builds": builds})
    server = http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    shown = f"[{host}]" if ":" in host else ("127.0.0.1" if host in ("", "0.0.0.0") else host)
    say(f"serving {out} on http://{shown}:{server.server_address[1]}/ — watching "
        f"{', '.join(str(p) for p in watched)}; pages reload after each rebuild (Ctrl-C to stop)")
    stop = stop or threading.Event()
    last = stamp(watched) if last is None else last  # given: what the files were before the first build
    try:
        while not stop.wait(interval):
            now = stamp(watched)
            if now == last:
                continue
            time.sleep(0.2)  # let an editor finish writing
            last = stamp(watched)
            problem = rebuild()
            if problem is None:
                builds.bump()
            else:
                builds.failed(problem)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
