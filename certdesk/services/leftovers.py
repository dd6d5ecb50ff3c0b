"""What a closed viewer or a crash leaves behind: decrypted copies of opened evidence, and
sealed evidence files no row refers to. Both are cleared on the way, without loading the
store's ORM: the window opens a database through here."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from certdesk.paths import user_data_dir
from certdesk.services.context import Context, plain

ORPHAN_AGE = 3600
"""Seconds a sealed file must be old before it counts as left over (another process may
be writing one for a transaction that has not committed yet)."""


def opened_dir() -> Path:
    return user_data_dir() / "opened-evidence"


def clear_opened() -> None:
    """Empty the folder of opened evidence (when a viewer closes, and at start-up)."""
    shutil.rmtree(opened_dir(), ignore_errors=True)


def sweep_orphans(ctx: Context) -> int:
    """Destroy sealed files that no evidence row refers to (left by a crash); how many.
    Only files older than `ORPHAN_AGE` are looked up."""
    folder = ctx.db.evidence_dir
    if not folder.is_dir():
        return 0
    oldest = time.time() - ORPHAN_AGE
    old = [p for p in folder.iterdir() if p.is_file() and p.stat().st_mtime < oldest]
    if not old:
        return 0
    with plain(ctx) as sql:
        known = {str(name) for (name,) in sql.rows("SELECT stored_name FROM evidence")}
    orphans = [p for p in old if p.name not in known]
    from certdesk.services.files import shred  # with the sealing keys: only when needed

    for path in orphans:
        shred(path)
    return len(orphans)
