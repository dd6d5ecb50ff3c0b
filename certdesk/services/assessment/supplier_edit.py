"""Keeping a supplier's record: its contact, sites and production processes; archiving it.

A supplier is identified by its business registration number, which stays as it
was added (kits and result packages name it). A site that an assessment names is
kept; an archived supplier keeps everything and leaves only the everyday lists.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import Session, select

from certdesk.domain.supplier import Tier
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.suppliers import NewSupplier, add_in, processes_of, site_for
from certdesk.services.changes import Changes, Created
from certdesk.services.context import Context, changing
from certdesk.store import audit
from certdesk.store.tables import Assessment, Site, Supplier, now

LONGEST = 200
"""The most characters a name, contact, site or process may have."""


@dataclass(frozen=True)
class SupplierFields:
    name: str
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    sites: tuple[str, ...] = ()
    processes: tuple[str, ...] = ()
    tier: str | None = None
    """How critical the supplier is (`domain.supplier.Tier`); None: not classed."""


def _text(value: str | None, what: str) -> str | None:
    text = (value or "").strip()
    if len(text) > LONGEST or any(ord(c) < 32 for c in text):
        msg = _("{what} must be one line of at most {count} characters")
        raise UserError(msg.format(what=what, count=LONGEST))
    return text or None


def _names(values: tuple[str, ...], what: str) -> list[str]:
    seen: list[str] = []
    for value in values:
        text = _text(value, what)
        if text and text not in seen:
            seen.append(text)
    return seen


def _checked(fields: SupplierFields) -> SupplierFields:
    name = _text(fields.name, _("The supplier's name"))
    if not name:
        raise UserError(_("give the supplier's name"))
    email = _text(fields.contact_email, _("The e-mail address"))
    if email and ("@" not in email or " " in email):
        raise UserError(_("'{email}' is not an e-mail address").format(email=email))
    if fields.tier is not None and fields.tier not in {t.value for t in Tier}:
        raise UserError(_("'{tier}' is not a tier").format(tier=fields.tier))
    return SupplierFields(
        name,
        _text(fields.contact_name, _("The contact's name")),
        email,
        _text(fields.contact_phone, _("The phone number")),
        tuple(_names(fields.sites, _("A site's name"))),
        tuple(_names(fields.processes, _("A process's name"))),
        fields.tier,
    )


def _get(session: Session, supplier_id: str) -> Supplier:
    supplier = session.get(Supplier, supplier_id)
    if supplier is None:
        raise UserError(_("this supplier no longer exists"))
    return supplier


def edit_supplier(ctx: Context, supplier_id: str, fields: SupplierFields) -> Changes:
    """Save what was typed for a supplier, or refuse in one line and change nothing."""
    wanted = _checked(fields)
    with changing(ctx) as unit:
        _apply(ctx, unit.session, _get(unit.session, supplier_id), wanted)
    return Changes(suppliers=True, assessments=True)


def add_supplier(ctx: Context, business_id: str, fields: SupplierFields) -> Created:
    """A new supplier with everything the register keeps of it, in one unit of work."""
    wanted = _checked(fields)
    with changing(ctx) as unit:
        new = NewSupplier(wanted.name, business_id)
        supplier = add_in(ctx, unit.session, new)
        _apply(ctx, unit.session, supplier, wanted)
    return Created(id=supplier.id, suppliers=True)


def _apply(ctx: Context, session: Session, supplier: Supplier, wanted: SupplierFields) -> None:
    before = (supplier.name, supplier.contact_name, supplier.contact_email, supplier.contact_phone)
    after = (wanted.name, wanted.contact_name, wanted.contact_email, wanted.contact_phone)
    names = ("name", "contact", "email", "phone")
    changed = [f for f, old, new in zip(names, before, after, strict=True) if old != new]
    supplier.name, supplier.contact_name = wanted.name, wanted.contact_name
    supplier.contact_email, supplier.contact_phone = wanted.contact_email, wanted.contact_phone
    if supplier.tier != wanted.tier:
        supplier.tier = wanted.tier
        changed.append("tier")
    if processes_of(supplier) != wanted.processes:
        supplier.processes_json = json.dumps(list(wanted.processes), ensure_ascii=False)
        changed.append("processes")
    if _sites(session, supplier, wanted.sites):
        changed.append("sites")
    session.add(supplier)
    if changed:
        audit.append(
            session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "supplier.edit",
            {"supplier": supplier.id, "fields": changed},
        )


def _sites(session: Session, supplier: Supplier, names: tuple[str, ...]) -> bool:
    """Add the new sites, remove those no longer named; a site in use is kept, refused."""
    existing = session.exec(select(Site).where(Site.supplier_id == supplier.id)).all()
    gone = [s for s in existing if s.name not in names]
    for site in gone:
        if session.exec(select(Assessment.id).where(Assessment.site_id == site.id)).first():
            msg = _("the site '{site}' is named by an assessment and stays")
            raise UserError(msg.format(site=site.name))
        session.delete(site)
    known = {s.name for s in existing}
    for name in names:
        if name not in known:
            site_for(session, supplier, name)
    return bool(gone) or any(n not in known for n in names)


def archive_supplier(ctx: Context, supplier_id: str, archived: bool = True) -> Changes:
    """Take a supplier out of the everyday lists (or bring it back); nothing is removed."""
    with changing(ctx) as unit:
        supplier = _get(unit.session, supplier_id)
        if (supplier.archived_at is not None) != archived:
            supplier.archived_at = now() if archived else None
            unit.session.add(supplier)
            action = "supplier.archive" if archived else "supplier.restore"
            audit.append(
                unit.session, audit.DATABASE_CHAIN, ctx.user, action, {"supplier": supplier.id}
            )
    return Changes(suppliers=True)
