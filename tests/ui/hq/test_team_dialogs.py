"""A headquarters team on a PostgreSQL server: every member opens Kits, Trusted keys, Review
and Certificates from the menu to read them; inside, what their role does not include is
greyed with the menu's reason, also once a row is chosen. An auditor changes nothing; an
importer issues kits and keeps the trust store, and decides and certifies nothing.

Headquarters (who set the team up) has a clean result certified and a result with findings
that the supplier answered; each colleague's desk is the window (tests/support/team.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from certdesk import clock
from certdesk.services.assessment import status
from certdesk.services.exchange import results_in, results_out, trust
from certdesk.services.hq import certificates, review
from certdesk.ui.hq.certificate_checks import RevokeDialog, VerifyDialog
from certdesk.ui.hq.certificate_issue import IssueDialog
from certdesk.ui.hq.certificates_page import CertificatesDialog
from certdesk.ui.hq.issue_kit import IssueKitDialog
from certdesk.ui.hq.kits_page import KitsDialog
from certdesk.ui.hq.review_page import ReviewDialog
from certdesk.ui.hq.trust_dialog import TrustDialog
from certdesk.ui.hq.trust_editors import AddKeyDialog
from certdesk.ui.hq.trust_editors import RevokeDialog as RevokeKeyDialog
from certdesk.ui.main_window import MainWindow
from certdesk.ui.settings import Settings
from tests.support.exchange import Actor, kit_assessment
from tests.support.hq_world import SITE, HqWorld, made_findings, respond
from tests.support.postgres import Cluster
from tests.support.team import as_person
from tests.support.team_window import close_db, greyed, open_as, usable
from tests.support.workspace import BUSINESS_ID, answer_all


@pytest.fixture
def team(tmp_path: Path, pg_cluster: Cluster) -> Actor:
    """A team's database on the server: a clean result, certified; a result with findings
    of another site, and the supplier's response to two of them."""
    hq = Actor(tmp_path / "hq", "hq", server=pg_cluster.new_database())
    field, supplier = Actor(tmp_path / "field", "field"), Actor(tmp_path / "supplier", "field")
    hq_key = hq.public_file("hq")
    clean = kit_assessment(hq, field, tmp_path)
    found = kit_assessment(hq, field, tmp_path, site=SITE)
    made: dict[str, str] = {}
    packages: list[Path] = []
    with field.acting() as ctx:
        for n, aid in enumerate((clean, found)):
            answer_all(ctx, aid, tmp_path)
            if aid == found:
                made = made_findings(ctx, aid, clock.today())
            status.set_status(ctx, aid, "final")
            out = tmp_path / f"result-{n}.cdpkg"
            packages.append(results_out.export_package(ctx, aid, out, hq_key).files[0])
    world = HqWorld(hq, field, supplier, found, made, packages[1], clock.today())
    with hq.acting() as ctx:
        trust.trust(ctx, supplier.public_file("s"), "한빛", "supplier", BUSINESS_ID)
        outcomes = results_in.import_files(ctx, packages).outcomes
        assert [o.status for o in outcomes] == ["imported", "imported"], outcomes
        certificates.issue(ctx, clean, tmp_path / "certificate.pdf", "en")
    response = respond(world, tmp_path, hq_key)
    with hq.acting() as ctx:
        [outcome] = results_in.import_files(ctx, [response]).outcomes
        assert outcome.status == "imported", outcome.reason
    assert hq.ctx is not None
    hq.ctx.close()  # the window is the colleague's desk
    hq.ctx = None
    return hq


def _kits(window: MainWindow, *, able: bool) -> None:
    kits = window.hq.show_kits()
    assert isinstance(kits, KitsDialog)
    assert kits.table.rowCount() == 2
    check = usable if able else greyed
    check(kits.issue_button)
    kits.table.selectRow(0)
    assert kits.detail.text()  # the chosen kit read in full
    check(kits.issue_button)
    issuer = IssueKitDialog(kits, kits.ctx, Settings())
    check(issuer.issue_button)
    if not able:
        kits.issue()
        assert kits.issuer is None
    issuer.reject()
    kits.reject()


def _trust(window: MainWindow, tmp_path: Path, *, able: bool) -> None:
    keys = window.hq.show_trust()
    assert isinstance(keys, TrustDialog)
    assert keys.table.rowCount() == 2  # the assessor's key and the supplier's
    assert keys.history.rowCount() == 2
    check = usable if able else greyed
    check(keys.add_button)
    if not able:
        greyed(keys.revoke_button)
    keys.table.selectRow(0)
    check(keys.revoke_button)
    chosen = keys.selected()
    assert chosen is not None
    check(RevokeKeyDialog(keys, keys.ctx, chosen).ok_button)
    other = Actor(tmp_path / "other", "field").public_file("other")
    preview = trust.preview_key(keys.ctx, other)
    check(AddKeyDialog(keys, keys.ctx, other, preview).ok_button)
    if not able:
        assert keys.add_key(other) is None
        assert keys.revoke() is None
    keys.reject()


def _review(window: MainWindow) -> None:
    """Only a reviewer decides: for an auditor and an importer alike, all reads."""
    dialog = window.hq.show_review()
    assert isinstance(dialog, ReviewDialog)
    assert dialog.table.rowCount() == 2
    assert dialog.late_table.rowCount() == 1
    detail = dialog.detail
    for row in (0, 1):
        dialog.table.selectRow(row)
        assert detail.entry is not None
        assert detail.finding.text()
        greyed(detail.accept_button, detail.reject_button, detail.note)
        usable(detail.open_button)  # opening the evidence is reading
    dialog.decide(accept=True)  # a click that could not come: nothing decided
    assert len(review.queue(dialog.ctx, pending_only=True)) == 2
    dialog.reject()


def _certificates(window: MainWindow) -> None:
    register = window.hq.show_certificates()
    assert isinstance(register, CertificatesDialog)
    assert register.table.rowCount() == 1
    greyed(register.issue_button, register.revoke_button)
    usable(register.verify_button)
    register.table.selectRow(0)
    greyed(register.issue_button, register.revoke_button)
    chosen = register.selected()
    assert chosen is not None
    greyed(RevokeDialog(register, register.ctx, chosen).revoke_button)
    issuer = IssueDialog(register, register.ctx, register.settings)
    issuer.show_all.setChecked(True)  # the results and what a certificate would say
    assert issuer.table.rowCount() == 2
    issuer.table.selectRow(1)
    greyed(issuer.issue_button)
    issuer.reject()
    register.verify()  # verifying is reading: the register's own code is valid
    assert isinstance(register.verifier, VerifyDialog)
    verdict = register.verifier.verify()
    assert verdict is not None
    assert verdict.status == "valid"
    register.verifier.reject()
    register.reject()


def test_an_auditor_opens_every_dialog_and_changes_nothing(
    window: MainWindow, qtbot: QtBot, team: Actor, pg_cluster: Cluster, tmp_path: Path
) -> None:
    open_as(window, as_person(team, pg_cluster, "kim", "certdesk_auditor"), "kim")
    try:
        hq = window.hq
        usable(hq.kits_action, hq.trust_action, hq.review_action, hq.certificates_action)
        greyed(hq.packages_action)
        _kits(window, able=False)
        _trust(window, tmp_path, able=False)
        _review(window)
        _certificates(window)
    finally:
        close_db(window)


def test_an_importer_issues_kits_and_keeps_keys_but_decides_nothing(
    window: MainWindow, qtbot: QtBot, team: Actor, pg_cluster: Cluster, tmp_path: Path
) -> None:
    open_as(window, as_person(team, pg_cluster, "lee", "certdesk_importer"), "lee")
    try:
        hq = window.hq
        usable(hq.packages_action, hq.kits_action, hq.trust_action)
        usable(hq.review_action, hq.certificates_action)
        _kits(window, able=True)
        _trust(window, tmp_path, able=True)
        _review(window)
        _certificates(window)
    finally:
        close_db(window)
