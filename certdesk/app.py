"""The composition root: builds what a run needs and starts the command line.

The desktop app will start from here too when `certdesk` runs with no command.
"""

from __future__ import annotations

from collections.abc import Sequence

from certdesk.cli import main as cli_main


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv)
