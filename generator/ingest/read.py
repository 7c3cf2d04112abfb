"""Bytes to text: the encodings archivists' converters produce, and files that are no issue text."""

from __future__ import annotations

import codecs

from generator.model import ParseWarning

# Signatures of files that are sometimes saved as .txt by mistake.
_SIGNATURES = (
    (b"%PDF", "a PDF document; convert it to text first"),
    (b"\x7fELF", "a program (ELF executable), not issue text"),
    (b"MZ", "a Windows program, not issue text"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx document); unpack or convert it to text first"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Excel document; save it as text first"),
    (b"{\\rtf", "an RTF document; save it as plain text first"),
    (b"\x89PNG", "a PNG image, not issue text"),
    (b"\xff\xd8\xff", "a JPEG image, not issue text"),
    (b"GIF8", "a GIF image, not issue text"),
)


class NotText(ValueError):
    """The file is not the text of an issue; the message says what it is."""


def decode_issue(data: bytes) -> tuple[str, str, list[ParseWarning]]:
    """Decode raw issue bytes, returning (text, encoding, warnings).

    UTF-8 (with or without BOM), UTF-16 with a BOM, and GB18030 (a superset of GBK and
    GB2312) are read; line ends become LF.  Bytes that fit none of them are kept as U+FFFD
    with a warning naming each line.  Empty and binary files raise NotText.
    """
    if not data.strip():
        raise NotText("the file is empty")
    for magic, what in _SIGNATURES:
        if data.startswith(magic):
            raise NotText(f"this is {what}")
    warnings: list[ParseWarning] = []
    text = _utf16(data)
    if text is not None:
        encoding = "utf-16"
    elif b"\0" in data:
        raise NotText("the file holds NUL bytes: it is binary (or UTF-16 without a byte order mark); "
                      "save it as UTF-8 text")
    elif data.startswith(codecs.BOM_UTF8):
        text, encoding = _decode(data[len(codecs.BOM_UTF8):], "utf-8", warnings), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                # More UTF-8 than not: keep every byte visible as a replacement mark, and say where.
                text, encoding = _decode(data, "utf-8", warnings), "utf-8 (with errors)"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\n\t\f")
    if controls > max(8, len(text) // 100):
        raise NotText(f"{controls} control characters: this is a binary file, not issue text")
    return text, encoding, warnings


def _utf16(data: bytes) -> str | None:
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError:
        return None


def _decode(data: bytes, encoding: str, warnings: list[ParseWarning]) -> str:
    text = data.decode(encoding, errors="replace")
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        if "\ufffd" in line:
            warnings.append(ParseWarning(n, "bytes that are neither UTF-8 nor GB18030 were kept as '\ufffd' "
                                            "here; check this line against the printed page"))
    return text
