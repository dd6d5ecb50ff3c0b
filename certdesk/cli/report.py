"""`certdesk report gap ID -o FILE.pdf [--lang ko|en]`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.i18n import _, current_language
from certdesk.services.assessment import questionnaire, reports
from certdesk.services.assessment.workspace import Workspace


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
    export = commands.add_parser("export", help=_("files for suppliers and other systems"))
    exports = export.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    questionnaire = exports.add_parser(
        "questionnaire", help=_("a self-assessment questionnaire to fill in Excel")
    )
    questionnaire.add_argument("id", metavar="ID")
    questionnaire.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    questionnaire.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    questionnaire.set_defaults(handler=export_questionnaire)
    oscal = exports.add_parser("oscal", help=_("OSCAL assessment results (JSON)"))
    oscal.add_argument("id", metavar="ID")
    oscal.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json")
    oscal.add_argument(
        "--poam",
        type=Path,
        metavar="FILE.json",
        help=_("also a plan of action and milestones for open corrective actions"),
    )
    oscal.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    oscal.set_defaults(handler=export_oscal)


def gap_report(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        out = reports.write_gap_pdf(
            ctx, args.id, args.output, args.report_lang or current_language()
        )
    print(_("wrote {file}").format(file=out))
    return 0


def gap_workbook(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        out = questionnaire.gap_workbook(
            ctx, args.id, args.output, args.report_lang or current_language()
        )
    print(_("wrote {file}").format(file=out))
    return 0


def export_questionnaire(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        out = questionnaire.export_questionnaire(
            Workspace(ctx, args.id), args.output, args.report_lang or current_language()
        )
    print(_("wrote {file}").format(file=out))
    return 0


def export_oscal(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        written = reports.write_oscal(
            ctx, args.id, args.output, args.poam, args.report_lang or current_language()
        )
    for path in written:
        print(_("wrote {file}").format(file=path))
    return 0
