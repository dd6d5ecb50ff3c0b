"""`certdesk init`, `supplier ...`, `audit verify`, `retention ...`."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk.cli.context import db_path, opened, passphrase
from certdesk.cli.output import emit_json
from certdesk.i18n import _
from certdesk.services import opening
from certdesk.services.assessment import audit_log, retention, suppliers


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=_("create an encrypted database"))
    init.add_argument(
        "--role",
        choices=("field", "hq"),
        default="field",
        help=_("field (assessor or supplier) or hq (headquarters)"),
    )
    init.set_defaults(handler=run_init)

    supplier = commands.add_parser("supplier", help=_("add and list suppliers"))
    sub = supplier.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    add = sub.add_parser("add", help=_("add a supplier"))
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--business-id",
        required=True,
        metavar="NUMBER",
        help=_("business registration number, ten digits (dashes optional)"),
    )
    add.add_argument("--contact-name")
    add.add_argument("--contact-email")
    add.add_argument("--json", action="store_true", help=_("print JSON"))
    add.set_defaults(handler=add_supplier)
    listing = sub.add_parser("list", help=_("list suppliers"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_suppliers)

    audit = commands.add_parser("audit", help=_("check the audit log"))
    audit_sub = audit.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    verify = audit_sub.add_parser("verify", help=_("detect edited, removed or reordered entries"))
    verify.add_argument("--json", action="store_true", help=_("print JSON"))
    verify.set_defaults(handler=verify_audit)

    keep = commands.add_parser("retention", help=_("retention periods and secure destruction"))
    keep_sub = keep.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    purge = keep_sub.add_parser("purge", help=_("destroy what has expired, beyond recovery"))
    purge.add_argument("--dry-run", action="store_true", help=_("only say what would go"))
    purge.add_argument("--json", action="store_true", help=_("print JSON"))
    purge.set_defaults(handler=run_purge)
    show = keep_sub.add_parser("show", help=_("the retention periods in months"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=show_retention)
    change = keep_sub.add_parser("set", help=_("set a retention period"))
    change.add_argument("kind", choices=retention.KINDS)
    change.add_argument("months", type=int)
    change.set_defaults(handler=set_retention)


def run_init(args: argparse.Namespace) -> int:
    path = db_path(args)
    opening.create(path, args.role, passphrase).close()
    print(_("created an encrypted {role} database at {file}").format(role=args.role, file=path))
    return 0


def add_supplier(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        added = suppliers.add_supplier(
            ctx, args.name, args.business_id, args.contact_name, args.contact_email
        )
    if args.json:
        emit_json({"id": added.id, "name": added.name, "business_id": added.business_id})
    else:
        print(added.id)
    return 0


def list_suppliers(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        found = suppliers.list_suppliers(ctx)
    if args.json:
        emit_json(
            [
                {"id": s.id, "name": s.name, "business_id": s.business_id, "sites": list(s.sites)}
                for s in found
            ]
        )
        return 0
    for s in found:
        print(f"{s.business_id}  {s.name}  {', '.join(s.sites)}")
    return 0


def verify_audit(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        report = audit_log.verify(ctx)
    if args.json:
        emit_json(
            {
                "ok": report.ok,
                "entries": report.entries,
                "breaks": [
                    {"chain": b.chain, "seq": b.seq, "reason": b.reason} for b in report.breaks
                ],
            }
        )
    elif report.ok:
        print(_("audit log intact: {n} entries").format(n=report.entries))
    else:
        for b in report.breaks:
            print(
                _("audit log broken: chain {chain}, entry {seq}: {reason}").format(
                    chain=b.chain, seq=b.seq, reason=b.reason
                )
            )
    return 0 if report.ok else 1


def run_purge(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        report = retention.purge(ctx, dry_run=args.dry_run)
    if args.json:
        emit_json(
            {
                "dry_run": args.dry_run,
                "assessments": report.assessments,
                "evidence_files": report.evidence_files,
            }
        )
    else:
        verb = _("would destroy") if args.dry_run else _("destroyed")
        print(
            _("{verb}: {n} assessments, {files} evidence files").format(
                verb=verb, n=len(report.assessments), files=report.evidence_files
            )
        )
    return 0


def show_retention(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        periods = retention.current(ctx)
    if args.json:
        emit_json(periods)
    else:
        for kind, months in periods.items():
            print(
                _("{kind}: {months} months after an assessment is final").format(
                    kind=kind, months=months
                )
            )
    return 0


def set_retention(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        retention.set_months(ctx, args.kind, args.months)
    return 0
