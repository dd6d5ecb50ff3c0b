"""Findings notices into the supplier's database: what headquarters asks it to correct.

A notice is read as strictly as a kit: headquarters' pinned key (or, before
any kit, a fingerprint the user confirmed) must have signed it before anything
inside is read; it must be encrypted to this user's key and name a supplier
held here. Its findings are kept with the supplier's draft responses, which a
second notice for the same findings leaves as they are.
"""

from __future__ import annotations

from pathlib import Path

from certdesk.crypto import keys
from certdesk.errors import UserError
from certdesk.formats.package import PackageError, load_json
from certdesk.formats.package_shapes import check
from certdesk.i18n import _
from certdesk.services.assessment.suppliers import by_business_id
from certdesk.services.changes import Counted
from certdesk.services.context import Context, changing, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.kit_in import hq_signer, pin_hq, pinned_keys
from certdesk.services.files import read_limited
from certdesk.services.messages import package_problem, untrusted
from certdesk.services.own_keys import DecryptionKeys
from certdesk.store import audit
from certdesk.store.tables import ReceivedFinding

MAX_NOTICE = 2 * 1024 * 1024


def notice_signer(path: Path) -> str:
    """The fingerprint of the key that signed a notice (to show before trusting it)."""
    try:
        return keys.fingerprint(container.signer_of(_raw(path)))
    except PackageError:
        raise UserError(_not_a_notice(path)) from None


def _not_a_notice(path: Path) -> str:
    return _("{file} is not a CertDesk findings notice").format(file=untrusted(path.name))


def _raw(path: Path) -> bytes:
    return read_limited(path, MAX_NOTICE, name=untrusted(path.name))


def _decrypt(payload: bytes, info: bytes) -> bytes:
    return container.decrypting(DecryptionKeys())(payload, info)


def import_notice(ctx: Context, path: Path, accept_fingerprint: str | None = None) -> Counted:
    """Check a findings notice from headquarters and keep its findings for answering."""
    with reading(ctx) as session:
        pinned = pinned_keys(session)
    accept = hq_signer(pinned, accept_fingerprint, path)
    try:
        opened = container.open_container(_raw(path), _decrypt, accept, kinds=("notice",))
        check("notice manifest.json", opened.manifest)
        raw = opened.members.get("notice.json", b"")
        notice = check("notice.json", load_json(raw, "notice.json"))
        if set(opened.members) != {"notice.json"}:
            raise PackageError("manifest_mismatch")
        if notice["hq"]["signing"] != keys.b64(opened.signer):
            raise PackageError("signer_mismatch")
    except PackageError as exc:
        if exc.code == "not_for_us":
            raise UserError(
                _("{file} is not encrypted to your key: it is for another supplier").format(
                    file=untrusted(path.name)
                )
            ) from None
        detail = package_problem(exc.code, exc.detail)
        raise UserError(f"{untrusted(path.name)}: {detail}") from None
    named = notice["supplier"]
    ids = [f["id"] for f in notice["findings"]]
    if len(set(ids)) != len(ids):
        raise UserError(f"{untrusted(path.name)}: " + package_problem("duplicate", "finding"))
    with changing(ctx) as unit:
        if by_business_id(unit.session, named["business_id"]) is None:
            raise UserError(
                _("{file} is for {supplier}, who is not in this database").format(
                    file=untrusted(path.name), supplier=untrusted(named["name"])
                )
            )
        was = pinned.get("hq.fingerprint")
        if was != opened.fingerprint:
            pin_hq(ctx, unit.session, opened.fingerprint, notice["hq"], was)
        for finding in notice["findings"]:
            row = unit.session.get(ReceivedFinding, finding["id"])
            if row is not None and row.assessment_id != notice["assessment"]:
                raise UserError(
                    f"{untrusted(path.name)}: " + package_problem("taken_id", finding["id"])
                )
            row = row or ReceivedFinding(
                id=finding["id"],
                assessment_id=notice["assessment"],
                supplier_business_id=named["business_id"],
                framework_id=notice["framework"]["id"],
                framework_version=notice["framework"]["version"],
                severity=finding["severity"],
                description=finding["description"],
            )
            row.item_id, row.severity = finding["item_id"], finding["severity"]
            row.description = finding["description"]
            row.requested_action = finding["corrective_action"]
            row.due_date = finding["due_date"]
            unit.session.add(row)
        audit.append(
            unit.session,
            audit.DATABASE_CHAIN,
            ctx.user,
            "notice.import",
            {"assessment": notice["assessment"], "findings": len(ids), "file": path.name[:200]},
        )
    return Counted(count=len(ids), responses=True, keys=not pinned)
