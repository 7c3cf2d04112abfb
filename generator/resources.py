"""Where the files dcsx ships live: the default theme, lunr.min.js, the new-archive template.

In a wheel they are package data under ``generator/_data`` (setup.py puts them there when the
wheel is built, lunr.min.js from the npm package pinned in package-lock.json).  In a checkout
of the repository (an editable install) they are read where they are kept: ``themes/``,
``node_modules/`` and ``generator/skeleton/``.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PACKAGED = PACKAGE / "_data"
CHECKOUT = PACKAGE.parent
LUNR_VERSION = "2.3.9"


class MissingResource(RuntimeError):
    """A file dcsx ships is not where it should be; the message says how to get it."""


def default_theme() -> Path:
    for path in (PACKAGED / "themes" / "default", CHECKOUT / "themes" / "default"):
        if (path / "templates").is_dir():
            return path
    raise MissingResource("the default theme is missing from this installation of dcsx; reinstall it "
                          "(pip install --force-reinstall dcsx)")


def lunr_js() -> Path:
    for path in (PACKAGED / "lunr.min.js", CHECKOUT / "node_modules" / "lunr" / "lunr.min.js"):
        if path.is_file():
            return path
    raise MissingResource(f"lunr.min.js ({LUNR_VERSION}) is missing: in a checkout of dcsx run `npm ci`; "
                          "an installed dcsx carries it (reinstall it)")


def theme_chain(theme: Path | None) -> list[Path]:
    """The themes to look in, first wins: a chosen theme, then the default for what it lacks."""
    default = default_theme()
    if theme is None or theme.resolve() == default.resolve():
        return [default]
    return [theme, default]
