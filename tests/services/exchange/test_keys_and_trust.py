"""This user's keys and headquarters' trust store, through the services."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from keyring.backends.fail import Keyring as FailKeyring

from certdesk import clock
from certdesk.cli import main
from certdesk.crypto import key_files, keys
from certdesk.domain.roles import KeyRole
from certdesk.errors import UserError
from certdesk.formats.package import PackageError
from certdesk.services import audience, own_keys
from certdesk.services.exchange import container, trust
from tests.support.exchange import Actor
from tests.support.memory_keyring import MemoryKeyring
from tests.support.workspace import BUSINESS_ID, new_context


def test_keys_are_made_once_and_kept(tmp_path: Path) -> None:
    first = own_keys.init_keys()
    again = own_keys.init_keys()
    assert first.keys
    assert not again.keys  # nothing new: a new key would orphan every earlier signature
    assert first.fingerprint == again.fingerprint
    written = own_keys.export_public(tmp_path / "me.pub", "김심사")
    read = own_keys.read_public(tmp_path / "me.pub")
    assert (read.fingerprint, read.name) == (first.fingerprint, "김심사")
    assert read.encryption == written.public.encryption


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b'{"format": "other"}',
        b'{"format": "certdesk-public-key/1", "signing": "AA=="}',
    ],
)
def test_a_bad_public_key_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.pub"
    path.write_bytes(content)
    with pytest.raises(UserError, match="is not a CertDesk public key file"):
        own_keys.read_public(path)


def test_without_a_keyring_the_key_file_needs_its_passphrase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    with pytest.raises(UserError, match="CERTDESK_KEY_PASSPHRASE"):
        own_keys.init_keys()
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", PASSPHRASE)
    made = own_keys.init_keys()
    assert (own_keys.key_folder() / "signing.key").exists()
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "a wrong passphrase")
    with pytest.raises(UserError, match="CERTDESK_KEY_PASSPHRASE does not open it"):
        own_keys.signing_key()
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", PASSPHRASE)
    assert own_keys.init_keys().fingerprint == made.fingerprint


PASSPHRASE = "key file passphrase 2026"


@pytest.fixture
def key_files_only(monkeypatch: pytest.MonkeyPatch) -> Path:
    """No keyring: keys go to files protected by CERTDESK_KEY_PASSPHRASE."""
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", PASSPHRASE)
    return own_keys.key_folder()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def _refused(call: Callable[[], object], *words: str) -> str:
    with pytest.raises(UserError) as refused:
        call()
    message = refused.value.message
    assert "\n" not in message
    assert all(w in message for w in words), message
    return message


def test_a_wrong_passphrase_then_the_right_one_keeps_the_original_key(
    tmp_path: Path, key_files_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = own_keys.init_keys()
    public = own_keys.export_public(tmp_path / "me.pub", "김심사").public.signing
    before = _files(key_files_only)
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "a wrong passphrase")
    _refused(own_keys.init_keys, "signing key exists", "set")
    _refused(own_keys.signing_key, "does not open")
    assert _files(key_files_only) == before
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", PASSPHRASE)
    again = own_keys.init_keys()
    assert (again.fingerprint, again.keys) == (made.fingerprint, False)
    assert keys.verify(public, keys.sign(own_keys.signing_key(), b"after"), b"after")
    assert _files(key_files_only) == before


@pytest.mark.parametrize("passphrase", ["a wrong passphrase", None])
def test_init_never_makes_a_key_where_one_cannot_be_opened(
    key_files_only: Path, monkeypatch: pytest.MonkeyPatch, passphrase: str | None
) -> None:
    own_keys.init_keys()
    before = _files(key_files_only)
    if passphrase is None:
        monkeypatch.delenv("CERTDESK_KEY_PASSPHRASE")
    else:
        monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", passphrase)
    # with headquarters' encryption key missing: not made either, since signing is refused
    _refused(own_keys.init_keys, "signing key", "exists")
    assert _files(key_files_only) == before


def test_a_damaged_key_file_is_kept_and_not_replaced(key_files_only: Path) -> None:
    own_keys.init_keys()
    (key_files_only / "signing.key").write_bytes(b'{"format": "certdesk-private-key"')
    before = _files(key_files_only)
    _refused(own_keys.init_keys, "damaged", "restore")
    assert _files(key_files_only) == before


def test_a_key_in_a_keyring_that_is_not_there_now_is_not_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own_keys.init_keys()  # in the (memory) keyring
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", PASSPHRASE)
    before = _files(own_keys.key_folder())
    _refused(own_keys.init_keys, "OS keyring", "unlock")
    _refused(own_keys.rotate_keys, "OS keyring")
    assert _files(own_keys.key_folder()) == before
    assert not (own_keys.key_folder() / "signing.key").exists()


def test_a_new_key_file_needs_a_passphrase_of_twelve_characters(
    key_files_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "x" * 11)
    _refused(own_keys.init_keys, "at least 12 characters")
    assert _files(key_files_only) == {}
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "x" * 12)
    assert own_keys.init_keys().keys
    assert list(_files(key_files_only)) == ["encryption.key", "signing.key"]


def test_rotation_in_the_keyring_keeps_the_old_key(memory_keyring: MemoryKeyring) -> None:
    made = own_keys.init_keys()
    old_encryption = keys.encryption_public(own_keys.encryption_key())
    clock.fix(datetime(2026, 12, 2, 10, 0, tzinfo=UTC))
    try:
        rotated = own_keys.rotate_keys()
        twice = own_keys.rotate_keys()  # the same second: kept apart
    finally:
        clock.fix(None)
    assert (rotated.old_fingerprint, rotated.keys) == (made.fingerprint, True)
    assert rotated.fingerprint != made.fingerprint
    assert twice.old_fingerprint == rotated.fingerprint
    assert own_keys.init_keys().fingerprint == twice.fingerprint
    kept = memory_keyring.secrets[(keys.SERVICE, "signing.retired.2026-12-02T10-00-00")]
    old = Ed25519PrivateKey.from_private_bytes(keys.unb64(kept))
    assert keys.fingerprint(keys.signing_public(old)) == made.fingerprint
    kept = memory_keyring.secrets[(keys.SERVICE, "encryption.retired.2026-12-02T10-00-00")]
    assert keys.encryption_public(X25519PrivateKey.from_private_bytes(keys.unb64(kept))) == (
        old_encryption
    )
    assert (keys.SERVICE, "signing.retired.2026-12-02T10-00-00-2") in memory_keyring.secrets
    assert keys.encryption_public(own_keys.encryption_key()) != old_encryption


def test_rotation_of_a_key_file_keeps_the_old_file(key_files_only: Path) -> None:
    made = own_keys.init_keys()
    old_file = (key_files_only / "signing.key").read_bytes()
    rotated = own_keys.rotate_keys()
    assert rotated.old_fingerprint == made.fingerprint != rotated.fingerprint
    [retired] = key_files_only.glob("signing.retired.*.key")
    assert retired.read_bytes() == old_file
    _, _, raw = key_files.unseal(retired, "signing", PASSPHRASE)
    old = Ed25519PrivateKey.from_private_bytes(raw)
    assert keys.fingerprint(keys.signing_public(old)) == made.fingerprint
    new = own_keys.signing_key()
    assert keys.fingerprint(keys.signing_public(new)) == rotated.fingerprint


def test_rotation_needs_a_key_to_rotate() -> None:
    _refused(own_keys.rotate_keys, "certdesk keys init")


def test_rotation_from_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: MemoryKeyring
) -> None:
    ctx = new_context(tmp_path)
    db = str(ctx.db.path)
    ctx.close()
    assert main(["--db", db, "keys", "init"]) == 0
    made = capsys.readouterr().out.strip().removeprefix("your signing key: ")
    assert main(["--db", db, "keys", "rotate"]) == 0
    out = capsys.readouterr().out
    new = own_keys.init_keys().fingerprint
    assert new != made
    assert f"your old signing key: {made}" in out
    assert f"your new signing key: {new}" in out
    assert "headquarters must trust your new public key file" in out
    [retired] = [n for (_, n) in memory_keyring.secrets if n.startswith("signing.retired.")]
    old = Ed25519PrivateKey.from_private_bytes(
        keys.unb64(memory_keyring.secrets[(keys.SERVICE, retired)])
    )
    assert keys.fingerprint(keys.signing_public(old)) == made


def test_the_trust_store(tmp_path: Path) -> None:
    field = Actor(tmp_path / "field", "field")
    key = field.public_file("김심사")
    hq = new_context(tmp_path / "hq", role="hq")
    added = trust.trust(hq, key, "김심사", "assessor", None)
    assert added.trust
    [entry] = trust.trusted(hq)
    assert (entry.fingerprint, entry.role, entry.revoked) == (added.id, KeyRole.ASSESSOR, False)
    with pytest.raises(UserError, match="already in the trust store"):
        trust.trust(hq, key, "다시", "assessor", None)
    with pytest.raises(UserError, match="needs its supplier's business registration number"):
        trust.trust(hq, field.public_file("other"), "협력사", "supplier", None)
    changes = trust.revoke(hq, added.id, "노트북 분실")
    assert changes.trust
    assert trust.trusted(hq)[0].revoked
    with pytest.raises(UserError, match="no key"):
        trust.revoke(hq, "0000 0000", "오타")


def test_the_trust_store_is_headquarters_work(tmp_path: Path) -> None:
    field = new_context(tmp_path / "field")
    with pytest.raises(UserError, match="headquarters' work"):
        trust.trusted(field)


def test_a_supplier_key_is_bound_to_its_supplier(tmp_path: Path) -> None:
    supplier = Actor(tmp_path / "supplier", "field")
    hq = new_context(tmp_path / "hq", role="hq")
    trust.trust(hq, supplier.public_file("한빛"), "한빛", "supplier", BUSINESS_ID)
    [entry] = trust.trusted(hq)
    assert (entry.role, entry.supplier) == (KeyRole.SUPPLIER, BUSINESS_ID.replace("-", ""))
    data = json.loads((tmp_path / "supplier" / "한빛.pub").read_text(encoding="utf-8"))
    assert data["fingerprint"] == entry.fingerprint


@pytest.mark.parametrize("kept", ["keyring", "files"])
def test_retired_encryption_keys_still_open_what_was_sealed_to_them(
    kept: str, request: pytest.FixtureRequest
) -> None:
    request.getfixturevalue("memory_keyring" if kept == "keyring" else "key_files_only")
    own_keys.init_keys()
    first = own_keys.encryption_key()
    sealed = keys.seal_to(keys.encryption_public(first), b"kit", b"info")
    own_keys.rotate_keys()
    own_keys.rotate_keys()
    held = list(own_keys.DecryptionKeys())
    assert len(held) == 3
    assert keys.encryption_public(held[-1]) == keys.encryption_public(first)
    assert container.decrypting(own_keys.DecryptionKeys())(sealed, b"info") == b"kit"
    with pytest.raises(PackageError):
        container.decrypting(own_keys.DecryptionKeys())(sealed, b"other info")


def test_at_the_window_refusals_name_menus_and_ask_again_never_variables_or_commands(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    audience.speak_to_window()
    message = _refused(own_keys.signing_key, "File > My keys")
    assert "CERTDESK" not in message
    assert "certdesk keys" not in message
    own_keys.use_key_passphrase(PASSPHRASE)
    own_keys.init_keys()
    own_keys.use_key_passphrase("a wrong passphrase")
    message = _refused(own_keys.signing_key, "does not open your")
    assert "CERTDESK" not in message
    assert own_keys.needs_key_passphrase()  # the wrong one is forgotten: the app asks again
    own_keys.use_key_passphrase(PASSPHRASE)
    assert own_keys.signing_key() is not None
    own_keys.use_key_passphrase(None)
