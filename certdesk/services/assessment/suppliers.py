"""Suppliers and their sites."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from certdesk.domain.supplier import format_business_id, normalize_business_id
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Created
from certdesk.services.context import Context, changing, reading
from certdesk.services.messages import no_supplier
from certdesk.store import audit
from certdesk.store.tables import Assessment, Site, Supplier


@dataclass(frozen=True)
class SupplierView:
    id: str
    name: str
    business_id: str
    sites: tuple[str, ...]
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    processes: tuple[str, ...] = ()
    archived: bool = False
    assessments: int = 0
    tier: str | None = None


@dataclass(frozen=True)
class NewSupplier:
    """A supplier to add in the same unit of work as what needs it."""

    name: str
    business_id: str
    contact_name: str | None = None
    contact_email: str | None = None
    processes: tuple[str, ...] = ()


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


def add_in(ctx: Context, session: Session, new: NewSupplier) -> Supplier:
    """Add a supplier inside the caller's unit of work."""
    digits = valid_business_id(new.business_id)
    if not new.name.strip():
        raise UserError(_("give the supplier's name"))
    if session.exec(select(Supplier).where(Supplier.business_id == digits)).first():
        msg = _("a supplier with business registration number {number} already exists")
        raise UserError(msg.format(number=format_business_id(digits)))
    supplier = Supplier(
        name=new.name.strip(),
        business_id=digits,
        contact_name=new.contact_name,
        contact_email=new.contact_email,
        processes_json=json.dumps(list(new.processes), ensure_ascii=False),
    )
    session.add(supplier)
    session.flush()
    audit.append(session, audit.DATABASE_CHAIN, ctx.user, "supplier.add", {"supplier": supplier.id})
    return supplier


def add_supplier(
    ctx: Context,
    name: str,
    business_id: str,
    contact_name: str | None = None,
    contact_email: str | None = None,
) -> Created:
    with changing(ctx) as unit:
        new = NewSupplier(name, business_id, contact_name, contact_email)
        supplier = add_in(ctx, unit.session, new)
    return Created(id=supplier.id, suppliers=True)


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
        if not found:
            raise UserError(no_supplier(ref))
        raise UserError(_("'{ref}' names several suppliers").format(ref=ref))
    return found[0]


def by_business_id(session: Session, business_id: str) -> Supplier | None:
    digits = normalize_business_id(business_id)
    if digits is None:
        return None
    return session.exec(select(Supplier).where(Supplier.business_id == digits)).first()


def site_for(session: Session, supplier: Supplier, name: str) -> Site:
    site = session.exec(
        select(Site).where(Site.supplier_id == supplier.id, Site.name == name)
    ).first()
    if site is None:
        site = Site(supplier_id=supplier.id, name=name)
        session.add(site)
        session.flush()  # rows without ORM relationships are flushed in add order
    return site


def processes_of(supplier: Supplier) -> tuple[str, ...]:
    return tuple(str(p) for p in json.loads(supplier.processes_json or "[]"))


def list_suppliers(ctx: Context, archived: bool = False) -> list[SupplierView]:
    """The suppliers by name; archived ones only when asked for (`archived=True` adds them)."""
    with reading(ctx) as session:
        query = select(Supplier).order_by(col(Supplier.name))
        if not archived:
            query = query.where(col(Supplier.archived_at).is_(None))
        suppliers = session.exec(query).all()
        sites: dict[str, list[str]] = {}
        for site in session.exec(select(Site)):
            sites.setdefault(site.supplier_id, []).append(site.name)
        counts = dict(
            session.exec(
                select(Assessment.supplier_id, func.count())
                .where(col(Assessment.purged_at).is_(None))
                .group_by(col(Assessment.supplier_id))
            ).all()
        )
        return [
            SupplierView(
                s.id,
                s.name,
                format_business_id(s.business_id),
                tuple(sorted(sites.get(s.id, []))),
                s.contact_name,
                s.contact_email,
                s.contact_phone,
                processes_of(s),
                s.archived_at is not None,
                int(counts.get(s.id, 0)),
                s.tier,
            )
            for s in suppliers
        ]
