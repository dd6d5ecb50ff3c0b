"""`certdesk cert issue|list|revoke|verify` (headquarters)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import EXIT_NO, emit_json
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.hq import certificate_seal, certificates


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
    verify = sub.add_parser(
        "verify", help=_("check a verification code (and a result file), or a certificate's file")
    )
    which = verify.add_mutually_exclusive_group(required=True)
    which.add_argument("code", metavar="CODE", nargs="?")
    which.add_argument(
        "--file",
        type=Path,
        metavar="CERT.pdf",
        help=_("verify a certificate's PDF by the signed statement it carries"),
    )
    verify.add_argument("--package", type=Path, metavar="FILE")
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    verify.set_defaults(handler=verify_certificate)


def issue_certificate(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        issued = certificates.issue(
            ctx, args.id, args.output, args.report_lang or current_language()
        )
    view = issued.certificate
    print(
        _("issued {code}, valid until {until}; wrote {file}").format(
            code=view.code, until=view.valid_until.isoformat(), file=args.output
        )
    )
    return 0


def list_certificates(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        entries = certificates.register(ctx)
    if args.json:
        emit_json(
            [
                {
                    "code": c.code,
                    "assessment": c.assessment,
                    "outcome": c.outcome,
                    "issued": c.issued_at.date(),
                    "valid_until": c.valid_until,
                    "revoked": c.revoked_at is not None,
                }
                for c in entries
            ]
        )
        return 0
    for c in entries:
        print(
            f"{c.code}  {c.issued_at.date().isoformat()} – {c.valid_until.isoformat()}  "
            f"{c.outcome}" + ("  " + _("revoked") if c.revoked_at else "")
        )
    return 0


def revoke_certificate(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        certificates.revoke(ctx, args.code, args.reason)
    return 0


def verify_certificate(args: argparse.Namespace) -> int:
    if args.file is not None and args.package is not None:
        raise UserError(_("--package checks a code; a certificate's file needs no result package"))
    with opened(args, create_role=None) as ctx:
        if args.file is not None:
            verdict = certificate_seal.verify_file(ctx, args.file)
        else:
            verdict = certificates.verify(ctx, args.code, args.package)
    if args.json:
        emit_json(
            {
                "code": verdict.code or None,
                "status": verdict.status,
                "valid_until": verdict.valid_until,
                "reason": verdict.reason,
            }
        )
    else:
        print(verdict.sentence(str(args.file)))
    return 0 if verdict.status == "valid" else EXIT_NO
