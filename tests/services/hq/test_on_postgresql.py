"""Headquarters on PostgreSQL: the same services as on the encrypted file, and several
people importing at once (each window has its own connection) without a package twice,
a lost row or a broken audit chain."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import col, select

from certdesk import clock
from certdesk.crypto.sealing import SealError, unseal
from certdesk.services import opening, team
from certdesk.services.assessment import audit_log, evidence, status
from certdesk.services.context import Context
from certdesk.services.exchange import results_in, results_out
from certdesk.services.files import evidence_body
from certdesk.services.hq import certificates, portfolio
from certdesk.store import audit
from certdesk.store.database import read_description
from certdesk.store.tables import Evidence
from tests.support.exchange import Actor, kit_assessment
from tests.support.postgres import Cluster
from tests.support.team import as_person, description_for
from tests.support.workspace import answer_all


@pytest.fixture
def hq_backend() -> str:
    """These tests choose their backends themselves: they run once."""
    return "explicit"


@pytest.fixture
def hq(tmp_path: Path, pg_cluster: Cluster) -> Iterator[Actor]:
    actor = Actor(tmp_path / "hq", "hq", server=pg_cluster.new_database())
    yield actor
    if actor.ctx is not None:
        actor.ctx.close()  # the server's connections closed, not left to the collector


def _results(hq: Actor, folder: Path, count: int, *, photo: bool = False) -> list[Path]:
    field = Actor(folder / "field", "field")
    hq_key = hq.public_file("hq")
    made = []
    for n in range(count):
        aid = kit_assessment(hq, field, folder, business_id="124-81-00998")
        with field.acting() as ctx:
            answer_all(ctx, aid, folder)
            if photo:
                shown = folder / "gate.txt"
                shown.write_text("the guard's visitor book, 2026-11-30", encoding="utf-8")
                evidence.add_file(ctx, aid, None, shown)
            status.set_status(ctx, aid, "final")
            made.append(
                results_out.export_package(ctx, aid, folder / f"r{n}.cdpkg", hq_key).files[0]
            )
    return made


def test_the_headquarters_services_run_on_postgresql(
    hq: Actor, tmp_path: Path, clock: date
) -> None:
    [made] = _results(hq, tmp_path, 1)
    with hq.acting() as ctx:
        described = read_description(hq.home / "certdesk.db")
        assert described.key == "server"
        assert described.server is not None
        assert "password" not in described.server
        assert not (hq.home / "certdesk.db").exists()  # the data is on the server
        [outcome] = results_in.import_files(ctx, [made]).outcomes
        assert outcome.status == "imported", outcome.reason
        [entry] = portfolio.summary(ctx)
        assert entry.assessor is not None
        assert (entry.assessor.outcome, entry.assessor.total_text) == ("certified", "100.0%")
        issued = certificates.issue(ctx, entry.assessor.assessment, tmp_path / "c.pdf", "en")
        assert certificates.verify(ctx, issued.certificate.code).status == "valid"
        assert audit_log.verify(ctx).ok


def _keys_are_wrapped(ctx: Context) -> list[str]:
    """The evidence files the server holds, after checking each one's key in the
    database does not open its file (it is wrapped), while the service does."""
    with ctx.db.session() as session:
        rows = session.exec(select(Evidence).where(col(Evidence.file_key).is_not(None))).all()
    for row in rows:
        assert row.file_key is not None
        assert row.stored_name is not None
        sealed = (ctx.db.evidence_dir / row.stored_name).read_bytes()
        with pytest.raises((SealError, ValueError)):  # not a key at all, or not this file's
            unseal(row.file_key, sealed, row.id.encode())
        assert evidence_body(ctx, row.id, row.file_key, row.stored_name)
    return [row.id for row in rows]


def test_evidence_keys_on_the_server_are_wrapped_with_the_teams_key(
    hq: Actor, tmp_path: Path
) -> None:
    [made] = _results(hq, tmp_path, 1, photo=True)
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [made]).outcomes
        assert outcome.status == "imported", outcome.reason
        [held] = _keys_are_wrapped(ctx)
        opened = evidence.open_file(ctx, held)
        assert opened.read_text(encoding="utf-8") == "the guard's visitor book, 2026-11-30"


def test_four_people_importing_overlapping_files_at_once_lose_nothing(
    hq: Actor, tmp_path: Path
) -> None:
    made = _results(hq, tmp_path, 6)
    with hq.acting():
        pass  # made, with its keys
    assert hq.ctx is not None
    hq.ctx.close()
    hq.ctx = None
    shares = [made[0:4], made[2:6], made[1:5], made]
    outcomes: list[list[str]] = [[] for _ in shares]
    errors: list[BaseException] = []

    def person(n: int) -> None:
        try:
            ctx = opening.open_context(hq.home / "certdesk.db", create_role=None)
            try:
                done = results_in.import_files(ctx, shares[n]).outcomes
                outcomes[n] = [o.status for o in done]
            finally:
                ctx.close()
        except BaseException as exc:
            errors.append(exc)

    people = [threading.Thread(target=person, args=(n,)) for n in range(4)]
    with hq._as_this_user():  # the keyring and home are the process's: one user here
        for p in people:
            p.start()
        for p in people:
            p.join(timeout=300)
    assert errors == []
    every = [s for row in outcomes for s in row]
    assert set(every) <= {"imported", "present"}
    assert every.count("imported") == len(made)  # each file written once, by one person
    with hq.acting() as ctx:
        assert len(portfolio.summary(ctx)) == 1
        assert audit_log.verify(ctx).ok


def test_init_on_a_server_from_the_command_line(
    tmp_path: Path,
    pg_cluster: Cluster,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from certdesk.cli import main

    monkeypatch.setenv("CERTDESK_PASSPHRASE", "headquarters team passphrase")
    url = pg_cluster.new_database().replace("postgresql+psycopg://", "postgresql://")
    described_at = tmp_path / "hq.db"
    assert main(["--db", str(described_at), "init", "--role", "hq", "--server", url]) == 0
    assert (
        main(
            [
                "--db",
                str(described_at),
                "supplier",
                "add",
                "한빛정밀",
                "--business-id",
                "1248100998",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["--db", str(described_at), "supplier", "list"]) == 0
    assert "한빛정밀" in capsys.readouterr().out
    with_password = url.replace("postgres@", "postgres:secret@")
    assert (
        main(["--db", str(tmp_path / "x.db"), "init", "--role", "hq", "--server", with_password])
        == 1
    )
    assert "leave the password out" in capsys.readouterr().err
    assert not (tmp_path / "x.db.certdesk.json").exists()


def test_a_colleagues_desk_opens_it_with_the_team_passphrase(
    tmp_path: Path, pg_cluster: Cluster
) -> None:
    from certdesk.crypto import keystore
    from certdesk.errors import UserError
    from certdesk.services.server_db import create_server
    from tests.support.exchange import TEAM_PASSPHRASE

    described_at = tmp_path / "hq.db"
    made = create_server(described_at, pg_cluster.new_database(), lambda _new: TEAM_PASSPHRASE)
    uuid = made.described.uuid
    made.close()
    keystore.forget_audit_key(uuid)  # another desk: the description file, no key yet
    with pytest.raises(UserError, match="does not open with this passphrase"):
        opening.open_context(described_at, lambda _new: "not the team's passphrase", None)
    ctx = opening.open_context(described_at, lambda _new: TEAM_PASSPHRASE, None)
    try:
        assert audit_log.verify(ctx).ok
        assert keystore.load_audit_key(uuid) is not None  # kept for next time
    finally:
        ctx.close()


def test_an_auditor_changes_nothing_and_an_importer_certifies_nothing(
    hq: Actor, tmp_path: Path, pg_cluster: Cluster
) -> None:
    from certdesk.errors import UserError
    from certdesk.services.assessment import suppliers

    [made] = _results(hq, tmp_path, 1)
    with hq.acting() as ctx:
        assert team.abilities(ctx) == {"import", "review", "certify"}  # who set it up
        results_in.import_files(ctx, [made])
        [entry] = portfolio.summary(ctx)
    assert entry.assessor is not None
    with hq._as_this_user():
        auditor = opening.open_context(
            as_person(hq, pg_cluster, "kim", "certdesk_auditor"), create_role=None
        )
        try:
            assert team.abilities(auditor) == frozenset()
            assert len(portfolio.summary(auditor)) == 1  # reads everything
            with pytest.raises(UserError) as refused:
                suppliers.add_supplier(auditor, "새빛전자", "220-81-62517")
            assert "your role at headquarters may not change" in refused.value.message
            assert "\n" not in refused.value.message
        finally:
            auditor.close()
        importer = opening.open_context(
            as_person(hq, pg_cluster, "lee", "certdesk_importer"), create_role=None
        )
        try:
            out = tmp_path / "c.pdf"
            with pytest.raises(UserError, match="may not change certificate"):
                certificates.issue(importer, entry.assessor.assessment, out, "en")
            assert not out.exists()
            assert certificates.register(importer) == []
            suppliers.add_supplier(importer, "새빛전자", "220-81-62517")  # its own work goes on
            assert team.abilities(importer) == {"import"}
            with importer.db.session() as session:  # the log names the person's own role
                assert audit.chain_of(session, audit.DATABASE_CHAIN)[-1].actor == "lee"
        finally:
            importer.close()


def test_a_headquarters_file_moves_to_the_server_whole(tmp_path: Path, pg_cluster: Cluster) -> None:
    from certdesk.services import moving
    from certdesk.services.hq import review
    from tests.support.exchange import TEAM_PASSPHRASE
    from tests.support.hq_world import hq_world

    world = hq_world(tmp_path, clock.today())
    ctx = world.ctx
    before = portfolio.summary(ctx)
    queue = [(e.finding, e.action) for e in review.queue(ctx)]
    target = tmp_path / "hq-team.db"
    with world.hq._as_this_user():
        moved = moving.move_to_server(
            ctx, pg_cluster.new_database(), target, lambda _new: TEAM_PASSPHRASE
        )
        assert moved.rows["audit_entry"] > 0
        assert moved.rows["answer"] > 200  # every answer of the imported result
        server = opening.open_context(target, create_role=None)
        try:
            assert read_description(target).key == "server"
            assert portfolio.summary(server) == before
            assert [(e.finding, e.action) for e in review.queue(server)] == queue
            entry = next(e for e in review.queue(server) if e.evidence)
            opened = review.open_evidence(server, entry.evidence[0].id)
            assert opened.read_bytes()  # the sealed files came along and still open
            assert _keys_are_wrapped(server)
            assert audit_log.verify(server).ok
        finally:
            server.close()
    assert audit_log.verify(ctx).ok  # the file is left as it was, its log one entry longer
    ctx.close()


def test_the_team_grows_one_person_at_a_time(hq: Actor, pg_cluster: Cluster) -> None:
    from certdesk.errors import UserError

    with hq.acting() as ctx:
        pg_cluster.admin("DROP ROLE IF EXISTS park")
        team.add_person(ctx, "park", "reviewer")
        for name, role, said in (
            ("Park Jiwon", "reviewer", "cannot be a login name"),
            ("choi", "boss", "the role must be one of"),
        ):
            with pytest.raises(UserError, match=said):
                team.add_person(ctx, name, role)
    with hq._as_this_user():
        park = opening.open_context(description_for(hq, "park"), create_role=None)
        try:
            assert team.abilities(park) == {"review"}
            with pytest.raises(UserError, match="your role at headquarters may not change this"):
                team.add_person(park, "choi", "auditor")  # only who set the team up adds people
        finally:
            park.close()
