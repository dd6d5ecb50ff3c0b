"""Help > Keyboard shortcuts: every key the workspace answers to, in the chosen language."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from certdesk.i18n import _


def shortcut_rows() -> list[tuple[str, str]]:
    return [
        ("1 – 6", _("Choose the item's answer (its position on the scale)")),
        ("N", _("Not applicable (the note then asks why)")),
        ("Delete", _("Clear the answer")),
        ("J / K", _("Next / previous unanswered item")),
        ("Tab", _("Move from the answers to the note, evidence and findings")),
        ("Esc", _("From the note back to the item tree")),
        ("Ctrl+F", _("Search items")),
        ("Ctrl+Shift+F", _("Every finding of the assessment")),
        ("Ctrl+Z / Ctrl+Shift+Z", _("Undo / redo")),
        ("Ctrl+N", _("New assessment")),
        ("Ctrl+K", _("Import a kit from headquarters")),
        ("Ctrl+Shift+E", _("Send to headquarters")),
        ("Ctrl+Home", _("The list of assessments")),
        ("Ctrl+O", _("Open a database")),
    ]


def show_shortcuts(parent: QWidget) -> QMessageBox:
    rows = "".join(
        f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(what)}</td></tr>"
        for keys, what in shortcut_rows()
    )
    box = QMessageBox(QMessageBox.Icon.NoIcon, _("Keyboard shortcuts"), f"<table>{rows}</table>")
    box.setParent(parent, box.windowFlags())
    box.setModal(False)
    box.show()
    return box
