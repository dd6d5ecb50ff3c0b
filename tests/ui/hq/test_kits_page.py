"""Headquarters' kits: issued through the dialog on a real database, listed with their state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QTableWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from certdesk.services.assessment import listing
from certdesk.services.assessment.supplier_edit import SupplierFields, add_supplier
from certdesk.services.assessment.suppliers import list_suppliers
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.exchange import kit_in, kit_out, trust
from certdesk.services.exchange.kit_list import KitState, issued_kits
from certdesk.services.exchange.kit_out import KitIssued
from certdesk.ui import settings as options
from certdesk.ui.hq.issue_kit import IssueKitDialog
from certdesk.ui.hq.kits_page import OVERDUE, KitsDialog
from certdesk.ui.settings import Settings
from tests.support.exchange import Actor, table_digest
from tests.support.workspace import BUSINESS_ID


@dataclass
class Hq:
    ctx: Context
    field: Actor
    assessor: str
    """The trusted assessor key's fingerprint."""
    host: QWidget
    folder: Path


@pytest.fixture
def hq(tmp_path: Path, qtbot: QtBot) -> Iterator[Hq]:
    """Headquarters' database: one supplier with one site, an assessor's key trusted."""
    field, office = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    key = field.public_file("assessor")
    with office.acting() as ctx:
        add_supplier(ctx, BUSINESS_ID, SupplierFields("한빛정밀", sites=("구미 공장",)))
        fingerprint = trust.trust(ctx, key, "김심사", "assessor", None).id
        host = QWidget()
        qtbot.addWidget(host)
        yield Hq(ctx, field, fingerprint, host, tmp_path)
        ctx.close()


def _issue_button(dialog: IssueKitDialog) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def _cell(page: KitsDialog, row: int, column: int) -> QTableWidgetItem:
    item = page.table.item(row, column)
    assert item is not None
    return item


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _id(hq: Hq) -> str:
    [known] = list_suppliers(hq.ctx)
    return known.id


def test_a_kit_issued_through_the_dialog_is_written_and_listed_as_sent(
    hq: Hq, qtbot: QtBot, warned: list[str], clock: date
) -> None:
    settings = Settings()
    page = KitsDialog(hq.host, hq.ctx, settings)
    page.show()
    changes: list[Changes] = []
    page.ops.changed.connect(changes.append)
    assert page.rows == []
    assert page.empty.text() == "No kits issued yet."
    qtbot.mouseClick(page.issue_button, Qt.MouseButton.LeftButton)
    dialog = page.issuer
    assert dialog is not None
    assert dialog.isVisible()
    assert dialog.due.date() == _qdate(clock + timedelta(days=30))
    dialog.supplier.setCurrentIndex(dialog.supplier.findData(_id(hq)))
    assert dialog.site.currentText() == "구미 공장"  # the supplier's only site
    assert dialog.profile.value() == "design-data"  # the framework's default
    dialog.scope_edits["processes"].setText("사출, 조립")
    dialog.mode.setCurrentIndex(dialog.mode.findData("self"))
    assert dialog.recipient.count() == 1  # a self-assessment goes to the supplier's own key
    dialog.mode.setCurrentIndex(dialog.mode.findData("onsite"))
    dialog.recipient.setCurrentIndex(dialog.recipient.findData(hq.assessor))
    assert dialog.recipient.currentIndex() == 1
    dialog.file.setText(str(hq.folder / "한빛 kit"))
    _issue_button(dialog)
    out = hq.folder / "한빛 kit.cdkit"
    assert warned == []
    assert not dialog.isVisible()
    assert out.is_file()
    assert settings.get(options.LAST_FOLDER) == str(hq.folder)
    assert dialog.shown is not None
    assert dialog.shown.informativeText() == str(out)
    assert "김심사" in dialog.shown.text()
    [issued] = changes
    assert isinstance(issued, KitIssued)
    [kit] = page.rows
    assert (kit.state, kit.recipient, kit.site) == (KitState.SENT, "김심사", "구미 공장")
    assert kit.scope == {"processes": ["사출", "조립"]}
    assert kit.due == clock + timedelta(days=30)
    cells = [_cell(page, 0, c).text() for c in range(page.table.columnCount())]
    assert cells[0] == "한빛정밀 (124-81-00998)"
    assert cells[1:2] + cells[3:6] == ["구미 공장", "On-site", kit.due.isoformat(), "Sent"]
    assert page.selected_id() == kit.id
    assert "Encrypted to 김심사" in page.detail.text()
    with hq.field.acting() as field:  # the assessor opens it with their own key
        aid = kit_in.import_kit(field, out, issued.fingerprint).id
        opened = listing.show(field, aid)
    assert (opened.site, opened.profile) == ("구미 공장", "design-data")
    assert opened.scope["processes"] == ["사출", "조립"]


def test_no_supplier_or_a_past_due_date_is_refused_in_place(
    hq: Hq, warned: list[str], clock: date
) -> None:
    dialog = IssueKitDialog(hq.host, hq.ctx, Settings())
    dialog.open()
    target = hq.folder / "k.cdkit"
    dialog.file.setText(str(target))
    dialog.scope_edits["processes"].setText("사출")
    before = table_digest(hq.ctx)
    _issue_button(dialog)
    assert warned == ["choose the supplier the kit is for"]
    assert dialog.isVisible()
    assert (dialog.file.text(), dialog.scope_edits["processes"].text()) == (str(target), "사출")
    dialog.supplier.setCurrentIndex(dialog.supplier.findData(_id(hq)))
    dialog.site.setEditText("평택 공장")
    dialog.due.setDate(_qdate(clock - timedelta(days=1)))
    _issue_button(dialog)
    assert warned[1] == "the due date has passed: choose today or a later day"
    assert dialog.isVisible()
    assert dialog.due.date() == _qdate(clock - timedelta(days=1))
    assert (dialog.site.currentText(), dialog.file.text()) == ("평택 공장", str(target))
    dialog.scope_edits["processes"].setText("")
    dialog.due.setDate(_qdate(clock))
    _issue_button(dialog)
    assert warned[2] == "fill in the scope first: Production processes"
    assert dialog.isVisible()
    assert not target.exists()
    assert table_digest(hq.ctx) == before
    assert issued_kits(hq.ctx) == []
    dialog.scope_edits["processes"].setText("사출")
    _issue_button(dialog)  # due today: accepted
    assert len(warned) == 3
    assert not dialog.isVisible()
    assert target.is_file()
    [kit] = issued_kits(hq.ctx)
    assert (kit.site, kit.due, kit.recipient) == ("평택 공장", clock, None)


def test_the_list_marks_overdue_kits_and_filters_by_state(hq: Hq, clock: date) -> None:
    def issue(name: str, due: date) -> str:
        out = hq.folder / f"{name}.cdkit"
        return kit_out.issue_kit(
            hq.ctx, BUSINESS_ID, "nist-sp800-171r2", out, due=due.isoformat()
        ).kit

    late = issue("late", clock - timedelta(days=3))
    later = issue("later", clock + timedelta(days=3))
    page = KitsDialog(hq.host, hq.ctx, Settings())
    page.show()
    assert [k.id for k in page.rows] == [later, late]
    assert [_cell(page, n, 5).text() for n in range(2)] == ["Sent", "Overdue"]
    assert _cell(page, 1, 5).foreground() == OVERDUE
    assert _cell(page, 1, 5).font().bold()
    assert _cell(page, 0, 5).foreground() != OVERDUE
    page.show_state.setCurrentIndex(page.show_state.findData("overdue"))
    assert [k.id for k in page.rows] == [late]
    page.show_state.setCurrentIndex(page.show_state.findData("sent"))
    assert [k.id for k in page.rows] == [later]
    page.show_state.setCurrentIndex(page.show_state.findData("returned"))
    assert page.rows == []
    assert page.empty.isVisible()
    assert page.empty.text() == "No kits in this state."
    page.show_state.setCurrentIndex(0)
    page.table.selectRow(1)
    assert page.detail.text().startswith("Not encrypted")
