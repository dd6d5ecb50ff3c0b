"""The crash dialog: an unexpected error is saved locally; nothing is sent anywhere."""

from __future__ import annotations

import sys
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from certdesk.i18n import _


def install() -> None:
    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        from certdesk.crash import save_crash_report  # only when it happens: not at start-up

        report = save_crash_report(error.with_traceback(trace))
        print(f"certdesk: crash report saved to {report}", file=sys.stderr)
        if QApplication.instance() is not None:
            QMessageBox.critical(
                None,
                _("CertDesk: unexpected error"),
                _(
                    "Something went wrong inside CertDesk (a bug). Your answers are saved as you "
                    "go, so nothing you entered before this is lost.\n\nA report was saved on this "
                    "computer only:\n{path}\n\nPlease send it to your CertDesk support contact."
                ).format(path=report),
            )

    sys.excepthook = hook
