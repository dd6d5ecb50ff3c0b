"""`certdesk cert issue|list|revoke|verify` (headquarters)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.i18n import _, current_language
from certdesk.services.hq import certificates


def register(commands: Any) -> None:
    group = commands.add_parser("cert", help=_("certificates (headquarters)"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    issue = sub.add_parser("issue", help=_("issue a certificate for a final on-site result"))
    issue.add_argument("id", metavar="ASSESSMENT_ID")
    issue.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf")
    issue.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    issue.set_defaults(handler=issue_certificate)
    listing = sub.add_parser("list", help=_("the certificate register"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_certificates)
    revoke = sub.add_parser("revoke", help=_("revoke a certificate"))
    revoke.add_argument("code", metavar="CODE")
    revoke.add_argument("--reason", required=True)
    revoke.set_defaults(handler=revoke_certificate)
    verify = sub.add_parser("verify", help=_("check a verification code (and a result file)"))
    verify.add_argument("code", metavar="CODE")
    verify.add_argument("--package", type=Path, metavar="FILE")
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    verify.set_defaults(handler=verify_certificate)


def issue_certificate(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        view = certificates.issue(ctx, args.id, args.output, args.report_lang or current_language())
    print(
        _("issued {code}, valid until {until}; wrote {file}").format(
            code=view.code, until=view.valid_until.isoformat(), file=args.output
        )
    )
    return 0


def list_certificates(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        rows = [
            {
                "code": c.code,
                "assessment": c.assessment_id,
                "outcome": c.outcome,
                "issued": c.issued_at.date().isoformat(),
                "valid_until": c.valid_until.date().isoformat(),
                "revoked": c.revoked_at is not None,
            }
            for c in certificates.register(ctx)
        ]
    if args.json:
        emit_json(rows)
    else:
        for r in rows:
            print(
                f"{r['code']}  {r['issued']} – {r['valid_until']}  {r['outcome']}"
                + ("  " + _("revoked") if r["revoked"] else "")
            )
    return 0


def revoke_certificate(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        certificates.revoke(ctx, args.code, args.reason)
    return 0


def verify_certificate(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        verdict = certificates.verify(ctx, args.code, args.package)
    texts = {
        "valid": _("valid until {until}"),
        "revoked": _("revoked ({reason})"),
        "expired": _("expired on {until}"),
        "unknown": _("not in the register"),
        "mismatch": _("does not belong to this result file"),
    }
    if args.json:
        emit_json(
            {
                "code": verdict.code,
                "status": verdict.status,
                "valid_until": verdict.valid_until.isoformat() if verdict.valid_until else None,
            }
        )
    else:
        text = texts[verdict.status].format(until=verdict.valid_until, reason=verdict.reason)
        print(f"{verdict.code}: {text}")
    return 0 if verdict.status == "valid" else 1


def register_hq(commands: Any) -> None:
    group = commands.add_parser("hq", help=_("headquarters' views"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    summary = sub.add_parser("summary", help=_("every supplier's standing and open work"))
    summary.add_argument("--json", action="store_true", help=_("print JSON"))
    summary.set_defaults(handler=hq_summary)
    report = sub.add_parser("report", help=_("the management report (PDF or XLSX)"))
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf|FILE.xlsx")
    report.add_argument("--lang", dest="report_lang", choices=("ko", "en"))
    report.set_defaults(handler=hq_report)


def hq_summary(args: argparse.Namespace) -> int:
    from certdesk.services.hq import portfolio

    with opened(args, create_role=None) as ctx:
        rows = portfolio.summary(ctx)
    if args.json:
        emit_json(rows)
        return 0
    for r in rows:
        latest = r["assessor"] or r["self_assessed"] or {}
        print(
            f"{r['business_id']}  {r['supplier']}  {latest.get('total')}  "
            f"{latest.get('outcome')}  "
            + _("open {n}, overdue {m}").format(n=r["open_findings"], m=r["overdue_findings"])
        )
    return 0


def hq_report(args: argparse.Namespace) -> int:
    from certdesk.services.hq import portfolio

    with opened(args, create_role=None) as ctx:
        out = portfolio.write_report(ctx, args.output, args.report_lang or current_language())
    print(_("wrote {file}").format(file=out))
    return 0
