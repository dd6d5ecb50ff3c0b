"""Headquarters' whole journey in the real window, no command line: a new headquarters
database and its keys, the supplier in the register, an assessor's and the supplier's keys
trusted, a kit issued; the field's result (one open major finding) and the supplier's
response imported; the response accepted, a certificate issued, then revoked. The portfolio
and the supplier's page show each step.

The field side (an assessor's laptop, the supplier's laptop) is played by the services,
each actor with its own keyring and home (tests/support/exchange.py); the window is
headquarters, in the test's own environment, and is driven only outside `acting()`."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from certdesk.domain.dates import add_months
from certdesk.domain.roles import DatabaseRole, KeyRole
from certdesk.services import own_keys
from certdesk.services.assessment import findings, status
from certdesk.services.exchange import kit_in, responses_out, results_out
from certdesk.ui.field.suppliers_dialog import SuppliersDialog
from certdesk.ui.hq.certificates_page import CertificatesDialog
from certdesk.ui.hq.import_results import ImportResults
from certdesk.ui.hq.kits_page import KitsDialog
from certdesk.ui.hq.portfolio_page import PortfolioPage
from certdesk.ui.hq.review_page import ReviewDialog
from certdesk.ui.hq.supplier_page import SupplierPageDialog
from certdesk.ui.hq.tables import column
from certdesk.ui.hq.trust_dialog import TrustDialog
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings
from tests.support.exchange import Actor
from tests.support.workspace import BUSINESS_ID, answer_all

SUPPLIER = "한빛정밀"
SHOWN_AS = f"{SUPPLIER} ({BUSINESS_ID})"
SITE = "구미 사업장"
FINDING = "퇴직자 계정 미삭제"
ACTION = "퇴직 당일 계정 삭제 절차 시행"
REASON = "인증 범위 밖의 공정에 사용"
CONDITIONAL = "Conditionally certified (corrective actions within 90 days)"
OUTCOME, TOTAL, OPEN_FINDINGS = 5, 6, 10  # the portfolio's columns
OK = QDialogButtonBox.StandardButton.Ok


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _press(qtbot: QtBot, dialog: QDialog, which: QDialogButtonBox.StandardButton) -> None:
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons is not None
    button = buttons.button(which)
    assert button is not None
    _click(qtbot, button)


def _row(table: QTableWidget, row: int) -> list[str]:
    cells = (table.item(row, c) for c in range(table.columnCount()))
    return [cell.text() if cell is not None else "" for cell in cells]


def _portfolio_row(page: PortfolioPage) -> list[str]:
    assert page.proxy.rowCount() == 1
    return [str(page.proxy.index(0, c).data()) for c in range(page.proxy.columnCount())]


def _menu(window: MainWindow, entry: QAction) -> QDialog:
    """A Headquarters menu entry, as clicked: enabled, and the dialog it opened."""
    assert entry.isEnabled(), entry.toolTip()
    entry.trigger()
    shown = window.hq.shown
    assert shown is not None
    assert shown.isVisible()
    assert shown.isModal()
    return shown


def _supplier_page(page: PortfolioPage) -> SupplierPageDialog:
    dialog = page.open_supplier(page.proxy.index(0, 0))
    assert isinstance(dialog, SupplierPageDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == SUPPLIER
    return dialog


def _import(window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """Headquarters > Import result packages…, the file chosen, its outcome read and closed."""
    monkeypatch.setattr(
        "certdesk.ui.hq.actions.QFileDialog.getOpenFileNames",
        lambda *_args, **_kw: ([str(path)], ""),
    )
    before = window.hq.last_import
    assert window.hq.packages_action.isEnabled()
    window.hq.packages_action.trigger()
    qtbot.waitUntil(lambda: window.hq.last_import is not before, timeout=60000)
    shown = window.hq.last_import
    assert isinstance(shown, ImportResults)
    assert shown.isVisible()
    assert _row(shown.table, 0) == [path.name, "imported", ""]
    assert shown.table.rowCount() == 1
    shown.close()


def test_the_headquarters_journey_in_the_app(
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warned: list[str],
    clock: date,
) -> None:
    monkeypatch.setenv("CERTDESK_DEMO", "no")
    monkeypatch.setenv("CERTDESK_USER", "lee")
    today = clock
    assessor = Actor(tmp_path / "assessor", "field")
    supplier = Actor(tmp_path / "supplier", "field")
    window = MainWindow(Settings())
    qtbot.addWidget(window)
    window.show()

    # File > New database: headquarters'.
    (tmp_path / "hq").mkdir()
    new = window.new_database()
    new.location.setText(str(tmp_path / "hq" / "headquarters"))
    new.hq.setChecked(True)
    _press(qtbot, new, OK)
    assert not new.isVisible()
    assert window.ctx is not None
    assert window.ctx.role is DatabaseRole.HQ
    assert window.ctx.db.path == tmp_path / "hq" / "headquarters.db"
    assert window.windowTitle() == "CertDesk — headquarters.db"

    # File > My keys: headquarters' keys, and its public key file for the field.
    keys = window.my_keys()
    assert keys.fingerprint.text() == "no keys yet"
    _click(qtbot, keys.create_button)
    hq_fingerprint = keys.fingerprint.text()
    assert len(hq_fingerprint.split()) == 8
    hq_key = keys.export(tmp_path / "hq.pub")
    assert hq_key is not None
    assert isinstance(keys.shown, QMessageBox)
    keys.shown.close()
    keys.close()

    # File > Suppliers: the supplier and its site in headquarters' register.
    window.field.suppliers_action.trigger()
    register = window.field.register
    assert isinstance(register, SuppliersDialog)
    assert register.rows == []
    _click(qtbot, register.add_button)
    editor = register.editor
    assert editor is not None
    editor.name.setText(SUPPLIER)
    editor.business_id.setText(BUSINESS_ID)
    editor.sites.setPlainText(SITE)
    editor.processes.setText("설계, 사출, 조립")
    editor.tier.setCurrentIndex(editor.tier.findData("critical"))
    _press(qtbot, editor, QDialogButtonBox.StandardButton.Save)
    assert not editor.isVisible()
    assert _row(register.table, 0)[:5] == [SUPPLIER, BUSINESS_ID, "", SITE, "설계, 사출, 조립"]
    register.close()

    # Headquarters > Trusted keys: the assessor's key and the supplier's own key, each
    # trusted once the fingerprint its owner reads out matches the one shown.
    with assessor.acting():
        assessor_fingerprint = own_keys.own_fingerprint()
    with supplier.acting():
        supplier_fingerprint = own_keys.own_fingerprint()
    trust_dialog = _menu(window, window.hq.trust_action)
    assert isinstance(trust_dialog, TrustDialog)
    assert trust_dialog.empty.isVisible()
    adding = trust_dialog.add_key(assessor.public_file("김심사"))
    assert adding is not None
    assert " ".join(adding.fingerprint.groups) == assessor_fingerprint
    assert adding.chosen_role() is KeyRole.ASSESSOR
    _click(qtbot, adding.ok_button)
    assert not adding.isVisible()
    adding = trust_dialog.add_key(supplier.public_file("hanbit"))
    assert adding is not None
    assert " ".join(adding.fingerprint.groups) == supplier_fingerprint
    adding.name.setText("한빛정밀 품질팀")
    adding.role.setCurrentIndex(adding.role.findData(KeyRole.SUPPLIER.value))
    adding.supplier.setText(BUSINESS_ID)
    _click(qtbot, adding.ok_button)
    assert not adding.isVisible()
    assert [_row(trust_dialog.table, n)[:4] for n in range(trust_dialog.table.rowCount())] == [
        ["김심사", "Assessor", "—", assessor_fingerprint],
        ["한빛정밀 품질팀", "Supplier", BUSINESS_ID, supplier_fingerprint],
    ]
    assert column(trust_dialog.table, 5) == ["Active", "Active"]
    trust_dialog.close()

    # Headquarters > Kits: an on-site kit for the Gumi site, encrypted to the assessor.
    kits = _menu(window, window.hq.kits_action)
    assert isinstance(kits, KitsDialog)
    assert kits.empty.text() == "No kits issued yet."
    _click(qtbot, kits.issue_button)
    issuer = kits.issuer
    assert issuer is not None
    issuer.supplier.setCurrentIndex(issuer.supplier.findText(SHOWN_AS))
    assert issuer.site.currentText() == SITE  # the supplier's only site
    issuer.framework.setCurrentIndex(issuer.framework.findData("industrial-security"))
    issuer.profile.choose("standard")
    issuer.scope_edits["processes"].setText("설계, 사출, 조립")
    issuer.mode.setCurrentIndex(issuer.mode.findData("onsite"))
    issuer.recipient.setCurrentIndex(issuer.recipient.findData(assessor_fingerprint))
    issuer.file.setText(str(tmp_path / "hanbit"))
    _press(qtbot, issuer, OK)
    kit = tmp_path / "hanbit.cdkit"
    assert not issuer.isVisible()
    assert kit.is_file()
    assert issuer.shown is not None
    assert hq_fingerprint in issuer.shown.text()
    issuer.shown.close()
    due = (today + timedelta(days=30)).isoformat()
    assert _row(kits.table, 0)[:6] == [
        SHOWN_AS,
        SITE,
        "Industrial security management system certification (1.0.0)",
        "On-site",
        due,
        "Sent",
    ]
    assert kits.detail.text().startswith("Encrypted to 김심사")
    kits.close()

    # The assessor's laptop: the kit opened (headquarters' fingerprint confirmed by phone),
    # every item met but one open major finding, final, sent to headquarters' key. The
    # supplier's laptop: its corrective action with evidence, signed and sent back.
    result = tmp_path / "hanbit-result.cdpkg"
    with assessor.acting() as field:
        aid = kit_in.import_kit(field, kit, hq_fingerprint).id
        answer_all(field, aid, tmp_path)
        finding = findings.add_finding(
            field, aid, "major", FINDING, item_id="3.3.5", due=add_months(today, 3).isoformat()
        ).id
        status.set_status(field, aid, "final")
        results_out.export_package(field, aid, result, hq_key)
    scan = tmp_path / "계정삭제기록.pdf"
    scan.write_bytes(b"%PDF account removal log")
    response = tmp_path / "hanbit-response.cdpkg"
    with supplier.acting():
        responses_out.export_response(
            aid,
            BUSINESS_ID,
            [responses_out.Response(finding, ACTION, today.isoformat(), (scan,))],
            response,
            hq_key,
        )

    # Headquarters > Import result packages…: the result comes in; the kit is returned.
    window.hq.portfolio_action.trigger()
    page = window.hq.portfolio
    assert isinstance(page, PortfolioPage)
    assert window.stack.currentWidget() is page
    assert page.proxy.rowCount() == 0
    _import(window, qtbot, monkeypatch, result)
    row = _portfolio_row(page)  # the visible page follows the import at once
    assert row[:5] == [
        SUPPLIER,
        BUSINESS_ID,
        "Critical: holds design data",
        "Industrial security management system certification",
        SITE,
    ]
    assert (row[OUTCOME], row[TOTAL], row[OPEN_FINDINGS]) == (CONDITIONAL, "100.0%", "1")
    kits = _menu(window, window.hq.kits_action)
    assert isinstance(kits, KitsDialog)
    assert column(kits.table, 5) == ["Returned"]
    kits.table.selectRow(0)
    assert f"Returned {today.isoformat()}" in kits.detail.text()
    assert CONDITIONAL in kits.detail.text()
    kits.close()
    shown = _supplier_page(page)
    assert [_row(shown.results_table, 0)[c] for c in (1, 2, 4, 5, 6)] == [
        "On-site",
        SITE,
        "Final",
        "100.0%",
        CONDITIONAL,
    ]
    assert shown.tabs.tabText(2) == "Open findings (1)"
    assert _row(shown.findings_table, 0)[6] == FINDING
    assert shown.tabs.tabText(3) == "Certificates (0)"
    shown.close()

    # The supplier's response comes in the same way, and waits for a decision.
    _import(window, qtbot, monkeypatch, response)
    assert _portfolio_row(page)[OUTCOME] == CONDITIONAL  # a response decides nothing alone
    review = _menu(window, window.hq.review_action)
    assert isinstance(review, ReviewDialog)
    assert _row(review.table, 0)[:3] == [SUPPLIER, finding[:8], "Major"]
    assert _row(review.table, 0)[4:] == [ACTION, today.isoformat(), "1", "Pending"]
    review.table.selectRow(0)
    assert FINDING in review.detail.finding.text()
    assert review.detail.files.item(0).text().startswith(scan.name)

    # Accepted: the finding closes and the portfolio behind the dialog says so at once.
    _click(qtbot, review.detail.accept_button)
    assert review.rows == []
    assert review.empty.isVisible()
    row = _portfolio_row(page)
    assert (row[OUTCOME], row[OPEN_FINDINGS]) == ("Certified", "")
    review.shown.setCurrentIndex(review.shown.findData("all"))
    assert column(review.table, 7) == ["Accepted"]
    review.table.selectRow(0)
    assert review.detail.decided.text().startswith("Accepted by lee on ")
    review.close()
    shown = _supplier_page(page)
    assert _row(shown.results_table, 0)[6] == "Certified"
    assert shown.tabs.tabText(2) == "Open findings (0)"
    assert shown.findings_table.rowCount() == 0
    shown.close()

    # Headquarters > Certificates: issued from the result after its preview.
    register_dialog = _menu(window, window.hq.certificates_action)
    assert isinstance(register_dialog, CertificatesDialog)
    assert register_dialog.empty.isVisible()
    _click(qtbot, register_dialog.issue_button)
    certifying = register_dialog.issuer
    assert certifying is not None
    assert [c.assessment for c in certifying.rows] == [aid]
    until = add_months(today, 36).isoformat()
    assert certifying.says["supplier"].text() == SHOWN_AS
    assert certifying.says["site"].text() == SITE
    assert certifying.says["outcome"].text() == "Certified"
    assert certifying.says["valid"].text() == f"{today.isoformat()} – {until}"
    pdf = tmp_path / "certificate.pdf"
    monkeypatch.setattr("certdesk.ui.hq.certificate_issue.save_to", lambda *_args: pdf)
    _click(qtbot, certifying.issue_button)
    assert not certifying.isVisible()
    assert pdf.read_bytes().startswith(b"%PDF")
    assert certifying.issued is not None
    code = certifying.issued.certificate.code
    assert certifying.message is not None
    assert code in certifying.message.text()
    certifying.message.close()
    assert _row(register_dialog.table, 0) == [
        code,
        SHOWN_AS,
        SITE,
        "Industrial security management system certification 1.0.0",
        today.isoformat(),
        until,
        "Valid",
    ]
    shown = _supplier_page(page)
    assert shown.tabs.tabText(3) == "Certificates (1)"
    assert [c.code for c in shown.page.certificates] == [code]
    shown.close()

    # … and revoked with the reason.
    register_dialog.table.selectRow(0)
    _click(qtbot, register_dialog.revoke_button)
    revoker = register_dialog.revoker
    assert revoker is not None
    assert revoker.isVisible()
    revoker.reason.insertPlainText(REASON)  # Korean: no key clicks
    _click(qtbot, revoker.revoke_button)
    assert not revoker.isVisible()
    assert column(register_dialog.table, 6) == [f"Revoked: {REASON}"]
    register_dialog.close()
    shown = _supplier_page(page)
    [held] = shown.page.certificates
    assert (held.code, held.state) == (code, f"Revoked: {REASON}")  # and why
    certificates_tab = shown.tabs.widget(3)
    assert isinstance(certificates_tab, QTableWidget)
    assert _row(certificates_tab, 0)[0::3] == [code, f"Revoked: {REASON}"]
    shown.close()

    assert warned == []  # no step was refused along the way
    window.close()
