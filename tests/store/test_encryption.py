"""The database is encrypted at rest; its key lives in the keyring or comes from a passphrase."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from certdesk.crypto import keystore
from certdesk.errors import UserError
from certdesk.services import context, opening
from certdesk.services.assessment import suppliers
from tests.support.memory_keyring import MemoryKeyring
from tests.support.workspace import BUSINESS_ID, new_context


def test_plain_sqlite_cannot_read_the_file(tmp_path: Path) -> None:
    ctx = new_context(tmp_path)
    suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    ctx.db.close()
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(tmp_path / "certdesk.db").execute("SELECT * FROM sqlite_master").fetchall()
    assert "한빛정밀".encode() not in (tmp_path / "certdesk.db").read_bytes()


def test_key_is_in_the_keyring_by_uuid_never_beside_the_file(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    field = new_context(tmp_path / "field")
    hq = new_context(tmp_path / "hq", role="hq")
    described = json.loads((tmp_path / "field" / "certdesk.db.certdesk.json").read_text())
    assert described["key"] == "keyring"
    assert set(described) == {"uuid", "role", "key", "format", "audit_salt", "audit_box", "server"}
    assert described["server"] is None  # a file, not a server
    assert described["audit_box"] is None  # with a keyring the audit key is kept there
    assert described["audit_salt"] is None  # a salt only where a passphrase makes the key
    by_service: dict[str, dict[str, bytes]] = {}
    for (service, user), value in memory_keyring.secrets.items():
        by_service.setdefault(service, {})[user] = bytes.fromhex(value)
    keys, audit_keys = by_service["CertDesk database key"], by_service["CertDesk audit key"]
    assert set(keys) == set(audit_keys) == {field.db.described.uuid, hq.db.described.uuid}
    assert len({*keys.values(), *audit_keys.values()}) == 4  # the audit key is its own
    assert all(len(k) == 32 for k in keys.values())
    for key in keys.values():
        for file in (tmp_path / "field").iterdir():
            if file.is_file():
                assert key.hex().encode() not in file.read_bytes()
                assert key not in file.read_bytes()


@pytest.mark.usefixtures("no_keyring")
def test_passphrase_path_when_no_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = new_context(tmp_path)
    suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
    ctx.db.close()
    assert ctx.db.described.key == "passphrase"
    reopened = opening.open_database(tmp_path / "certdesk.db")
    assert [s.name for s in suppliers.list_suppliers(context.Context(reopened))] == ["한빛정밀"]
    reopened.close()
    monkeypatch.setenv("CERTDESK_PASSPHRASE", "not the right one at all")
    with pytest.raises(UserError, match="does not open"):
        opening.open_database(tmp_path / "certdesk.db")


@pytest.mark.usefixtures("no_keyring")
def test_no_passphrase_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CERTDESK_PASSPHRASE")
    with pytest.raises(UserError, match="CERTDESK_PASSPHRASE"):
        new_context(tmp_path)
    assert not (tmp_path / "certdesk.db").exists()


def test_plaintext_keyring_counts_as_none(monkeypatch: pytest.MonkeyPatch) -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    import keyring

    keyring.set_keyring(PlaintextKeyring())
    assert not keystore.secure_keyring()
    keyring.set_keyring(MemoryKeyring())
    assert keystore.secure_keyring()


def test_key_missing_from_keyring(tmp_path: Path, memory_keyring: MemoryKeyring) -> None:
    new_context(tmp_path).db.close()
    memory_keyring.secrets.clear()
    with pytest.raises(UserError, match="not in this computer's keyring"):
        opening.open_database(tmp_path / "certdesk.db")


def test_not_a_database(tmp_path: Path) -> None:
    (tmp_path / "x.db").write_bytes(b"hello")
    with pytest.raises(UserError, match="is not a CertDesk database"):
        opening.open_database(tmp_path / "x.db")
