"""Printing for the command line: one JSON writer for scripts, short lines for people."""

from __future__ import annotations

import dataclasses
import json
import sys
from datetime import date, datetime
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import Any

from certdesk.errors import UserError
from certdesk.i18n import _

EXIT_OK = 0
EXIT_USER = 1
"""A user error: one line on stderr says what to do."""
EXIT_USAGE = 2
"""The command's words are off (argparse's own code)."""
EXIT_NO = 3
"""A verification said no: a broken audit chain, an invalid certificate, a refused file."""
EXIT_BUG = 70
"""An unexpected error (a bug): a crash report was saved locally."""
EXIT_INTERRUPTED = 130
"""Ctrl+C."""
EXIT_BROKEN_PIPE = 141
"""The reader of the output went away (`| head`), as other Unix tools end."""


def plain(value: Any) -> Any:
    """Any read model as JSON data: dataclasses as objects, dates as ISO text, enums as codes."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Fraction | Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


def emit_json(data: Any) -> None:
    json.dump(plain(data), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(error: UserError) -> int:
    """Print a user error as `certdesk: MESSAGE` (plus detail lines) and return 1."""
    print(f"certdesk: {error.message}", file=sys.stderr)
    for line in error.details:
        print(line, file=sys.stderr)
    return EXIT_USER


def profile_help() -> str:
    """The help of every --profile option."""
    return _("applicability profile; several joined with + apply together (change+cctv)")
