"""This user's keys and headquarters' trust store, through the services."""

from __future__ import annotations

import json
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from certdesk.domain.roles import KeyRole
from certdesk.errors import UserError
from certdesk.services.exchange import own_keys, trust
from tests.support.exchange import Actor
from tests.support.workspace import BUSINESS_ID, new_context


def test_keys_are_made_once_and_kept(tmp_path: Path) -> None:
    first = own_keys.init_keys(with_encryption=True)
    again = own_keys.init_keys(with_encryption=True)
    assert first.keys
    assert not again.keys  # nothing new: a new key would orphan every earlier signature
    assert first.fingerprint == again.fingerprint
    written = own_keys.export_public(tmp_path / "me.pub", "김심사", with_encryption=True)
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
        own_keys.init_keys(with_encryption=False)
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "key file passphrase 2026")
    made = own_keys.init_keys(with_encryption=False)
    assert (own_keys.key_folder() / "signing.pem").exists()
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "a wrong passphrase")
    with pytest.raises(UserError, match="does not open the signing key file"):
        own_keys.signing_key()
    monkeypatch.setenv("CERTDESK_KEY_PASSPHRASE", "key file passphrase 2026")
    assert own_keys.init_keys(with_encryption=False).fingerprint == made.fingerprint


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
    with pytest.raises(UserError, match="needs --supplier"):
        trust.trust(hq, field.public_file("other"), "협력사", "supplier", None)
    changes = trust.revoke(hq, added.id)
    assert changes.trust
    assert trust.trusted(hq)[0].revoked
    with pytest.raises(UserError, match="no key"):
        trust.revoke(hq, "0000 0000")


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
