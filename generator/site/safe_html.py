"""What content may put into a page: escaped text, and links only to http(s), mailto or the site.

Issue text is not trusted: a converted PDF or a hand edit can hold ``[点击](javascript:…)``,
control characters that make XML ill-formed, or a right-to-left override that reverses the
text around it.  Everything from content/ passes through here on its way into a page.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
# Browsers ignore ASCII tab and newline inside a URL and strip leading C0 controls and
# spaces, so "java\tscript:" is still javascript:.  Decide on the URL as a browser reads it.
_URL_IGNORED = re.compile(r"[\x00-\x20\x7f]")


def is_safe_url(url: str) -> bool:
    """True for http(s) and mailto URLs and for relative links (not //host, which leaves the site)."""
    squeezed = _URL_IGNORED.sub("", url)
    if squeezed.startswith(("//", "\\\\", "/\\", "\\/")):
        return False
    m = _SCHEME.match(squeezed)
    return m is None or m.group(1).lower() in ALLOWED_SCHEMES


class _SafeLinks(Treeprocessor):
    """Links to anything but http(s), mailto or the site become text; images become links."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index in reversed(range(len(parent))):  # backwards: replacing keeps earlier indexes
                child = parent[index]
                if child.tag == "a":
                    href = child.get("href", "")
                    if not is_safe_url(href):
                        self._to_text(parent, index, child, f"（{href}）")
                elif child.tag == "img":
                    # The archive keeps no images: show what the page printed there as a link
                    # (nothing is loaded from outside the site), or as text if its URL is unsafe.
                    src, alt = child.get("src", ""), child.get("alt", "")
                    label = f"［图片{'：' + alt if alt else ''}］"
                    if is_safe_url(src) and src:
                        link = etree.Element("a", {"href": src, "class": "image-ref"})
                        link.text, link.tail = label, child.tail
                        parent.remove(child)
                        parent.insert(index, link)
                    else:
                        child.text = None
                        self._to_text(parent, index, child, f"{label}（{src}）")

    @staticmethod
    def _to_text(parent: etree.Element, index: int, child: etree.Element, suffix: str) -> None:
        text = "".join(child.itertext()) + suffix + (child.tail or "")
        parent.remove(child)
        if index == 0:
            parent.text = (parent.text or "") + text
        else:
            prev = parent[index - 1]
            prev.tail = (prev.tail or "") + text


class SafeLinksExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802 (Markdown's API)
        # After the inline patterns made the links, before serialisation.
        md.treeprocessors.register(_SafeLinks(md), "dcsx_safe_links", 0)
