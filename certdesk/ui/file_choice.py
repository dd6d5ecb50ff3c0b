"""Choosing where a file goes, and saying where it went: one way for every export.

The folder chosen last is offered again (a session at a supplier writes many files
to one USB stick); after writing, the message offers to open the folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from certdesk.i18n import _
from certdesk.ui import settings as options
from certdesk.ui.settings import Settings


def last_folder(settings: Settings) -> Path:
    remembered = settings.get(options.LAST_FOLDER)
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def remember(settings: Settings, path: Path) -> None:
    settings.set(options.LAST_FOLDER, str(path.parent))


def save_to(
    parent: QWidget, settings: Settings, title: str, name: str, pattern: str
) -> Path | None:
    """Ask where to save `name` (in the last folder); None when cancelled."""
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, title, str(last_folder(settings) / name), pattern
    )
    if not chosen:
        return None
    path = Path(chosen)
    remember(settings, path)
    return path


def open_from(parent: QWidget, settings: Settings, title: str, pattern: str) -> list[Path]:
    """Ask for files to read (from the last folder); empty when cancelled."""
    chosen, _filter = QFileDialog.getOpenFileNames(
        parent, title, str(last_folder(settings)), pattern
    )
    paths = [Path(c) for c in chosen]
    if paths:
        remember(settings, paths[0])
    return paths


def open_folder(path: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def written(parent: QWidget, title: str, text: str, path: Path) -> QMessageBox:
    """Say what was written where, with a button that opens its folder (not modal: the
    work goes on)."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    box.setInformativeText(str(path))
    opener = box.addButton(_("Open folder"), QMessageBox.ButtonRole.ActionRole)
    opener.clicked.connect(lambda: open_folder(path))
    box.addButton(QMessageBox.StandardButton.Close)
    box.setModal(False)
    box.show()
    return box
