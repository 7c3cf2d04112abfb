"""dcsx new | parse | ingest | check | build | serve | bundle: the command line.

Exit status: 0 done; 1 some input had errors (named on stderr) or the build failed; 2 the
command line or archive.toml is wrong.  The commands themselves are in ``commands``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from generator import commands
from generator.commands import (cmd_build, cmd_bundle, cmd_check, cmd_ingest, cmd_new, cmd_parse, cmd_serve,
                                cmd_upgrade, error, read_config)
from generator.config import ConfigError
from generator.ingest.parse import IssueError


EXIT_CODES = "exit status: 0 done · 1 an input had errors or the build failed (named on stderr) · 2 wrong command line or archive.toml"


class _Help(argparse.RawDescriptionHelpFormatter):
    """Every option with its default (unless its help already says it); examples kept as written."""

    def _get_help_string(self, action):
        text = action.help or ""
        if "default" not in text and action.default not in (None, False, "", argparse.SUPPRESS) and action.option_strings:
            text += " (default: %(default)s)"
        return text


def _common() -> argparse.ArgumentParser:
    """Options every command takes, before or after its name (dcsx -v build = dcsx build -v)."""
    common = argparse.ArgumentParser(add_help=False)
    g = common.add_argument_group("global options")
    g.add_argument("--config", default=argparse.SUPPRESS, metavar="FILE",
                   help="archive settings (default: archive.toml in this folder)")
    g.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="say more (debug details)")
    g.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="say only warnings and errors")
    return common


COMMANDS = {
    "new": ("start a new archive repository in a new folder", "dcsx new dcsx-archive --paper 东昌府讯 --paper 东昌时讯"),
    "upgrade": ("make the archive's Pages workflow install the dcsx you run now", "dcsx upgrade"),
    "parse": ("show what the parser makes of one raw issue (writes nothing)", "dcsx parse 2022-11-22.txt"),
    "ingest": ("write one Markdown file per article into content/", "dcsx ingest issues/*.txt"),
    "check": ("validate content/ after hand edits, without building", "dcsx check"),
    "build": ("render content/ into a static site", "dcsx build --out site"),
    "serve": ("build, preview on 127.0.0.1, rebuild and reload on every change", "dcsx serve --port 8000"),
    "bundle": ("zip the built site for offline reading (unpack, open index.html)", "dcsx bundle --zip archive.zip"),
}


REQUIREMENT_HELP = ("what the Pages workflow installs (default: exactly this dcsx: its version from PyPI, its git "
                    "URL and commit, or else its wheel, written into .dcsx/ to be committed)")


def _whole_number(text: str, low: int, high: int, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise argparse.ArgumentTypeError(f"{text!r} is not {what} (a whole number from {low} to {high})")
    return value


class _Version(argparse.Action):
    """--version, worked out only when asked: finding the install record costs every other command
    start-up time for nothing."""

    def __call__(self, parser, namespace, values, option_string=None):
        from generator.wheel import version

        print(f"dcsx {version()}")
        parser.exit()


def _port(text: str) -> int:
    return _whole_number(text, 0, 65535, "a port")


def _jobs(text: str) -> int:
    return _whole_number(text, 1, 64, "a number of worker processes")


def make_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="dcsx", description="dcsx: a static, offline-first archive of a newspaper's printed issues.",
        epilog="a new archive, step by step:\n  dcsx new my-archive && cd my-archive\n  dcsx ingest 2022-11-22.txt\n"
               "  dcsx check && dcsx build && dcsx serve\n\n" + EXIT_CODES,
        formatter_class=_Help, parents=[common])
    parser.add_argument("--version", action=_Version, nargs=0, help="show which dcsx this is and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    def command(name: str, func) -> argparse.ArgumentParser:
        summary, example = COMMANDS[name]
        p = sub.add_parser(name, help=summary, description=summary, parents=[common], formatter_class=_Help,
                           epilog=f"example:\n  {example}\n\n{EXIT_CODES}")
        p.set_defaults(func=func)
        return p

    p = command("new", cmd_new)
    p.add_argument("folder", metavar="DIR", help="the new archive's folder (must not exist, or be empty)")
    p.add_argument("--paper", action="append", default=None, metavar="NAME",
                   help="the paper's name as printed on its masthead; again for each other name it was printed "
                        "under (default: 东昌府讯)")
    p.add_argument("--requirement", default=None, metavar="REQ", help=REQUIREMENT_HELP)
    p.add_argument("--no-git", action="store_true", help="do not make the folder a git repository")

    p = command("upgrade", cmd_upgrade)
    p.add_argument("folder", metavar="DIR", nargs="?", default=".", help="the archive's folder (default: this one)")
    p.add_argument("--requirement", default=None, metavar="REQ", help=REQUIREMENT_HELP)

    p = command("bundle", cmd_bundle)
    p.add_argument("--out", default="site", help="the built site to zip")
    p.add_argument("--zip", default="dcsx-archive.zip", metavar="FILE", help="the zip to write")
    p.add_argument("--folder", default="dcsx-archive", metavar="NAME",
                   help="the folder the zip unpacks into ('' for none)")

    p = command("parse", cmd_parse)
    p.add_argument("file", metavar="FILE", help="an issue's text (UTF-8 or GB18030)")
    p.add_argument("--date", help="issue date YYYY-MM-DD (wins over the masthead)")
    p.add_argument("--number", type=int, help="issue number 总第N期 (wins over the masthead)")
    p.add_argument("--json", action="store_true", help="print one JSON object")

    p = command("ingest", cmd_ingest)
    p.add_argument("files", nargs="+", metavar="FILE", help="issue text files, one issue each")
    p.add_argument("--date", help="issue date YYYY-MM-DD, for a file whose masthead has none")
    p.add_argument("--number", type=int, help="issue number 总第N期")
    p.add_argument("--content", default="content", help="content folder (created if missing)")
    p.add_argument("--force", action="store_true", help="replace hand-edited files (a .bak copy is kept)")

    p = command("check", cmd_check)
    p.add_argument("--content", default="content", help="content folder")

    for name, func in (("build", cmd_build), ("serve", cmd_serve)):
        p = command(name, func)
        p.add_argument("--content", default="content", help="content folder")
        p.add_argument("--out", default="site", help="where the site goes (replaced whole, only when the build succeeds)")
        p.add_argument("--theme", default=None, metavar="DIR",
                       help="a theme folder whose templates and static files win over the default theme's "
                            "(default: theme in archive.toml, else the default theme)")
        if name == "build":
            p.add_argument("-j", "--jobs", type=_jobs, default=None, metavar="N",
                           help="worker processes for pages and the search index (default: one per core, at most 2)")
            p.add_argument("--keep-going", action="store_true",
                           help="publish the site without the files that have errors (exit status 1 all the same)")
            p.add_argument("--default-base-url", default="", metavar="URL",
                           help="published address to use when archive.toml sets no base_url (the Pages workflow "
                                "passes it)")
            p.add_argument("--default-edit-url", default="", metavar="URL",
                           help="纠错 link pattern with {path} to use when archive.toml sets no edit_url (the Pages "
                                "workflow passes the repository's edit address)")
        else:
            p.add_argument("--port", type=_port, default=8000, help="port to serve on (0: any free port)")
            p.add_argument("--host", default="127.0.0.1",
                           help="address to serve on (0.0.0.0: every address of this computer, for a phone on "
                                "the same network)")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        parser.print_help()
        return 0
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    args.config = getattr(args, "config", None)
    verbose = getattr(args, "verbose", False)
    commands.QUIET = quiet = getattr(args, "quiet", False)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING,
                        format="%(message)s")
    try:
        config = read_config(args)
    except ConfigError as exc:
        error(str(exc))
        return 2
    if args.config is None and config.path is None and args.command in ("ingest", "build", "check", "serve"):
        if not quiet:
            print(f"note: no archive.toml in {Path.cwd()}; using the built-in settings (pass --config FILE to use "
                  "another, or start an archive with `dcsx new`)", file=sys.stderr)
    try:
        return args.func(args, config)
    except IssueError as exc:
        error(str(exc))
        return 1


def run() -> None:
    """The `dcsx` command: main(), then out without tearing the interpreter down.  Freeing a
    whole archive's objects one by one at exit costs a rebuild a third of a second; every
    file is closed and the state saved by then (only the output streams are left to flush)."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 0)
