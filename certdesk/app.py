"""The composition root: starts the desktop app or the command line."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from certdesk.cli import main as cli_main


def main(argv: Sequence[str] | None = None) -> int:
    """`certdesk` with no command opens the desktop app; any command runs the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--self-test"]:
        from certdesk.selftest import run as self_test

        return self_test()
    if not args:
        from certdesk.ui.app import run

        return run()
    return cli_main(args)
