"""`certdesk response export` (supplier) and `certdesk finding responses|decide|overdue`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
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

    finding = commands.add_parser("finding", help=_("corrective actions: responses and closure"))
    fsub = finding.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    listing = fsub.add_parser("responses", help=_("responses received, and their decisions"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_responses)
    decide = fsub.add_parser("decide", help=_("accept or reject a response"))
    decide.add_argument("response", metavar="RESPONSE_ID")
    decide.add_argument("decision", choices=("accept", "reject"))
    decide.add_argument("--note")
    decide.set_defaults(handler=decide_response)
    late = fsub.add_parser("overdue", help=_("open findings past their due date"))
    late.add_argument("--json", action="store_true", help=_("print JSON"))
    late.set_defaults(handler=list_overdue)


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


def list_responses(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        rows = [
            {
                "response": r.id,
                "finding": f.id,
                "severity": f.severity,
                "description": f.description,
                "action": r.action_taken,
                "done_on": r.done_on,
                "decision": r.decision,
                "decided_by": r.decided_by,
                "decided_at": r.decided_at.isoformat() if r.decided_at else None,
            }
            for r, f in responses_out.pending(ctx)
        ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(
                f"{str(r['response'])[:8]}  {r['decision']:<9} [{r['severity']}] "
                f"{r['description']} -> {r['action']} ({r['done_on']})"
            )
    return 0


def decide_response(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        responses_out.decide(ctx, args.response, args.decision == "accept", args.note)
    return 0


def list_overdue(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        rows = [
            {
                "finding": f.id,
                "assessment": f.assessment_id,
                "severity": f.severity,
                "description": f.description,
                "owner": f.owner,
                "due": f.due_date,
            }
            for f in responses_out.overdue(ctx)
        ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(f"{r['due']}  [{r['severity']}] {r['description']}  {r['owner'] or ''}")
    return 0
