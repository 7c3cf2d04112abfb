"""Wheel build: the default theme and lunr.min.js go inside the package, so that an installed
dcsx needs neither this repository nor Node.  Everything else is in pyproject.toml.

lunr.min.js is the npm ``lunr`` package pinned in package-lock.json: taken from node_modules
when ``npm ci`` has run (npm checked its integrity; its version is checked here), else fetched
from the npm registry and checked against the lock's integrity hash.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile
import urllib.request
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


def lunr_min_js() -> bytes:
    lock = json.loads((HERE / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"]["node_modules/lunr"]
    version, integrity = entry["version"], entry["integrity"]
    installed = HERE / "node_modules" / "lunr"
    if (installed / "package.json").is_file():
        found = json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"]
        if found != version:
            raise SystemExit(f"node_modules/lunr is {found}, package-lock.json pins {version}: run `npm ci`")
        data = (installed / "lunr.min.js").read_bytes()
    else:
        url = entry.get("resolved") or f"https://registry.npmjs.org/lunr/-/lunr-{version}.tgz"
        tarball = urllib.request.urlopen(url, timeout=120).read()
        algorithm, _, expected = integrity.partition("-")
        if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
            raise SystemExit(f"{url} does not match the integrity in package-lock.json; not building")
        with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
            data = tar.extractfile("package/lunr.min.js").read()
    if f"- {version}".encode() not in data[:400]:
        raise SystemExit(f"lunr.min.js does not say it is version {version}")
    return data


class BuildWithAssets(build_py):
    def run(self):
        super().run()
        target = Path(self.build_lib) / "generator" / "_data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(HERE / "themes" / "default", target / "themes" / "default")
        (target / "lunr.min.js").write_bytes(lunr_min_js())


setup(cmdclass={"build_py": BuildWithAssets})
