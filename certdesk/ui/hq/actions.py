"""Headquarters' menu actions: import result packages (menu or drag and drop), the portfolio."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from certdesk.domain.roles import DatabaseRole
from certdesk.i18n import _
from certdesk.services import messages
from certdesk.ui.operations import Task
from certdesk.ui.pages import Shell

if TYPE_CHECKING:  # the pages and the services load after the window shows
    from certdesk.ui.hq.import_results import ImportResults
    from certdesk.ui.hq.portfolio_page import PortfolioPage


class HqActions:
    def __init__(self, shell: Shell, parent: QWidget) -> None:
        self.shell, self.parent = shell, parent
        self.portfolio: PortfolioPage | None = None
        self.last_import: ImportResults | None = None

    def populate(self, menu: QMenu, action: Callable[..., QAction]) -> None:
        self.packages_action = action(menu, _("Import result &packages…"), self.choose_packages)
        self.portfolio_action = action(menu, _("&Portfolio"), self.show_portfolio)

    @property
    def active(self) -> bool:
        ctx = self.shell.ctx
        return ctx is not None and ctx.role is DatabaseRole.HQ

    def update(self) -> None:
        hq = self.active
        reason = "" if hq else messages.needs_hq()
        for entry in (self.packages_action, self.portfolio_action):
            entry.setEnabled(hq)
            entry.setStatusTip(reason)
            entry.setToolTip(reason)

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
        return self.shell.ops.background(
            _("Importing {n} files…").format(n=len(paths)),
            lambda _report: results_in.import_files(ctx, paths),
            lambda imported: self._imported(imported, show),
        )

    def _imported(self, imported: object, show: bool) -> None:
        from certdesk.services.exchange.inbound import Imported
        from certdesk.ui.hq.import_results import ImportResults

        assert isinstance(imported, Imported)
        self.last_import = ImportResults(imported.outcomes, self.parent)
        if show:
            self.last_import.open()

    def show_portfolio(self) -> None:
        ctx = self.shell.ctx
        if ctx is None or not self.active:
            self.shell.say(messages.needs_hq())
            return
        if self.portfolio is None:
            from certdesk.ui.hq.portfolio_page import PortfolioPage

            self.portfolio = PortfolioPage(ctx)
        self.shell.show_page(self.portfolio)
