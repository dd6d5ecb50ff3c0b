"""`certdesk --self-test`: proves an installation works, for the packaged build's CI.

It loads the bundled frameworks, scores a sample, writes an encrypted
database in the user data folder, opens the desktop window offscreen on it,
and exits 0; any failure prints one line and exits 1.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise AssertionError(what)


def run() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        _frameworks_and_score()
        path = _database()
        _window(path)
    except Exception as exc:  # a self-test reports every failure the same way
        print(f"self-test FAILED: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    print(f"self-test passed ({path})")
    return 0


def _frameworks_and_score() -> None:
    from certdesk.domain.answers import Answer
    from certdesk.domain.scoring import score
    from certdesk.services.library.frameworks import Library

    library = Library()
    ids = {e.framework.id for e in library.entries()}
    _check(
        {"industrial-security", "nist-sp800-171r2", "personal-information"} <= ids,
        f"bundled frameworks missing: {sorted(ids)}",
    )
    nist = library.find("nist-sp800-171r2")
    result = score(nist, {i.id: Answer("met") for i in nist.items()})
    _check(result.total == 110, f"NIST sample scored {result.total}, not 110")


def _database() -> Path:
    from certdesk.domain.assessment import Mode
    from certdesk.paths import user_data_dir
    from certdesk.services import opening
    from certdesk.services.assessment import answers, create
    from certdesk.services.assessment.suppliers import NewSupplier

    folder = Path(tempfile.mkdtemp(prefix="self-test-", dir=_ensure(user_data_dir())))
    path = folder / "self-test.db"
    ctx = opening.open_context(path, create_role="field")
    supplier = NewSupplier("자가 점검 주식회사", "124-81-00998")
    aid = create.new_assessment(ctx, supplier, "industrial-security", Mode.ONSITE).id
    answers.answer(ctx, aid, "1.1.1", "met")
    ctx.close()
    try:
        sqlite3.connect(path).execute("SELECT * FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        return path
    raise AssertionError("the database file is readable without its key")


def _ensure(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _window(path: Path) -> None:
    from certdesk.ui.selftest import open_and_close

    open_and_close(path)
