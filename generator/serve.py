"""dcsx serve: build, serve on 127.0.0.1, rebuild what changed and reload the open page.

The site is served as built; each HTML response gets a small script that asks the server for
the build number every second and reloads the page when it changes.  The files in the site
are never changed for this, so what is previewed is what is published.
"""

from __future__ import annotations

import functools
import http.server
import os
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
    "(function(){var served=new URL(document.currentScript.src).searchParams.get('build');"
    "setInterval(function(){"
    f"fetch('{RELOAD_PATH}',{{cache:'no-store'}}).then(function(r){{return r.text()}})"
    ".then(function(n){if(n!==served){location.reload()}}).catch(function(){})},1000)})();\n"
).encode()


class Builds:
    """The number of the last good build, shared by the watcher and the server's threads."""

    def __init__(self) -> None:
        self.number = 0
        self.lock = threading.Lock()

    def bump(self) -> None:
        with self.lock:
            self.number += 1


class PreviewHandler(http.server.SimpleHTTPRequestHandler):
    builds: Builds

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    def do_GET(self):  # noqa: N802
        route = self.path.split("?")[0]
        if route == RELOAD_PATH:
            return self._send(str(self.builds.number).encode(), "text/plain; charset=utf-8")
        if route == SCRIPT_PATH:
            return self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            body = path.read_bytes()
            tag = RELOAD_TAG.format(self.builds.number).encode()
            at = body.rfind(b"</body>")
            body = body[:at] + tag + body[at:] if at >= 0 else body + tag
            return self._send(body, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
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


def serve_site(out: Path, port: int, watched: list[Path], rebuild: Callable[[], bool], *,
               say: Callable[[str], None] = print, interval: float = 0.5, stop: threading.Event | None = None) -> int:
    """Serve ``out`` and rebuild (with ``rebuild``, which says whether it published) when a
    watched file changes.  Runs until Ctrl-C (or ``stop`` is set)."""
    builds = Builds()
    handler = type("Handler", (PreviewHandler,), {"builds": builds})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(out)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    say(f"serving {out} on http://127.0.0.1:{server.server_address[1]}/ — watching "
        f"{', '.join(str(p) for p in watched)}; pages reload after each rebuild (Ctrl-C to stop)")
    stop = stop or threading.Event()
    last = stamp(watched)
    try:
        while not stop.wait(interval):
            now = stamp(watched)
            if now == last:
                continue
            time.sleep(0.2)  # let an editor finish writing
            last = stamp(watched)
            if rebuild():
                builds.bump()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    return 0
