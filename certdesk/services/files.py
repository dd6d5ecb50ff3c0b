"""Files on this computer: reading within a limit, writing sealed evidence, destroying it.

Sealed evidence is written one way everywhere (a private folder, a partial
file flushed to disk, then renamed into place), so a crash never leaves half
a file under a name the database knows; destroyed evidence is overwritten
before it is removed.

Each evidence file has its own key. In an encrypted database file the key is stored as
it is (the whole file is encrypted); on a server it is stored wrapped with a key derived
from the team's key, which lives outside the server (this desk's keyring, or the box
opened with the team's passphrase), so whoever administers the server reads no evidence.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from certdesk.crypto.sealing import new_file_key, seal, unseal, unwrap, wrap, wrapping_key
from certdesk.errors import UserError
from certdesk.formats.bounded import read_regular
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services.context import Context
from certdesk.services.messages import cannot_read


def read_limited(
    path: Path, limit: int, too_large: Callable[[], str] | None = None, *, name: str | None = None
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or one line saying why not.

    Folders, devices and pipes are refused before they are opened (a pipe would hang
    the read); `too_large` words that refusal, `name` is how the file is named in it."""
    shown = name or str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserError(_("there is no file {file}").format(file=shown)) from None
    except OSError as exc:
        raise UserError(cannot_read(path, exc)) from None
    if too_large is not None and info.st_size > limit:
        raise UserError(too_large())
    try:
        return read_regular(path, limit, shown)
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0])) from None


def write_sealed(target: Path, sealed: bytes) -> None:
    """Write a sealed evidence file durably, or raise a user error and leave nothing."""
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


def _wrapping(ctx: Context) -> bytes | None:
    if ctx.db.described.key != "server":
        return None
    assert ctx.db.audit_key is not None  # a server database is only opened with it
    return wrapping_key(ctx.db.audit_key)


def sealed_evidence(ctx: Context, evidence_id: str, body: bytes) -> tuple[bytes, bytes]:
    """A new key for evidence `evidence_id`, as the database stores it, and `body` sealed
    with that key (bound to the id), ready for `write_sealed`."""
    key = new_file_key()
    wrapping = _wrapping(ctx)
    stored = key if wrapping is None else wrap(wrapping, evidence_id, key)
    return stored, seal(key, body, evidence_id.encode())


def stored_file_key(ctx: Context, evidence_id: str, key: bytes) -> bytes:
    """A plain file key (from another database) as this database stores it."""
    wrapping = _wrapping(ctx)
    return key if wrapping is None else wrap(wrapping, evidence_id, key)


def evidence_body(ctx: Context, evidence_id: str, stored_key: bytes, stored_name: str) -> bytes:
    """The plain content of a sealed evidence file (`crypto.sealing.SealError` if altered)."""
    wrapping = _wrapping(ctx)
    key = stored_key if wrapping is None else unwrap(wrapping, evidence_id, stored_key)
    return unseal(key, (ctx.db.evidence_dir / stored_name).read_bytes(), evidence_id.encode())


def shred(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk and remove it (gone already: fine)."""
    try:
        with path.open("r+b") as f:
            f.write(b"\0" * os.fstat(f.fileno()).st_size)
            f.flush()
            os.fsync(f.fileno())
        path.unlink()
    except FileNotFoundError:
        return


_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


def export_name(supplier: str, cycle: str | None, kind: str, day: date, suffix: str) -> str:
    """A file name a person recognises in a folder of many: supplier, cycle, kind and date
    ("한빛정밀 2026-H2 gap report 2026-12-02.pdf"), without characters that no file
    system takes."""
    parts = [supplier, cycle or "", kind, day.isoformat()]
    stem = " ".join(_UNSAFE.sub("-", p).strip(" .-") for p in parts if p.strip())
    return f"{stem[:150]}.{suffix}"
