"""Evidence: files copied into the store sealed, or records of documents only sighted.

Adding and removing evidence can be undone while the assessment stays open in
this session: a removed file's sealed copy and key are kept in memory until
the undo step is forgotten, then the file is destroyed. A file whose row is
gone after a crash has no key anywhere and is destroyed at the next start.
"""

from __future__ import annotations

import hashlib
import mimetypes
import secrets
from functools import partial
from pathlib import Path
from typing import Any

from certdesk.domain.assessment import EvidenceKind
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import records
from certdesk.services.assessment.photos import strip_location
from certdesk.services.changes import Changes, Created
from certdesk.services.context import Context, changing, reading
from certdesk.services.files import (
    evidence_body,
    read_limited,
    sealed_evidence,
    shred,
    write_sealed,
)
from certdesk.services.history import Step
from certdesk.services.leftovers import opened_dir
from certdesk.services.messages import unknown_item
from certdesk.store import audit
from certdesk.store.tables import Evidence

MAX_BYTES = 50 * 1024 * 1024


def _too_large(path: Path) -> str:
    size = path.stat().st_size
    msg = _("{file} is {size} MB; evidence files may be at most {limit} MB")
    return msg.format(file=path.name, size=size // 2**20, limit=MAX_BYTES // 2**20)


def _changes(assessment_id: str, item_id: str | None) -> Changes:
    return Changes(assessment=assessment_id, attachments=frozenset({item_id or ""}))


def _insert(ctx: Context, snapshot: dict[str, Any], action: str) -> Changes:
    """Put an evidence row (a new one, or one being restored) into its open assessment."""
    with changing(ctx) as unit:
        record = records.get(unit.session, snapshot["assessment_id"])
        records.require_open(unit.session, record)
        item_id = snapshot.get("item_id")
        if item_id is not None and records.framework_of(ctx, record).item(item_id) is None:
            raise UserError(unknown_item(item_id))
        row = Evidence(**snapshot)
        unit.session.add(row)
        audit.append(
            unit.session,
            record.id,
            ctx.user,
            action,
            {
                "evidence": row.id,
                "item": item_id,
                "kind": row.kind,
                "sha256": row.sha256,
                "size": row.size,
                "title": audit.text_digest(record.text_salt, row.title),
            },
        )
    return _changes(record.id, item_id)


def _delete(ctx: Context, evidence_id: str) -> Changes:
    with changing(ctx) as unit:
        row = unit.session.get(Evidence, evidence_id)
        if row is None:
            raise UserError(_("no evidence file '{id}'").format(id=evidence_id))
        record = records.get(unit.session, row.assessment_id)
        records.require_open(unit.session, record)
        unit.session.delete(row)
        audit.append(
            unit.session,
            record.id,
            ctx.user,
            "evidence.remove",
            {"evidence": evidence_id, "sha256": row.sha256},
        )
    return _changes(record.id, row.item_id)


def _sealed_path(ctx: Context, snapshot: dict[str, Any]) -> Path | None:
    stored = snapshot.get("stored_name")
    return ctx.db.evidence_dir / stored if stored else None


def _record(ctx: Context, label: str, snapshot: dict[str, Any], *, added: bool) -> None:
    """One undo step: an addition (undo removes it) or a removal (undo restores it)."""
    evidence_id, path = snapshot["id"], _sealed_path(ctx, snapshot)

    def restore() -> Changes:
        return _insert(ctx, snapshot, "evidence.restore")

    def remove() -> Changes:
        return _delete(ctx, evidence_id)

    def discard(done: bool) -> None:
        if path is not None and done != added:  # the row is gone for good: so is the file
            shred(path)

    ctx.history.record(
        Step(
            label,
            snapshot["assessment_id"],
            undo=remove if added else restore,
            redo=restore if added else remove,
            discard=discard,
        )
    )


def add_file(ctx: Context, assessment_id: str, item_id: str | None, path: Path) -> Created:
    """Copy a file in as evidence, sealed with its own key; photos lose their location."""
    raw = read_limited(path, MAX_BYTES, partial(_too_large, path))
    data = strip_location(raw, name=path.name)
    with reading(ctx) as session:
        record = records.get(session, assessment_id)
        records.require_open(session, record)
    stored = secrets.token_hex(16)
    snapshot: dict[str, Any] = {
        "assessment_id": record.id,
        "item_id": item_id,
        "kind": EvidenceKind.FILE.value,
        "original_name": path.name,
        "media_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "stored_name": stored,
        "added_by": ctx.user,
    }
    row_id = Evidence(**snapshot).id
    snapshot["id"] = row_id
    snapshot["file_key"], sealed = sealed_evidence(ctx, row_id, data)
    target = ctx.db.evidence_dir / stored
    write_sealed(target, sealed)
    try:
        changes = _insert(ctx, snapshot, "evidence.add")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    _record(ctx, _("attaching {file}").format(file=path.name), snapshot, added=True)
    return Created(id=row_id, **changes.plain().__dict__)


def add_sighted(
    ctx: Context,
    assessment_id: str,
    item_id: str | None,
    *,
    title: str,
    version: str | None = None,
    seen_where: str | None = None,
    shown_by: str | None = None,
) -> Created:
    """Record a document that may not leave its protected zone: seen, not copied."""
    if not title.strip():
        raise UserError(_("give the title of the document that was sighted"))
    with reading(ctx) as session:
        record = records.get(session, assessment_id)
    row = Evidence(
        assessment_id=record.id,
        item_id=item_id,
        kind=EvidenceKind.SIGHTED.value,
        title=title.strip(),
        doc_version=version,
        seen_where=seen_where,
        shown_by=shown_by,
        added_by=ctx.user,
    )
    snapshot = row.model_dump()
    changes = _insert(ctx, snapshot, "evidence.sighted")
    _record(ctx, _("sighted document {title}").format(title=row.title), snapshot, added=True)
    return Created(id=row.id, **changes.plain().__dict__)


def remove(ctx: Context, evidence_id: str) -> Changes:
    """Remove a piece of evidence; its sealed file is destroyed once this cannot be undone."""
    with reading(ctx) as session:
        row = session.get(Evidence, evidence_id)
        if row is None:
            raise UserError(_("no evidence file '{id}'").format(id=evidence_id))
        snapshot = row.model_dump()
    changes = _delete(ctx, evidence_id)
    name = snapshot.get("original_name") or snapshot.get("title") or ""
    _record(ctx, _("removing {file}").format(file=name), snapshot, added=False)
    return changes


def open_file(ctx: Context, evidence_id: str) -> Path:
    """Decrypt one evidence file into a private folder and return its path."""
    with reading(ctx) as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None or evidence.kind != EvidenceKind.FILE or not evidence.file_key:
            raise UserError(_("no evidence file '{id}'").format(id=evidence_id))
        assert evidence.stored_name is not None
        assert evidence.original_name is not None
        data = evidence_body(ctx, evidence.id, evidence.file_key, evidence.stored_name)
    folder = opened_dir() / secrets.token_hex(8)
    folder.mkdir(parents=True, mode=0o700)
    target = folder / Path(evidence.original_name).name
    target.write_bytes(data)
    target.chmod(0o600)
    return target
