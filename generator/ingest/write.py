"""write_issue(): a parsed issue -> content/YYYY/YYYY-MM-DD/{issue.md, 01.md, 02.md, …}.

Files are the archive's source of truth.  A file an archivist has edited since ingest
wrote it is never overwritten unless ``force`` is given, and then a backup is kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from generator import frontmatter, schema
from generator.files import held, link_tree, recover, swap_in, write_atomic
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


def source_digest(data: bytes) -> str:
    """A short digest of a source file's bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def issue_dir(content: Path, date: str) -> Path:
    return content / date[:4] / date


def article_meta(parsed: ParsedIssue, seq: int, a: ParsedArticle, source: str) -> dict:
    date = parsed.issue.date
    assert date is not None
    meta = {
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
    if a.page is not None:  # only when the text says which 版 it is on
        meta["page"] = a.page
    if a.captions:
        meta["captions"] = list(a.captions)
    return meta


def issue_meta(parsed: ParsedIssue, source: str, source_digest: str | None = None) -> dict:
    i = parsed.issue
    meta = {
        "date": i.date,
        "number": i.number,
        "pages": i.pages,
        # Worked out from the date when not printed: content/ keeps what the paper printed.
        "weekday": None if "weekday" in i.computed else i.weekday,
        "lunar": None if "lunar" in i.computed else i.lunar,
        "masthead": i.masthead,
        "web": i.web,
        "email": i.email,
        "articles": len(parsed.articles),
        "source": source,
        "masthead_lines": [{"line": s.line, "text": s.text} for s in i.masthead_lines],
        "dropped": [{"lines": list(d.lines), "reason": d.reason, "text": d.text} for d in parsed.dropped],
        "warnings": [str(w) for w in i.warnings],
    }
    if i.running_heads:
        meta["running_heads"] = [{"line": s.line, "text": s.text} for s in i.running_heads]
    if i.page_names:
        meta["page_names"] = dict(i.page_names)
    if source_digest:  # tells a re-ingest of the same file from another file of the same name
        meta["source_digest"] = source_digest
    return meta


def render_issue(parsed: ParsedIssue, source: str, source_digest: str | None = None) -> dict[str, str]:
    """Return {file name: text} for an issue's folder."""
    files = {ISSUE_FILE: frontmatter.dump(issue_meta(parsed, source, source_digest), "")}
    for seq, a in enumerate(parsed.articles, 1):
        files[f"{seq:02d}.md"] = frontmatter.dump(article_meta(parsed, seq, a, source), a.body)
    return files


def _existing_source(folder: Path) -> dict:
    """issue.md already in the folder: its front matter, or IngestConflict naming the file and line."""
    path = folder / ISSUE_FILE
    try:
        meta, _, _ = frontmatter.load(path.read_text(encoding="utf-8"))
    except frontmatter.FrontMatterError as exc:
        raise IngestConflict(f"{exc.at(path)} (the issue already in content/ cannot be read); correct it, "
                             "or pass --force to replace it") from None
    except UnicodeDecodeError:
        raise IngestConflict(f"{path}: not UTF-8 text (the issue already in content/); correct it, or pass "
                             "--force to replace it") from None
    return meta


def content_lock(content: Path) -> Path:
    """The one lock of everything that writes content/ (ingest, and any editor to come): the
    folder itself where folders can be locked (flock), else a file beside it (Windows)."""
    if os.name == "nt":
        content = content.absolute()
        return content.parent / f".{content.name}.lock"
    return content


def write_issue(parsed: ParsedIssue, content: Path, source: str, *, force: bool = False,
                source_digest: str | None = None, locked: bool = False) -> WriteReport:
    """Write an issue's files as one set; keep hand edits unless forced (then back them up).

    The new folder is put together beside the old one and swapped in whole, so an ingest
    that is killed leaves the issue as it was, never half written.  The content lock is held
    from before the folder is read until it is swapped in: a second ingest of the same issue
    waits, then sees what the first one wrote (and the hand edits it kept).  ``locked``: the
    caller holds the lock already (``hold_content``), as a batch of ingests does.
    """
    assert parsed.issue.date is not None
    if locked:
        return _write_issue(parsed, content, source, force=force, source_digest=source_digest)
    with hold_content(content):
        return _write_issue(parsed, content, source, force=force, source_digest=source_digest)


@contextlib.contextmanager
def hold_content(content: Path, on_wait=None):
    """``with hold_content(content):`` nothing else writes content/ meanwhile.  The folder is made
    if missing, and removed again if it is still empty at the end (an ingest that wrote nothing)."""
    made = not content.exists()
    content.mkdir(parents=True, exist_ok=True)
    try:
        with held(content_lock(content), on_wait=on_wait):
            yield
    finally:
        if made:
            with contextlib.suppress(OSError):
                content.rmdir()  # only if empty


def _write_issue(parsed: ParsedIssue, content: Path, source: str, *, force: bool,
                 source_digest: str | None) -> WriteReport:
    folder = issue_dir(content, parsed.issue.date)
    staging, retired = folder.with_name(f".{folder.name}.ingest"), folder.with_name(f".{folder.name}.old")
    recover(folder, staging, retired)
    files = render_issue(parsed, source, source_digest)
    refused = check_files(files, parsed.issue.date, folder)
    if refused:
        raise IngestConflict(f"{source}: dcsx check would refuse what this ingest writes, so nothing of issue "
                             f"{parsed.issue.date} was written:\n  " + "\n  ".join(refused[:10])
                             + ("\n  …" if len(refused) > 10 else "")
                             + "\n  (a parser gap: please report it with the issue's text)")
    if (folder / ISSUE_FILE).exists() and not force:
        meta = _existing_source(folder)
        if meta.get("source") not in (None, source):
            raise IngestConflict(
                f"{source}: issue {parsed.issue.date} was already ingested from {meta.get('source')!r} "
                f"({folder}); use --force to replace it"
            )
        old_digest = meta.get("source_digest")
        if old_digest and source_digest and old_digest != source_digest:
            raise IngestConflict(
                f"{source}: issue {parsed.issue.date} was ingested from another file of the same name whose text "
                f"differs ({folder / ISSUE_FILE}); check which is right, then use --force to replace it"
            )
    report = WriteReport()
    if folder.exists():
        link_tree(folder, staging)
    else:
        staging.mkdir(parents=True)
    try:
        for name, text in files.items():
            path = staging / name
            if path.exists():
                old = path.read_text(encoding="utf-8", errors="replace")
                if old == text:
                    report.unchanged.append(folder / name)
                    continue
                if frontmatter.is_hand_edited(old):
                    if not force:
                        report.kept_edited.append(folder / name)
                        continue
                    report.backups.append(folder / _backup(path).name)
            write_atomic(path, text)
            report.written.append(folder / name)
        for path in sorted(staging.glob("[0-9][0-9]*.md")):
            if path.name not in files:  # an earlier ingest found more articles
                if frontmatter.is_hand_edited(path.read_text(encoding="utf-8", errors="replace")) and not force:
                    report.kept_edited.append(folder / path.name)
                    continue
                if force:
                    report.backups.append(folder / _backup(path).name)
                path.unlink()
                report.removed.append(folder / path.name)
        if report.written or report.removed or report.backups:
            swap_in(staging, folder, retired)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return report


def check_files(files: dict[str, str], date: str, folder: Path) -> list[str]:
    """What `dcsx check` would say is wrong with these files, as they would be in ``folder``."""
    problems = []
    for name, text in files.items():
        path = folder / name
        try:
            meta, body, _ = frontmatter.load(text)
        except frontmatter.FrontMatterError as exc:
            problems.append(exc.at(path))
            continue
        if name == ISSUE_FILE:
            checked = schema.validate_issue(meta, text, path, folder_date=date)
        else:
            checked = schema.validate_article(meta, text, path, sections=frozenset(), fallback_seq=None)
            checked.errors.extend(schema.body_errors(body, text, path))
        problems.extend(checked.errors)
    return problems


def _backup(path: Path) -> Path:
    """Copy a file to NAME.bak (or .bak2, …) beside it; the copy is a new file, not a link."""
    target = path.with_name(path.name + ".bak")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak{n}")
    target.write_bytes(path.read_bytes())
    return target
