"""`certdesk supplier add|list`."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.i18n import _
from certdesk.services.assessment import suppliers


def register(commands: Any) -> None:
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


def add_supplier(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        added = suppliers.add_supplier(
            ctx, args.name, args.business_id, args.contact_name, args.contact_email
        )
        view = next(s for s in suppliers.list_suppliers(ctx) if s.id == added.id)
    if args.json:
        emit_json({"id": view.id, "name": view.name, "business_id": view.business_id})
    else:
        print(view.id)
    return 0


def list_suppliers(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        found = suppliers.list_suppliers(ctx)
    if args.json:
        emit_json(found)
        return 0
    for s in found:
        print(f"{s.business_id}  {s.name}  {', '.join(s.sites)}")
    return 0
