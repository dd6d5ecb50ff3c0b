"""Who is working at this computer: one answer for the audit log and the database lock."""

from __future__ import annotations

import getpass
import os


def login_name() -> str:
    """CERTDESK_USER, else the operating system's login name ("unknown" if it has none)."""
    try:
        return os.environ.get("CERTDESK_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
