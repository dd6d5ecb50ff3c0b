"""Suppliers and their sites."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from certdesk.domain.supplier import format_business_id, normalize_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.context import Context, user_errors
from certdesk.store import audit
from certdesk.store.tables import Site, Supplier


@dataclass(frozen=True)
class SupplierView:
    id: str
    name: str
    business_id: str
    sites: tuple[str, ...]


def valid_business_id(text: str) -> str:
    """The number's ten digits, or a one-line error that says what a valid one is."""
    digits = normalize_business_id(text)
    if digits is None:
        raise UserError(
            _(
                "'{number}' is not a valid business registration number "
                "(ten digits with a correct check digit)"
            ).format(number=text)
        )
    return digits


def add_supplier(
    ctx: Context,
    name: str,
    business_id: str,
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> SupplierView:
    digits = valid_business_id(business_id)
    if not name.strip():
        raise UserError(_("give the supplier's name"))
    with user_errors(ctx.db.path), ctx.db.session() as session:
        if session.exec(select(Supplier).where(Supplier.business_id == digits)).first():
            msg = _("a supplier with business registration number {number} already exists")
            raise UserError(msg.format(number=format_business_id(digits)))
        supplier = Supplier(
            name=name.strip(),
            business_id=digits,
            contact_name=contact_name,
            contact_email=contact_email,
        )
        session.add(supplier)
        audit.append(
            session, audit.DATABASE_CHAIN, ctx.user, "supplier.add", {"supplier": supplier.id}
        )
        session.commit()
        return SupplierView(supplier.id, supplier.name, format_business_id(digits), ())


def find_supplier(session: Session, ref: str) -> Supplier:
    """A supplier by id, business registration number or exact name."""
    digits = normalize_business_id(ref)
    query = select(Supplier).where(
        (col(Supplier.id) == ref)
        | (col(Supplier.name) == ref)
        | (col(Supplier.business_id) == (digits or ""))
    )
    found = session.exec(query).all()
    if len(found) != 1:
        msg = _("no supplier '{ref}'") if not found else _("'{ref}' names several suppliers")
        raise UserError(msg.format(ref=ref))
    return found[0]


def site_for(session: Session, supplier: Supplier, name: str) -> Site:
    site = session.exec(
        select(Site).where(Site.supplier_id == supplier.id, Site.name == name)
    ).first()
    if site is None:
        site = Site(supplier_id=supplier.id, name=name)
        session.add(site)
        session.flush()  # rows without ORM relationships are flushed in add order
    return site


def list_suppliers(ctx: Context) -> list[SupplierView]:
    with user_errors(ctx.db.path), ctx.db.session() as session:
        suppliers = session.exec(select(Supplier).order_by(col(Supplier.name))).all()
        sites = session.exec(select(Site)).all()
        return [
            SupplierView(
                s.id,
                s.name,
                format_business_id(s.business_id),
                tuple(sorted(t.name for t in sites if t.supplier_id == s.id)),
            )
            for s in suppliers
        ]
