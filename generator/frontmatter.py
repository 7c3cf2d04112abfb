"""Markdown files with YAML front matter, and the digest that tells a hand edit apart.

Ingest stamps each file it writes with ``ingest_digest``: a hash of the file's text
without that line.  If the text no longer matches its digest, an archivist has edited it.
"""

from __future__ import annotations

import hashlib
import re

import yaml

# libyaml's C parser reads front matter several times faster; resolving and building values
# stays in Python, where the rules below apply.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc,valid-type]
    """YAML as an archivist means it (the YAML 1.2 core schema for these): only true/false are
    booleans (on, yes, no stay text), 12:30:00 is text (not the sexagesimal 45000), 012 is 12;
    and a key written twice is an error, not a silent choice of the last one."""


_Loader.yaml_implicit_resolvers = {k: [(tag, rx) for tag, rx in v if tag not in (
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$"),
                              list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))


def _int(loader, node) -> int:
    text = loader.construct_scalar(node)
    if text.startswith(("0x", "0o")):
        return int(text, 0)
    return int(text)  # decimal, whatever zeros lead it


def _mapping(loader, node) -> dict:
    seen: dict = {}
    for key_node, _value in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"field {key!r} is written twice (also on line {seen[key] + 2}); keep one of them",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=True)


_Loader.add_constructor("tag:yaml.org,2002:int", _int)
_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)

DIGEST_KEY = "ingest_digest"
_DIGEST_LINE = re.compile(rf"^{DIGEST_KEY}: .*\n", re.M)


class FrontMatterError(ValueError):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}")

    def at(self, path) -> str:
        """The error as a user sees it: file:line: message."""
        return f"{path}:{self.line}: {self.message}"


def dump(meta: dict, body: str) -> str:
    """Render front matter and body as text, stamped with the ingest digest."""
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=None)
    text = f"---\n{head}---\n{body.rstrip()}\n" if body.strip() else f"---\n{head}---\n"
    return _stamp(text)


def _digest(text_without_digest: str) -> str:
    return hashlib.sha256(text_without_digest.encode("utf-8")).hexdigest()[:16]


def _stamp(text: str) -> str:
    head_end = text.index("\n---\n", 4)
    return text[:head_end] + f"\n{DIGEST_KEY}: {_digest(text)}" + text[head_end:]


def is_hand_edited(text: str) -> bool:
    """True when a file's text differs from what ingest wrote (or carries no digest)."""
    m = _DIGEST_LINE.search(text)
    if not m:
        return True
    stored = m.group(0).split(":", 1)[1].strip()
    return stored != _digest(text[: m.start()] + text[m.end():])


def load(text: str) -> tuple[dict, str, int]:
    """Split a file into (front matter, body, line number where the body starts)."""
    if text.startswith("\ufeff"):  # a byte order mark, as some Windows editors save UTF-8
        text = text[1:]
    if not text.startswith("---\n"):
        raise FrontMatterError(1, "the file must start with a '---' front matter line")
    end = text.find("\n---\n", 3)
    if end < 0:
        end = text.find("\n---", 3)
        if end < 0 or text[end + 4:].strip():
            raise FrontMatterError(1, "front matter is not closed by a '---' line")
    try:
        meta = yaml.load(text[4:end], Loader=_Loader) or {}
    except yaml.reader.ReaderError as exc:  # a character YAML does not take, raw in the file
        head = text[4:end]
        if _Base is yaml.SafeLoader:
            before = head[:exc.position]
        else:  # libyaml counts the UTF-8 bytes it was given
            before = head.encode("utf-8")[:exc.position].decode("utf-8", "ignore")
        line = before.count("\n") + 2
        raise FrontMatterError(line, f"character U+{exc.character:04X} is not text (a control character or a "
                               "noncharacter); delete it") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        raise FrontMatterError(line, f"front matter is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    except ValueError as exc:  # a value YAML recognises but cannot build, like the date 2022-13-45
        raise FrontMatterError(_bad_date_line(text[:end]), f"front matter has an impossible value ({exc}); "
                               "write dates as real dates in quotes, like '2022-11-22'") from None
    if not isinstance(meta, dict):
        raise FrontMatterError(2, "front matter must be a mapping of field: value")
    body_start = text.count("\n", 0, end) + 3
    return meta, text[end + 5:], body_start


def _bad_date_line(head: str) -> int:
    """The line of the first date-shaped value that is no date (for YAML's unplaced errors)."""
    import datetime as dt

    for n, line in enumerate(head.split("\n"), 1):
        for m in re.finditer(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", line):
            try:
                dt.date(*map(int, m.groups()))
            except ValueError:
                return n
    return 1
