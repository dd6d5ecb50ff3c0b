"""The command line: a thin client of the services with a stable contract.

Exit codes: 0 ok, 1 a user error (one line on stderr), 2 usage, 70 a bug
(a crash report is saved locally and its path printed).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from certdesk import __version__
from certdesk.cli import (
    assess,
    certificates,
    exchange,
    frameworks,
    report,
    responses,
    scoring,
    store_commands,
)
from certdesk.cli.output import fail
from certdesk.crash import save_crash_report
from certdesk.errors import UserError
from certdesk.i18n import _, set_language

EXIT_BUG = 70


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
    frameworks.register(commands)
    scoring.register(commands)
    store_commands.register(commands)
    assess.register(commands)
    report.register(commands)
    exchange.register(commands)
    exchange.register_kits(commands)
    certificates.register(commands)
    certificates.register_hq(commands)
    responses.register(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    set_language(_lang_option(args_list))
    args = parser().parse_args(args_list)
    if args.command is None:
        parser().print_help()
        return 0
    try:
        result: int = args.handler(args)
        return result
    except UserError as exc:
        return fail(exc)
    except Exception as exc:  # a bug: keep a report, tell the user where it is
        report = save_crash_report(exc)
        msg = _("an unexpected error stopped CertDesk (a bug); a report was saved to {path}")
        print(f"certdesk: {msg.format(path=report)}", file=sys.stderr)
        return EXIT_BUG


def _lang_option(argv: list[str]) -> str | None:
    for n, arg in enumerate(argv):
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1]
    return None
