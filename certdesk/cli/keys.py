"""`certdesk keys init|rotate|export|trust|list|revoke`: your keys and headquarters' trust
store."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import Any

from certdesk import labels
from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.domain.roles import KeyRole
from certdesk.i18n import _
from certdesk.services import own_keys
from certdesk.services.exchange import trust


def register(commands: Any) -> None:
    group = commands.add_parser("keys", help=_("signing keys and headquarters' trust store"))
    sub = group.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    sub.add_parser("init", help=_("make your key pair(s)")).set_defaults(handler=init)
    rotate = sub.add_parser("rotate", help=_("replace your key pair(s), keeping the old ones"))
    rotate.set_defaults(handler=rotate_keys)
    export = sub.add_parser("export", help=_("write your public keys to a file"))
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    export.add_argument("--name", default=getpass.getuser(), help=_("who the key belongs to"))
    export.set_defaults(handler=export_keys)
    add = sub.add_parser("trust", help=_("trust a public key file (headquarters)"))
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in KeyRole])
    add.add_argument("--supplier", metavar="BUSINESS_NUMBER")
    add.set_defaults(handler=trust_key)
    listing = sub.add_parser("list", help=_("the trust store"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=list_keys)
    revoke = sub.add_parser("revoke", help=_("stop trusting a key"))
    revoke.add_argument("fingerprint", metavar="FINGERPRINT")
    revoke.add_argument(
        "--reason", required=True, metavar="TEXT", help=_("why the key is no longer trusted")
    )
    revoke.set_defaults(handler=revoke_key)


def init(args: argparse.Namespace) -> int:
    with opened(args):
        made = own_keys.init_keys()
    print(_("your signing key: {fingerprint}").format(fingerprint=made.fingerprint))
    return 0


def rotate_keys(args: argparse.Namespace) -> int:
    with opened(args):
        made = own_keys.rotate_keys()
    old = made.old_fingerprint or _("unknown")
    print(_("your old signing key: {fingerprint} (kept, retired)").format(fingerprint=old))
    print(_("your new signing key: {fingerprint}").format(fingerprint=made.fingerprint))
    print(
        _(
            "headquarters must trust your new public key file before they accept what you "
            "sign now: run `certdesk keys export -o FILE` and send them the file"
        )
    )
    return 0


def export_keys(args: argparse.Namespace) -> int:
    with opened(args):
        written = own_keys.export_public(args.output, args.name)
    print(
        _("wrote {file}; fingerprint {fingerprint}").format(
            file=args.output, fingerprint=written.public.fingerprint
        )
    )
    return 0


def trust_key(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        added = trust.trust(ctx, args.file, args.name, args.role, args.supplier)
    print(_("trusted {fingerprint}").format(fingerprint=added.id))
    return 0


def list_keys(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        held = trust.trusted(ctx)
    if args.json:
        emit_json(
            [
                {
                    "fingerprint": k.fingerprint,
                    "name": k.name,
                    "role": k.role,
                    "supplier": k.supplier,
                    "revoked": k.revoked,
                    "revoked_reason": k.revoked_reason,
                }
                for k in held
            ]
        )
        return 0
    for k in held:
        state = _("revoked") if k.revoked else ""
        if k.revoked_reason:
            state = _("revoked ({reason})").format(reason=k.revoked_reason)
        role = labels.key_role(k.role)
        print(f"{k.fingerprint}  {role:<8} {k.name}  {k.supplier or ''}  {state}")
    return 0


def revoke_key(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        trust.revoke(ctx, args.fingerprint, args.reason)
    print(_("revoked {fingerprint}").format(fingerprint=args.fingerprint))
    return 0
