"""The commands of the command line, one function each (``cmd_build`` …), and their messages.

Each takes the parsed arguments and the config and returns the exit status: 0 done; 1 some
input had errors (named on stderr) or the build failed; 2 the command line or archive.toml is
wrong.  ``cli`` parses the command line and calls them.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import os
import re
import sys
import time
from pathlib import Path

from generator.config import Config, ConfigError, edit_url_pattern, load_config, normalize_base_url
from generator.ingest.parse import IssueError, date_from_filename, parse_issue
from generator.ingest.read import NotText, decode_issue
from generator.model import ParsedIssue, ParseWarning

log = logging.getLogger("dcsx")
QUIET = False  # -q: only warnings and errors


def _colour(text: str, code: str) -> str:
    """ANSI colour on a terminal only (and never with NO_COLOR set)."""
    if sys.stderr.isatty() and not os.environ.get("NO_COLOR"):
        return f"\033[{code}m{text}\033[0m"
    return text


def error(message: str) -> None:
    print(f"{_colour('error:', '1;31')} {message}", file=sys.stderr)


def warning(message: str) -> None:
    print(f"{_colour('warning:', '33')} {message}", file=sys.stderr)


def info(message: str) -> None:
    """What was done and what to do next; -q silences it."""
    if not QUIET:
        print(message)


MAX_ISSUE_BYTES = 16 * 2**20  # a 4-page issue is ~30 KB of text; 16 MB is hundreds of issues


def _parse_file(path: Path, args: argparse.Namespace, config: Config) -> tuple[ParsedIssue, bytes]:
    """Read, decode and parse one issue file; IssueError says what is wrong with it."""
    import stat

    try:
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(st.st_mode):  # a pipe or a device would never end, or never start
            raise IssueError(str(path), 0, "is not a regular file (a pipe, socket or device); save the issue's "
                                           "text as a file and name that")
        if st.st_size > MAX_ISSUE_BYTES:
            raise IssueError(str(path), 0, f"is {st.st_size / 2**20:.0f} MB; one printed issue's text is well "
                                           f"under 1 MB, so this is not one issue (the limit is "
                                           f"{MAX_ISSUE_BYTES // 2**20} MB): split it into one file per issue")
        data = path.read_bytes()
    except IsADirectoryError:
        raise IssueError(str(path), 0, "is a folder; name the issue's text files") from None
    except OSError as exc:
        raise IssueError(str(path), 0, f"cannot read the file: {exc.strerror}") from None
    try:
        text, _, decode_warnings = decode_issue(data)
    except NotText as exc:
        raise IssueError(str(path), 0, f"{exc}; nothing was ingested from it") from None
    parsed = parse_issue(text, source=str(path), date=args.date, number=args.number,
                         fallback_date=date_from_filename(path.name), config=config)
    if decode_warnings:
        warnings = tuple(sorted(set(parsed.issue.warnings + tuple(decode_warnings)), key=lambda w: (w.line, w.message)))
        parsed = dataclasses.replace(parsed, issue=dataclasses.replace(parsed.issue, warnings=warnings))
    return parsed, data


def cmd_parse(args: argparse.Namespace, config: Config) -> int:
    parsed, _ = _parse_file(Path(args.file), args, config)
    if args.json:
        json.dump(parsed.to_json(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    i = parsed.issue
    print(f"{args.file}: {i.date} 总第{i.number or '?'}期, {len(parsed.articles)} articles, {len(parsed.dropped)} dropped")
    for n, a in enumerate(parsed.articles, 1):
        flags = "".join([" [title made up]" if a.title_inferred else "", " [fragment]" if a.fragment else ""])
        people = "、".join(a.reporters + a.correspondents)
        print(f"  {n:02d} {a.title}{flags}  ({people})  lines {a.source_lines[0]}-{a.source_lines[1]}")
    for d in parsed.dropped:
        print(f"  dropped lines {d.lines[0]}-{d.lines[1]} ({d.reason}): {d.text}")
    for w in i.warnings:
        print(f"  warning: {args.file}: {w}")
    return 0


def _issue_numbers(content: Path) -> dict[int, str]:
    """总第N期 -> date of every issue already in content/ (read cheaply, without YAML)."""
    numbers = {}
    for path in sorted(content.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]/issue.md")):
        try:
            m = re.search(r"^number: (\d+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
        except OSError:
            continue
        if m:
            numbers.setdefault(int(m.group(1)), path.parent.name)
    return numbers


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from generator.ingest.write import hold_content

    if (args.date or args.number) and len(args.files) > 1:
        error("--date and --number apply to one file; ingest such files one at a time")
        return 2
    content = Path(args.content)
    if content.exists() and not content.is_dir():
        error(f"--content {content} is a file; name the content folder (it is created if missing)")
        return 2
    # The lock is held from before content/ is read until the last issue is written.
    with hold_content(content, on_wait=lambda: info(f"waiting for another ingest into {content} to finish")):
        failed, edited = _ingest_files(args, config, content)
    ok = len(args.files) - len(failed)
    info(f"ingested {ok} of {_count(len(args.files), 'file')}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    if edited:
        info(f"{_count(len(edited), 'hand-edited file')} left as {'it was' if len(edited) == 1 else 'they were'}")
    if ok:
        info("next: `dcsx check`, then `dcsx build`")
    return 1 if failed else 0


def _ingest_files(args: argparse.Namespace, config: Config, content: Path) -> tuple[list[str], list[Path]]:
    """Ingest each file named (the content lock held); (files that failed, hand-edited files kept)."""
    from generator.ingest.write import IngestConflict, source_digest, write_issue

    numbers = _issue_numbers(content)
    failed = []
    edited = []
    for name in args.files:
        path = Path(name)
        try:
            parsed, data = _parse_file(path, args, config)
            issue = parsed.issue
            other = numbers.get(issue.number) if issue.number else None
            if other and other != issue.date:
                note = ParseWarning(0, f"总第{issue.number}期 is also the number of the issue of {other} in "
                                       f"{content}; check the masthead, or give --number")
                parsed = dataclasses.replace(parsed, issue=dataclasses.replace(issue, warnings=issue.warnings + (note,)))
            report = write_issue(parsed, content, path.name, force=args.force, source_digest=source_digest(data),
                                 locked=True)
        except (IssueError, IngestConflict) as exc:
            error(f"{exc}")
            failed.append(name)
            continue
        except Exception as exc:  # one file's trouble must not stop the batch
            log.debug("ingest of %s failed", name, exc_info=True)
            error(f"{name}: ingest failed ({type(exc).__name__}: {exc}); nothing of this issue was "
                  "changed in content/. Run with -v for details.")
            failed.append(name)
            continue
        if parsed.issue.number:
            numbers.setdefault(parsed.issue.number, parsed.issue.date)
        for w in parsed.issue.warnings:
            warning(f"{name}: {w}")
        info(
            f"{name}: {parsed.issue.date}, {_count(len(parsed.articles), 'article')}: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed"
        )
        for p in report.backups:
            info(f"  backup of a hand-edited file kept at {p}")
        for p in report.kept_edited:
            info(f"  kept {p}: edited by hand since ingest (use --force to replace it; a backup is kept)")
            edited.append(p)
    return failed, edited


def cmd_build(args: argparse.Namespace, config: Config, *, quiet_next: bool = False) -> int:
    from dataclasses import replace

    from generator.build import BuildError, build_site

    try:
        if args.default_base_url and not config.base_url:
            config = replace(config, base_url=normalize_base_url(args.default_base_url, "--default-base-url"))
        if getattr(args, "default_edit_url", "") and not config.edit_url:
            config = replace(config, edit_url=edit_url_pattern(args.default_edit_url, "--default-edit-url"))
    except ConfigError as exc:
        error(f"{exc}")
        return 2
    out = Path(args.out)
    where = content_problem(Path(args.content), out)
    if where:
        error(where)
        return 2
    try:
        report = build_site(Path(args.content), out, config, theme=Path(args.theme) if args.theme else None,
                            keep_going=args.keep_going, jobs=args.jobs)
    except BuildError as exc:
        error(f"{exc}")
        print(f"the build failed; {out} was left as it was", file=sys.stderr)
        return 1
    for w in report.warnings:
        warning(w)
    for problem in report.problems:
        error(f"{problem}")
    if not report.published:
        print(f"{_count(len(report.problems), 'error')} in {args.content}: nothing was built and {out} was left as "
              "it was. Correct the files named above (`dcsx check` lists them again), or publish the rest with "
              "--keep-going.", file=sys.stderr)
        return 1
    info(
        f"built {_count(report.pages, 'page')} from {_count(report.issues, 'issue')} and "
        f"{_count(report.articles, 'article')} into {out} ({report.written} files written, "
        f"{report.unchanged} unchanged, {report.removed} removed)"
        + (f"; {_count(len(report.problems), 'error')}: those files were left out" if report.problems else "")
    )
    if not report.problems and not quiet_next:
        info(f"open {out / 'index.html'} in a browser to read it (or `dcsx serve` to preview with live reload)")
    return 1 if report.problems else 0


def content_problem(content: Path, out: Path | None = None) -> str:
    """What is wrong with --content (and --out beside it), before anything is written; "" if nothing."""
    if not content.is_dir():
        here = "" if content.is_absolute() else f" in {Path.cwd()}"
        return (f"no content folder {content}{here}: run dcsx in the archive's folder (the one `dcsx new` made, "
                "with archive.toml), or pass --content DIR")
    if out is not None:
        c, o = content.resolve(), out.resolve()
        if o == c or c in o.parents:
            return f"--out {out} is inside the content folder {content}: the site would be committed as content; " \
                   "choose an --out outside it (the default is site/ beside content/)"
        if o in c.parents:
            return f"--out {out} holds the content folder {content}: a build replaces its --out whole; choose " \
                   "another --out"
    return ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    """Validate content/ (after hand edits) without building: every file readable and complete."""
    from generator.content import load_archive
    from generator.frontmatter import is_hand_edited

    content = Path(args.content)
    where = content_problem(content)
    if where:
        error(where)
        return 2
    archive = load_archive(content, config)
    for w in archive.warnings:
        warning(w)
    for problem in archive.problems:
        error(f"{problem}")
    edited = [content / a.source_path for i in archive.issues for a in i.articles
              if is_hand_edited((content / a.source_path).read_text(encoding="utf-8"))]
    for path in edited:
        info(f"edited by hand since ingest: {path}")
    people = len(archive.people)
    info(f"{_count(len(archive.issues), 'issue')}, {_count(len(archive.articles), 'article')}, "
         f"{people} {'person' if people == 1 else 'people'}; "
         f"{_count(len(edited), 'article')} edited by hand since ingest{' (listed above)' if edited else ''}; "
         f"{_count(len(archive.problems), 'problem')}, {_count(len(archive.warnings), 'warning')}")
    if archive.problems:
        info("correct the files named above, then run `dcsx check` again")
    elif archive.issues:
        info("next: `dcsx build`")
    return 1 if archive.problems else 0


def cmd_bundle(args: argparse.Namespace, config: Config) -> int:
    from generator.bundle import BundleError, bundle_site

    site, target = Path(args.out), Path(args.zip)
    try:
        count = bundle_site(site, target, folder=args.folder)
    except BundleError as exc:
        error(str(exc))
        return 1
    info(f"wrote {target} ({_count(count, 'file')}, {target.stat().st_size / 2**20:.1f} MiB). Unpacked anywhere, "
         "opening index.html gives the whole archive with its search, offline")
    return 0


def cmd_new(args: argparse.Namespace, config: Config) -> int:
    from generator.new import NewArchiveError, new_archive

    folder = Path(args.folder)
    try:
        made = new_archive(folder, papers=args.paper, requirement=args.requirement, git=not args.no_git)
    except NewArchiveError as exc:
        error(str(exc))
        return 2 if exc.usage else 1
    for path in made.written:
        info(f"  wrote {path}")
    info(f"the Pages workflow installs {made.install}")
    if made.git:
        info(made.git)
    info(f"new archive in {folder}. Next: cd {folder}; dcsx ingest ISSUE.txt; dcsx check; dcsx build; "
         "git add -A; git commit; then push to GitHub (Settings → Pages → Source: GitHub Actions)")
    return 0


def cmd_upgrade(args: argparse.Namespace, config: Config) -> int:
    from generator.new import NewArchiveError, upgrade_archive

    try:
        install = upgrade_archive(Path(args.folder), requirement=args.requirement)
    except NewArchiveError as exc:
        error(str(exc))
        return 2 if exc.usage else 1
    info(f"the Pages workflow now installs {install}; commit .github/workflows/pages.yml (and .dcsx/) and push")
    return 0


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Build, serve, rebuild on every change and reload the open page; a failed rebuild is shown there."""
    import io
    import traceback

    from generator.build.writer import MARKER
    from generator.serve import serve_site, stamp

    out, content = Path(args.out), Path(args.content)
    theme = Path(args.theme) if args.theme else config.theme_path
    where = content_problem(content, out)
    if where:
        error(where)
        return 2

    def rebuild() -> str | None:
        """None when the site was rebuilt and published; else what went wrong, as the terminal said it."""
        said = io.StringIO()
        started = time.perf_counter()
        try:
            with _tee_stderr(said):
                try:
                    current = read_config(args)  # the config may have changed too
                except ConfigError as exc:
                    error(f"{exc}; the site was left as it was")
                    return said.getvalue() or str(exc)
                status = cmd_build(argparse.Namespace(**{**vars(args), "keep_going": False, "jobs": None,
                                                         "default_base_url": "", "default_edit_url": ""}),
                                   current, quiet_next=True)
        except Exception:  # noqa: BLE001 - a preview must outlive any failure of a build
            text = traceback.format_exc()
            error(f"the rebuild failed unexpectedly; the site was left as it was\n{text}")
            return text
        if status == 0:
            info(f"rebuilt in {time.perf_counter() - started:.1f} s")
            return None
        return said.getvalue()

    watched = [p for p in (content, config_path(args), theme) if p is not None and p.exists()]
    before = stamp(watched)  # an edit saved during the first build is rebuilt at once
    first = rebuild()
    if first is not None and not ((out / "index.html").is_file() and (out / MARKER).is_file()):
        error(f"nothing to serve: the first build failed and there is no site dcsx built in {out}")
        return 1
    try:
        return serve_site(out, args.port, watched, rebuild, host=args.host, say=info, last=before,
                          first_error=first)
    except OSError as exc:
        error(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}; choose another port with --port "
              "(or --port 0 for any free one)")
        return 1


class _Tee:
    """A stream that writes what the terminal shows, and keeps it for the page without colour codes."""

    def __init__(self, terminal, kept):
        self.terminal, self.kept = terminal, kept

    def write(self, text: str) -> int:
        self.terminal.write(text)
        self.kept.write(re.sub(r"\x1b\[[0-9;]*m", "", text))
        return len(text)

    def flush(self) -> None:
        self.terminal.flush()

    def isatty(self) -> bool:
        return self.terminal.isatty()


@contextlib.contextmanager
def _tee_stderr(buffer):
    """Everything written to stderr meanwhile goes to ``buffer`` too (without colour codes)."""
    saved = sys.stderr
    sys.stderr = _Tee(saved, buffer)
    try:
        yield
    finally:
        sys.stderr = saved


def config_path(args: argparse.Namespace) -> Path:
    return Path(args.config or "archive.toml")


def read_config(args: argparse.Namespace) -> Config:
    """--config FILE (which must exist), else archive.toml here (the built-in settings without one)."""
    return load_config(config_path(args), required=args.config is not None)
