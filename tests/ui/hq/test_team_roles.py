"""A headquarters team on a PostgreSQL server in the real window: what a person's role does
not include is greyed inside the dialogs too, with the same reason as the menu. An
auditor opens and reads everything and changes nothing; an importer keeps the register
and certifies nothing.

Headquarters (who set the team up) imports a final on-site result through the services;
each colleague's desk is the window, given a description file that connects as their own
login (tests/support/team.py) and the team's passphrase, typed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from certdesk.services.assessment import status
from certdesk.services.exchange import results_in, results_out
from certdesk.ui.audit_dialog import AuditDialog
from certdesk.ui.field.suppliers_dialog import SupplierEditor, SuppliersDialog
from certdesk.ui.hq.portfolio_page import PortfolioPage
from certdesk.ui.hq.supplier_page import SupplierPageDialog
from certdesk.ui.main_window import MainWindow
from tests.support.exchange import Actor, kit_assessment
from tests.support.postgres import Cluster
from tests.support.team import as_person
from tests.support.team_window import NOT_IN_ROLE, close_db, greyed, open_as, usable
from tests.support.workspace import answer_all


@pytest.fixture
def hq(tmp_path: Path, pg_cluster: Cluster) -> Actor:
    """A team's database on the server with one supplier and its final on-site result."""
    hq = Actor(tmp_path / "hq", "hq", server=pg_cluster.new_database())
    field = Actor(tmp_path / "field", "field")
    hq_key = hq.public_file("hq")
    aid = kit_assessment(hq, field, tmp_path)
    with field.acting() as ctx:
        answer_all(ctx, aid, tmp_path)
        status.set_status(ctx, aid, "final")
        made = results_out.export_package(ctx, aid, tmp_path / "r.cdpkg", hq_key).files[0]
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [made]).outcomes
        assert outcome.status == "imported", outcome.reason
    assert hq.ctx is not None
    hq.ctx.close()  # the window is the colleague's desk; headquarters' own is closed
    hq.ctx = None
    return hq


def _suppliers(window: MainWindow) -> SuppliersDialog:
    register = window.field.suppliers()
    assert isinstance(register, SuppliersDialog)
    assert [row.name for row in register.rows] == ["한빛정밀"]
    return register


def test_an_auditor_reads_everything_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, hq: Actor, pg_cluster: Cluster, tmp_path: Path
) -> None:
    open_as(window, as_person(hq, pg_cluster, "kim", "certdesk_auditor"), "kim")
    usable(window.hq.portfolio_action, window.hq.review_action, window.hq.certificates_action)
    greyed(window.hq.packages_action)  # every dialog opens to read: test_team_dialogs.py

    register = _suppliers(window)  # the register: read, each record opened to read
    greyed(register.add_button, register.edit_button, register.archive_button)
    register.table.selectRow(0)
    greyed(register.edit_button, register.archive_button)  # a row chosen changes nothing
    register.toggle_archive()
    assert not register.rows[0].archived
    index = register.table.model().index(0, 0)
    rect = register.table.visualRect(index)
    for click in (qtbot.mouseClick, qtbot.mouseDClick):  # a double-click: press, then again
        click(register.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = register.editor
    assert isinstance(editor, SupplierEditor)
    assert editor.name.text() == "한빛정밀"
    assert editor.name.isReadOnly()
    assert editor.contact_email.isReadOnly()
    greyed(editor.save_button, editor.tier)
    editor.accept()  # Enter: nothing to save, the record stays open to read
    assert editor.isVisible()
    editor.reject()
    register.reject()

    window.hq.show_portfolio()  # the portfolio: all of it
    page = window.hq.portfolio
    assert isinstance(page, PortfolioPage)
    assert page.model.rowCount() == 1
    usable(page.report_button)  # a report is a file on this desk, not a change
    task = page.write_report(tmp_path / "management.pdf")
    assert task is not None
    with qtbot.waitSignal(task.done, timeout=30000):
        pass
    assert (tmp_path / "management.pdf").read_bytes().startswith(b"%PDF")

    audit = window.audit()  # the audit log verified; retention read, previewed, not changed
    assert isinstance(audit, AuditDialog)
    report = audit.audit.verify()
    assert report is not None
    assert report.ok
    retention = audit.retention
    assert all(spin.value() > 0 for spin in retention.periods.values())
    greyed(retention.save_button, retention.purge_button, *retention.periods.values())
    usable(retention.preview_button)
    assert retention.show_preview() is not None
    audit.reject()

    assert window.hq.import_packages([tmp_path / "r.cdpkg"]) is None  # a drop, refused
    assert window.statusBar().currentMessage() == NOT_IN_ROLE
    served = "Not for a database on a server"
    assert not window.keeping.backup_action.isEnabled()  # the server's administrator's
    assert window.keeping.backup_action.toolTip().startswith(served)
    assert window.keeping.passphrase_action.toolTip().startswith(served)
    close_db(window)


def test_an_importer_keeps_the_register_and_certifies_nothing(
    window: MainWindow, qtbot: QtBot, hq: Actor, pg_cluster: Cluster
) -> None:
    open_as(window, as_person(hq, pg_cluster, "lee", "certdesk_importer"), "lee")
    usable(window.hq.packages_action, window.hq.kits_action, window.hq.trust_action)

    register = _suppliers(window)
    usable(register.add_button)
    assert not register.edit_button.isEnabled()  # no row chosen: not the role's doing
    assert register.edit_button.toolTip() != NOT_IN_ROLE
    register.table.selectRow(0)
    usable(register.edit_button, register.archive_button)
    register.edit()
    editor = register.editor
    assert isinstance(editor, SupplierEditor)
    usable(editor.save_button, editor.tier)
    editor.contact_email.setText("security@hanbit.example")
    editor.accept()  # the server takes the importer's change
    assert not editor.isVisible()
    assert register.rows[0].contact_email == "security@hanbit.example"
    register.reject()

    audit = window.audit()
    assert isinstance(audit, AuditDialog)
    usable(audit.retention.save_button, audit.retention.purge_button)
    audit.reject()
    close_db(window)


def test_an_auditor_reads_a_suppliers_page(
    window: MainWindow, qtbot: QtBot, hq: Actor, pg_cluster: Cluster
) -> None:
    open_as(window, as_person(hq, pg_cluster, "kim", "certdesk_auditor"), "kim")
    window.hq.show_portfolio()
    page = window.hq.portfolio
    assert isinstance(page, PortfolioPage)
    try:
        supplier = page.open_supplier(page.proxy.index(0, 0))
        assert isinstance(supplier, SupplierPageDialog)
        assert supplier.results_table.rowCount() == 1
        shown = [b.text().replace("&", "") for b in supplier.findChildren(QPushButton)]
        assert shown == ["Close"]  # nothing on it writes
        supplier.close()
    finally:
        close_db(window)
