"""The composition root: starts the desktop app or the command line."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from certdesk.i18n import _, set_language


def _no_display() -> bool:
    """On Linux, a window needs X11 or Wayland (or an explicit Qt platform)."""
    if not sys.platform.startswith("linux"):
        return False
    names = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    return not any(os.environ.get(name) for name in names)


def main(argv: Sequence[str] | None = None) -> int:
    """`certdesk` with no command opens the desktop app; any command runs the command line."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--self-test"]:
        from certdesk.selftest import run as self_test

        return self_test()
    if not args:
        set_language()
        if _no_display():
            print(
                "certdesk: "
                + _(
                    "no graphical display here to open the window on; use the "
                    "command line (certdesk --help) or a desktop session"
                ),
                file=sys.stderr,
            )
            return 1
        from certdesk.ui.app import run

        return run()
    # Imported here: the command line pulls in the store (SQLAlchemy and
    # friends, ~0.6 s) that the window must not wait for.
    from certdesk.cli import main as cli_main

    return cli_main(args)
