"""Choosing the applicability profiles of an assessment: one or several at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from certdesk.domain.framework import PROFILE_JOIN, Framework
from certdesk.i18n import _, current_language

ID_ROLE = Qt.ItemDataRole.UserRole


class ProfileChoice(QListWidget):
    """The framework's profiles, each with a check box; the default one checked at first.
    Several checked apply together (the items of any of them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(_("Check every profile that describes the assessed site or service"))

    def set_framework(self, fw: Framework | None) -> None:
        self.clear()
        lang = current_language()
        default = fw.profile(None) if fw else None
        for profile in fw.profiles if fw else ():
            entry = QListWidgetItem(profile.title.get(lang), self)
            entry.setData(ID_ROLE, profile.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            chosen = default is not None and profile.id == default.id
            entry.setCheckState(Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked)
        self.setEnabled(self.count() > 0)
        rows = min(max(self.count(), 1), 6)  # as tall as its profiles, up to six rows
        self.setFixedHeight(self.sizeHintForRow(0) * rows + 2 * self.frameWidth() + 2)

    def choose(self, ref: str | None) -> None:
        """Check exactly the profiles `ref` names (ids joined with `+`)."""
        wanted = set((ref or "").split(PROFILE_JOIN))
        for n in range(self.count()):
            entry = self.item(n)
            on = entry.data(ID_ROLE) in wanted
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def value(self) -> str | None:
        """The checked profiles' ids joined with `+`; None (the default) when none is."""
        checked = [
            str(self.item(n).data(ID_ROLE))
            for n in range(self.count())
            if self.item(n).checkState() == Qt.CheckState.Checked
        ]
        return PROFILE_JOIN.join(checked) or None
