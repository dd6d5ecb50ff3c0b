"""Printing for the command line: JSON for scripts, short lines for people."""

from __future__ import annotations

import json
import sys
from typing import Any

from certdesk.errors import UserError


def emit_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def fail(error: UserError) -> int:
    """Print a user error as `certdesk: MESSAGE` (plus detail lines) and return 1."""
    print(f"certdesk: {error.message}", file=sys.stderr)
    for line in error.details:
        print(line, file=sys.stderr)
    return 1
