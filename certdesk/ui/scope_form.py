"""A framework's scope fields (site, production processes, products...) as form rows: one
line a field, marked * where required, a comma-separated list where it takes several.
Text typed survives a change of framework. Used where an assessment or a kit is made."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from certdesk.domain.framework import ScopeField
from certdesk.i18n import _, current_language


class ScopeForm(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.fields: tuple[ScopeField, ...] = ()
        self.edits: dict[str, QLineEdit] = {}

    def set_fields(self, fields: tuple[ScopeField, ...]) -> None:
        typed = {key: edit.text() for key, edit in self.edits.items()}
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields, self.edits = fields, {}
        lang = current_language()
        for f in fields:
            edit = QLineEdit(typed.get(f.id, ""))
            hint = f.help.get(lang) if f.help else ""
            if f.multiple:
                hint = _("{hint} (comma-separated)").format(hint=hint) if hint else ""
            edit.setPlaceholderText(hint or (_("comma-separated") if f.multiple else ""))
            title = f.label.get(lang)
            self.form.addRow(f"{title} *" if f.required else title, edit)
            self.edits[f.id] = edit
        self.setVisible(bool(fields))

    def values(self, leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
        """What was typed, by field: a list where the field takes several; empty ones out."""
        scope: dict[str, Any] = {}
        for f in self.fields:
            text = self.edits[f.id].text().strip()
            if f.id in leave_out or not text:
                continue
            scope[f.id] = [p.strip() for p in text.split(",") if p.strip()] if f.multiple else text
        return scope
