"""Backup, restore and a new passphrase, on real encrypted databases with real evidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from certdesk.errors import UserError
from certdesk.services import backup, context, keeping, opening
from certdesk.services.assessment import answers, audit_log, evidence, listing
from certdesk.services.assessment.workspace import Workspace
from certdesk.store import audit
from certdesk.store.database import description_path, evidence_dir
from tests.support.workspace import new_context, supplier_and_assessment

BACKUP_PASSPHRASE = "a long backup passphrase"
PHOTO = "출입 관리 대장 2026-11\n".encode() * 100


def _filled(folder: Path) -> tuple[context.Context, str, str]:
    ctx = new_context(folder)
    aid = supplier_and_assessment(ctx)
    answers.answer(ctx, aid, "1.1.1", "met", note="출입 기록 확인")
    source = folder / "visitor-log.txt"
    source.write_bytes(PHOTO)
    eid = evidence.add_file(ctx, aid, "1.1.1", source).id
    return ctx, aid, eid


def _last_action(ctx: context.Context) -> str:
    with ctx.db.session() as session:
        return audit.chain_of(session, audit.DATABASE_CHAIN)[-1].action


def _left_over(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_backup_restores_into_a_new_database_with_answers_evidence_and_a_sound_log(
    tmp_path: Path,
) -> None:
    ctx, aid, eid = _filled(tmp_path / "laptop")
    target = tmp_path / "laptop" / "before-trip.cdbackup"
    written = backup.write_backup(ctx, target, BACKUP_PASSPHRASE)
    assert written.files == (target,)
    assert b"1.1.1" not in target.read_bytes()  # nothing readable without the passphrase
    assert _last_action(ctx) == "database.backup"
    ctx.close()
    info = backup.inspect(target)
    assert (info.role, info.evidence) == ("field", 1)
    (tmp_path / "other").mkdir()
    restored = backup.restore(target, tmp_path / "other" / "restored.db", BACKUP_PASSPHRASE).files[
        0
    ]
    again = opening.open_context(restored, create_role=None)
    try:
        assert listing.show(again, aid).supplier.name == "한빛정밀"
        held = Workspace(again, aid).held["1.1.1"]
        assert (held.code, held.note) == ("met", "출입 기록 확인")
        assert listing.show(again, aid).score.unanswered == 321
        assert evidence.open_file(again, eid).read_bytes() == PHOTO
        report = audit_log.verify(again)
        assert report.ok, report.breaks
        assert _last_action(again) == "database.restore"
    finally:
        again.close()
    left = _left_over(tmp_path / "other")
    assert {description_path(restored).name, evidence_dir(restored).name} <= set(left)
    assert not [name for name in left if name.startswith(".")]  # no work folder left


@pytest.mark.usefixtures("no_keyring")
def test_without_a_keyring_the_restored_database_takes_a_new_passphrase(tmp_path: Path) -> None:
    ctx, aid, _eid = _filled(tmp_path)
    target = tmp_path / "b.cdbackup"
    backup.write_backup(ctx, target, BACKUP_PASSPHRASE)
    ctx.close()
    chosen = "the restored database's passphrase"
    restored = backup.restore(
        target, tmp_path / "restored.db", BACKUP_PASSPHRASE, lambda _new: chosen
    ).files[0]
    again = opening.open_context(restored, lambda _new: chosen, None)
    try:
        assert again.db.described.key == "passphrase"
        assert audit_log.verify(again).ok
        assert listing.show(again, aid).score.unanswered == 321
    finally:
        again.close()


@pytest.fixture
def made(tmp_path: Path) -> Path:
    ctx, _aid, _eid = _filled(tmp_path / "src")
    target = tmp_path / "made.cdbackup"
    backup.write_backup(ctx, target, BACKUP_PASSPHRASE)
    ctx.close()
    (tmp_path / "dest").mkdir()
    return target


def _refused(source: Path, match: str, passphrase: str = BACKUP_PASSPHRASE) -> None:
    folder = source.parent / "dest"
    with pytest.raises(UserError, match=match) as caught:
        backup.restore(source, folder / "restored.db", passphrase)
    assert "\n" not in str(caught.value)
    assert _left_over(folder) == []


def test_a_wrong_backup_passphrase_restores_nothing(made: Path) -> None:
    _refused(made, "backup passphrase is not right", "not the passphrase at all")


def test_a_changed_header_is_refused(made: Path) -> None:
    data = bytearray(made.read_bytes())
    at = data.index(b'"role":"field"')
    data[at : at + 14] = b'"role":"hq"   '
    made.write_bytes(bytes(data))
    _refused(made, "backup passphrase is not right, or the backup was altered")


def test_a_changed_member_is_refused(made: Path) -> None:
    data = bytearray(made.read_bytes())
    data[-5] ^= 0x01  # inside the last evidence file
    made.write_bytes(bytes(data))
    _refused(made, "a part of the backup was altered")


@pytest.mark.parametrize(
    ("damage", "match"),
    [
        (lambda b: b[:-1], "length does not match"),
        (lambda b: b + b"x", "length does not match"),
        (lambda b: b[:30], "cut short|not a CertDesk backup"),
        (lambda b: b"PK\x03\x04" + b[4:], "not a CertDesk backup"),
    ],
)
def test_a_damaged_file_is_refused(made: Path, damage: object, match: str) -> None:
    assert callable(damage)
    made.write_bytes(damage(made.read_bytes()))
    _refused(made, match)


def test_a_folder_and_an_existing_target_are_refused(made: Path, tmp_path: Path) -> None:
    _refused(tmp_path / "dest", "is not a backup file")
    existing = tmp_path / "dest" / "restored.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(UserError, match="exists already"):
        backup.restore(made, existing, BACKUP_PASSPHRASE)
    assert existing.read_bytes() == b"keep me"


def test_a_short_backup_passphrase_writes_nothing(tmp_path: Path) -> None:
    ctx, _aid, _eid = _filled(tmp_path)
    with pytest.raises(UserError, match="at least 12 characters"):
        backup.write_backup(ctx, tmp_path / "b.cdbackup", "short")
    ctx.close()
    assert not (tmp_path / "b.cdbackup").exists()


@pytest.mark.usefixtures("no_keyring")
def test_a_new_passphrase_opens_the_database_and_keeps_the_audit_seals(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ctx, aid, _eid = _filled(tmp_path)
    old = "correct horse battery staple"
    with pytest.raises(UserError, match="current passphrase is not right"):
        keeping.change_passphrase(ctx, "a wrong passphrase", "a brand new passphrase")
    with pytest.raises(UserError, match="at least 12"):
        keeping.change_passphrase(ctx, old, "short")
    keeping.change_passphrase(ctx, old, "a brand new passphrase")
    answers.answer(ctx, aid, "1.1.2", "met")  # the open database goes on working
    ctx.close()
    with pytest.raises(UserError, match="does not open"):
        opening.open_context(tmp_path / "certdesk.db", lambda _new: old, None)
    again = opening.open_context(
        tmp_path / "certdesk.db", lambda _new: "a brand new passphrase", None
    )
    try:
        report = audit_log.verify(again)
        assert report.ok, report.breaks
        assert listing.show(again, aid).score.unanswered == 320
    finally:
        again.close()


def test_a_keyring_database_has_no_passphrase_to_change(tmp_path: Path) -> None:
    ctx = new_context(tmp_path)
    assert not keeping.has_passphrase(ctx)
    with pytest.raises(UserError, match="keyring"):
        keeping.change_passphrase(ctx, "anything at all", "a brand new passphrase")
    ctx.close()


@pytest.mark.usefixtures("no_keyring")
@pytest.mark.parametrize("stop", ["before the rekey", "after the rekey"])
def test_a_crash_while_the_passphrase_changes_leaves_a_database_that_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: str
) -> None:
    """Whichever passphrase opens the file after a crash also opens its audit key."""
    from certdesk.store import database

    ctx, _aid, _eid = _filled(tmp_path)
    old, new = "correct horse battery staple", "a brand new passphrase"

    def crash(*_args: object) -> None:
        raise KeyboardInterrupt  # the process dies here

    with monkeypatch.context() as patched:
        if stop == "before the rekey":
            patched.setattr(database.Database, "rekey", crash)
        else:
            patched.setattr(database, "write_description", crash)
        with pytest.raises(KeyboardInterrupt):
            keeping.change_passphrase(ctx, old, new)
    ctx.close()
    works = old if stop == "before the rekey" else new
    again = opening.open_context(tmp_path / "certdesk.db", lambda _new: works, None)
    try:
        report = audit_log.verify(again)
        assert report.ok, report.breaks
    finally:
        again.close()
