"""`certdesk finding send|responses|decide|overdue`: corrective actions at headquarters."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk import labels
from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.i18n import _
from certdesk.services.hq import corrective


def register(commands: Any) -> None:
    finding = commands.add_parser("finding", help=_("corrective actions: responses and closure"))
    sub = finding.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    send = sub.add_parser("send", help=_("send a result's open findings to its supplier"))
    send.add_argument("--assessment", required=True, metavar="ID")
    send.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.cdnotice")
    send.set_defaults(handler=send_findings)
    listing = sub.add_parser("responses", help=_("responses received, and their decisions"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_responses)
    decide = sub.add_parser("decide", help=_("accept or reject a response"))
    decide.add_argument("response", metavar="RESPONSE_ID")
    decide.add_argument("decision", choices=("accept", "reject"))
    decide.add_argument("--note")
    decide.set_defaults(handler=decide_response)
    late = sub.add_parser("overdue", help=_("open findings past their due date"))
    late.add_argument("--json", action="store_true", help=_("print JSON"))
    late.set_defaults(handler=list_overdue)


def send_findings(args: argparse.Namespace) -> int:
    from certdesk.services.exchange import notice_out

    with opened(args, create_role=None) as ctx:
        sent = notice_out.send_findings(ctx, args.assessment, args.output)
    print(
        _("wrote {file}: {n} findings, encrypted to {key}").format(
            file=args.output, n=sent.findings, key=sent.recipient
        )
    )
    return 0


def list_responses(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        found = corrective.received(ctx)
    if args.json:
        emit_json(found)
        return 0
    for r in found:
        print(
            f"{r.id[:8]}  {labels.decision(r.decision):<9} [{labels.severity(r.severity)}] "
            f"{r.description} -> {r.action} ({r.done_on})"
        )
    return 0


def decide_response(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        corrective.decide(ctx, args.response, args.decision == "accept", args.note)
    return 0


def list_overdue(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        found = corrective.overdue_findings(ctx)
    if args.json:
        emit_json(found)
        return 0
    for f in found:
        print(f"{f.due}  [{labels.severity(f.severity)}] {f.description}  {f.owner or ''}")
    return 0
