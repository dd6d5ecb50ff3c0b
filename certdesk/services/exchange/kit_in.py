"""Assessment kits into the field: pin headquarters' key once, then start the assessment.

The field pins headquarters' key the first time, once the user confirms its
fingerprint, and refuses a kit signed by any other key after that, before
anything inside the kit is read; result packages are then encrypted to the
pinned key by default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from certdesk.crypto import keys
from certdesk.domain.assessment import Mode
from certdesk.errors import UserError
from certdesk.formats.criteria import content_hash, parse_document
from certdesk.formats.package import PackageError, load_json
from certdesk.i18n import _
from certdesk.services.assessment.create import Plan, create_in
from certdesk.services.assessment.suppliers import NewSupplier, add_in, by_business_id
from certdesk.services.changes import Created
from certdesk.services.context import Context, changing, reading
from certdesk.services.exchange import container
from certdesk.services.messages import package_problem, writing
from certdesk.services.messages import reading as reading_file
from certdesk.store import audit
from certdesk.store.tables import Meta

PIN_KEYS = ("hq.fingerprint", "hq.signing", "hq.encryption")


def _pinned(session: Session) -> dict[str, str]:
    return {m.key: m.value for m in session.exec(select(Meta)) if m.key.startswith("hq.")}


def pinned_encryption_key(ctx: Context) -> bytes | None:
    """Headquarters' encryption key as the first kit pinned it, or None before any kit."""
    with reading(ctx) as session:
        value = _pinned(session).get("hq.encryption")
    return keys.unb64(value) if value else None


def _raw(path: Path) -> bytes:
    with reading_file(path):
        return path.read_bytes()


def kit_signer(path: Path) -> str:
    """The fingerprint of the key that signed a kit (to show before pinning it)."""
    try:
        return keys.fingerprint(container.signer_of(_raw(path)))
    except PackageError:
        raise UserError(_("{file} is not a CertDesk assessment kit").format(file=path)) from None


def _refused(path: Path, exc: PackageError) -> UserError:
    return UserError(f"{path.name}: {package_problem(exc.code, exc.detail)}")


def import_kit(ctx: Context, path: Path, accept_fingerprint: str | None) -> Created:
    """Check a kit, pin headquarters' key on first use, and start the assessment."""
    with reading(ctx) as session:
        pinned = _pinned(session)

    def accept(public: bytes) -> None:
        fingerprint = keys.fingerprint(public)
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

    try:
        opened = container.open_container(_raw(path), None, accept)
        if opened.manifest.get("kind") != "kit":
            raise PackageError("malformed", "manifest.json")
        kit = load_json(opened.members.get("kit.json", b""), "kit.json")
    except PackageError as exc:
        raise _refused(path, exc) from None
    return _start(ctx, path, kit, opened, first=not pinned)


def _start(
    ctx: Context, path: Path, kit: dict[str, Any], opened: container.Opened, *, first: bool
) -> Created:
    wanted = kit["framework"]
    framework_file = opened.members["framework.yaml"]
    data = parse_document(framework_file, "framework.yaml")
    if content_hash(data) != wanted["content_hash"]:
        raise UserError(f"{path.name}: " + package_problem("framework_differs", wanted["id"]))
    ref = f"{wanted['id']}@{wanted['version']}"
    target = ctx.library.user / f"{wanted['id']}-{wanted['version']}.yaml"
    added = False
    try:
        ctx.library.find(ref)
    except UserError:
        target.parent.mkdir(parents=True, exist_ok=True)
        with writing(target):
            target.write_bytes(framework_file)
        added = True
    with changing(ctx) as unit:
        if added:
            unit.on_rollback(lambda: target.unlink(missing_ok=True))
        if first:
            values = (opened.fingerprint, kit["hq"]["signing"], kit["hq"]["encryption"])
            for key, value in zip(PIN_KEYS, values, strict=True):
                unit.session.merge(Meta(key=key, value=value))
            audit.append(
                unit.session,
                audit.DATABASE_CHAIN,
                ctx.user,
                "kit.pin",
                {"fingerprint": opened.fingerprint},
            )
        named = kit["supplier"]
        digits = str(named["business_id"])
        owner = by_business_id(unit.session, digits) or add_in(
            ctx, unit.session, NewSupplier(str(named["name"]), digits)
        )
        scope = dict(kit.get("scope") or {})
        if kit.get("previous"):
            scope["previous_result"] = kit["previous"]  # shown with the assessment, for follow-up
        plan = Plan(
            ctx.library.find(ref),
            Mode.ONSITE,
            site=kit.get("site"),
            profile=kit.get("profile"),
            scope=scope,
        )
        record = create_in(ctx, unit.session, owner, plan)
    return Created(id=record.id, assessment=record.id, assessments=True, suppliers=True, keys=first)
