"""dcsx bundle: the built site as one zip, to unpack anywhere and read offline.

Unpacked, opening index.html gives the whole archive with its search over file://: every
link in the site is relative and names a file, and the search index is plain scripts.
The zip is deterministic (entries sorted, fixed times), so the same site gives the same bytes.
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

_TIME = (1980, 1, 1, 0, 0, 0)

class BundleError(Exception):
    """No site to bundle, or nowhere to put the zip; the message says what to do."""

def bundle_site(site: Path, target: Path, *, folder: str = "") -> int:
    """Write ``site`` into the zip ``target`` (inside a top folder ``folder`` when given); return
    the number of files.  Hidden files (the build's marker, .nojekyll) are left out."""
    if not (site / "index.html").is_file():
        raise BundleError(f"no site in {site} (no index.html there); run `dcsx build` first")
    target = target.absolute()
    if target.is_relative_to(site.absolute()):
        raise BundleError(f"{target} is inside the site it would hold; write the zip somewhere else")
    names = []
    links = []
    for root, dirs, files in os.walk(site):  # os.walk does not follow links to folders
        links += [Path(root, d) for d in dirs if Path(root, d).is_symlink()]
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not Path(root, d).is_symlink())
        rel = Path(root).relative_to(site)
        for f in files:
            if Path(root, f).is_symlink():
                links.append(Path(root, f))
            elif not f.startswith("."):
                names.append((rel / f).as_posix())
    if links:  # dcsx never makes links: whatever put one there could reach any file of this computer
        raise BundleError(f"{links[0]}: a symbolic link in the site, which dcsx never makes; rebuild the site "
                          "(dcsx build) instead of zipping it as it is")
    if folder and (not re.fullmatch(r"[^/\\\x00-\x1f]+", folder.strip("/")) or folder.strip("/") in (".", "..")):
        raise BundleError(f"--folder {folder!r}: give one folder name (no '/', '\\', '..'), like dcsx-archive, or "
                          "'' for none")
    prefix = f"{folder.strip('/')}/" if folder else ""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(names):
            info = zipfile.ZipInfo(prefix + name, date_time=_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, (site / name).read_bytes())
    os.replace(partial, target)
    return len(names)
