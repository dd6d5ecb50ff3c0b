"""Headquarters' trust store window on a real database, with real public key files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from certdesk.domain.roles import KeyRole
from certdesk.services.changes import Changes
from certdesk.services.context import Context
from certdesk.services.exchange import trust
from certdesk.ui.fonts import fingerprint_font
from certdesk.ui.hq.trust_dialog import TrustDialog
from certdesk.ui.hq.trust_editors import AddKeyDialog
from tests.support.exchange import Actor, table_digest
from tests.support.workspace import BUSINESS_ID, new_context

NAME, ROLE, SUPPLIER, FINGERPRINT, ADDED, STATE = range(6)


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Context]:
    ctx = new_context(tmp_path / "hq", role="hq")
    yield ctx
    ctx.close()


@pytest.fixture
def window(qtbot: QtBot) -> QWidget:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    return parent


@pytest.fixture
def dialog(window: QWidget, hq: Context) -> TrustDialog:
    opened = TrustDialog(window, hq)
    opened.show()
    return opened


@pytest.fixture
def changed(dialog: TrustDialog) -> list[Changes]:
    seen: list[Changes] = []
    dialog.ops.changed.connect(seen.append)
    return seen


def _key_file(tmp_path: Path, owner: str, name: str) -> Path:
    return Actor(tmp_path / owner, "field").public_file(name)


def _column(table_owner: TrustDialog, column: int, *, history: bool = False) -> list[str]:
    table = table_owner.history if history else table_owner.table
    cells = (table.item(n, column) for n in range(table.rowCount()))
    return [cell.text() if cell is not None else "" for cell in cells]


def _add(dialog: TrustDialog, path: Path) -> AddKeyDialog:
    adding = dialog.add_key(path)
    assert adding is not None
    assert adding.isVisible()
    assert adding.isModal()
    return adding


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_assessor_key_is_trusted_only_after_its_fingerprint_is_shown(
    dialog: TrustDialog, qtbot: QtBot, tmp_path: Path, changed: list[Changes]
) -> None:
    path = _key_file(tmp_path, "field", "김심사")
    expected = trust.preview_key(dialog.ctx, path).fingerprint
    adding = _add(dialog, path)
    assert adding.fingerprint.groups == expected.split()
    assert len(adding.fingerprint.shown) == 8
    assert adding.fingerprint.shown[0].font().family() == fingerprint_font(16).family()
    assert adding.fingerprint.shown[0].text() == " ".join(expected.split()[0].upper())
    assert "matches" in adding.ok_button.text()
    assert adding.name.text() == "김심사"  # from the file
    assert adding.chosen_role() is KeyRole.ASSESSOR
    assert not adding.supplier.isEnabled()
    assert trust.trusted(dialog.ctx) == []  # nothing stored while the person compares
    _click(qtbot, adding.ok_button)
    assert not adding.isVisible()
    [entry] = trust.trusted(dialog.ctx)
    assert (entry.fingerprint, entry.name, entry.role) == (expected, "김심사", KeyRole.ASSESSOR)
    assert _column(dialog, NAME) == ["김심사"]
    assert _column(dialog, ROLE) == ["Assessor"]
    assert _column(dialog, SUPPLIER) == ["—"]
    assert _column(dialog, FINGERPRINT) == [expected]
    assert _column(dialog, STATE) == ["Active"]
    assert dialog.selected_fingerprint() == expected
    assert [c.trust for c in changed] == [True]
    assert _column(dialog, 2, history=True) == ["Trusted"]


def test_a_refused_supplier_binding_keeps_what_was_typed(
    dialog: TrustDialog, qtbot: QtBot, tmp_path: Path, warned: list[str], changed: list[Changes]
) -> None:
    adding = _add(dialog, _key_file(tmp_path, "supplier", "hanbit"))
    adding.role.setCurrentIndex(adding.role.findData(KeyRole.SUPPLIER.value))
    assert adding.supplier.isEnabled()
    adding.name.setText("한빛정밀 품질팀")
    adding.supplier.setText("124-81-00999")
    before = table_digest(dialog.ctx)
    _click(qtbot, adding.ok_button)
    assert adding.isVisible()
    assert adding.problem.isVisible()
    assert "'124-81-00999' is not a valid business registration number" in adding.problem.text()
    assert warned == []  # inside the dialog, not in a message box
    assert (adding.name.text(), adding.supplier.text()) == ("한빛정밀 품질팀", "124-81-00999")
    assert adding.chosen_role() is KeyRole.SUPPLIER
    assert table_digest(dialog.ctx) == before
    adding.name.setText("  ")
    adding.supplier.setText(BUSINESS_ID)
    _click(qtbot, adding.ok_button)
    assert adding.isVisible()
    assert "name" in adding.problem.text()
    assert adding.supplier.text() == BUSINESS_ID
    assert table_digest(dialog.ctx) == before
    assert changed == []
    adding.name.setText("한빛정밀 품질팀")
    _click(qtbot, adding.ok_button)
    assert not adding.isVisible()
    assert _column(dialog, NAME) == ["한빛정밀 품질팀"]
    assert _column(dialog, ROLE) == ["Supplier"]
    assert _column(dialog, SUPPLIER) == [BUSINESS_ID]


def test_an_assessor_key_and_a_supplier_key_side_by_side_and_a_key_known_already(
    dialog: TrustDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    assessor = _key_file(tmp_path, "field", "kim")
    _click(qtbot, _add(dialog, assessor).ok_button)
    supplier = _add(dialog, _key_file(tmp_path, "supplier", "hanbit"))
    supplier.role.setCurrentIndex(supplier.role.findData(KeyRole.SUPPLIER.value))
    supplier.supplier.setText(BUSINESS_ID)
    _click(qtbot, supplier.ok_button)
    assert _column(dialog, NAME) == ["kim", "hanbit"]
    assert _column(dialog, SUPPLIER) == ["—", BUSINESS_ID]
    again = _add(dialog, assessor)
    assert again.known.isVisible()
    assert "already in the trust store as kim (Assessor)" in again.known.text()
    assert not again.ok_button.isEnabled()
    again.reject()
    assert len(trust.trusted(dialog.ctx)) == 2


def test_a_file_replaced_after_its_fingerprint_was_shown_is_refused(
    dialog: TrustDialog, qtbot: QtBot, tmp_path: Path
) -> None:
    path = _key_file(tmp_path, "field", "kim")
    adding = _add(dialog, path)
    path.write_bytes(_key_file(tmp_path, "stranger", "kim").read_bytes())
    _click(qtbot, adding.ok_button)
    assert adding.isVisible()
    assert "holds another key than the one shown" in adding.problem.text()
    assert trust.trusted(dialog.ctx) == []


def test_a_file_that_is_no_key_is_said_in_one_line_and_opens_nothing(
    dialog: TrustDialog, tmp_path: Path, warned: list[str]
) -> None:
    bad = tmp_path / "notes.pub"
    bad.write_text("ssh-ed25519 AAAA… kim@laptop\n", encoding="utf-8")
    assert dialog.add_key(bad) is None
    assert warned == [f"{bad} is not a CertDesk public key file"]
    assert dialog.adding is None


def test_a_key_is_revoked_with_its_reason_and_an_empty_reason_is_refused(
    dialog: TrustDialog, qtbot: QtBot, tmp_path: Path, changed: list[Changes]
) -> None:
    fingerprint = trust.trust(
        dialog.ctx, _key_file(tmp_path, "field", "kim"), "김심사", "assessor", None
    ).id
    dialog.refresh()
    assert not dialog.revoke_button.isEnabled()  # nothing chosen
    dialog.table.selectRow(0)
    assert dialog.revoke_button.isEnabled()
    _click(qtbot, dialog.revoke_button)
    revoking = dialog.revoking
    assert revoking is not None
    assert revoking.isVisible()
    assert "are refused" in revoking.consequences.text()
    assert "certificates that cite results it signed are marked" in revoking.consequences.text()
    before = table_digest(dialog.ctx)
    revoking.reason.setText("   ")
    _click(qtbot, revoking.ok_button)
    assert revoking.isVisible()
    assert "give the reason" in revoking.problem.text()
    assert table_digest(dialog.ctx) == before
    assert changed == []
    revoking.reason.setText("노트북 분실")
    _click(qtbot, revoking.ok_button)
    assert not revoking.isVisible()
    [entry] = trust.trusted(dialog.ctx)
    assert (entry.revoked, entry.revoked_reason) == (True, "노트북 분실")
    assert entry.revoked_at is not None
    assert dialog.show_revoked.isChecked()  # the revoked key stays in sight
    day = entry.revoked_at.astimezone().strftime("%Y-%m-%d")
    assert _column(dialog, STATE) == [f"Revoked on {day}: 노트북 분실"]
    assert dialog.selected_fingerprint() == fingerprint
    assert not dialog.revoke_button.isEnabled()
    assert _column(dialog, 2, history=True) == ["Revoked", "Trusted"]
    assert _column(dialog, 3, history=True) == ["김심사", "김심사"]
    assert _column(dialog, 6, history=True) == ["노트북 분실", ""]
    assert [c.trust for c in changed] == [True]
    dialog.show_revoked.setChecked(False)
    assert _column(dialog, NAME) == []
