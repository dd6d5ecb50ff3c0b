"""`certdesk package export|import`: signed, encrypted result packages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import EXIT_NO, emit_json
from certdesk.i18n import _
from certdesk.services.exchange import results_in, results_out
from certdesk.services.exchange.inbound import ImportStatus


def register(commands: Any) -> None:
    package = commands.add_parser("package", help=_("signed result packages"))
    sub = package.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    out = sub.add_parser("export", help=_("sign and encrypt an assessment's result"))
    out.add_argument("id", metavar="ID")
    out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    out.add_argument(
        "--encrypt-to",
        type=Path,
        metavar="PUBLIC_KEY_FILE",
        help=_("headquarters' public key file (default: the key the first kit pinned)"),
    )
    out.set_defaults(handler=export_package)
    into = sub.add_parser("import", help=_("verify and import result packages (headquarters)"))
    into.add_argument("files", type=Path, nargs="+", metavar="FILE")
    into.add_argument("--json", action="store_true", help=_("print JSON"))
    into.set_defaults(handler=import_packages)


def export_package(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        written = results_out.export_package(ctx, args.id, args.output, args.encrypt_to)
    print(_("wrote {file} (sequence {n})").format(file=args.output, n=written.sequence))
    return 0


def import_packages(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        imported = results_in.import_files(ctx, args.files)
    if args.json:
        emit_json(imported.outcomes)
    else:
        names = {
            ImportStatus.IMPORTED: _("imported"),
            ImportStatus.PRESENT: _("already present"),
            ImportStatus.REFUSED: _("refused"),
        }
        for o in imported.outcomes:
            line = f"{o.file}: {names[o.status]}" + (f": {o.reason}" if o.reason else "")
            print(line, file=sys.stdout if o.accepted else sys.stderr)
            for difference in o.differences:
                print(f"{o.file}: {difference}")
    return 0 if imported.all_accepted else EXIT_NO
