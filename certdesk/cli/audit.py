"""`certdesk audit verify`: the audit log's hash chains."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import EXIT_NO, emit_json
from certdesk.i18n import _
from certdesk.services.assessment import audit_log


def register(commands: Any) -> None:
    audit = commands.add_parser("audit", help=_("check the audit log"))
    sub = audit.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    verify = sub.add_parser("verify", help=_("detect edited, removed or reordered entries"))
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        report = audit_log.verify(ctx)
    if args.json:
        emit_json({"ok": report.ok, "entries": report.entries, "breaks": report.breaks})
    elif report.ok:
        print(_("audit log intact: {n} entries").format(n=report.entries))
    else:
        for b in report.breaks:
            print(
                _("audit log broken: chain {chain}, entry {seq}: {reason}").format(
                    chain=b.chain, seq=b.seq, reason=b.reason
                )
            )
    return 0 if report.ok else EXIT_NO
