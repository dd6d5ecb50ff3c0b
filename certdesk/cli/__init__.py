"""The command line: a thin client of the services with a stable contract.

One module per top-level command. Exit codes: 0 ok, 1 a user error (one line
on stderr), 2 usage, 3 a verification said no (a broken audit chain, an
invalid certificate, a refused file), 70 a bug (a crash report is saved
locally and its path printed), 130 interrupted (Ctrl+C), 141 the output's
reader went away (`| head`).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from certdesk import __version__
from certdesk.cli import (
    assess,
    audit,
    cert,
    db,
    export,
    finding,
    frameworks,
    hq,
    init,
    keys,
    kit,
    package,
    report,
    response,
    retention,
    score,
    supplier,
)
from certdesk.cli.output import EXIT_BROKEN_PIPE, EXIT_BUG, EXIT_INTERRUPTED, fail
from certdesk.crash import save_crash_report
from certdesk.errors import UserError
from certdesk.i18n import _, set_language

COMMANDS = (
    frameworks,
    score,
    init,
    db,
    supplier,
    assess,
    audit,
    retention,
    report,
    export,
    keys,
    kit,
    package,
    cert,
    hq,
    response,
    finding,
)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="certdesk", description=_("CertDesk: supplier security certification, offline.")
    )
    top.add_argument("--version", action="version", version=f"certdesk {__version__}")
    top.add_argument("--lang", choices=("ko", "en"), help=_("language of messages"))
    top.add_argument(
        "--db",
        metavar="PATH",
        help=_("the database file (default: CERTDESK_DB or certdesk.db in the user data folder)"),
    )
    commands = top.add_subparsers(dest="command", metavar=_("COMMAND"))
    for command in COMMANDS:
        command.register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_lang_option(args_list))
    try:
        return _run(args_list)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away: point stdout at nothing so that Python's own
        # flush at exit does not fail again, and end as `head`'s writers do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _run(args_list: list[str]) -> int:
    args = parser().parse_args(args_list)
    if args.command is None:
        parser().print_help()
        return 0
    try:
        result: int = args.handler(args)
        sys.stdout.flush()  # a closed pipe shows here, not in a crash report
        return result
    except UserError as exc:
        return fail(exc)
    except (KeyboardInterrupt, BrokenPipeError):
        raise
    except Exception as exc:  # a bug: keep a report, tell the user where it is
        path = save_crash_report(exc)
        msg = _("an unexpected error stopped CertDesk (a bug); a report was saved to {path}")
        print(f"certdesk: {msg.format(path=path)}", file=sys.stderr)
        return EXIT_BUG


_TAKES_VALUE = ("--lang", "--db")


def _lang_option(argv: list[str]) -> str | None:
    """The program's --lang, given before the command (a report's own --lang comes after)."""
    at = 0
    while at < len(argv):
        arg = argv[at]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang":
            return argv[at + 1] if at + 1 < len(argv) else None
        if not arg.startswith("-"):
            return None  # the command: what follows is its own
        at += 2 if arg in _TAKES_VALUE else 1
    return None
