"""The supplier's side in the app, no command line: headquarters' self-assessment kit, the
questionnaire out, filled and re-saved by LibreOffice, back in with a preview, the result
sent; then the findings of the on-site audit come back and a response goes to headquarters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from certdesk import clock
from certdesk.domain.dates import add_months
from certdesk.services.assessment import findings, status, suppliers
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import kit_out, notice_out, results_in, results_out, trust
from certdesk.services.exchange.inbound import ImportStatus
from certdesk.services.hq import corrective
from certdesk.ui.field.kits import FingerprintDialog
from certdesk.ui.field.questionnaire_preview import QuestionnairePreview
from certdesk.ui.field.responses import ResponsesDialog
from certdesk.ui.field.send_dialog import SendDialog
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings
from tests.support.dialogs import when_shown
from tests.support.exchange import Actor, kit_assessment
from tests.support.libreoffice import resave
from tests.support.workspace import answer_all

BUSINESS_ID = "124-81-00998"


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _activate(window: MainWindow, qtbot: QtBot) -> None:
    window.activateWindow()  # offscreen: no window manager hands activation back
    qtbot.waitUntil(window.isActiveWindow)


def _cell(dialog: ResponsesDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None
    return item.text()


def _onsite_finding(hq: Actor, tmp_path: Path) -> tuple[str, str]:
    """An assessor's on-site result for the supplier, one major finding, imported at HQ."""
    assessor = Actor(tmp_path / "assessor", "field")
    aid = kit_assessment(hq, assessor, tmp_path, profile="standard")
    with assessor.acting() as ctx:
        answer_all(ctx, aid, tmp_path)
        due = add_months(clock.today(), 3).isoformat()
        finding = findings.add_finding(
            ctx, aid, "major", "Leavers keep their accounts", item_id="3.3.5", due=due
        ).id
        status.set_status(ctx, aid, "final")
        results_out.export_package(ctx, aid, tmp_path / "onsite.cdpkg")
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [tmp_path / "onsite.cdpkg"]).outcomes
        assert outcome.status is ImportStatus.IMPORTED, outcome.reason
    return aid, finding


@pytest.mark.slow
def test_the_supplier_journey_in_the_app(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_DEMO", "no")
    monkeypatch.setenv("CERTDESK_USER", "lee")
    hq = Actor(tmp_path / "hq", "hq")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()

    # The supplier's own database and keys; headquarters trusts the key for this supplier.
    window.open_database(tmp_path / "supplier" / "certdesk.db")
    assert window.ctx is not None
    keys = window.my_keys()
    _click(qtbot, keys.create_button)
    public = keys.export(tmp_path / "hanbit.pub")
    assert public is not None
    keys.close()
    kit = tmp_path / "self.cdkit"
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        trust.trust(ctx, public, "hanbit", "supplier", BUSINESS_ID)
        issued = kit_out.issue_kit(
            ctx, BUSINESS_ID, "industrial-security", kit, mode="self", profile="standard"
        )

    # The self-assessment kit, its key confirmed.
    when_shown(FingerprintDialog, lambda d: _click(qtbot, d.accept_button))
    aid = window.field.life.import_kit(kit)
    assert aid is not None
    page = window.page
    assert page is not None
    ws = page.workspace
    assert ws.self_mode
    _activate(window, qtbot)

    # Questionnaire out, filled in the office, saved again by LibreOffice.
    sheet = tmp_path / "out" / "questionnaire.xlsx"
    sheet.parent.mkdir()
    window.field.export("questionnaire", "xlsx", sheet)
    qtbot.waitUntil(lambda: window.field.shown is not None, timeout=30000)
    book = load_workbook(sheet)
    rows = book[book["_certdesk"]["B1"].value]
    items = [i.id for i in ws.items()]
    for row in range(2, len(items) + 2):
        rows.cell(row=row, column=6).value = "충족 (met)"  # the list's text, as chosen
    rows["F3"] = "부분 충족"  # typed as the label alone
    rows["G3"] = "두 부서만 시행"
    book.save(sheet)
    filled = resave(sheet, tmp_path / "office", tmp_path / "lo-profile")

    # Back in: the preview tells what it would write; Import writes it as one undo step.
    seen = when_shown(QuestionnairePreview, lambda d: _click(qtbot, d.ok))
    window.field.import_questionnaire(filled)
    assert seen[0].table.rowCount() == len(items)
    assert len(ws.held) == len(items)
    assert (ws.held[items[1]].code, ws.held[items[1]].note) == ("partial", "두 부서만 시행")
    assert window.field.undo_action.isEnabled()
    shown_total = page.dashboard.total.text()

    # Send the self-assessment to headquarters; it recomputes the same score.
    out = tmp_path / "usb" / "self.cdpkg"
    out.parent.mkdir()

    def send(dialog: SendDialog) -> None:
        dialog.path.setText(str(out))
        _click(qtbot, dialog.send_button)

    when_shown(SendDialog, send)
    window.field.life.send_action.trigger()
    qtbot.waitUntil(lambda: window.field.life.shown is not None, timeout=30000)
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [out]).outcomes
        assert outcome.status is ImportStatus.IMPORTED, outcome.reason
        assert outcome.assessment is not None
        at_hq = Workspace(ctx, outcome.assessment)
        assert at_hq.score_text(at_hq.result.total) == shown_total
        assert at_hq.held[items[1]].code == "partial"

    # Later: the on-site audit's finding comes back in a notice from headquarters.
    onsite, finding = _onsite_finding(hq, tmp_path)
    notice = tmp_path / "findings.cdnotice"
    with hq.acting() as ctx:
        notice_out.send_findings(ctx, onsite, notice)
    assert issued.fingerprint  # pinned by the kit: the notice needs no new confirmation
    assert window.field.life.import_notice(notice)
    dialog = window.field.life.responses_dialog
    assert isinstance(dialog, ResponsesDialog)
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.table.rowCount() == 1
    assert _cell(dialog, 0, 2) == "Major"  # a label, never the code
    assert dialog.description.text() == "Leavers keep their accounts"

    # The response: what was done, when, the file that shows it; Tab saves it.
    log = tmp_path / "removal-log.pdf"
    log.write_bytes(b"%PDF-1.7 account removal log")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(log)], ""))
    dialog.action.setFocus()
    qtbot.keyClicks(dialog.action, "Accounts removed on the day of leaving")
    qtbot.keyClick(dialog.action, Qt.Key.Key_Tab)
    dialog.done_set.setChecked(True)
    dialog._add_files()
    [draft] = dialog.rows
    assert (draft.action, draft.evidence) == ("Accounts removed on the day of leaving", (log,))
    assert draft.answered
    response = dialog.send(tmp_path / "usb" / "response.cdpkg")
    assert response is not None
    assert "Sent" in _cell(dialog, 0, 4)
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [response]).outcomes
        assert outcome.status is ImportStatus.IMPORTED, outcome.reason
        [received] = corrective.received(ctx)
        assert (received.finding, received.action) == (
            finding,
            "Accounts removed on the day of leaving",
        )
    dialog.close()
    window.close()


def test_a_response_typed_is_kept_when_the_dialog_closes(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never lost: text typed for one finding is saved when another finding is chosen or
    the dialog closes, and is there when the dialog opens again."""
    from certdesk.services.context import changing
    from certdesk.store.tables import ReceivedFinding

    monkeypatch.setenv("CERTDESK_DEMO", "no")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    window.open_database(tmp_path / "supplier" / "certdesk.db")
    ctx = window.ctx
    assert ctx is not None
    with changing(ctx) as unit:
        for n in range(2):
            unit.session.add(
                ReceivedFinding(
                    id=f"0000000{n}-0000-4000-8000-000000000000",
                    assessment_id="a",
                    supplier_business_id="1248100998",
                    framework_id="industrial-security",
                    framework_version="1.0.0",
                    severity="minor",
                    description=f"finding {n}",
                )
            )
    window.field.life.responses()
    dialog = window.field.life.responses_dialog
    assert isinstance(dialog, ResponsesDialog)
    qtbot.waitUntil(dialog.isVisible)
    dialog.action.setFocus()
    qtbot.keyClicks(dialog.action, "first fixed")
    dialog.table.setCurrentCell(1, 0)  # another finding: the first is saved first
    assert dialog.description.text() == "finding 1"
    qtbot.keyClicks(dialog.action, "second")
    dialog.close()
    again = ResponsesDialog(window, ctx, window.settings)
    assert [r.action for r in again.rows] == ["first fixed", "second"]
    assert again.action.toPlainText() == "first fixed"
    window.close()
