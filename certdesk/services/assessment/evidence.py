"""Evidence: files copied into the store sealed, or records of documents only sighted."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import os
import secrets
import shutil
from pathlib import Path

from certdesk.crypto.sealing import new_file_key, seal, unseal
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.paths import user_data_dir
from certdesk.services.assessment.assessments import framework_of, get, require_open
from certdesk.services.context import Context, user_errors
from certdesk.store import audit
from certdesk.store.tables import Evidence

MAX_BYTES = 50 * 1024 * 1024
GPS_IFD = 0x8825


def strip_location(data: bytes) -> bytes:
    """A photo without its GPS tags (JPEG quality kept); other files unchanged."""
    from PIL import Image, UnidentifiedImageError  # only when a file is attached

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            if GPS_IFD not in exif or image.format not in ("JPEG", "PNG", "WEBP", "TIFF"):
                return data
            del exif[GPS_IFD]
            out = io.BytesIO()
            options = {"quality": "keep"} if image.format == "JPEG" else {}
            image.save(out, format=image.format, exif=exif.tobytes(), **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return data


def _read(path: Path) -> bytes:
    if not path.is_file():
        raise UserError(_("there is no file {file}").format(file=path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        msg = _("{file} is {size} MB; evidence files may be at most {limit} MB")
        raise UserError(msg.format(file=path.name, size=size // 2**20, limit=MAX_BYTES // 2**20))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UserError(
            _("cannot read {file}: {reason}").format(file=path, reason=exc.strerror)
        ) from None


def _write_sealed(target: Path, sealed: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_suffix(".part")
    try:
        with partial.open("wb") as f:
            f.write(sealed)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(
            _("cannot store the evidence: {reason}; nothing was saved").format(reason=exc.strerror)
        ) from None


def add_file(ctx: Context, assessment_id: str, item_id: str | None, path: Path) -> str:
    data = strip_location(_read(path))
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        require_open(record)
        if item_id is not None and framework_of(ctx, record).item(item_id) is None:
            raise UserError(_("unknown item '{item}'").format(item=item_id))
        key = new_file_key()
        evidence = Evidence(
            assessment_id=record.id,
            item_id=item_id,
            kind="file",
            original_name=path.name,
            media_type=mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            stored_name=secrets.token_hex(16),
            file_key=key,
            added_by=ctx.user,
        )
        assert evidence.stored_name is not None
        target = ctx.db.evidence_dir / evidence.stored_name
        _write_sealed(target, seal(key, data, evidence.id.encode()))
        session.add(evidence)
        audit.append(
            session,
            record.id,
            ctx.user,
            "evidence.add",
            {
                "evidence": evidence.id,
                "item": item_id,
                "kind": "file",
                "sha256": evidence.sha256,
                "size": evidence.size,
            },
        )
        try:
            session.commit()
        except Exception:
            target.unlink(missing_ok=True)
            raise
        return evidence.id


def add_sighted(
    ctx: Context,
    assessment_id: str,
    item_id: str | None,
    *,
    title: str,
    version: str | None = None,
    seen_where: str | None = None,
    shown_by: str | None = None,
) -> str:
    """Record a document that may not leave its protected zone: seen, not copied."""
    if not title.strip():
        raise UserError(_("give the title of the document that was sighted"))
    with user_errors(ctx.db.path), ctx.db.session() as session:
        record = get(session, assessment_id)
        require_open(record)
        evidence = Evidence(
            assessment_id=record.id,
            item_id=item_id,
            kind="sighted",
            title=title.strip(),
            doc_version=version,
            seen_where=seen_where,
            shown_by=shown_by,
            added_by=ctx.user,
        )
        session.add(evidence)
        audit.append(
            session,
            record.id,
            ctx.user,
            "evidence.sighted",
            {
                "evidence": evidence.id,
                "item": item_id,
                "title": audit.text_digest(record.text_salt, evidence.title),
            },
        )
        session.commit()
        return evidence.id


def opened_dir() -> Path:
    return user_data_dir() / "opened-evidence"


def clear_opened() -> None:
    """Empty the folder of opened evidence (when a viewer closes, and at start-up)."""
    shutil.rmtree(opened_dir(), ignore_errors=True)


def open_file(ctx: Context, evidence_id: str) -> Path:
    """Decrypt one evidence file into a private folder and return its path."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None or evidence.kind != "file" or not evidence.file_key:
            raise UserError(_("no evidence file '{id}'").format(id=evidence_id))
        assert evidence.stored_name is not None
        assert evidence.original_name is not None
        sealed = (ctx.db.evidence_dir / evidence.stored_name).read_bytes()
        data = unseal(evidence.file_key, sealed, evidence.id.encode())
    folder = opened_dir() / secrets.token_hex(8)
    folder.mkdir(parents=True, mode=0o700)
    target = folder / Path(evidence.original_name).name
    target.write_bytes(data)
    target.chmod(0o600)
    return target


def remove(ctx: Context, evidence_id: str) -> None:
    """Remove a piece of evidence: its row, its key and its sealed file."""
    with user_errors(ctx.db.path), ctx.db.session() as session:
        evidence = session.get(Evidence, evidence_id)
        if evidence is None:
            raise UserError(_("no evidence file '{id}'").format(id=evidence_id))
        record = get(session, evidence.assessment_id)
        require_open(record)
        stored = evidence.stored_name
        session.delete(evidence)
        audit.append(
            session,
            record.id,
            ctx.user,
            "evidence.remove",
            {"evidence": evidence_id, "sha256": evidence.sha256},
        )
        session.commit()
    if stored:
        target = ctx.db.evidence_dir / stored
        if target.exists():
            target.write_bytes(b"\0" * target.stat().st_size)
            target.unlink()
