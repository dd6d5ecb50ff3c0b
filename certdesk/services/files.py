"""Files on this computer: reading within a limit, writing sealed evidence, destroying it.

Sealed evidence is written one way everywhere (a private folder, a partial
file flushed to disk, then renamed into place), so a crash never leaves half
a file under a name the database knows; destroyed evidence is overwritten
before it is removed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from certdesk.errors import UserError
from certdesk.formats.bounded import read_regular
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
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
