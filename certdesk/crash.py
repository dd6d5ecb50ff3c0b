"""Crash reports: an unexpected error is a bug; it is saved locally, never sent."""

from __future__ import annotations

import platform
import sys
import traceback
from pathlib import Path

from certdesk import __version__, clock
from certdesk.paths import user_data_dir


def crash_dir() -> Path:
    return user_data_dir() / "crash-reports"


def save_crash_report(error: BaseException) -> Path:
    """Write the error's traceback with version details; returns the report's path."""
    folder = crash_dir()
    folder.mkdir(parents=True, exist_ok=True)
    now = clock.now()
    path = folder / f"crash-{now:%Y%m%d-%H%M%S-%f}.txt"
    lines = [
        f"CertDesk {__version__} crash report, {now.isoformat()}",
        f"Python {sys.version.split()[0]} on {platform.platform()}",
        "",
        *traceback.format_exception(error),
    ]
    path.write_text("\n".join(line.rstrip("\n") for line in lines) + "\n", encoding="utf-8")
    return path
