"""`certdesk supplier add|list|edit|archive`."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk.cli.context import opened
from certdesk.cli.output import emit_json
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import supplier_edit, suppliers
from certdesk.services.assessment.supplier_edit import SupplierFields
from certdesk.services.context import Context
from certdesk.services.messages import no_supplier


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
    listing.add_argument("--archived", action="store_true", help=_("archived ones too"))
    listing.set_defaults(handler=list_suppliers)
    edit = sub.add_parser("edit", help=_("change a supplier's record (what is not given stays)"))
    edit.add_argument("supplier", metavar="NAME_OR_ID")
    edit.add_argument("--name")
    edit.add_argument("--contact-name")
    edit.add_argument("--contact-email")
    edit.add_argument("--contact-phone")
    edit.add_argument("--site", action="append", metavar="SITE", help=_("a site (repeat)"))
    edit.add_argument(
        "--process", action="append", metavar="PROCESS", help=_("a production process (repeat)")
    )
    edit.set_defaults(handler=edit_supplier)
    archive = sub.add_parser("archive", help=_("take a supplier off the everyday lists"))
    archive.add_argument("supplier", metavar="NAME_OR_ID")
    archive.add_argument("--restore", action="store_true", help=_("bring it back instead"))
    archive.set_defaults(handler=archive_supplier)


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


def _known(ctx: Context, ref: str) -> suppliers.SupplierView:
    every = suppliers.list_suppliers(ctx, archived=True)
    found = [s for s in every if ref in (s.id, s.name, s.business_id)]
    if len(found) != 1:
        raise UserError(no_supplier(ref) if not found else _("'{ref}' names several suppliers"))
    return found[0]


def edit_supplier(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        now = _known(ctx, args.supplier)
        fields = SupplierFields(
            args.name if args.name is not None else now.name,
            args.contact_name if args.contact_name is not None else now.contact_name,
            args.contact_email if args.contact_email is not None else now.contact_email,
            args.contact_phone if args.contact_phone is not None else now.contact_phone,
            tuple(args.site) if args.site is not None else now.sites,
            tuple(args.process) if args.process is not None else now.processes,
        )
        supplier_edit.edit_supplier(ctx, now.id, fields)
    return 0


def archive_supplier(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        supplier_edit.archive_supplier(ctx, _known(ctx, args.supplier).id, not args.restore)
    return 0


def list_suppliers(args: argparse.Namespace) -> int:
    with opened(args) as ctx:
        found = suppliers.list_suppliers(ctx, archived=args.archived)
    if args.json:
        emit_json(found)
        return 0
    for s in found:
        archived = "  " + _("(archived)") if s.archived else ""
        print(f"{s.business_id}  {s.name}  {', '.join(s.sites)}{archived}")
    return 0
