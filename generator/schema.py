"""The front matter schema: every field of issue.md and of an article file, its type and values.

``validate_article`` and ``validate_issue`` serve ``dcsx check``, ``build`` and ``ingest``
alike: each returns the cleaned values and a list of problems, every one naming the file,
the line of the field and what to write instead.  Unknown fields are warnings (with the
nearest known name), not errors, so an archive may keep notes of its own.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator.text import has_controls

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Checked:
    """Cleaned front matter, with what was wrong (errors) and what looks odd (warnings)."""

    values: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def field_lines(text: str) -> dict[str, int]:
    """Line number of each top-level front matter key (1-based, the '---' line is 1)."""
    lines = {}
    for n, line in enumerate(text.split("\n")[1:], 2):
        if line.rstrip() == "---":
            break
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) not in lines:
            lines[m.group(1)] = n
    return lines


FIRST_DATE = dt.date(1900, 1, 1)  # document numbers count days from here


def parse_date(value) -> str | None:
    """An ISO date (YYYY-MM-DD, 1900 or later) from a YAML date or string, else None."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, str) and ISO_DATE.fullmatch(value.strip()):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, dt.date) and value >= FIRST_DATE:
        return value.isoformat()
    return None


class _Fields:
    """Checks fields one by one, collecting problems as file:line: message."""

    def __init__(self, meta: dict, path: Path | str, text: str):
        self.meta, self.path = meta, path
        self.lines = field_lines(text)
        self.out = Checked()

    def where(self, key: str) -> str:
        return f"{self.path}:{self.lines.get(key, 1)}"

    def error(self, key: str, message: str) -> None:
        self.out.errors.append(f"{self.where(key)}: {message}")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip() and not required):
            if required:
                self.error(key, f"field '{key}' is missing or empty; add it to the front matter")
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            kind = "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) else repr(value)
            self.error(key, f"field '{key}' must be text, not {kind}; write it as {key}: '…' (in quotes)")
            return None
        value = str(value)
        if has_controls(value):
            self.out.warnings.append(f"{self.where(key)}: field '{key}' contains a control character or a "
                                     "noncharacter (such as U+FFFF); the site leaves it out (delete it here)")
        if required and not value.strip():
            self.error(key, f"field '{key}' is empty; write the {key}")
            return None
        return value

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if value is None:
            return False
        if not isinstance(value, bool):
            self.error(key, f"field '{key}' must be true or false (without quotes), not {value!r}")
            return False
        return value

    def integer(self, key: str, *, minimum: int = 1, maximum: int | None = None) -> int | None:
        value = self.meta.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum or (maximum and value > maximum):
            span = f"from {minimum} to {maximum}" if maximum else f"of at least {minimum}"
            self.error(key, f"field '{key}' must be a whole number {span}, not {value!r}")
            return None
        return value

    def date(self, key: str, *, required: bool = False) -> str | None:
        value = self.meta.get(key)
        if value is None:
            if required:
                self.error(key, f"field '{key}' is missing; write it as {key}: 'YYYY-MM-DD'")
            return None
        iso = parse_date(value)
        if iso is None:
            self.error(key, f"field '{key}' must be a date like '2022-11-22' (1900 or later), not {value!r}")
        return iso

    def names(self, key: str) -> tuple[str, ...]:
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = value.replace("、", " ").split()
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            self.error(key, f"field '{key}' must be a list of names, like {key}: [张三, 李四]")
            return ()
        names = tuple(str(v).strip() for v in value if str(v).strip())
        for name in names:
            if has_controls(name) or any(c in name for c in "/\\<>{}[]"):
                self.error(key, f"field '{key}': {name!r} is not a person's name; correct it")
                return ()
        return names

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of lines of text (photo captions)."""
        value = self.meta.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, f"field '{key}' must be a list of lines of text, like {key}: [▲ 活动现场。]")
            return ()
        if any(has_controls(v) for v in value):
            self.error(key, f"field '{key}' holds control characters; remove them")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def unknown(self, known: frozenset[str]) -> None:
        for key in self.meta:
            if key not in known:
                near = difflib.get_close_matches(str(key), sorted(known), n=1)
                hint = f" (did you mean '{near[0]}'?)" if near else ""
                self.out.warnings.append(f"{self.where(str(key))}: unknown field '{key}'{hint}; it is ignored")


DEEP_INDENT = 100
_DEEP = re.compile(rf"^[ \t]{{{DEEP_INDENT},}}\S", re.M)


def body_errors(body: str, text: str, path: Path | str) -> list[str]:
    """What is wrong with an article's body (``text`` is the whole file, for the line)."""
    deep = _DEEP.search(body)
    if not deep:
        return []
    line = text.count("\n", 0, len(text) - len(body) + deep.start()) + 1
    # Markdown would nest it hundreds of lists deep, past what it can render.
    return [f"{path}:{line}: a line indented by more than {DEEP_INDENT} spaces; remove the indentation "
            "(Markdown would read it as lists nested hundreds deep)"]


ARTICLE_FIELDS = frozenset({
    "id", "issue", "number", "seq", "kicker", "title", "subtitle", "title_inferred", "dateline", "event_date",
    "reporters", "correspondents", "byline", "section", "column", "fragment", "source", "ingest_digest", "page",
    "captions",
})
ISSUE_FIELDS = frozenset({
    "date", "number", "pages", "weekday", "lunar", "masthead", "web", "email", "articles", "source",
    "source_digest", "masthead_lines", "dropped", "warnings", "ingest_digest", "running_heads", "page_names",
})


def validate_article(meta: dict, text: str, path: Path | str, *, sections: frozenset[str],
                     fallback_seq: int | None) -> Checked:
    """Check an article's front matter; ``values`` holds what the site needs."""
    f = _Fields(meta, path, text)
    v = f.out.values
    v["issue"] = f.date("issue")
    seq = f.integer("seq", maximum=99)  # an article's place on a few printed pages; part of its URL
    if seq is None and "seq" not in meta:
        seq = fallback_seq
        if seq is None:
            f.error("seq", "field 'seq' (the article's place in the issue) is missing; add seq: N")
        elif not 1 <= seq <= 99:
            f.error("seq", f"the file name gives seq {seq}, outside 1-99 (an article's place in its issue); add "
                           "seq: N from 1 to 99, or rename the file 01.md … 99.md")
            seq = None
    v["seq"] = seq
    v["id"] = f.text("id")
    v["title"] = f.text("title", required=True)
    for key in ("kicker", "subtitle", "dateline", "byline", "column"):
        v[key] = f.text(key)
    v["event_date"] = f.date("event_date")
    v["title_inferred"] = f.flag("title_inferred")
    v["fragment"] = f.flag("fragment")
    v["reporters"] = f.names("reporters")
    v["correspondents"] = f.names("correspondents")
    v["page"] = f.integer("page", maximum=99)  # 版
    v["captions"] = f.texts("captions")
    f.integer("number")
    section = meta.get("section")
    if section is not None and str(section) not in sections:
        f.error("section", f"section {section!r} is not in archive.toml (known: {', '.join(sorted(sections))})")
    v["section"] = None if section is None else str(section)
    source = meta.get("source")
    if source is not None and not isinstance(source, dict):
        f.error("source", "field 'source' must be a mapping like {file: 000.txt, lines: [1, 20]}")
    f.unknown(ARTICLE_FIELDS)
    return f.out


def validate_issue(meta: dict, text: str, path: Path | str, *, folder_date: str) -> Checked:
    """Check issue.md's front matter; ``values`` holds what the site needs."""
    f = _Fields(meta, path, text)
    v = f.out.values
    v["date"] = f.date("date") if "date" in meta else parse_date(folder_date)
    if v["date"] is None and "date" not in meta:
        f.error("date", f"no date: add date: 'YYYY-MM-DD' (the folder name {folder_date!r} is not one)")
    elif v["date"] and v["date"] != folder_date:
        f.error("date", f"date {v['date']} does not match its folder {folder_date}; move the folder or correct the date")
    v["number"] = f.integer("number")
    v["pages"] = f.integer("pages")
    v["articles"] = f.integer("articles", minimum=0)
    for key in ("weekday", "lunar", "masthead", "web", "email", "source", "source_digest"):
        v[key] = f.text(key)
    for key in ("masthead_lines", "dropped", "warnings", "running_heads"):
        if meta.get(key) is not None and not isinstance(meta[key], list):
            f.error(key, f"field '{key}' must be a list")
    names = meta.get("page_names") or {}
    if not isinstance(names, dict) or not all(isinstance(k, int) and not isinstance(k, bool) and isinstance(n, str)
                                              for k, n in names.items()):
        f.error("page_names", "field 'page_names' must map page numbers to names, like page_names: {1: 要闻, 2: 综合}")
        names = {}
    v["page_names"] = tuple(sorted((k, n.strip()) for k, n in names.items() if n.strip()))
    f.unknown(ISSUE_FIELDS)
    return f.out
