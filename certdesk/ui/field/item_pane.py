"""The item pane: requirement, guidance, answer controls, note, claim, evidence, findings."""

from __future__ import annotations

from html import escape
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from certdesk import labels
from certdesk.domain.assessment import EvidenceKind
from certdesk.domain.framework import NA
from certdesk.i18n import _, current_language
from certdesk.services.assessment.workspace import Workspace
from certdesk.ui.field.findings_pane import met_with_major_text
from certdesk.ui.field.note_edit import NoteEdit


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if name:
        label.setObjectName(name)
    return label


class ItemPane(QScrollArea):
    """Shows one item; emits `answered(item_id, code, note)` when the user answers."""

    answered = Signal(str, object, str)
    attach = Signal(str, list)
    request = Signal(str, str)  # (action, item or evidence id): open, remove, sighted, finding

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self.item_id: str | None = None
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        self.title = _label(name="itemTitle")
        self.badges = _label(name="badges")
        self.requirement = _label(name="requirement")
        self.evidence_heading = _label(_("Evidence that shows it"), "heading")
        self.evidence = _label()
        self.guidance_heading = _label(_("Assessor guidance"), "heading")
        self.guidance = _label()
        self.claim = _label(name="claim")
        self.levels = _label(name="levels")
        self.buttons = QButtonGroup(self)
        self.buttons.setExclusive(True)
        self.answer_row = QHBoxLayout()
        self.note = NoteEdit()
        self.note.setMaximumHeight(110)
        self.justifying = False
        """The user chose `not applicable` and is typing why: the answer waits for it."""
        self.note_timer = QTimer(self, singleShot=True, interval=600)
        self.note_timer.timeout.connect(self._save_note)
        self.note.textChanged.connect(self.note_timer.start)
        self.note.left.connect(self.save_note_now)
        self._attachments()
        for widget in (
            self.title,
            self.badges,
            self.requirement,
            self.evidence_heading,
            self.evidence,
            self.guidance_heading,
            self.guidance,
            self.claim,
        ):
            layout.addWidget(widget)
        layout.addSpacing(6)
        layout.addWidget(_label(_("Answer"), "heading"))
        layout.addLayout(self.answer_row)
        layout.addWidget(self.levels)
        layout.addWidget(self.note)
        self._attachments_layout(layout)
        layout.addStretch(1)

    def _attachments(self) -> None:
        self.attached = QListWidget()
        self.attached.setMaximumHeight(96)
        self.attached.itemDoubleClicked.connect(lambda _i: self._evidence_action("open"))
        self.findings_list = QListWidget()
        self.findings_list.setMaximumHeight(80)
        self.findings_list.itemActivated.connect(self._edit_finding)
        self.contradiction = _label(met_with_major_text(), "banner")
        self.contradiction.hide()
        self.attach_button = QPushButton(_("Attach file…"))
        self.attach_button.clicked.connect(self._choose_files)
        self.open_button = QPushButton(_("Open"))
        self.open_button.clicked.connect(lambda: self._evidence_action("open"))
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.clicked.connect(lambda: self._evidence_action("remove"))
        self.sighted_button = QPushButton(_("Sighted document…"))
        self.sighted_button.clicked.connect(
            lambda: self.request.emit("sighted", self.item_id or "")
        )
        self.finding_button = QPushButton(_("Add finding…"))
        self.finding_button.clicked.connect(
            lambda: self.request.emit("finding", self.item_id or "")
        )
        self.setAcceptDrops(True)

    def _attachments_layout(self, layout: QVBoxLayout) -> None:
        layout.addWidget(_label(_("Evidence (drop files here to attach them)"), "heading"))
        layout.addWidget(self.attached)
        row = QHBoxLayout()
        for button in (
            self.attach_button,
            self.sighted_button,
            self.open_button,
            self.remove_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        self.findings_heading = _label(_("Findings"), "heading")
        layout.addWidget(self.findings_heading)
        layout.addWidget(self.findings_list)
        layout.addWidget(self.contradiction)
        findings_row = QHBoxLayout()
        findings_row.addWidget(self.finding_button)
        self.all_findings_button = QPushButton(_("All findings…"))
        self.all_findings_button.clicked.connect(lambda: self.request.emit("edit-finding", ""))
        findings_row.addWidget(self.all_findings_button)
        findings_row.addStretch(1)
        layout.addLayout(findings_row)

    def show_item(self, item_id: str | None) -> None:
        if item_id != self.item_id:
            self.save_note_now()  # what was typed for the item being left
            self.justifying = False
        self.note_timer.stop()
        self.item_id = item_id
        item = self.workspace.framework.item(item_id) if item_id else None
        body = self.widget()
        if body is not None:
            body.setVisible(item is not None)
        if item is None:
            return
        lang, ws = current_language(), self.workspace
        self.title.setText(f"<b>{item.id}</b>")
        badges = []
        if item.mandatory:
            badges.append(_("Mandatory (knock-out)"))
        if item.weight != 1:
            badges.append(_("Weight {w}").format(w=item.weight))
        self.badges.setText("  ·  ".join(badges))
        self.badges.setVisible(bool(badges))
        self.requirement.setText(item.requirement.get(lang))
        self.evidence.setText(item.evidence.get(lang))
        guidance = item.assessor_guidance.get(lang) if item.assessor_guidance else ""
        hidden = ws.self_mode or not guidance
        self.guidance_heading.setHidden(hidden)
        self.guidance.setHidden(hidden)
        self.guidance.setText(guidance)
        claim = ws.claims.get(item.id)
        self.claim.setVisible(claim is not None)
        if claim is not None:
            self.claim.setText(
                _("Supplier's claim: {answer}").format(answer=ws.answer_label(claim, item.id))
            )
        self._answer_buttons(item.id)
        held = ws.held.get(item.id)
        if not self.justifying:
            self.note.blockSignals(True)
            self.note.setPlainText(held.note or "" if held else "")
            self.note.blockSignals(False)
        self._note_state(bool(held and held.code))
        self._show_attachments(item.id)
        self._lock()

    def _show_attachments(self, item_id: str) -> None:
        ws = self.workspace
        self.attached.clear()
        for ev in ws.evidence.get(item_id, []):
            text = (
                ev.name
                if ev.kind is EvidenceKind.FILE
                else _("{title} (sighted, not copied)").format(title=ev.name)
            )
            entry = QListWidgetItem(text)
            entry.setData(Qt.ItemDataRole.UserRole, ev.id)
            self.attached.addItem(entry)
        if not ws.evidence.get(item_id):
            self.attached.addItem(_("No evidence attached"))
        self.findings_list.clear()
        for finding in ws.findings.get(item_id, []):
            extra = ", ".join(x for x in (finding.owner, finding.due) if x)
            text = f"[{labels.severity(finding.severity)}] {finding.description}"
            shown = QListWidgetItem(
                f"#{finding.short_id} {text} ({extra})" if extra else f"#{finding.short_id} {text}"
            )
            shown.setToolTip(_("Finding ID {id}").format(id=finding.id))  # what a response names
            shown.setData(Qt.ItemDataRole.UserRole, finding.id)
            self.findings_list.addItem(shown)
        proposed = ws.result.facts.proposed_findings.get(item_id)
        if proposed is not None and not ws.self_mode:
            line = _("Proposed finding ({severity}): open until one is written")
            shown = QListWidgetItem(line.format(severity=labels.severity(proposed)))
            shown.setToolTip(
                _("This failed item counts as an open finding until you write one for it.")
            )
            self.findings_list.addItem(shown)
        elif not ws.findings.get(item_id):
            self.findings_list.addItem(_("No open findings"))
        else:
            self.findings_list.setToolTip(_("Enter or double-click: edit, close or delete"))
        self.contradiction.setVisible(not ws.self_mode and ws.met_with_major(item_id))

    def _lock(self) -> None:
        """A final or imported assessment is shown, not changed; a supplier assessing
        itself sees no assessor's tools (findings, sighted documents)."""
        ws = self.workspace
        editable = not ws.read_only
        for button in self.buttons.buttons():
            button.setEnabled(editable)
        self.note.setReadOnly(not editable)
        for button in (self.attach_button, self.sighted_button, self.remove_button):
            button.setEnabled(editable)
        self.finding_button.setEnabled(editable)
        assessor = not ws.self_mode
        for widget in (
            self.sighted_button,
            self.findings_heading,
            self.findings_list,
            self.finding_button,
            self.all_findings_button,
        ):
            widget.setVisible(assessor)

    def _answer_buttons(self, item_id: str) -> None:
        """The item's answer buttons: made again only when its scale differs from the last
        item's (moving through a criterion keeps the same buttons), checked as held."""
        item = self.workspace.framework.item(item_id)
        assert item is not None
        codes = list(self.workspace.framework.scale_of(item).codes)
        held = self.workspace.held.get(item_id)
        if codes != [b.property("code") for b in self.buttons.buttons()]:
            self._make_answer_buttons(codes)
        self.buttons.setExclusive(False)  # an exclusive group cannot uncheck its last button
        for position, button in enumerate(self.buttons.buttons(), start=1):
            code = button.property("code")
            key = "N" if code == NA else str(position)
            button.setText(f"{self.workspace.answer_label(code, item_id)}  [{key}]")
            button.setChecked(bool(held and held.code == code))
            meaning = item.level_descriptors.get(code)
            button.setToolTip(meaning.get(current_language()) if meaning else "")
        self.buttons.setExclusive(True)
        self._level_meanings(item_id)

    def _level_meanings(self, item_id: str) -> None:
        """What each level means for this item, when the framework says (so two assessors
        rate alike)."""
        item = self.workspace.framework.item(item_id)
        assert item is not None
        lang = current_language()
        meanings = item.level_descriptors
        lines = [
            f"<b>{escape(self.workspace.answer_label(level.code, item_id))}</b>: "
            f"{escape(meanings[level.code].get(lang))}"
            for level in self.workspace.framework.scale_of(item).levels
            if level.code in meanings
        ]
        self.levels.setText("<br>".join(lines))
        self.levels.setVisible(bool(lines))

    def _make_answer_buttons(self, codes: list[str]) -> None:
        while self.answer_row.count():
            taken = self.answer_row.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        for button in self.buttons.buttons():
            self.buttons.removeButton(button)
        for code in codes:
            button = QPushButton()
            button.setCheckable(True)
            button.setProperty("code", code)
            button.clicked.connect(lambda _checked=False, c=code: self.choose(c))
            self.buttons.addButton(button)
            self.answer_row.addWidget(button)
        self.answer_row.addStretch(1)
        chain = [
            *self.buttons.buttons(),
            self.note,
            self.attached,
            self.attach_button,
            self.sighted_button,
            self.open_button,
            self.remove_button,
            self.findings_list,
            self.finding_button,
            self.all_findings_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)  # Tab goes down the pane as it reads

    def _edit_finding(self, entry: QListWidgetItem) -> None:
        finding_id = entry.data(Qt.ItemDataRole.UserRole)
        if finding_id:
            self.request.emit("edit-finding", str(finding_id))

    def _evidence_action(self, action: str) -> None:
        current = self.attached.currentItem()
        evidence_id = current.data(Qt.ItemDataRole.UserRole) if current else None
        if evidence_id:
            self.request.emit(action, str(evidence_id))

    def _choose_files(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(self, _("Attach evidence"))
        if names and self.item_id:
            self.attach.emit(self.item_id, [Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.item_id and not self.workspace.read_only:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths and self.item_id and not self.workspace.read_only:
            self.attach.emit(self.item_id, paths)
            event.acceptProposedAction()

    def choose(self, code: str | None) -> None:
        if self.item_id is not None:
            self.answered.emit(self.item_id, code, self.note.toPlainText())

    def _note_state(self, answered: bool) -> None:
        """A note belongs to an answer: it can be typed once the item is answered, or while
        a `not applicable` waits for its justification."""
        self.note.setEnabled(answered or self.justifying)
        if self.justifying:
            self.note.setPlaceholderText(_("Why does this item not apply here? (required)"))
        elif answered:
            self.note.setPlaceholderText(_("Note (for 'not applicable': the justification)"))
        else:
            self.note.setPlaceholderText(_("Answer the item first; then add a note here"))

    def await_justification(self) -> None:
        """`Not applicable` was chosen without a reason: ask for it in the note itself."""
        self.justifying = True
        self._note_state(answered=False)
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def save_note_now(self) -> None:
        """Save the note typed so far, now (the focus or the item is changing)."""
        if self.note_timer.isActive() or self.justifying:
            self.note_timer.stop()
            self._save_note()

    def _save_note(self) -> None:
        text = self.note.toPlainText()
        if self.item_id and self.justifying:
            if text.strip():
                self.justifying = False
                self.answered.emit(self.item_id, NA, text)
            return
        held = self.workspace.held.get(self.item_id or "")
        if self.item_id and held and held.code and (held.note or "") != text:
            self.answered.emit(self.item_id, held.code, text)
