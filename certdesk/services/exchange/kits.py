"""Assessment kits: headquarters sends what an assessment needs, signed.

A kit carries the framework file (matched by content hash), the supplier,
site, scope and applicability profile, and headquarters' public keys. The
field pins headquarters' key the first time, once the user confirms its
fingerprint, and refuses a kit signed by any other key after that; result
packages are then encrypted to the pinned key by default.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlmodel import select

from certdesk.crypto import keys
from certdesk.domain.supplier import format_business_id, normalize_business_id
from certdesk.errors import UserError
from certdesk.formats.criteria import content_hash, parse_document
from certdesk.formats.package import PackageError, build_archive, load_json, pack, read_archive
from certdesk.formats.package import unpack as unpack_container
from certdesk.i18n import _
from certdesk.services.assessment import assessments, suppliers
from certdesk.services.context import Context, user_errors
from certdesk.services.exchange.own_keys import encryption_key, signing_key
from certdesk.services.messages import package_problem, writing
from certdesk.store import audit
from certdesk.store.tables import Meta, Supplier


def issue_kit(
    ctx: Context,
    business_id: str,
    framework: str,
    out: Path,
    *,
    site: str | None = None,
    profile: str | None = None,
    scope: dict[str, Any] | None = None,
) -> str:
    """Write a kit signed by headquarters; returns headquarters' fingerprint."""
    if ctx.db.role != "hq":
        raise UserError(_("only a headquarters database issues assessment kits"))
    digits = normalize_business_id(business_id)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        supplier = session.exec(select(Supplier).where(Supplier.business_id == digits)).first()
    if supplier is None:
        raise UserError(_("no supplier '{ref}'").format(ref=business_id))
    entry = ctx.library.find_entry(framework)
    previous = _previous(ctx, supplier.business_id)
    signer = signing_key()
    kit = {
        "supplier": {"business_id": supplier.business_id, "name": supplier.name},
        "site": site,
        "profile": profile,
        "scope": scope or {},
        "framework": {
            "id": entry.framework.id,
            "version": entry.framework.version,
            "content_hash": entry.framework.content_hash,
        },
        "hq": {
            "signing": keys.b64(keys.signing_public(signer)),
            "encryption": keys.b64(keys.encryption_public(encryption_key())),
        },
        "previous": previous,
    }
    members = {
        "kit.json": json.dumps(kit, ensure_ascii=False).encode("utf-8"),
        "framework.yaml": entry.path.read_bytes(),
    }
    archive = build_archive(members, {"kind": "kit"})
    header = {
        "format": 1,
        "signer": keys.b64(keys.signing_public(signer)),
        "encrypted": False,
        "recipient": None,
    }
    body = pack(header, archive)
    with writing(out):
        out.write_bytes(body + keys.sign(signer, body))
    return keys.fingerprint(keys.signing_public(signer))


def _previous(ctx: Context, business_id: str) -> dict[str, Any] | None:
    """The supplier's latest on-site result held here, for the follow-up assessment."""
    from certdesk.services.hq.portfolio import summary

    entry = next(
        (r for r in summary(ctx) if normalize_business_id(r["business_id"]) == business_id),
        None,
    )
    latest = entry["assessor"] if entry else None
    if entry is None or latest is None:
        return None
    return {
        "assessment": latest["assessment"],
        "cycle": latest["cycle"],
        "total": latest["total"],
        "outcome": latest["outcome"],
        "open_findings": entry["open_findings"],
    }


def _pinned(ctx: Context) -> dict[str, str]:
    with ctx.db.session() as session:
        return {m.key: m.value for m in session.exec(select(Meta)) if m.key.startswith("hq.")}


def kit_signer(path: Path) -> str:
    """The fingerprint of the key that signed a kit (to show before pinning it)."""
    try:
        container = unpack_container(path.read_bytes())
        return keys.fingerprint(keys.unb64(str(container.header.get("signer"))))
    except (OSError, ValueError, PackageError):
        raise UserError(_("{file} is not a CertDesk assessment kit").format(file=path)) from None


def import_kit(ctx: Context, path: Path, accept_fingerprint: str | None) -> str:
    """Check a kit, pin headquarters' key on first use, and start the assessment.

    Returns the new assessment's id.
    """
    try:
        raw = path.read_bytes()
        container = unpack_container(raw)
        public = keys.unb64(str(container.header.get("signer")))
        if not keys.verify(public, container.signature, container.signed):
            raise PackageError("bad_signature")
        manifest, members = read_archive(container.payload)
        if manifest.get("kind") != "kit":
            raise PackageError("malformed", "manifest.json")
        kit = load_json(members.get("kit.json", b""), "kit.json")
    except OSError as exc:
        raise UserError(
            _("cannot read {file}: {reason}").format(file=path, reason=exc.strerror)
        ) from None
    except (PackageError, ValueError) as exc:
        code = exc.code if isinstance(exc, PackageError) else "bad_header"
        detail = exc.detail if isinstance(exc, PackageError) else ""
        raise UserError(f"{path.name}: {package_problem(code, detail)}") from None
    fingerprint = keys.fingerprint(public)
    pinned = _pinned(ctx)
    if pinned and pinned.get("hq.fingerprint") != fingerprint:
        raise UserError(
            _(
                "{file} is signed by {fingerprint}, not by the headquarters key this "
                "database trusts; refused"
            ).format(file=path.name, fingerprint=fingerprint)
        )
    if not pinned and accept_fingerprint != fingerprint:
        raise UserError(
            _(
                "first kit: check headquarters' fingerprint {fingerprint} with them, "
                'then repeat with --accept-fingerprint "{fingerprint}"'
            ).format(fingerprint=fingerprint)
        )
    return _start(ctx, path, kit, members, pinned=pinned, fingerprint=fingerprint)


def _start(
    ctx: Context,
    path: Path,
    kit: dict[str, Any],
    members: dict[str, bytes],
    *,
    pinned: dict[str, str],
    fingerprint: str,
) -> str:
    wanted = kit["framework"]
    framework_file = members["framework.yaml"]
    data = parse_document(framework_file, "framework.yaml")
    if content_hash(data) != wanted["content_hash"]:
        raise UserError(f"{path.name}: " + package_problem("framework_differs", wanted["id"]))
    target = ctx.library.user / f"{wanted['id']}-{wanted['version']}.yaml"
    try:
        ctx.library.find(f"{wanted['id']}@{wanted['version']}")
    except UserError:
        target.parent.mkdir(parents=True, exist_ok=True)
        with writing(target):
            target.write_bytes(framework_file)
    with user_errors(ctx.db.path), ctx.db.session() as session:
        if not pinned:
            for key, value in (
                ("hq.fingerprint", fingerprint),
                ("hq.signing", kit["hq"]["signing"]),
                ("hq.encryption", kit["hq"]["encryption"]),
            ):
                session.merge(Meta(key=key, value=value))
            audit.append(
                session, audit.DATABASE_CHAIN, ctx.user, "kit.pin", {"fingerprint": fingerprint}
            )
            session.commit()
    supplier = kit["supplier"]
    digits = str(supplier["business_id"])
    if not any(s.business_id == format_business_id(digits) for s in suppliers.list_suppliers(ctx)):
        suppliers.add_supplier(ctx, str(supplier["name"]), digits)
    scope = dict(kit.get("scope") or {})
    if kit.get("previous"):
        scope["previous_result"] = kit["previous"]  # shown with the assessment, for follow-up
    return assessments.new_assessment(
        ctx,
        digits,
        f"{wanted['id']}@{wanted['version']}",
        "onsite",
        site=kit.get("site"),
        profile=kit.get("profile"),
        scope=scope or None,
    )


def pinned_encryption_key(ctx: Context) -> bytes | None:
    value = _pinned(ctx).get("hq.encryption")
    return keys.unb64(value) if value else None
