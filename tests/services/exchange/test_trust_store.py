"""Headquarters' trust store: a key previewed before it is trusted, revoked with a reason
kept out of the audit log, and the history of both."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from certdesk.cli import main
from certdesk.domain.roles import KeyRole
from certdesk.errors import UserError
from certdesk.services.context import Context, reading
from certdesk.services.exchange import trust
from certdesk.services.exchange.trust_history import TrustAction, history
from certdesk.store import audit
from tests.support.exchange import Actor, table_digest
from tests.support.workspace import BUSINESS_ID, new_context


@pytest.fixture
def hq(tmp_path: Path) -> Context:
    return new_context(tmp_path / "hq", role="hq")


@pytest.fixture
def field(tmp_path: Path) -> Actor:
    return Actor(tmp_path / "field", "field")


def _refused_untouched(ctx: Context, call: Callable[[], object], *words: str) -> str:
    """The call is refused in one line naming `words`, and the database is as it was."""
    before = table_digest(ctx)
    with pytest.raises(UserError) as refused:
        call()
    message = refused.value.message
    assert "\n" not in message
    assert all(w in message for w in words), message
    assert table_digest(ctx) == before
    return message


def _trust_log(ctx: Context) -> list[tuple[str, dict[str, object]]]:
    with reading(ctx) as session:
        return [
            (e.action, json.loads(e.data))
            for e in audit.chain_of(session, audit.DATABASE_CHAIN)
            if e.action.startswith("keys.")
        ]


def test_a_key_file_is_previewed_before_anything_is_stored(hq: Context, field: Actor) -> None:
    key = field.public_file("김심사")
    before = table_digest(hq)
    seen = trust.preview_key(hq, key)
    assert table_digest(hq) == before
    assert (seen.name, seen.trusted) == ("김심사", None)
    assert len(seen.fingerprint.split()) == 8
    added = trust.trust(hq, key, "김심사 (본사 확인)", "assessor", None)
    again = trust.preview_key(hq, key)
    assert again.fingerprint == seen.fingerprint == added.id
    assert again.trusted is not None
    assert (again.trusted.name, again.trusted.role) == ("김심사 (본사 확인)", KeyRole.ASSESSOR)


def test_a_file_that_is_no_public_key_is_one_line(hq: Context, tmp_path: Path) -> None:
    bad = tmp_path / "x.pub"
    bad.write_text("-----BEGIN OPENSSH PUBLIC KEY-----\n", encoding="utf-8")
    _refused_untouched(hq, lambda: trust.preview_key(hq, bad), "is not a CertDesk public key file")


def test_trusting_refuses_an_empty_name_and_a_wrong_binding(hq: Context, field: Actor) -> None:
    key = field.public_file("kim")
    _refused_untouched(hq, lambda: trust.trust(hq, key, "  ", "assessor", None), "name")
    _refused_untouched(
        hq,
        lambda: trust.trust(hq, key, "한빛", "supplier", "124-81-00999"),
        "'124-81-00999' is not a valid business registration number",
    )
    _refused_untouched(
        hq, lambda: trust.trust(hq, key, "한빛", "supplier", " "), "business registration number"
    )
    _refused_untouched(
        hq, lambda: trust.trust(hq, key, "kim", "assessor", BUSINESS_ID), "assessor key"
    )
    trust.trust(hq, key, "한빛", "supplier", BUSINESS_ID)
    [entry] = trust.trusted(hq)
    assert (entry.role, entry.supplier) == (KeyRole.SUPPLIER, "1248100998")


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("", "give the reason"),
        ("   ", "give the reason"),
        ("노트북 분실\n두 번째 줄", "one line"),
        ("분실\x1b[31m", "control characters"),
        ("가" * 301, "at most 300 characters"),
    ],
)
def test_a_revocation_needs_a_reason_in_one_line(
    hq: Context, field: Actor, reason: str, words: str
) -> None:
    added = trust.trust(hq, field.public_file("kim"), "kim", "assessor", None)
    _refused_untouched(hq, lambda: trust.revoke(hq, added.id, reason), words)
    assert not trust.trusted(hq)[0].revoked


def test_the_reason_is_kept_in_the_store_and_only_flagged_in_the_log(
    hq: Context, field: Actor
) -> None:
    added = trust.trust(hq, field.public_file("kim"), "kim", "assessor", None)
    reason = "  노트북 분실 " + "가" * 290  # 300 characters once trimmed
    changes = trust.revoke(hq, added.id, reason)
    assert (changes.trust, changes.portfolio) == (True, True)
    [entry] = trust.trusted(hq)
    assert entry.revoked
    assert entry.revoked_reason == reason.strip()
    assert _trust_log(hq)[-1] == ("keys.revoke", {"fingerprint": added.id, "reason_given": True})
    with reading(hq) as session:
        logged = [e.data for e in audit.chain_of(session, audit.DATABASE_CHAIN)]
    assert not any("분실" in data for data in logged)
    message = _refused_untouched(hq, lambda: trust.revoke(hq, added.id, "again"), "already revoked")
    assert added.id in message


def test_the_history_names_each_key_from_the_store_newest_first(
    hq: Context, field: Actor, tmp_path: Path
) -> None:
    supplier = Actor(tmp_path / "supplier", "field")
    assessor = trust.trust(hq, field.public_file("kim"), "김심사", "assessor", None).id
    bound = trust.trust(hq, supplier.public_file("s"), "한빛 품질팀", "supplier", BUSINESS_ID).id
    trust.revoke(hq, assessor, "퇴사")
    changes = history(hq)
    assert [(c.action, c.fingerprint) for c in changes] == [
        (TrustAction.REVOKED, assessor),
        (TrustAction.TRUSTED, bound),
        (TrustAction.TRUSTED, assessor),
    ]
    assert [c.name for c in changes] == ["김심사", "한빛 품질팀", "김심사"]
    assert [c.role for c in changes] == [KeyRole.ASSESSOR, KeyRole.SUPPLIER, KeyRole.ASSESSOR]
    assert changes[1].supplier == "1248100998"
    assert [c.reason for c in changes] == ["퇴사", None, None]
    assert {c.actor for c in changes} == {hq.user}
    assert changes[0].at >= changes[1].at >= changes[2].at
    assert changes[0].at.tzinfo is not None
    # the names are not in the log: they come from the trust store
    assert all("김심사" not in json.dumps(data) for _action, data in _trust_log(hq))


def test_revoke_from_the_command_line_needs_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headquarters, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    key = str(field.public_file("kim"))
    with headquarters.commanding() as db:
        assert main(["--db", db, "keys", "trust", key, "--name", "kim", "--role", "assessor"]) == 0
        fingerprint = capsys.readouterr().out.strip().removeprefix("trusted ")
        with pytest.raises(SystemExit) as caught:
            main(["--db", db, "keys", "revoke", fingerprint])
        assert caught.value.code == 2
        assert "--reason" in capsys.readouterr().err
        assert main(["--db", db, "keys", "revoke", fingerprint, "--reason", "노트북 분실"]) == 0
        assert capsys.readouterr().out.strip() == f"revoked {fingerprint}"
        assert main(["--db", db, "keys", "list"]) == 0
        assert "revoked (노트북 분실)" in capsys.readouterr().out
        assert main(["--db", db, "keys", "revoke", fingerprint, "--reason", "다시"]) == 1
        assert "already revoked" in capsys.readouterr().err
        assert main(["--db", db, "keys", "list", "--json"]) == 0
        [listed] = json.loads(capsys.readouterr().out)
        assert (listed["revoked"], listed["revoked_reason"]) == (True, "노트북 분실")


def test_a_file_that_changed_since_its_fingerprint_was_confirmed_is_refused(
    hq: Context, field: Actor, tmp_path: Path
) -> None:
    path = field.public_file("kim")
    confirmed = trust.preview_key(hq, path).fingerprint
    path.write_bytes(Actor(tmp_path / "stranger", "field").public_file("kim").read_bytes())
    _refused_untouched(
        hq,
        lambda: trust.trust(hq, path, "kim", "assessor", None, fingerprint=confirmed),
        "holds another key than the one shown",
    )
