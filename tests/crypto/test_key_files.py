"""Private key files: scrypt and AES-256-GCM, the upgrade from PKCS#8, never an overwrite."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import keyring
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from keyring.backends.fail import Keyring as FailKeyring

from certdesk.crypto import key_files, keys

PASSPHRASE = "key file passphrase 2026"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Where the key files go, with no keyring to keep keys in."""
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    return tmp_path / "keys"


def _raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def _signs_as(key: keys.PrivateKey, public: bytes) -> bool:
    assert isinstance(key, Ed25519PrivateKey)
    return keys.verify(public, keys.sign(key, b"after"), b"after")


def test_the_file_holds_the_key_sealed_with_scrypt_and_aes_gcm(folder: Path) -> None:
    folder.mkdir()
    folder.chmod(0o755)  # as an earlier version may have left it: made private
    key = Ed25519PrivateKey.generate()
    where = keys.store_private("signing", key, folder, PASSPHRASE)
    path = folder / "signing.key"
    assert where == str(path)
    content = path.read_bytes()
    raw = _raw(key)
    for form in (raw, raw.hex().encode(), base64.b64encode(raw), b"PRIVATE KEY", b"-----BEGIN"):
        assert form not in content
    data = json.loads(content)
    assert (data["format"], data["version"], data["name"]) == ("certdesk-private-key", 1, "signing")
    assert data["fingerprint"] == keys.fingerprint(keys.signing_public(key))
    kdf = data["kdf"]
    assert (kdf["name"], kdf["n"], kdf["r"], kdf["p"]) == ("scrypt", 2**17, 8, 1)
    assert len(base64.b64decode(kdf["salt"])) == 16
    assert data["cipher"]["name"] == "aes-256-gcm"
    assert len(base64.b64decode(data["cipher"]["nonce"])) == 12
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert [p.name for p in folder.iterdir()] == ["signing.key"]  # no temporary file left
    assert key_files.recorded(path) == ("ed25519", data["fingerprint"])  # without the passphrase
    opened = keys.load_private("signing", folder, PASSPHRASE, Ed25519PrivateKey)
    assert _signs_as(opened, keys.signing_public(key))


def test_two_files_of_one_key_share_no_salt_nonce_or_ciphertext() -> None:
    raw = _raw(Ed25519PrivateKey.generate())
    first, second = (
        json.loads(key_files.seal("signing", "ed25519", raw, "f", PASSPHRASE)) for _ in "12"
    )
    for field in (("kdf", "salt"), ("cipher", "nonce")):
        assert first[field[0]][field[1]] != second[field[0]][field[1]]
    assert first["ciphertext"] != second["ciphertext"]


@pytest.mark.parametrize("wrong", ["a wrong passphrase", "", None, PASSPHRASE + " "])
def test_a_wrong_passphrase_is_only_ever_a_bad_passphrase(folder: Path, wrong: str | None) -> None:
    keys.store_private("signing", Ed25519PrivateKey.generate(), folder, PASSPHRASE)
    before = (folder / "signing.key").read_bytes()
    with pytest.raises(key_files.BadPassphraseError):
        keys.load_private("signing", folder, wrong, Ed25519PrivateKey)
    assert (folder / "signing.key").read_bytes() == before


@pytest.mark.parametrize(
    ("short", "enough"),
    [("x" * 11, "x" * 12), ("가나다라마바사아자차카", "가나다라마바사아자차카타")],
)
def test_a_new_key_file_needs_twelve_characters(folder: Path, short: str, enough: str) -> None:
    with pytest.raises(key_files.WeakPassphraseError):
        keys.store_private("signing", Ed25519PrivateKey.generate(), folder, short)
    assert not (folder / "signing.key").exists()
    keys.store_private("signing", Ed25519PrivateKey.generate(), folder, enough)
    assert (folder / "signing.key").exists()


def test_a_key_is_never_stored_over_another(folder: Path) -> None:
    keys.store_private("signing", Ed25519PrivateKey.generate(), folder, PASSPHRASE)
    before = (folder / "signing.key").read_bytes()
    with pytest.raises(keys.KeyExistsError):
        keys.store_private("signing", Ed25519PrivateKey.generate(), folder, PASSPHRASE)
    with pytest.raises(FileExistsError):
        key_files.write_new(folder / "signing.key", b"other")
    assert (folder / "signing.key").read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["signing.key"]


def _edited(path: Path, changes: dict[str, object]) -> None:
    data = json.loads(path.read_bytes())
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        target = data
        for parent in parents:
            target = target[parent]
        target[leaf] = value
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.mark.parametrize(
    "changes",
    [
        {"kdf__n": 2**30},  # would ask for 1 TiB of memory
        {"kdf__n": 2.5},
        {"kdf__r": 1},
        {"kdf__salt": "AAAA"},
        {"cipher__nonce": "not base64!"},
        {"ciphertext": base64.b64encode(b"short").decode()},
        {"version": 2},
        {"fingerprint": "0000 0000 0000 0000 0000 0000 0000 0000"},
        {"algorithm": "x25519"},
    ],
)
def test_a_damaged_file_is_damaged_not_a_bad_passphrase(
    folder: Path, changes: dict[str, object]
) -> None:
    keys.store_private("signing", Ed25519PrivateKey.generate(), folder, PASSPHRASE)
    _edited(folder / "signing.key", changes)
    with pytest.raises(key_files.KeyDamagedError):
        keys.load_private("signing", folder, PASSPHRASE, Ed25519PrivateKey)


def test_another_keys_file_under_this_name_is_refused(folder: Path) -> None:
    keys.store_private("signing", Ed25519PrivateKey.generate(), folder, PASSPHRASE)
    (folder / "encryption.key").write_bytes((folder / "signing.key").read_bytes())
    with pytest.raises(key_files.KeyDamagedError):
        keys.load_private("encryption", folder, PASSPHRASE, X25519PrivateKey)


def test_an_old_pkcs8_file_is_read_and_upgraded(folder: Path) -> None:
    key = Ed25519PrivateKey.generate()
    public = keys.signing_public(key)
    folder.mkdir(mode=0o700)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"short"),  # PBKDF2, and a passphrase now too short
    )
    (folder / "signing.pem").write_bytes(pem)
    with pytest.raises(key_files.BadPassphraseError):
        keys.load_private("signing", folder, "a wrong passphrase", Ed25519PrivateKey)
    assert [p.name for p in folder.iterdir()] == ["signing.pem"]
    upgraded = keys.load_private("signing", folder, "short", Ed25519PrivateKey)
    assert _signs_as(upgraded, public)
    assert sorted(p.name for p in folder.iterdir()) == ["signing.key", "signing.pem.old"]
    assert (folder / "signing.pem.old").read_bytes() == pem  # the old file is kept as it was
    assert b"BEGIN" not in (folder / "signing.key").read_bytes()
    again = keys.load_private("signing", folder, "short", Ed25519PrivateKey)
    assert _signs_as(again, public)
    assert key_files.recorded(folder / "signing.key")[1] == keys.fingerprint(public)


def test_an_upgrade_keeps_an_earlier_pem_old(folder: Path) -> None:
    key = Ed25519PrivateKey.generate()
    folder.mkdir(mode=0o700)
    (folder / "signing.pem.old").write_bytes(b"an earlier upgrade's file")
    (folder / "signing.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(PASSPHRASE.encode()),
        )
    )
    keys.load_private("signing", folder, PASSPHRASE, Ed25519PrivateKey)
    assert (folder / "signing.pem.old").read_bytes() == b"an earlier upgrade's file"
    assert (folder / "signing.pem.old.2").exists()


def test_a_retired_file_key_is_kept_and_still_opens(folder: Path) -> None:
    old = Ed25519PrivateKey.generate()
    keys.store_private("signing", old, folder, PASSPHRASE)
    new = Ed25519PrivateKey.generate()
    retired = keys.replace_private(
        "signing", new, folder, PASSPHRASE, stamp="2026-12-02T10-00-00", kind=Ed25519PrivateKey
    )
    assert retired == keys.fingerprint(keys.signing_public(old))
    kept = folder / "signing.retired.2026-12-02T10-00-00.key"
    _, _, raw = key_files.unseal(kept, "signing", PASSPHRASE)
    assert raw == _raw(old)
    current = keys.load_private("signing", folder, PASSPHRASE, Ed25519PrivateKey)
    assert _signs_as(current, keys.signing_public(new))


def test_a_key_file_is_opened_once_per_process_and_again_when_it_changes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = Ed25519PrivateKey.generate()
    keys.store_private("signing", key, folder, PASSPHRASE)
    opened: list[Path] = []
    unseal = key_files.unseal

    def counted(path: Path, name: str, passphrase: str | None) -> tuple[str, str, bytes]:
        opened.append(path)
        return unseal(path, name, passphrase)

    monkeypatch.setattr(key_files, "unseal", counted)
    for _ in range(3):
        loaded = keys.load_private("signing", folder, PASSPHRASE, Ed25519PrivateKey)
        assert isinstance(loaded, Ed25519PrivateKey)
        assert _raw(loaded) == _raw(key)
    assert len(opened) == 1  # scrypt once, not once per signature
    with pytest.raises(key_files.BadPassphraseError):
        keys.load_private("signing", folder, "another passphrase 2026", Ed25519PrivateKey)
    _edited(folder / "signing.key", {"fingerprint": "0000 0000 0000 0000 0000 0000 0000 0000"})
    with pytest.raises(key_files.KeyDamagedError):  # a changed file is read again, never the copy
        keys.load_private("signing", folder, PASSPHRASE, Ed25519PrivateKey)
