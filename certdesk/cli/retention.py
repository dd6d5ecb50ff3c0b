"""`certdesk retention show|set|purge`: retention periods and secure destruction."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk import labels
from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.i18n import _
from certdesk.services.assessment import retention


def register(commands: Any) -> None:
    keep = commands.add_parser("retention", help=_("retention periods and secure destruction"))
    sub = keep.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    purge = sub.add_parser("purge", help=_("destroy what has expired, beyond recovery"))
    purge.add_argument("--dry-run", action="store_true", help=_("only say what would go"))
    purge.add_argument("--json", action="store_true", help=_("print JSON"))
    purge.set_defaults(handler=run_purge)
    show = sub.add_parser("show", help=_("the retention periods in months"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=show_periods)
    change = sub.add_parser("set", help=_("set a retention period"))
    change.add_argument("kind", choices=retention.KINDS)
    change.add_argument("months", type=int)
    change.set_defaults(handler=set_period)


def run_purge(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        report = retention.purge(ctx, dry_run=args.dry_run)
    if args.json:
        emit_json(
            {
                "dry_run": args.dry_run,
                "assessments": report.purged,
                "evidence_files": report.evidence_files,
            }
        )
    else:
        verb = _("would destroy") if args.dry_run else _("destroyed")
        print(
            _("{verb}: {n} assessments, {files} evidence files").format(
                verb=verb, n=len(report.purged), files=report.evidence_files
            )
        )
    return 0


def show_periods(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        periods = retention.current(ctx)
    if args.json:
        emit_json(periods)
    else:
        for kind, months in periods.items():
            print(
                _("{kind}: {months} months after an assessment is final").format(
                    kind=labels.retention_kind(kind), months=months
                )
            )
    return 0


def set_period(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        retention.set_months(ctx, args.kind, args.months)
    return 0
