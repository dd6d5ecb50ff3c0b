"""Headquarters' certificate register in the dialog, on a real database: a certificate
issued from an imported on-site result after its preview, revoked with a reason (refused
in place without one), and verified by a code typed in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from certdesk import clock
from certdesk.domain.dates import add_months
from certdesk.services.changes import Changes
from certdesk.services.hq import certificates
from certdesk.ui.hq.certificates_page import CertificatesDialog
from certdesk.ui.hq.tables import column
from certdesk.ui.settings import Settings
from tests.support.exchange import table_digest
from tests.support.hq_world import HqWorld, hq_world


@pytest.fixture
def world(tmp_path: Path) -> Iterator[HqWorld]:
    made = hq_world(tmp_path, clock.today(), findings=False)
    with made.hq.acting() as ctx:
        yield made
        ctx.close()


@pytest.fixture
def host(qtbot: QtBot) -> QWidget:
    window = QWidget()
    qtbot.addWidget(window)
    return window


@pytest.fixture
def dialog(world: HqWorld, host: QWidget, qtbot: QtBot) -> CertificatesDialog:
    shown = CertificatesDialog(host, world.ctx, Settings())
    shown.open()
    qtbot.waitExposed(shown)
    return shown


def _save_to(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    monkeypatch.setattr("certdesk.ui.hq.certificate_issue.save_to", lambda *_args: path)


def _issue(dialog: CertificatesDialog, qtbot: QtBot) -> None:
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    assert dialog.issuer is not None
    assert dialog.issuer.isVisible()


def test_a_certificate_is_issued_after_its_preview(
    world: HqWorld,
    dialog: CertificatesDialog,
    qtbot: QtBot,
    warned: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    changes: list[Changes] = []
    dialog.ops.changed.connect(changes.append)
    assert dialog.rows == []
    assert dialog.empty.isVisible()
    _issue(dialog, qtbot)
    issuer = dialog.issuer
    assert issuer is not None
    assert [c.assessment for c in issuer.rows] == [world.assessment]
    until = add_months(world.today, 36).isoformat()
    preview = {key: label.text() for key, label in issuer.says.items()}
    assert preview == {
        "supplier": "한빛정밀 (124-81-00998)",
        "site": "구미 사업장",
        "processes": "설계, 사출, 조립",
        "framework": "Industrial security management system certification, version 1.0.0",
        "score": "100.0%",
        "outcome": "Certified",
        "valid": f"{world.today.isoformat()} – {until}",
    }
    issuer.language.setCurrentIndex(issuer.language.findData("ko"))
    assert issuer.says["outcome"].text() == "인증"

    before = table_digest(world.ctx)
    _save_to(monkeypatch, None)  # the person cancels the file choice
    qtbot.mouseClick(issuer.issue_button, Qt.MouseButton.LeftButton)
    assert issuer.isVisible()
    assert table_digest(world.ctx) == before

    pdf = tmp_path / "certificate.pdf"
    _save_to(monkeypatch, pdf)
    qtbot.mouseClick(issuer.issue_button, Qt.MouseButton.LeftButton)
    assert not issuer.isVisible()
    assert pdf.read_bytes().startswith(b"%PDF")
    [entry] = dialog.rows
    assert certificates.verify(world.ctx, entry.code).status == "valid"
    assert [c.certificates for c in changes] == [True]
    assert column(dialog.table, 0) == [entry.code]
    assert column(dialog.table, 2) == ["구미 사업장"]
    assert column(dialog.table, 5) == [until]
    assert column(dialog.table, 6) == ["Valid"]

    _issue(dialog, qtbot)  # the result is certified: nothing left to certify
    again = dialog.issuer
    assert again is not None
    assert again.rows == []
    assert again.empty.isVisible()
    again.show_all.setChecked(True)
    assert again.refusal.text() == f"this result already has certificate {entry.code}"
    assert not again.issue_button.isEnabled()
    assert warned == []


def test_a_certificate_is_revoked_with_a_reason_and_verified_by_its_code(
    world: HqWorld, dialog: CertificatesDialog, qtbot: QtBot, warned: list[str], tmp_path: Path
) -> None:
    code = certificates.issue(
        world.ctx, world.assessment, tmp_path / "c.pdf", "en"
    ).certificate.code
    dialog.refresh()
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    verifier = dialog.verifier
    assert verifier is not None
    verifier.code.clear()
    qtbot.keyClicks(verifier.code, f" {code.lower()} ")
    verifier.set_package(world.result)
    qtbot.mouseClick(verifier.verify_button, Qt.MouseButton.LeftButton)
    until = add_months(world.today, 36).isoformat()
    assert verifier.verdict.text() == f"{code}: valid until {until}"
    other = tmp_path / "other.cdpkg"
    other.write_bytes(world.result.read_bytes() + b"x")
    verifier.set_package(other)
    qtbot.mouseClick(verifier.verify_button, Qt.MouseButton.LeftButton)
    assert verifier.verdict.text() == f"{code}: does not belong to this result file"
    verifier.reject()

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.revoke_button, Qt.MouseButton.LeftButton)
    revoker = dialog.revoker
    assert revoker is not None
    assert revoker.isVisible()
    before = table_digest(world.ctx)
    qtbot.keyClicks(revoker.reason, "  ")
    qtbot.mouseClick(revoker.revoke_button, Qt.MouseButton.LeftButton)
    assert revoker.isVisible()
    assert revoker.error.text() == "write why the certificate is revoked"
    assert revoker.reason.toPlainText() == "  "  # what was typed stays
    assert table_digest(world.ctx) == before
    revoker.reason.insertPlainText("인증 범위 밖의 공정에 사용")  # Korean: no key clicks
    qtbot.mouseClick(revoker.revoke_button, Qt.MouseButton.LeftButton)
    assert not revoker.isVisible()
    assert column(dialog.table, 6) == ["Revoked: 인증 범위 밖의 공정에 사용"]
    dialog.table.selectRow(0)
    assert not dialog.revoke_button.isEnabled()

    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    verifier = dialog.verifier
    assert verifier is not None
    assert verifier.code.text() == code  # the chosen certificate's
    qtbot.mouseClick(verifier.verify_button, Qt.MouseButton.LeftButton)
    assert verifier.verdict.text() == f"{code}: revoked (인증 범위 밖의 공정에 사용)"
    verifier.code.clear()
    qtbot.keyClicks(verifier.code, "0000-0000-0000-0000")
    qtbot.mouseClick(verifier.verify_button, Qt.MouseButton.LeftButton)
    assert verifier.verdict.text() == "0000-0000-0000-0000: not in the register"
    assert warned == []


def test_a_certificate_pdf_is_verified_by_the_seal_it_carries(
    world: HqWorld,
    dialog: CertificatesDialog,
    qtbot: QtBot,
    warned: list[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "certificate.pdf"
    code = certificates.issue(world.ctx, world.assessment, pdf, "en").certificate.code
    dialog.refresh()
    qtbot.mouseClick(dialog.verify_button, Qt.MouseButton.LeftButton)
    verifier = dialog.verifier
    assert verifier is not None
    verifier.code.clear()
    qtbot.keyClicks(verifier.code, "1234")
    chosen: list[Path] = []
    monkeypatch.setattr("certdesk.ui.hq.certificate_checks.open_from", lambda *_args: list(chosen))
    qtbot.mouseClick(verifier.file_button, Qt.MouseButton.LeftButton)  # cancelled
    assert verifier.verdict.text() == ""
    chosen.append(pdf)
    qtbot.mouseClick(verifier.file_button, Qt.MouseButton.LeftButton)
    until = add_months(world.today, 36).isoformat()
    assert verifier.verdict.text() == f"{code}: valid until {until}"
    assert verifier.file_name.text() == str(pdf)
    assert "color" not in verifier.verdict.styleSheet()

    bare = tmp_path / "bare.pdf"
    bare.write_bytes(re.sub(rb"CERTDESK-CERT1:[A-Za-z0-9_-]*", b"", pdf.read_bytes()))
    before = table_digest(world.ctx)
    found = verifier.verify_file(bare)
    assert found is not None
    assert found.status == "refused"
    assert verifier.verdict.text() == (
        "bare.pdf: refused: it carries no seal of headquarters (not a CertDesk certificate)"
    )
    assert "color" in verifier.verdict.styleSheet()
    assert verifier.code.text() == "1234"  # what was typed stays
    assert table_digest(world.ctx) == before

    certificates.revoke(world.ctx, code, "부정 발견")
    verifier.verify_file(pdf)
    assert verifier.verdict.text() == f"{code}: revoked (부정 발견)"
    assert warned == []
