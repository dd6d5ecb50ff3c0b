"""`certdesk export questionnaire|oscal`: files for suppliers and other systems."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.i18n import _, current_language
from certdesk.services.assessment import questionnaire, reports
from certdesk.services.assessment.workspace import Workspace


def register(commands: Any) -> None:
    export = commands.add_parser("export", help=_("files for suppliers and other systems"))
    exports = export.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    form = exports.add_parser(
        "questionnaire", help=_("a self-assessment questionnaire to fill in Excel")
    )
    form.add_argument("id", metavar="ID")
    form.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.xlsx")
    form.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    form.set_defaults(handler=export_questionnaire)
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


def export_questionnaire(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        questionnaire.export_questionnaire(
            Workspace(ctx, args.id), args.output, args.report_lang or current_language()
        )
    print(_("wrote {file}").format(file=args.output))
    return 0


def export_oscal(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        written = reports.write_oscal(
            ctx, args.id, args.output, args.poam, args.report_lang or current_language()
        )
    for path in written.files:
        print(_("wrote {file}").format(file=path))
    return 0
