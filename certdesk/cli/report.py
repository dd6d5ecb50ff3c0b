"""`certdesk report gap|xlsx`: the gap report (PDF) and the gap workbook (Excel)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.i18n import _, current_language
from certdesk.services.assessment import reports


def register(commands: Any) -> None:
    group = commands.add_parser("report", help=_("reports for people to read"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    gap = sub.add_parser("gap", help=_("the gap report of an assessment, as PDF"))
    gap.add_argument("id", metavar="ID")
    gap.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    gap.add_argument(
        "--lang",
        dest="report_lang",
        choices=("ko", "en"),
        help=_("language of the report (default: the program's)"),
    )
    gap.set_defaults(handler=gap_report)
    xlsx = sub.add_parser("xlsx", help=_("the gap workbook of an assessment (Excel)"))
    xlsx.add_argument("id", metavar="ID")
    xlsx.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    xlsx.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    xlsx.set_defaults(handler=gap_workbook)


def gap_report(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        reports.write_gap_pdf(ctx, args.id, args.output, args.report_lang or current_language())
    print(_("wrote {file}").format(file=args.output))
    return 0


def gap_workbook(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        reports.gap_workbook(ctx, args.id, args.output, args.report_lang or current_language())
    print(_("wrote {file}").format(file=args.output))
    return 0
