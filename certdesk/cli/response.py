"""`certdesk response export`: a supplier's signed answers to findings."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.i18n import _
from certdesk.services.exchange import responses_out


def register(commands: Any) -> None:
    group = commands.add_parser("response", help=_("a supplier's answers to findings"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    out = sub.add_parser("export", help=_("sign and encrypt corrective actions for findings"))
    out.add_argument("--assessment", required=True, metavar="ID")
    out.add_argument("--supplier", required=True, metavar="BUSINESS_NUMBER")
    out.add_argument("--finding", required=True, metavar="FINDING_ID")
    out.add_argument("--action", dest="taken", required=True, help=_("the action taken"))
    out.add_argument("--done", required=True, metavar="YYYY-MM-DD")
    out.add_argument("--evidence", type=Path, action="append", default=[], metavar="FILE")
    out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    out.add_argument("--encrypt-to", type=Path, required=True, metavar="PUBLIC_KEY_FILE")
    out.set_defaults(handler=export_response)


def export_response(args: argparse.Namespace) -> int:
    with opened(args):
        responses_out.export_response(
            args.assessment,
            args.supplier,
            [responses_out.Response(args.finding, args.taken, args.done, tuple(args.evidence))],
            args.output,
            args.encrypt_to,
        )
    print(_("wrote {file}").format(file=args.output))
    return 0
