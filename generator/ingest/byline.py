"""Bylines (署名): ``(融媒体 徐振鑫 通讯员 杨晓斌)``, ``融媒体 全兴社``, ``(融媒体郭龙君 通讯员袁义祥)``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.text import CJK

# Role words, longest first so 融媒体记者 wins over 融媒体.  Names after a staff role are
# reporters; names after 通讯员 are correspondents.
STAFF_ROLES = ("融媒体记者", "本报记者", "融媒体", "记者", "实习生", "摄影", "文/图", "文图")
CORRESPONDENT_ROLES = ("通讯员",)
_ROLES = sorted(STAFF_ROLES + CORRESPONDENT_ROLES, key=len, reverse=True)
_ROLE_RE = re.compile("(" + "|".join(re.escape(r) for r in _ROLES) + ")")
_BYLINE_CHARS = re.compile(rf"^[{CJK}·/\s、]+$")
_PARENS = re.compile(r"^[(（]\s*(.*?)\s*[)）]$")


@dataclass(frozen=True)
class Byline:
    text: str  # as printed
    reporters: tuple[str, ...]
    correspondents: tuple[str, ...]
    ambiguous: tuple[str, ...] = ()  # runs of names that could not be split with certainty


def parse_byline(line: str, known: frozenset[str] = frozenset()) -> Byline | None:
    """Parse a whole line as a byline, or return None if it is not one.

    ``known`` names (for instance those already seen in the issue) help split runs of
    names printed without spaces.
    """
    text = line.strip().replace("**", "")
    m = _PARENS.match(text)
    inner = m.group(1) if m else text
    if not inner or len(inner) > 48 or not _BYLINE_CHARS.match(inner):
        return None
    if not _ROLE_RE.match(inner):
        return None
    reporters: list[str] = []
    correspondents: list[str] = []
    ambiguous: list[str] = []
    role = None
    spaced = bool(m) or bool(re.search(r"\s", inner))
    for piece in _ROLE_RE.split(inner):
        piece = piece.strip()
        if not piece:
            continue
        if piece in _ROLES:
            role = piece
            continue
        for chunk in re.split(r"[\s、/]+", piece):
            if not chunk:
                continue
            if len(chunk) > 4 and not spaced:
                return None  # a run of text that merely starts with a role word
            names, unsure = _split_names(chunk, known)
            if unsure:
                ambiguous.append(chunk)
            target = correspondents if role in CORRESPONDENT_ROLES else reporters
            target.extend(n for n in names if n not in target)
    if not reporters and not correspondents:
        return None
    return Byline(line.strip(), tuple(reporters), tuple(correspondents), tuple(ambiguous))


def _split_names(chunk: str, known: frozenset[str]) -> tuple[list[str], bool]:
    """Split a run of Chinese names printed without spaces; report whether it was a guess."""
    if len(chunk) <= 4:
        return [chunk], False
    for name in sorted(known, key=len, reverse=True):
        if chunk.startswith(name) and len(chunk) > len(name):
            rest, unsure = _split_names(chunk[len(name):], known)
            return [name, *rest], unsure
    if len(chunk) % 3 == 0:
        return [chunk[i:i + 3] for i in range(0, len(chunk), 3)], True
    return [chunk], True
