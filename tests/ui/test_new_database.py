"""File > New database in the real window: a headquarters or field database, or a refusal in
place that keeps what was typed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from certdesk.domain.roles import DatabaseRole
from certdesk.store.database import read_description, write_description
from certdesk.ui.main_window import MainWindow
from certdesk.ui.new_database import NewDatabaseDialog, free_name
from certdesk.ui.settings import Settings


def test_a_headquarters_database_is_created_from_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = window.new_database()
    assert isinstance(dialog, NewDatabaseDialog)
    assert dialog.field.isChecked()
    target = tmp_path / "hq-team"
    dialog.location.setText(str(target))
    dialog.hq.setChecked(True)
    dialog.accept()
    created = tmp_path / "hq-team.db"
    assert window.ctx is not None
    assert window.ctx.role is DatabaseRole.HQ
    assert window.ctx.db.path == created
    assert read_description(created).role == "hq"
    assert Settings().recent()[0] == str(created)
    assert window.hq.packages_action.isEnabled()
    assert window.start is not None
    assert window.start.model.rows == []  # no demo at headquarters
    assert window.start.empty.isVisibleTo(window.start)  # and it says what to do instead
    assert "Headquarters > Kits" in window.start.empty.text()


def test_an_existing_file_is_refused_in_place(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    opened = window.ctx
    taken = tmp_path / "taken.db"
    taken.write_bytes(b"someone's data")
    dialog = window.new_database()
    dialog.location.setText(str(taken))
    dialog.accept()
    assert dialog.isVisible()
    assert dialog.error.isVisibleTo(dialog)
    assert "taken.db exists already" in dialog.error.text()
    assert dialog.location.text() == str(taken)
    assert taken.read_bytes() == b"someone's data"
    assert window.ctx is opened
    dialog.location.setText(str(tmp_path / "missing" / "x.db"))
    dialog.accept()
    assert "does not exist" in dialog.error.text()
    dialog.reject()


def test_the_proposed_name_never_takes_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "certdesk.db").write_bytes(b"")
    (tmp_path / "certdesk-2.db").write_bytes(b"")
    assert free_name(tmp_path, "certdesk") == tmp_path / "certdesk-3.db"


def test_a_server_database_is_chosen_by_its_description_file(tmp_path: Path) -> None:
    from certdesk.ui.dialogs import database_of

    assert database_of(tmp_path / "hq-team.db.certdesk.json") == tmp_path / "hq-team.db"
    assert database_of(tmp_path / "field.db") == tmp_path / "field.db"


def test_the_window_opens_a_headquarters_database_on_a_server(
    window: MainWindow, tmp_path: Path, pg_cluster: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from certdesk.services.server_db import create_server
    from certdesk.ui.dialogs import database_of
    from tests.support.exchange import TEAM_PASSPHRASE
    from tests.support.postgres import Cluster

    assert isinstance(pg_cluster, Cluster)
    create_server(
        tmp_path / "hq-team.db", pg_cluster.new_database(), lambda _n: TEAM_PASSPHRASE
    ).close()
    offered: list[bool] = []
    monkeypatch.setattr(MainWindow, "_offer_demo", lambda _self: offered.append(True))
    window.open_database(database_of(tmp_path / "hq-team.db.certdesk.json"))
    assert window.ctx is not None
    assert window.ctx.role is DatabaseRole.HQ
    assert window.ctx.db.described.key == "server"
    assert offered == []  # an existing database, not a first run
    assert window.hq.packages_action.isEnabled()  # who made it may do everything
    described = read_description(tmp_path / "hq-team.db")
    assert described.server is not None
    pg_cluster.admin("DROP ROLE IF EXISTS kim", "CREATE ROLE kim LOGIN IN ROLE certdesk_auditor")
    write_description(
        tmp_path / "kim.db",
        replace(described, server=described.server.replace("postgres@", "kim@")),
    )
    window.open_database(tmp_path / "kim.db")
    assert window.ctx is not None
    assert window.ctx.user == "kim"
    assert window.hq.portfolio_action.isEnabled()  # an auditor looks
    for entry in (
        window.hq.packages_action,
        window.hq.review_action,
        window.hq.certificates_action,
    ):
        assert not entry.isEnabled()  # and changes nothing; the menu says why
        assert "does not include this" in entry.toolTip()
    window.ctx.close()
