"""File > New database in the real window: a headquarters or field database, or a refusal in
place that keeps what was typed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from certdesk.domain.roles import DatabaseRole
from certdesk.store.database import read_description, write_description
from certdesk.ui.main_window import MainWindow
from certdesk.ui.new_database import NewDatabaseDialog, free_name
from certdesk.ui.passphrase import PassphraseDialog
from certdesk.ui.settings import Settings
from tests.support.dialogs import when_shown
from tests.support.exchange import TEAM_PASSPHRASE
from tests.support.postgres import Cluster


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
    for entry in (window.hq.portfolio_action, window.hq.review_action):
        assert entry.isEnabled()  # an auditor looks (the dialogs grey what writes)
    assert not window.hq.packages_action.isEnabled()  # and imports nothing: the menu says why
    assert "does not include this" in window.hq.packages_action.toolTip()
    window.ctx.close()


# -- a headquarters team on a PostgreSQL server -----------------------------------------


def _typed_twice(dialog: PassphraseDialog) -> None:
    dialog.first.setText(TEAM_PASSPHRASE)
    dialog.second.setText(TEAM_PASSPHRASE)
    dialog.accept()


def _server_choice(window: MainWindow, location: Path, address: str) -> NewDatabaseDialog:
    dialog = window.new_database()
    assert not dialog.address.isVisibleTo(dialog)  # a field or file database asks no server
    dialog.server.setChecked(True)
    assert dialog.address.isVisibleTo(dialog)
    assert dialog.server_note.isVisibleTo(dialog)
    assert "sslmode=verify-full" in dialog.address.placeholderText()
    assert "pass file" in dialog.server_note.text()
    dialog.location.setText(str(location))
    dialog.address.setText(address)
    return dialog


def test_a_headquarters_team_database_is_made_on_a_server_from_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, pg_cluster: Cluster
) -> None:
    address = pg_cluster.new_database().replace("postgresql+psycopg://", "postgresql://")
    dialog = _server_choice(window, tmp_path / "hq-team", address)
    asked = when_shown(PassphraseDialog, _typed_twice)
    dialog.accept()
    assert len(asked) == 1  # the team's passphrase, chosen (typed twice) once
    assert asked[0].windowTitle() == "Team passphrase"
    assert any("team's audit key" in label.text() for label in asked[0].findChildren(QLabel))
    assert not dialog.isVisible()
    created = tmp_path / "hq-team.db"
    assert window.ctx is not None
    assert window.ctx.role is DatabaseRole.HQ
    assert window.ctx.db.path == created
    assert not created.exists()  # the data is on the server; the file describes it
    described = read_description(created)
    assert (described.key, described.role) == ("server", "hq")
    assert described.server is not None
    assert described.server.startswith("postgresql+psycopg://postgres@/t_")
    assert Settings().recent()[0] == str(created)
    for entry in window.hq.entries:  # who set the team up may do everything
        assert entry.isEnabled(), entry.text()
    window.ctx.close()


def test_each_refusal_of_a_server_is_said_in_place_and_keeps_what_was_typed(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, pg_cluster: Cluster
) -> None:
    opened = window.ctx
    target = tmp_path / "hq-team"
    dialog = _server_choice(window, target, "")
    unreachable = "postgresql://postgres@/certdesk?host=" + str(tmp_path / "no-socket-here")
    for address, said in (
        ("", "Give the server's address, as postgresql://user@host/dbname"),
        ("https://db.example.com/certdesk", "the server must be given as postgresql://"),
        ("postgresql://kim:secret@db.example.com/certdesk", "leave the password out"),
        ("postgresql://kim@db.example.com:port/certdesk", "the server's address cannot be read"),
    ):
        dialog.address.setText(address)
        dialog.accept()  # refused before any passphrase is asked
        assert dialog.isVisible()
        assert dialog.error.isVisibleTo(dialog)
        assert dialog.error.text().startswith(said), dialog.error.text()
        assert "\n" not in dialog.error.text()
        assert dialog.address.text() == address
        assert dialog.location.text() == str(target)
        assert dialog.server.isChecked()
    dialog.address.setText(unreachable)
    asked = when_shown(PassphraseDialog, _typed_twice)
    dialog.accept()
    assert len(asked) == 1
    assert dialog.isVisible()
    assert dialog.error.text().startswith("could not connect to the server (")
    assert "no-socket-here" in dialog.error.text()  # what the server's driver said
    assert "check the address" in dialog.error.text()
    assert "\n" not in dialog.error.text()
    assert dialog.address.text() == unreachable
    assert not _described(tmp_path / "hq-team.db")  # nothing was left behind
    assert window.ctx is opened
    dialog.address.setText(pg_cluster.new_database())
    again = when_shown(PassphraseDialog, _typed_twice, attempts=20)
    dialog.accept()  # the same file, the team's passphrase as chosen before
    assert again == []
    assert not dialog.isVisible()
    assert window.ctx is not opened
    assert window.ctx is not None
    assert window.ctx.db.described.key == "server"
    window.ctx.close()


def test_a_cancelled_team_passphrase_says_nothing_and_keeps_the_dialog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, pg_cluster: Cluster
) -> None:
    address = pg_cluster.new_database()
    dialog = _server_choice(window, tmp_path / "hq-team", address)
    when_shown(PassphraseDialog, lambda asked: asked.reject())
    dialog.accept()
    assert dialog.isVisible()
    assert not dialog.error.isVisibleTo(dialog)
    assert dialog.address.text() == address
    assert not _described(tmp_path / "hq-team.db")
    dialog.reject()


def test_a_file_database_never_takes_a_server_databases_name(
    window: MainWindow, tmp_path: Path
) -> None:
    (tmp_path / "hq-team.db.certdesk.json").write_text("{}", encoding="utf-8")
    assert free_name(tmp_path, "hq-team") == tmp_path / "hq-team-2.db"
    dialog = window.new_database()
    dialog.location.setText(str(tmp_path / "hq-team.db"))
    dialog.hq.setChecked(True)
    dialog.accept()
    assert dialog.isVisible()
    assert "hq-team.db exists already" in dialog.error.text()
    dialog.reject()


def _described(path: Path) -> bool:
    return path.with_name(path.name + ".certdesk.json").exists()
