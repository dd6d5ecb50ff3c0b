"""The assessor's whole day in the app, no command line: a new database, headquarters'
kit, answers with notes, n/a, evidence and a finding, final, and the signed result that
headquarters imports and recomputes to the score the app showed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from certdesk.services.assessment import suppliers
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.exchange import kit_out, results_in, trust
from certdesk.services.exchange.inbound import ImportStatus
from certdesk.ui.field.dialogs import FindingDialog
from certdesk.ui.field.kits import FingerprintDialog
from certdesk.ui.field.send_dialog import SendDialog
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings
from tests.support.dialogs import when_shown
from tests.support.exchange import Actor

BUSINESS_ID = "124-81-00998"


def _click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _button(box: QMessageBox, text: str) -> Any:
    return next(b for b in box.buttons() if b.text() == text)


def test_the_assessor_journey_in_the_app(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_DEMO", "no")
    monkeypatch.setenv("CERTDESK_USER", "kim")
    hq = Actor(tmp_path / "hq", "hq")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()

    # A new field database, and the assessor's keys, made in the app.
    window.open_database(tmp_path / "field" / "certdesk.db")
    assert window.ctx is not None
    keys = window.my_keys()
    _click(qtbot, keys.create_button)
    assert len(keys.fingerprint.text().split()) == 8
    public = keys.export(tmp_path / "kim.pub")
    assert public is not None
    keys.close()

    # Headquarters (its own app is another issue) trusts the key and issues a kit.
    kit = tmp_path / "hanbit.cdkit"
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        trust.trust(ctx, public, "kim", "assessor", None)
        issued = kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", kit, mode="onsite")

    # The kit comes in; its signer's fingerprint is read and confirmed.
    confirmed = when_shown(FingerprintDialog, lambda d: _click(qtbot, d.accept_button))
    aid = window.field.life.import_kit(kit)
    assert aid is not None
    assert confirmed[0].groups == issued.fingerprint.split()
    page = window.page
    assert page is not None
    assert page.header.title.text() == "한빛정밀"
    assert not page.header.banner.isVisible()
    ws = page.workspace
    items = [i.id for i in ws.items()]
    # The offscreen platform has no window manager to hand activation back to the window
    # once a dialog closes; the keyboard shortcuts need an active window, as on a desktop.
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    # Answers by key and by click, a note, n/a with its justification.
    page.select(items[0])
    page.tree.setFocus()
    for _n in range(6):
        qtbot.keyClick(page.tree, Qt.Key.Key_1)
        qtbot.keyClick(page.tree, Qt.Key.Key_J)
    page.select(items[7])
    _click(qtbot, page.pane.buttons.buttons()[1])
    qtbot.keyClicks(page.pane.note, "policy signed, not yet published")
    qtbot.keyClick(page.pane.note, Qt.Key.Key_Tab)
    page.select("1.1.3")
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_N)
    qtbot.keyClicks(page.pane.note, "no such process")
    qtbot.keyClick(page.pane.note, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: ws.unsaved == 0)
    assert [ws.held[i].code for i in items[:6]] == ["met", "met", "na", "met", "met", "met"]
    assert ws.held[items[7]].note == "policy signed, not yet published"

    # Evidence (the operating system's file dialog cannot run here: its answer is given).
    scan = tmp_path / "policy.pdf"
    scan.write_bytes(b"%PDF-1.7 signed policy")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *_a, **_k: ([str(scan)], ""))
    page.select(items[0])
    _click(qtbot, page.pane.attach_button)
    assert page.pane.attached.item(0).text() == "policy.pdf"

    # A finding, through the real dialog.
    def describe(dialog: FindingDialog) -> None:
        dialog.severity.setCurrentIndex(dialog.severity.findData("minor"))
        dialog.description.setPlainText("Visitor log not signed")
        box = dialog.findChild(QDialogButtonBox)
        assert box is not None
        _click(qtbot, box.button(QDialogButtonBox.StandardButton.Ok))

    when_shown(FindingDialog, describe)
    _click(qtbot, page.pane.finding_button)
    assert "Visitor log not signed" in page.pane.findings_list.item(0).text()

    # Final: the app says it locks, then locks.
    when_shown(QMessageBox, lambda box: _click(qtbot, _button(box, "Make final")))
    window.field.life.final_action.trigger()
    assert ws.final
    assert page.header.banner.isVisible()
    assert "final" in page.header.banner.text()
    assert not page.pane.buttons.buttons()[0].isEnabled()
    assert not window.field.life.final_action.isEnabled()
    shown_total = page.dashboard.total.text()
    shown_outcome = page.dashboard.outcome.text()

    # Send to headquarters: what goes in, where it is written.
    out = tmp_path / "usb" / "hanbit-result.cdpkg"
    out.parent.mkdir()

    def send(dialog: SendDialog) -> None:
        dialog.path.setText(str(out))
        _click(qtbot, dialog.send_button)

    sending = when_shown(SendDialog, send)
    window.field.life.send_action.trigger()
    qtbot.waitUntil(lambda: window.field.life.shown is not None, timeout=30000)
    summary = sending[0].findChildren(type(page.header.title))
    assert any(label.text() == "1 file (1 KB)" for label in summary)
    assert out.stat().st_size > 1000

    # Headquarters imports it and recomputes the same score.
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [out]).outcomes
        assert outcome.status is ImportStatus.IMPORTED, outcome.reason
        assert outcome.assessment is not None
        at_hq = Workspace(ctx, outcome.assessment)
        assert at_hq.score_text(at_hq.result.total) == shown_total
        title = at_hq.framework.outcome(at_hq.result.outcome)
        assert title is not None
        assert title.title.get("en") in shown_outcome
        justified = at_hq.held["1.1.3"]
        assert (justified.code, justified.note) == ("na", "no such process")
        assert len(at_hq.held) == len(ws.held) == 7
    window.close()


def test_a_kit_whose_key_is_not_confirmed_imports_nothing(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_DEMO", "no")
    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    kit = tmp_path / "k.cdkit"
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        trust.trust(ctx, field.public_file("assessor"), "kim", "assessor", None)
        kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", kit, mode="onsite")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()
    window.open_database(tmp_path / "mine" / "certdesk.db")
    assert window.ctx is not None
    when_shown(FingerprintDialog, lambda d: d.reject())
    assert window.field.life.import_kit(kit) is None
    assert "not confirmed" in window.statusBar().currentMessage()
    from certdesk.services.assessment import listing
    from certdesk.services.exchange import kit_in

    assert kit_in.pinned_fingerprint(window.ctx) is None
    assert listing.list_assessments(window.ctx) == []
    window.close()
