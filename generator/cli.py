"""dcsx parse | ingest | build | check | serve."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path

from generator.config import Config, ConfigError, load_config
from generator.ingest.parse import IssueError, date_from_filename, parse_issue
from generator.ingest.read import decode_issue
from generator.model import ParsedIssue

log = logging.getLogger("dcsx")


def _parse_file(path: Path, args: argparse.Namespace, config: Config) -> ParsedIssue:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IssueError(str(path), 0, f"cannot read the file: {exc.strerror}") from None
    text, _ = decode_issue(data)
    return parse_issue(text, source=str(path), date=args.date, number=args.number,
                       fallback_date=date_from_filename(path.name), config=config)


def cmd_parse(args: argparse.Namespace, config: Config) -> int:
    parsed = _parse_file(Path(args.file), args, config)
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


def cmd_ingest(args: argparse.Namespace, config: Config) -> int:
    from generator.ingest.write import IngestConflict, write_issue

    if (args.date or args.number) and len(args.files) > 1:
        print("dcsx ingest: --date and --number apply to one file; ingest such files one at a time", file=sys.stderr)
        return 2
    content = Path(args.content)
    failed = []
    edited = []
    for name in args.files:
        path = Path(name)
        try:
            parsed = _parse_file(path, args, config)
            report = write_issue(parsed, content, path.name, force=args.force)
        except (IssueError, IngestConflict) as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed.append(name)
            continue
        for w in parsed.issue.warnings:
            print(f"warning: {name}: {w}", file=sys.stderr)
        print(
            f"{name}: {parsed.issue.date}, {len(parsed.articles)} articles: {len(report.written)} written, "
            f"{len(report.unchanged)} unchanged, {len(report.removed)} removed"
        )
        for p in report.backups:
            print(f"  backup of a hand-edited file kept at {p}")
        for p in report.kept_edited:
            print(f"  kept {p}: edited by hand since ingest (use --force to replace it; a backup is kept)")
            edited.append(p)
    ok = len(args.files) - len(failed)
    print(f"ingested {ok} of {len(args.files)} files" + (f"; failed: {', '.join(failed)}" if failed else ""))
    if edited:
        print(f"{len(edited)} hand-edited files were left as they are")
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace, config: Config) -> int:
    from dataclasses import replace

    from generator.site.build import BuildError, build_site

    if args.default_base_url and not config.base_url:
        config = replace(config, base_url=args.default_base_url.rstrip("/") + "/")
    try:
        report = build_site(Path(args.content), Path(args.out), config, theme=Path(args.theme) if args.theme else None)
    except BuildError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for problem in report.problems:
        print(f"error: {problem}", file=sys.stderr)
    print(
        f"built {report.pages} pages from {report.issues} issues and {report.articles} articles "
        f"into {args.out}" + (f"; {len(report.problems)} files had errors" if report.problems else "")
    )
    return 1 if report.problems else 0


def cmd_check(args: argparse.Namespace, config: Config) -> int:
    """Validate content/ (after hand edits) without building: every file readable and complete."""
    from generator.content import load_archive
    from generator.frontmatter import is_hand_edited

    archive = load_archive(Path(args.content), config)
    for problem in archive.problems:
        print(f"error: {problem}", file=sys.stderr)
    edited = sum(1 for i in archive.issues for a in i.articles
                 if is_hand_edited((Path(args.content) / a.source_path).read_text(encoding="utf-8")))
    print(f"{len(archive.issues)} issues, {len(archive.articles)} articles, {len(archive.people)} people; "
          f"{edited} articles edited by hand since ingest; {len(archive.problems)} problems")
    return 1 if archive.problems else 0


def cmd_serve(args: argparse.Namespace, config: Config) -> int:
    """Serve the built site on 127.0.0.1 (not needed to read it: file:// works too)."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=args.out)
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(f"serving {args.out} on http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dcsx", description="东昌府讯 archive generator")
    parser.add_argument("--config", default="archive.toml", help="archive config (default: archive.toml)")
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
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        config = load_config(Path(args.config))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        return args.func(args, config)
    except IssueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
