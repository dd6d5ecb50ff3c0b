"""Headquarters' menu: import result packages (menu or drag and drop), the portfolio, the
trust store, kits, the review of corrective actions and certificates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QMenu, QWidget

from certdesk.domain.roles import DatabaseRole
from certdesk.i18n import _
from certdesk.services import messages
from certdesk.ui.operations import Task
from certdesk.ui.pages import Shell
from certdesk.ui.roles import may, not_in_role

if TYPE_CHECKING:  # the pages and the services load after the window shows
    from certdesk.services.context import Context
    from certdesk.ui.hq.import_results import ImportResults
    from certdesk.ui.hq.portfolio_page import PortfolioPage


class HqActions:
    def __init__(self, shell: Shell, parent: QWidget) -> None:
        self.shell, self.parent = shell, parent
        self.portfolio: PortfolioPage | None = None
        self.last_import: ImportResults | None = None
        self.shown: QDialog | None = None

    def populate(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        """The Headquarters menu."""
        menu.setToolTipsVisible(True)  # a greyed entry says why
        self.packages_action = action(menu, _("Import result &packages…"), self.choose_packages)
        self.portfolio_action = action(menu, _("&Portfolio"), self.show_portfolio)
        menu.addSeparator()
        self.kits_action = action(menu, _("&Kits…"), self.show_kits)
        self.trust_action = action(menu, _("&Trusted keys…"), self.show_trust)
        self.review_action = action(menu, _("&Review corrective actions…"), self.show_review)
        self.certificates_action = action(menu, _("&Certificates…"), self.show_certificates)
        self.entries = [
            self.packages_action,
            self.portfolio_action,
            self.kits_action,
            self.trust_action,
            self.review_action,
            self.certificates_action,
        ]

    @property
    def active(self) -> bool:
        ctx = self.shell.ctx
        return ctx is not None and ctx.role is DatabaseRole.HQ

    def update(self) -> None:
        """Greyed, with the reason: everything outside a headquarters database; inside
        one on a server, importing when this person's role may not. Every dialog opens to
        be read; inside it, what the role may not change is greyed."""
        hq = self.active
        able = self._abilities() if hq else frozenset()
        needs = {self.packages_action: "import"}
        for entry in self.entries:
            wanted = needs.get(entry)
            allowed = hq and (wanted is None or wanted in able)
            reason = "" if allowed else messages.needs_hq() if not hq else not_in_role()
            entry.setEnabled(allowed)
            entry.setStatusTip(reason)
            entry.setToolTip(reason)

    def _abilities(self) -> frozenset[str]:
        from certdesk.services import team

        ctx = self.shell.ctx
        return team.abilities(ctx) if ctx is not None else frozenset()

    def forget(self) -> None:
        """Another database was opened: the portfolio page belongs to the old one."""
        if self.portfolio is not None:
            self.portfolio.setParent(None)
            self.portfolio.deleteLater()
            self.portfolio = None

    def choose_packages(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self.parent, _("Import result packages"), "", _("Result packages (*.cdpkg)")
        )
        if names:
            self.import_packages([Path(n) for n in names])

    def import_packages(self, paths: list[Path], show: bool = True) -> Task | None:
        """Verify and import result packages in the background; show each file's outcome."""
        from certdesk.services.exchange import results_in

        ctx = self.shell.ctx
        if ctx is None or not self.active:
            self.shell.say(messages.needs_hq())
            return None
        if not may(ctx, "import"):  # a drop, where no greyed entry could say it
            self.shell.say(not_in_role())
            return None
        return self.shell.ops.background(
            _("Importing {n} files…").format(n=len(paths)),
            lambda report: results_in.import_files(ctx, paths, report),
            lambda imported: self._imported(imported, show),
        )

    def _imported(self, imported: object, show: bool) -> None:
        from certdesk.services.exchange.inbound import Imported
        from certdesk.ui.hq.import_results import ImportResults

        assert isinstance(imported, Imported)
        self.last_import = ImportResults(imported.outcomes, self.parent)
        if show:
            self.last_import.open()

    def _dialog(self, make: Callable[[Context], QDialog]) -> QDialog | None:
        """A headquarters dialog, window-modal; what it changes reaches every page."""
        ctx = self.shell.ctx
        if ctx is None or not self.active:
            self.shell.say(messages.needs_hq())
            return None
        dialog = make(ctx)
        ops = getattr(dialog, "ops", None)
        if ops is not None:
            ops.changed.connect(self.shell.ops.changed)
        self.shown = dialog
        dialog.open()
        return dialog

    def show_kits(self) -> QDialog | None:
        from certdesk.ui.hq.kits_page import KitsDialog
        from certdesk.ui.settings import Settings

        return self._dialog(lambda ctx: KitsDialog(self.parent, ctx, Settings()))

    def show_trust(self) -> QDialog | None:
        from certdesk.ui.hq.trust_dialog import TrustDialog

        return self._dialog(lambda ctx: TrustDialog(self.parent, ctx))

    def show_review(self) -> QDialog | None:
        from certdesk.ui.hq.review_page import ReviewDialog

        return self._dialog(lambda ctx: ReviewDialog(self.parent, ctx))

    def show_certificates(self) -> QDialog | None:
        from certdesk.ui.hq.certificates_page import CertificatesDialog
        from certdesk.ui.settings import Settings

        return self._dialog(lambda ctx: CertificatesDialog(self.parent, ctx, Settings()))

    def show_portfolio(self) -> None:
        ctx = self.shell.ctx
        if ctx is None or not self.active:
            self.shell.say(messages.needs_hq())
            return
        if self.portfolio is None:
            from certdesk.ui.hq.portfolio_page import PortfolioPage

            self.portfolio = PortfolioPage(ctx)
        self.shell.show_page(self.portfolio)
