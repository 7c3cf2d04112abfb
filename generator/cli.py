"""dcsx parse | ingest | build | check | serve."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import re
import sys
from pathlib import Path

from generator.config import Config, ConfigError, load_config, normalize_base_url
from generator.ingest.parse import IssueError, date_from_filename, parse_issue
from generator.ingest.read import NotText, decode_issue
from generator.model import ParsedIssue, ParseWarning

log = logging.getLogger("dcsx")


def _parse_file(path: Path, args: argparse.Namespace, config: Config) -> tuple[ParsedIssue, bytes]:
    """Read, decode and parse one issue file; IssueError says what is wrong with it."""
    try:
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
    for path in sorted(content.glob("*/*/issue.md")):
        try:
            m = re.search(r"^number: (\d+)$", path.read_text(encoding="utf-8", errors="replace"), re.M)
        except OSError:
            continue
        if m:
            numbers.setdefault(int(m.group(1)), path.parent.name)
    return numbers


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from generator.ingest.write import IngestConflict, source_digest, write_issue

    if (args.date or args.number) and len(args.files) > 1:
        print("dcsx ingest: --date and --number apply to one file; ingest such files one at a time", file=sys.stderr)
        return 2
    content = Path(args.content)
    if content.exists() and not content.is_dir():
        print(f"error: --content {content} is a file; name the content folder (it is created if missing)",
              file=sys.stderr)
        return 2
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
            report = write_issue(parsed, content, path.name, force=args.force, source_digest=source_digest(data))
        except (IssueError, IngestConflict) as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed.append(name)
            continue
        except Exception as exc:  # one file's trouble must not stop the batch
            log.debug("ingest of %s failed", name, exc_info=True)
            print(f"error: {name}: ingest failed ({type(exc).__name__}: {exc}); nothing of this issue was "
                  "changed in content/. Run with -v for details.", file=sys.stderr)
            failed.append(name)
            continue
        if parsed.issue.number:
            numbers.setdefault(parsed.issue.number, parsed.issue.date)
        for w in parsed.issue.warnings:
            print(f"warning: {name}: {w}", file=sys.stderr)
        print(
            f"{name}: {parsed.issue.date}, {_count(len(parsed.articles), 'article')}: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed"
        )
        for p in report.backups:
            print(f"  backup of a hand-edited file kept at {p}")
        for p in report.kept_edited:
            print(f"  kept {p}: edited by hand since ingest (use --force to replace it; a backup is kept)")
            edited.append(p)
    ok = len(args.files) - len(failed)
    print(f"ingested {ok} of {_count(len(args.files), 'file')}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    if edited:
        print(f"{_count(len(edited), 'hand-edited file')} left as {'it was' if len(edited) == 1 else 'they were'}")
    if ok:
        print("next: `dcsx check`, then `dcsx build`")
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import replace

    from generator.site.build import BuildError, build_site

    if args.default_base_url and not config.base_url:
        try:
            config = replace(config, base_url=normalize_base_url(args.default_base_url, "--default-base-url"))
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    out = Path(args.out)
    try:
        report = build_site(Path(args.content), out, config, theme=Path(args.theme) if args.theme else None,
                            keep_going=args.keep_going, jobs=args.jobs)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print(f"the build failed; {out} was left as it was", file=sys.stderr)
        return 1
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    if not report.published:
        print(f"{_count(len(report.problems), 'error')} in {args.content}: nothing was built and {out} was left as "
              "it was. Correct the files named above (`dcsx check` lists them again), or publish the rest with "
              "--keep-going.", file=sys.stderr)
        return 1
    print(
        f"built {_count(report.pages, 'page')} from {_count(report.issues, 'issue')} and "
        f"{_count(report.articles, 'article')} into {out} ({report.written} files written, "
        f"{report.unchanged} unchanged, {report.removed} removed)"
        + (f"; {_count(len(report.problems), 'error')}: those files were left out" if report.problems else "")
    )
    if not report.problems:
        print(f"open {out / 'index.html'} in a browser to read it")
    return 1 if report.problems else 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    """Validate content/ (after hand edits) without building: every file readable and complete."""
    from generator.content import load_archive
    from generator.frontmatter import is_hand_edited

    content = Path(args.content)
    archive = load_archive(content, config)
    for warning in archive.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for problem in archive.problems:
        print(f"error: {problem}", file=sys.stderr)
    edited = [content / a.source_path for i in archive.issues for a in i.articles
              if is_hand_edited((content / a.source_path).read_text(encoding="utf-8"))]
    for path in edited:
        print(f"edited by hand since ingest: {path}")
    print(f"{_count(len(archive.issues), 'issue')}, {_count(len(archive.articles), 'article')}, "
          f"{_count(len(archive.people), 'person') if len(archive.people) == 1 else f'{len(archive.people)} people'}; "
          f"{len(edited)} edited by hand since ingest; {_count(len(archive.problems), 'problem')}, "
          f"{_count(len(archive.warnings), 'warning')}")
    return 1 if archive.problems else 0


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the built site on 127.0.0.1 (not needed to read it: file:// works too)."""
    import functools
    import http.server

    out = Path(args.out)
    if not (out / "index.html").is_file():
        print(f"error: no site in {out} (no index.html there); run `dcsx build --out {out}` first", file=sys.stderr)
        return 1
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        print(f"error: cannot serve on 127.0.0.1:{args.port}: {exc.strerror}; "
              f"choose another port with --port (or --port 0 for any free one)", file=sys.stderr)
        return 1
    with server:
        print(f"serving {out} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dcsx", description="东昌府讯 archive generator")
    parser.add_argument("--config", default=None, help="archive config (default: archive.toml in this folder)")
    parser.add_argument("-v", "--verbose", action="store_true")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="show what the parser makes of one raw issue")
    p.add_argument("file")
    p.add_argument("--date", help="issue date YYYY-MM-DD (wins over the masthead)")
    p.add_argument("--number", type=int, help="issue number 总第N期 (wins over the masthead)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("ingest", help="write one Markdown file per article into content/")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--date", help="issue date YYYY-MM-DD, for a file whose masthead has none")
    p.add_argument("--number", type=int, help="issue number 总第N期")
    p.add_argument("--content", default="content", help="content folder (default: content)")
    p.add_argument("--force", action="store_true", help="replace hand-edited files (a .bak copy is kept)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("build", help="render content/ into a static site")
    p.add_argument("--content", default="content")
    p.add_argument("--out", default="site")
    p.add_argument("--theme", default=None, help="theme folder (default: themes/default)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes for pages and the search index (default: one per core, at most 2)")
    p.add_argument("--keep-going", action="store_true",
                   help="publish the site without the files that have errors (exit status 1 all the same)")
    p.add_argument("--default-base-url", default="", metavar="URL",
                   help="published address to use when archive.toml sets no base_url (the Pages workflow passes it)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="validate content/ after hand edits, without building")
    p.add_argument("--content", default="content")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="serve the built site on 127.0.0.1")
    p.add_argument("--out", default="site")
    p.add_argument("--port", type=int, default=8000)
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    try:
        config = load_config(Path(args.config or "archive.toml"), required=args.config is not None)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.config is None and config.path is None and args.command in ("ingest", "build", "check"):
        print(f"note: no archive.toml in {Path.cwd()}; using the built-in settings (pass --config FILE "
              "to use another)", file=sys.stderr)
    try:
        return args.func(args, config)
    except IssueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
