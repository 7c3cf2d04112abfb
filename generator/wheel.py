"""pack_wheel(): the running dcsx as a wheel, and install_source(): what an archive's workflow installs.

An archive's Pages workflow must install exactly the dcsx the archivist ran.  How dcsx was
installed says how (PEP 610, ``direct_url.json``):

- from a git URL: that URL at that commit (``dcsx @ git+https://…@COMMIT``);
- from a package index (no ``direct_url.json``): that version (``dcsx==X.Y.Z``);
- anything else (a clone, a wheel file, an editable checkout, no install at all): a wheel of
  the running code, made here from the files this very process runs (the package, its
  theme and lunr.js), to be committed in the archive under ``.dcsx/``.

The wheel is deterministic (sorted entries, fixed time stamps): the same dcsx gives the same
bytes, so committing it again changes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tomllib
import urllib.parse
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.resources import CHECKOUT, PACKAGE, PACKAGED, default_theme, lunr_js

NAME = "dcsx"
STAMP = (1980, 1, 1, 0, 0, 0)  # the zip format's first day: no build time in the bytes
WHEEL_FOLDER = ".dcsx"  # where an archive keeps its wheel


@dataclass(frozen=True)
class Source:
    """What a workflow installs: a requirement string, or a wheel to commit with the archive."""
    requirement: str | None = None  # dcsx==X.Y.Z or dcsx @ git+URL@COMMIT
    wheel: bool = False


def _distribution() -> metadata.Distribution | None:
    """The install record of the dcsx that runs (pip's .dist-info), or None when it was not installed.

    Only a record an installer wrote counts (an ``.egg-info`` left in a checkout is none), and
    only one of this very code (not another dcsx elsewhere on the path)."""
    for dist in metadata.distributions(name=NAME):
        if not (dist.read_text("INSTALLER") or "").strip():
            continue
        direct = _direct_url(dist)
        if direct.get("dir_info", {}).get("editable"):
            url = direct.get("url", "")
            if url.startswith("file://") and Path(urllib.parse.unquote(url[7:])).resolve() == CHECKOUT.resolve():
                return dist
            continue
        located = [Path(str(dist.locate_file(f))) for f in dist.files or [] if str(f) == "generator/cli.py"]
        if any(p.resolve() == (PACKAGE / "cli.py").resolve() for p in located):
            return dist
    return None


def _direct_url(dist: metadata.Distribution) -> dict:
    try:
        return json.loads(dist.read_text("direct_url.json") or "{}")
    except (ValueError, OSError):
        return {}


def version() -> str:
    """This dcsx's version: the installed distribution's, else pyproject.toml's in a checkout."""
    dist = _distribution()
    if dist is not None:
        return dist.version
    pyproject = CHECKOUT / "pyproject.toml"
    if pyproject.is_file():
        return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
    return "0"


def install_source() -> Source:
    """How an archive's workflow installs the dcsx that is running now."""
    dist = _distribution()
    if dist is None:
        return Source(wheel=True)
    direct = _direct_url(dist)
    if not direct:
        return Source(requirement=f"{NAME}=={dist.version}")
    vcs = direct.get("vcs_info")
    if vcs and vcs.get("vcs") == "git" and vcs.get("commit_id") and not direct.get("url", "").startswith("file:"):
        return Source(requirement=f"{NAME} @ git+{direct['url']}@{vcs['commit_id']}")
    return Source(wheel=True)


def wheel_name(release: str | None = None) -> str:
    return f"{NAME}-{_safe(release or version())}-py3-none-any.whl"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+]", "_", text)


def _requirements() -> tuple[str, list[str]]:
    """(Requires-Python, Requires-Dist lines) of this dcsx, without the optional extras."""
    dist = _distribution()
    if dist is not None:
        return dist.metadata.get("Requires-Python") or ">=3.11", [r for r in dist.requires or [] if "extra ==" not in r]
    project = tomllib.loads((CHECKOUT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project.get("requires-python", ">=3.11"), list(project.get("dependencies", []))


def _package_files() -> dict[str, bytes]:
    """Every file of the running package, with the theme and lunr.js under generator/_data."""
    files: dict[str, bytes] = {}
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(PACKAGE)
        if path.is_file() and "__pycache__" not in rel.parts and path.suffix not in (".pyc", ".pyo"):
            files[f"generator/{rel.as_posix()}"] = path.read_bytes()
    if not PACKAGED.is_dir():  # a checkout: the theme and lunr.js are kept outside the package
        theme = default_theme()
        for path in sorted(theme.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files[f"generator/_data/themes/default/{path.relative_to(theme).as_posix()}"] = path.read_bytes()
        files["generator/_data/lunr.min.js"] = lunr_js().read_bytes()
    return files


def pack_wheel(folder: Path) -> Path:
    """Write the running dcsx as a wheel into ``folder``; return its path."""
    release = version()  # each look-up scans the installed distributions: once is enough
    info = f"{NAME}-{_safe(release)}.dist-info"
    python, requires = _requirements()
    meta = ["Metadata-Version: 2.1", f"Name: {NAME}", f"Version: {release}",
            "Summary: Static, offline-first archive generator for a county newspaper",
            "License: MIT", f"Requires-Python: {python}", *(f"Requires-Dist: {r}" for r in requires)]
    files = _package_files()
    files[f"{info}/METADATA"] = ("\n".join(meta) + "\n").encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: dcsx\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    files[f"{info}/entry_points.txt"] = b"[console_scripts]\ndcsx = generator.cli:run\n"
    files[f"{info}/top_level.txt"] = b"generator\n"
    record = [f"{name},sha256={_digest(data)},{len(data)}" for name, data in sorted(files.items())]
    files[f"{info}/RECORD"] = ("\n".join(record + [f"{info}/RECORD,,"]) + "\n").encode()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / wheel_name(release)
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in sorted(files, key=lambda n: (n.startswith(info), n)):  # dist-info last, as wheels have it
            entry = zipfile.ZipInfo(name, STAMP)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(entry, files[name])
    partial.replace(target)
    return target


def _digest(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
