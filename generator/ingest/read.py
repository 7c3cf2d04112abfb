"""Bytes to text: the encodings archivists' converters produce."""

from __future__ import annotations

import codecs


def decode_issue(data: bytes) -> tuple[str, str]:
    """Decode raw issue bytes (UTF-8, UTF-8 with BOM, GB18030/GBK), returning (text, encoding).

    Line ends are normalised to LF.  GB18030 is a superset of GBK and GB2312.
    """
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                # Never drop the file: keep every byte visible as a replacement mark.
                text, encoding = data.decode("utf-8", errors="replace"), "utf-8 (with errors)"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding
