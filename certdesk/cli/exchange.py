"""`certdesk keys ...` and `certdesk package export|import`."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.i18n import _
from certdesk.services.exchange import kits, own_keys, results_in, results_out


def register(commands: Any) -> None:
    group = commands.add_parser("keys", help=_("signing keys and headquarters' trust store"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub.add_parser("init", help=_("make your key pair(s)")).set_defaults(handler=init)
    export = sub.add_parser("export", help=_("write your public keys to a file"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--name", default=getpass.getuser(), help=_("who the key belongs to"))
    export.set_defaults(handler=export_keys)
    trust = sub.add_parser("trust", help=_("trust a public key file (headquarters)"))
    trust.add_argument("file", type=Path, metavar="FILE")
    trust.add_argument("--name", required=True)
    trust.add_argument("--role", required=True, choices=own_keys.ROLES)
    trust.add_argument("--supplier", metavar="BUSINESS_NUMBER")
    trust.set_defaults(handler=trust_key)
    listing = sub.add_parser("list", help=_("the trust store"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_keys)
    revoke = sub.add_parser("revoke", help=_("stop trusting a key"))
    revoke.add_argument("fingerprint", metavar="FINGERPRINT")
    revoke.set_defaults(handler=revoke_key)

    package = commands.add_parser("package", help=_("signed result packages"))
    psub = package.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    out = psub.add_parser("export", help=_("sign and encrypt an assessment's result"))
    out.add_argument("id", metavar="ID")
    out.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    out.add_argument(
        "--encrypt-to",
        type=Path,
        required=True,
        metavar="PUBLIC_KEY_FILE",
        help=_("headquarters' public key file"),
    )
    out.set_defaults(handler=export_package)
    into = psub.add_parser("import", help=_("verify and import result packages (headquarters)"))
    into.add_argument("files", type=Path, nargs="+", metavar="FILE")
    into.add_argument("--json", action="store_true", help=_("print JSON"))
    into.set_defaults(handler=import_packages)


def register_kits(commands: Any) -> None:
    group = commands.add_parser("kit", help=_("assessment kits from headquarters"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    issue = sub.add_parser("issue", help=_("write a signed assessment kit (headquarters)"))
    issue.add_argument("--supplier", required=True, metavar="BUSINESS_NUMBER")
    issue.add_argument("--framework", required=True, metavar="ID")
    issue.add_argument("--site")
    issue.add_argument("--profile")
    issue.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    issue.set_defaults(handler=issue_kit)
    into = sub.add_parser("import", help=_("start the assessment a kit describes"))
    into.add_argument("file", type=Path, metavar="FILE")
    into.add_argument(
        "--accept-fingerprint",
        metavar="FINGERPRINT",
        help=_("headquarters' fingerprint, confirmed with them (first kit only)"),
    )
    into.set_defaults(handler=import_kit)


def issue_kit(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        fingerprint = kits.issue_kit(
            ctx, args.supplier, args.framework, args.output, site=args.site, profile=args.profile
        )
    print(
        _("wrote {file}; fingerprint {fingerprint}").format(
            file=args.output, fingerprint=fingerprint
        )
    )
    return 0


def import_kit(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        print(kits.import_kit(ctx, args.file, args.accept_fingerprint))
    return 0


def init(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        fingerprint = own_keys.init_keys(with_encryption=ctx.db.role == "hq")
    print(_("your signing key: {fingerprint}").format(fingerprint=fingerprint))
    return 0


def export_keys(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        public = own_keys.export_public(args.output, args.name, ctx.db.role == "hq")
    print(
        _("wrote {file}; fingerprint {fingerprint}").format(
            file=args.output, fingerprint=public.fingerprint
        )
    )
    return 0


def trust_key(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        fingerprint = own_keys.trust(ctx, args.file, args.name, args.role, args.supplier)
    print(_("trusted {fingerprint}").format(fingerprint=fingerprint))
    return 0


def list_keys(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        held = own_keys.trusted(ctx)
    rows = [
        {
            "fingerprint": k.fingerprint,
            "name": k.name,
            "role": k.role,
            "supplier": k.supplier_business_id,
            "revoked": k.revoked_at is not None,
        }
        for k in held
    ]
    if args.json:
        emit_json(rows)
        return 0
    for row in rows:
        state = _("revoked") if row["revoked"] else ""
        print(
            f"{row['fingerprint']}  {row['role']:<8} {row['name']}  {row['supplier'] or ''}"
            f"  {state}"
        )
    return 0


def revoke_key(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        own_keys.revoke(ctx, args.fingerprint)
    return 0


def export_package(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        sequence = results_out.export_package(ctx, args.id, args.output, args.encrypt_to)
    print(_("wrote {file} (sequence {n})").format(file=args.output, n=sequence))
    return 0


def import_packages(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        outcomes = results_in.import_files(ctx, args.files)
    if args.json:
        print(results_in.as_json(outcomes))
    else:
        for o in outcomes:
            line = f"{o.file}: {o.status}" + (f": {o.reason}" if o.reason else "")
            print(line, file=sys.stdout if o.status != "refused" else sys.stderr)
            for difference in o.differences:
                print(f"{o.file}: {difference}")
    return 0 if all(o.status in ("imported", "present") for o in outcomes) else 1
