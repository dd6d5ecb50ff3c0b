"""`certdesk hq summary|report`: headquarters' view of every supplier."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.i18n import _, current_language
from certdesk.services.hq import portfolio, portfolio_report


def register(commands: Any) -> None:
    group = commands.add_parser("hq", help=_("headquarters' views"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    summary = sub.add_parser("summary", help=_("every supplier's standing and open work"))
    summary.add_argument("--json", action="store_true", help=_("print JSON"))
    summary.set_defaults(handler=hq_summary)
    report = sub.add_parser("report", help=_("the management report (PDF or XLSX)"))
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx")
    report.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    report.set_defaults(handler=hq_report)
    move = sub.add_parser("move-to", help=_("copy this headquarters file to a PostgreSQL server"))
    move.add_argument("server", metavar="postgresql://USER@HOST/DB")
    move.add_argument(
        "--as",
        dest="target",
        type=Path,
        required=True,
        metavar="NEW.db",
        help=_("where the new database's description file goes"),
    )
    move.set_defaults(handler=hq_move)
    person = sub.add_parser("person", help=_("add a person of the team (a database on a server)"))
    person.add_argument("name", metavar="LOGIN")
    person.add_argument(
        "--role", required=True, choices=("importer", "reviewer", "certifier", "auditor")
    )
    person.set_defaults(handler=hq_person)


def hq_summary(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        entries = portfolio.summary(ctx)
    if args.json:
        emit_json(entries)
        return 0
    for e in entries:
        latest = e.assessor or e.self_assessed
        print(
            f"{e.business_id}  {e.supplier}  {e.framework}  {e.site or '—'}  "
            f"{latest.total_text if latest else '—'}  "
            f"{latest.outcome_title if latest else '—'}  "
            + _("open {n}, overdue {m}").format(n=e.open_findings, m=e.overdue_findings)
        )
    return 0


def hq_report(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        portfolio_report.write_report(ctx, args.output, args.report_lang or current_language())
    print(_("wrote {file}").format(file=args.output))
    return 0


def hq_move(args: argparse.Namespace) -> int:
    from certdesk.cli.context import passphrase
    from certdesk.services import moving

    with opened(args, create_role=None) as ctx:
        moved = moving.move_to_server(ctx, args.server, args.target, passphrase)
    print(
        _("moved {rows} rows to the server; described at {file}").format(
            rows=sum(moved.rows.values()), file=args.target
        )
    )
    return 0


def hq_person(args: argparse.Namespace) -> int:
    from certdesk.services import team

    with opened(args, create_role=None) as ctx:
        team.add_person(ctx, args.name, args.role)
    print(_("{name} may now sign in as {role}").format(name=args.name, role=args.role))
    return 0
