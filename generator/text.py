"""Character classes and small text helpers shared by the parser, the site and search."""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")

# A paragraph that ends in one of these ends a sentence; anything else was cut by a
# column or page break and goes on in the next paragraph.  The semicolon is missing
# on purpose: printed lists break lines after "；" in mid-sentence.
SENTENCE_END = set("。！？!?…：:")
CLOSERS = set("”’」』）)》】")
# Punctuation that closes what came before it: a printed line never starts with it.
CLOSING = "”’）》」』，。、；：！？"

# A line holding any of these is running text, never a headline.
CLAUSE_MARKS = re.compile(r"[，,。；;]")

# Markdown markup that carries no text of its own.
_HEADING_MARK = re.compile(r"^\s{0,3}#{1,6}\s+(?=\S)", re.M)  # "# " alone is a character, not a heading
_BOLD_PAIR = re.compile(r"\*\*(?=\S)([^*\n]+?)(?<=\S)\*\*")  # what escape_markdown keeps as bold
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^<>\s]+)>")


# Issue text is shown as printed: what Markdown would read as markup is escaped when ingest
# writes it (a bold pair the converter made, **柳园讯**, and <https://…> links are kept).
_KEEP = re.compile(f"{_BOLD_PAIR.pattern}|{_AUTOLINK.pattern}")  # the markup conservation does not count
_INLINE = re.compile(r"[\\`*_\[\]]")
_LINE_START = re.compile(r"^([#+-]|\d+(?=[.)]))", re.M)
_UNESCAPE = re.compile(r"\\([\\`*_{}\[\]()>#+\-.!])")  # what Python-Markdown unescapes


def escape_markdown(text: str) -> str:
    """Text as Markdown that shows it as it is: 2*3*4, [注1]: …, [附表](二) and # 1 stay text."""
    out, at = [], 0
    for m in _KEEP.finditer(text):
        out.append(_INLINE.sub(r"\\\g<0>", text[at:m.start()]))
        out.append(m.group(0))
        at = m.end()
    out.append(_INLINE.sub(r"\\\g<0>", text[at:]))
    escaped = "".join(out)
    escaped = _LINE_START.sub(lambda m: "\\" + m.group(1) if not m.group(1).isdigit() else m.group(1) + "\\",
                              escaped)
    return escaped


def unescape_markdown(text: str) -> str:
    """The text of Markdown backslash escapes (\\* -> *)."""
    return _UNESCAPE.sub(r"\1", text) if "\\" in text else text


def strip_inline_markup(text: str) -> str:
    """Remove bold marks and autolink brackets, keeping the words."""
    return _AUTOLINK.sub(r"\1", _BOLD_PAIR.sub(r"\1", text))


def strip_raw_markup(text: str) -> str:
    """Remove heading marks, bold marks and autolink brackets, keeping every other character
    (a backslash too: in text as received it is no escape)."""
    return strip_inline_markup(_HEADING_MARK.sub("", text))


def strip_markup(text: str) -> str:
    """Remove Markdown heading marks, bold marks and autolink brackets, keeping the words."""
    return unescape_markdown(strip_raw_markup(text))


def squash(text: str) -> str:
    """Remove all whitespace: how CJK text is compared."""
    return "".join(text.split())


def ends_sentence(text: str) -> bool:
    """Tell whether a paragraph ends a sentence (rather than being cut mid-sentence)."""
    text = text.rstrip()
    while text and text[-1] in CLOSERS:
        # “…。” ends a sentence; “首善之区” in mid-sentence does not.
        if len(text) >= 2 and (text[-2] in SENTENCE_END or text[-2] in CLOSERS):
            text = text[:-1]
            continue
        return text[-1] in "）)" and len(text) >= 2 and text[-2] in SENTENCE_END
    if not text:
        return True
    if text[-1] == "." and not (len(text) >= 2 and text[-2].isdigit()):
        return True
    return text[-1] in SENTENCE_END


def join_broken(left: str, right: str) -> str:
    """Join two halves of a paragraph cut by a column break."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


def first_sentence(text: str) -> str:
    """Return the text up to the first full stop (without it)."""
    m = re.search(r"[。！？!?]", text)
    return text[: m.start()] if m else text


# C0 and C1 controls other than tab and newline: not text, and not allowed in XML 1.0.
# Noncharacters (U+FDD0-U+FDEF, U+xFFFE and U+xFFFF of every plane) and lone surrogates are
# not text either, and make an XML feed ill-formed.  Those beyond the BMP are looked for only
# in text that goes beyond it: a character class holding them makes every search ten times slower.
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL_NONCHARACTERS = re.compile(
    "[" + "".join(f"{chr(p * 0x10000 + 0xFFFE)}{chr(p * 0x10000 + 0xFFFF)}" for p in range(1, 17)) + "]")


def has_controls(text: str) -> bool:
    """True when text holds a control character, a noncharacter or a lone surrogate."""
    return bool(CONTROLS.search(text)) or (text > "" and max(text) > "\uffff"
                                            and bool(_ASTRAL_NONCHARACTERS.search(text)))


def strip_controls(text: str) -> str:
    """Remove C0/C1 control characters (keeping tab and newline)."""
    text = CONTROLS.sub("", text)
    if text and max(text) > "\uffff":
        text = _ASTRAL_NONCHARACTERS.sub("", text)
    return text


_HEADING = re.compile(r"^#{1,6}\s+", re.M)
_SPACES = re.compile(r"\s+")


def plain_text(text: str) -> str:
    """Markdown body to plain text (for descriptions and snippets)."""
    return unescape_markdown(_SPACES.sub(" ", _HEADING.sub("", text).replace("**", "")).strip())


def excerpt(text: str, limit: int = 80) -> str:
    # Listings show an excerpt of each of their articles: flatten the first lines only, when
    # they make enough text.  plain_text works line by line (what a cut after a newline can
    # change is whitespace at the very end), so its start is the whole text's.
    cut = text.find("\n", 4 * limit + 64)
    flat = plain_text(text[:cut + 1]) if cut != -1 else ""
    if len(flat) <= limit:
        flat = plain_text(text)
    return flat if len(flat) <= limit else flat[:limit].rstrip() + "…"
