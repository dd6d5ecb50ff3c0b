"""Assessment kits into the field: pin headquarters' key once, then start the assessment.

The field pins headquarters' key the first time, once the user confirms its
fingerprint, and refuses a kit signed by any other key after that, before
anything inside the kit is read; result packages are then encrypted to the
pinned key by default. A kit is read strictly: its shape, a framework whose
id, version and content are what the kit says, and one assessment per kit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from certdesk.crypto import keys
from certdesk.domain.assessment import Mode
from certdesk.errors import UserError
from certdesk.formats.criteria import InvalidFileError, content_hash, parse_document
from certdesk.formats.package import PackageError, load_json
from certdesk.formats.package_shapes import check
from certdesk.i18n import _
from certdesk.services.assessment.create import Plan, create_in
from certdesk.services.assessment.suppliers import NewSupplier, add_in, by_business_id
from certdesk.services.changes import Created
from certdesk.services.context import Context, changing, reading
from certdesk.services.exchange import container
from certdesk.services.files import read_limited
from certdesk.services.messages import package_problem, untrusted, writing
from certdesk.services.own_keys import DecryptionKeys
from certdesk.store import audit
from certdesk.store.tables import Assessment, Meta

PIN_KEYS = ("hq.fingerprint", "hq.signing", "hq.encryption")
MAX_KIT = 16 * 1024 * 1024


def pinned_keys(session: Session) -> dict[str, str]:
    return {m.key: m.value for m in session.exec(select(Meta)) if m.key.startswith("hq.")}


def pinned_encryption_key(ctx: Context) -> bytes | None:
    """Headquarters' encryption key as the first kit pinned it, or None before any kit."""
    with reading(ctx) as session:
        value = pinned_keys(session).get("hq.encryption")
    return keys.unb64(value) if value else None


def pinned_fingerprint(ctx: Context) -> str | None:
    """The fingerprint of headquarters' key as kits pinned it, or None before any kit."""
    with reading(ctx) as session:
        return pinned_keys(session).get("hq.fingerprint")


def _raw(path: Path) -> bytes:
    return read_limited(path, MAX_KIT, name=untrusted(path.name))


def kit_signer(path: Path) -> str:
    """The fingerprint of the key that signed a kit (to show before pinning it)."""
    try:
        return keys.fingerprint(container.signer_of(_raw(path)))
    except PackageError:
        raise UserError(
            _("{file} is not a CertDesk assessment kit").format(file=untrusted(path.name))
        ) from None


def _refused(path: Path, exc: PackageError) -> UserError:
    return UserError(f"{untrusted(path.name)}: {package_problem(exc.code, exc.detail)}")


def _decrypt(payload: bytes, info: bytes) -> bytes:
    return container.decrypting(DecryptionKeys())(payload, info)


def hq_signer(
    pinned: dict[str, str], accept_fingerprint: str | None, path: Path
) -> Callable[[bytes], None]:
    """Refuses a signer other than headquarters' pinned key (or, before any pin, one the
    user has not confirmed); a confirmed new fingerprint replaces the pinned one."""

    def accept(public: bytes) -> None:
        fingerprint = keys.fingerprint(public)
        if pinned and pinned.get("hq.fingerprint") not in (fingerprint, None):
            if accept_fingerprint == fingerprint:
                return  # headquarters changed its key, and the user confirmed the new one
            raise UserError(
                _(
                    "{file} is signed by {fingerprint}, not by the headquarters key this "
                    "database trusts ({pinned}); refused. If headquarters has changed its key, "
                    "confirm the new fingerprint with them by phone, then repeat with "
                    '--accept-fingerprint "{fingerprint}"'
                ).format(
                    file=untrusted(path.name),
                    fingerprint=fingerprint,
                    pinned=pinned["hq.fingerprint"],
                )
            )
        if not pinned and accept_fingerprint != fingerprint:
            raise UserError(
                _(
                    "first kit: check headquarters' fingerprint {fingerprint} with them, "
                    'then repeat with --accept-fingerprint "{fingerprint}"'
                ).format(fingerprint=fingerprint)
            )

    return accept


def pin_hq(
    ctx: Context, session: Session, fingerprint: str, hq: dict[str, str], was: str | None
) -> None:
    """Trust `fingerprint` (with its signing and encryption keys) as headquarters' key."""
    values = (fingerprint, hq["signing"], hq["encryption"])
    for key, value in zip(PIN_KEYS, values, strict=True):
        session.merge(Meta(key=key, value=value))
    audit.append(
        session,
        audit.DATABASE_CHAIN,
        ctx.user,
        "kit.pin",
        {"fingerprint": fingerprint, "replaces": was},
    )


def import_kit(ctx: Context, path: Path, accept_fingerprint: str | None) -> Created:
    """Check a kit, pin headquarters' key on first use, and start the assessment."""
    with reading(ctx) as session:
        pinned = pinned_keys(session)
    accept = hq_signer(pinned, accept_fingerprint, path)
    try:
        opened = container.open_container(_raw(path), _decrypt, accept, kinds=("kit",))
        check("kit manifest.json", opened.manifest)
        kit = check("kit.json", load_json(opened.members.get("kit.json", b""), "kit.json"))
        if set(opened.members) != {"kit.json", "framework.yaml"}:
            raise PackageError("manifest_mismatch")
        if kit["hq"]["signing"] != keys.b64(opened.signer):
            raise PackageError("signer_mismatch")
    except PackageError as exc:
        raise _refused(path, exc) from None
    pin = not pinned or pinned.get("hq.fingerprint") != opened.fingerprint
    return _start(ctx, path, kit, opened, pin=pin, was=pinned.get("hq.fingerprint"))


def _framework_file(ctx: Context, path: Path, kit: dict[str, Any], raw: bytes) -> Path | None:
    """Put the kit's framework into the library (None: it is there already)."""
    wanted = kit["framework"]
    try:
        data = parse_document(raw, "framework.yaml")
    except InvalidFileError as exc:
        raise UserError(f"{untrusted(path.name)}: {exc.problems[0]}") from None
    named = (data.get("id"), data.get("version"), content_hash(data))
    if named != (wanted["id"], wanted["version"], wanted["content_hash"]):
        raise UserError(
            f"{untrusted(path.name)}: " + package_problem("not_its_framework", wanted["id"])
        )
    try:
        held = ctx.library.find(f"{wanted['id']}@{wanted['version']}")
    except UserError:
        # The id and version matched strict patterns: the name stays inside the library.
        target = ctx.library.user / f"{wanted['id']}-{wanted['version']}.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        with writing(target):
            target.write_bytes(raw)
        return target
    if held.content_hash != wanted["content_hash"]:  # the same name, other criteria: refused
        raise UserError(
            f"{untrusted(path.name)}: " + package_problem("framework_differs", wanted["id"])
        )
    return None


def _start(  # the kit, what it came in, and how to pin its signer
    ctx: Context,
    path: Path,
    kit: dict[str, Any],
    opened: container.Opened,
    *,
    pin: bool,
    was: str | None,
) -> Created:
    added = _framework_file(ctx, path, kit, opened.members["framework.yaml"])
    wanted = kit["framework"]
    with changing(ctx) as unit:
        if added is not None:
            unit.on_rollback(lambda: added.unlink(missing_ok=True))
        held = unit.session.exec(select(Assessment).where(Assessment.kit_id == kit["kit"])).first()
        if held is not None:
            raise UserError(_("this kit was imported already; its assessment is open here"))
        if pin:
            pin_hq(ctx, unit.session, opened.fingerprint, kit["hq"], was)
        named = kit["supplier"]
        owner = by_business_id(unit.session, named["business_id"]) or add_in(
            ctx, unit.session, NewSupplier(named["name"], named["business_id"])
        )
        scope = dict(kit["scope"])
        if kit["previous"]:
            scope["previous_result"] = kit["previous"]  # shown with the assessment, for follow-up
        plan = Plan(
            ctx.library.find(f"{wanted['id']}@{wanted['version']}"),
            Mode(kit["mode"]),
            site=kit["site"],
            profile=kit["profile"],
            scope=scope,
        )
        record = create_in(ctx, unit.session, owner, plan)
        record.kit_id = kit["kit"]
        unit.session.add(record)
    return Created(id=record.id, assessment=record.id, assessments=True, suppliers=True, keys=pin)
