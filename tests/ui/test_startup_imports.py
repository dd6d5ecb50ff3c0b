"""The window shows before the store loads: start-up imports stay light."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "keyring", "cryptography", "PIL", "openpyxl")


def test_the_entry_point_and_window_do_not_import_the_store() -> None:
    code = (
        "import sys, certdesk.app, certdesk.ui.app, certdesk.ui.main_window\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
