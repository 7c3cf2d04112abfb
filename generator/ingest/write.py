"""write_issue(): a parsed issue -> content/YYYY/YYYY-MM-DD/{issue.md, 01.md, 02.md, …}.

Files are the archive's source of truth.  A file an archivist has edited since ingest
wrote it is never overwritten unless ``force`` is given, and then a backup is kept.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator import frontmatter
from generator.model import ParsedArticle, ParsedIssue

ISSUE_FILE = "issue.md"


@dataclass
class WriteReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept_edited: list[Path] = field(default_factory=list)  # hand-edited, not overwritten
    backups: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)  # stale articles of an earlier ingest

    @property
    def ok(self) -> bool:
        return not self.kept_edited


class IngestConflict(Exception):
    """The issue's folder already holds another source file's issue."""


def issue_dir(content: Path, date: str) -> Path:
    return content / date[:4] / date


def article_meta(parsed: ParsedIssue, seq: int, a: ParsedArticle, source: str) -> dict:
    date = parsed.issue.date
    assert date is not None
    return {
        "id": f"{date}-{seq:02d}",
        "issue": date,
        "number": parsed.issue.number,
        "seq": seq,
        "kicker": a.kicker,
        "title": a.title,
        "subtitle": a.subtitle,
        "title_inferred": a.title_inferred,
        "dateline": a.dateline,
        "event_date": a.event_date,
        "reporters": list(a.reporters),
        "correspondents": list(a.correspondents),
        "byline": a.byline,
        "column": a.column,
        "fragment": a.fragment,
        "source": {"file": source, "lines": list(a.source_lines)},
    }


def issue_meta(parsed: ParsedIssue, source: str) -> dict:
    i = parsed.issue
    return {
        "date": i.date,
        "number": i.number,
        "pages": i.pages,
        "weekday": i.weekday,
        "lunar": i.lunar,
        "masthead": i.masthead,
        "web": i.web,
        "email": i.email,
        "articles": len(parsed.articles),
        "source": source,
        "masthead_lines": [{"line": s.line, "text": s.text} for s in i.masthead_lines],
        "dropped": [{"lines": list(d.lines), "reason": d.reason, "text": d.text} for d in parsed.dropped],
        "warnings": [str(w) for w in i.warnings],
    }


def render_issue(parsed: ParsedIssue, source: str) -> dict[str, str]:
    """Return {file name: text} for an issue's folder."""
    files = {ISSUE_FILE: frontmatter.dump(issue_meta(parsed, source), "")}
    for seq, a in enumerate(parsed.articles, 1):
        files[f"{seq:02d}.md"] = frontmatter.dump(article_meta(parsed, seq, a, source), a.body)
    return files


def write_issue(parsed: ParsedIssue, content: Path, source: str, *, force: bool = False) -> WriteReport:
    """Write an issue's files; keep hand edits unless forced (then back them up)."""
    assert parsed.issue.date is not None
    folder = issue_dir(content, parsed.issue.date)
    files = render_issue(parsed, source)
    existing_issue = folder / ISSUE_FILE
    if existing_issue.exists() and not force:
        meta, _, _ = frontmatter.load(existing_issue.read_text(encoding="utf-8"))
        if meta.get("source") not in (None, source):
            raise IngestConflict(
                f"{source}: issue {parsed.issue.date} was already ingested from {meta.get('source')!r} "
                f"({folder}); use --force to replace it"
            )
    report = WriteReport()
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        if path.exists():
            old = path.read_text(encoding="utf-8")
            if old == text:
                report.unchanged.append(path)
                continue
            if frontmatter.is_hand_edited(old):
                if not force:
                    report.kept_edited.append(path)
                    continue
                report.backups.append(_backup(path))
        _write_atomic(path, text)
        report.written.append(path)
    for path in sorted(folder.glob("[0-9][0-9]*.md")):
        if path.name not in files:  # an earlier ingest found more articles
            if frontmatter.is_hand_edited(path.read_text(encoding="utf-8")) and not force:
                report.kept_edited.append(path)
                continue
            if force:
                report.backups.append(_backup(path))
            path.unlink()
            report.removed.append(path)
    return report


def _backup(path: Path) -> Path:
    target = path.with_name(path.name + ".bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak{n}")
    shutil.copy2(path, target)
    return target


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
