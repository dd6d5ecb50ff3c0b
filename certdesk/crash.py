"""Crash reports: an unexpected error is a bug; it is saved locally, never sent.

A report holds what a developer needs and nothing a user typed: the version,
the platform, and for the error and every error it came from, its type and
the code locations it passed through (file, line, function). No message, no
value, no SQL parameter: those can hold notes, names and phone numbers. The
report is readable by its owner only (0600 in a 0700 folder).
"""

from __future__ import annotations

import os
import platform
import sys
import traceback
from pathlib import Path

from certdesk import __version__, clock
from certdesk.paths import user_data_dir

ROOT = Path(__file__).resolve().parents[1]


def crash_dir() -> Path:
    return user_data_dir() / "crash-reports"


def _where(filename: str) -> str:
    """A source file as a path inside CertDesk or its libraries, never the user's folders."""
    path = Path(filename)
    for base in (ROOT, *(Path(p) for p in sys.path if p)):
        try:
            return str(path.resolve().relative_to(base.resolve()))
        except ValueError:
            continue
    return path.name


def describe(error: BaseException) -> list[str]:
    """The error and its causes as types and code locations only."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{kind.__module__}.{kind.__qualname__}")
        lines.extend(
            f"  at {_where(frame.filename)}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(current.__traceback__)
        )
        current = current.__cause__ or current.__context__
        if current is not None:
            lines.append("which came from:")
    return lines


def save_crash_report(error: BaseException) -> Path:
    """Write the error's types and code locations with version details; returns the path."""
    folder = crash_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    now = clock.now()
    path = folder / f"crash-{now:%Y%m%d-%H%M%S-%f}.txt"
    lines = [
        f"CertDesk {__version__} crash report, {now.isoformat()}",
        f"Python {sys.version.split()[0]} on {platform.system()} {platform.machine()}",
        "",
        *describe(error),
    ]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path
