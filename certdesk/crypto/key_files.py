"""Private key files: the raw key sealed with AES-256-GCM under a key derived by scrypt.

A file is small JSON naming its format, the KDF and its parameters, and the
public key's fingerprint (so a key is recognised without its passphrase).
Files are written whole or not at all, never over a file already there, mode
0600 in a 0700 folder. The PKCS#8 files of earlier versions (PBKDF2 at 2,048
iterations) are still read, so that they can be upgraded.
"""

from __future__ import annotations

import base64
import errno
import json
import os
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from certdesk.crypto.keystore import MIN_PASSPHRASE

FORMAT, VERSION = "certdesk-private-key", 1
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
"""n=2**17, r=8 needs 128 MiB; one derivation took 0.69-0.73 s on the idle development
machine (2 cores, cryptography 50), 0.8-1.0 s while it was busy: costly for a guesser,
once per command for a person. Opening a key file derives once; making one, once."""
N_RANGE = (2**14, 2**18)
"""The n a file may name: a damaged or hostile file cannot ask for more than 256 MiB."""
SALT_BYTES, NONCE_BYTES, KEY_BYTES = 16, 12, 32
SEALED_BYTES = KEY_BYTES + 16  # the raw private key and GCM's tag


class BadPassphraseError(Exception):
    """The key file's passphrase is wrong (or none was given)."""


class KeyDamagedError(Exception):
    """What holds the key is not a key of the expected kind: damaged, or edited."""


class WeakPassphraseError(Exception):
    """The passphrase is too short to protect a new key file."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _normal(passphrase: str) -> bytes:
    """One byte string per passphrase, however the keyboard composed it (Hangul: NFC)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str | None) -> str:
    if not passphrase or len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE:
        raise WeakPassphraseError(MIN_PASSPHRASE)
    return passphrase


def derive(passphrase: str, salt: bytes, n: int) -> bytes:
    kdf = Scrypt(salt=salt, length=KEY_BYTES, n=n, r=SCRYPT_R, p=SCRYPT_P)
    return kdf.derive(_normal(passphrase))


def _associated(name: str) -> bytes:
    return f"{FORMAT}/{VERSION}:{name}".encode()


def seal(name: str, algorithm: str, raw: bytes, fingerprint: str, passphrase: str) -> bytes:
    """The content of a key file holding `raw`, the private key `name`."""
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    box = AESGCM(derive(passphrase, salt, SCRYPT_N))
    data = {
        "format": FORMAT,
        "version": VERSION,
        "name": name,
        "algorithm": algorithm,
        "fingerprint": fingerprint,
        "kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
        "cipher": {"name": "aes-256-gcm", "nonce": _b64(nonce)},
        "ciphertext": _b64(box.encrypt(nonce, raw, _associated(name))),
    }
    return (json.dumps(data, indent=2) + "\n").encode("utf-8")


def _fields(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
        if data["format"] != FORMAT or data["version"] != VERSION:
            raise ValueError("format")
        kdf, cipher = data["kdf"], data["cipher"]
        fields = {
            "name": data["name"],
            "algorithm": str(data["algorithm"]),
            "fingerprint": str(data["fingerprint"]),
            "n": kdf["n"],
            "salt": base64.b64decode(kdf["salt"], validate=True),
            "nonce": base64.b64decode(cipher["nonce"], validate=True),
            "sealed": base64.b64decode(data["ciphertext"], validate=True),
        }
        well_formed = (
            (kdf["name"], kdf["r"], kdf["p"], cipher["name"]) == ("scrypt", 8, 1, "aes-256-gcm")
            and type(fields["n"]) is int
            and N_RANGE[0] <= fields["n"] <= N_RANGE[1]
            and (len(fields["salt"]), len(fields["nonce"])) == (SALT_BYTES, NONCE_BYTES)
            and len(fields["sealed"]) == SEALED_BYTES
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        raise KeyDamagedError(str(path)) from None
    if not well_formed:
        raise KeyDamagedError(str(path))
    return fields


def recorded(path: Path) -> tuple[str, str]:
    """A key file's algorithm and public key fingerprint, read without the passphrase."""
    fields = _fields(path)
    return fields["algorithm"], fields["fingerprint"]


def unseal(path: Path, name: str, passphrase: str | None) -> tuple[str, str, bytes]:
    """The algorithm, the recorded fingerprint and the raw private key of a key file."""
    fields = _fields(path)
    if fields["name"] != name:
        raise KeyDamagedError(str(path))  # another key's file under this key's name
    if not passphrase:
        raise BadPassphraseError(name)
    box = AESGCM(derive(passphrase, fields["salt"], fields["n"]))
    try:
        raw = box.decrypt(fields["nonce"], fields["sealed"], _associated(name))
    except InvalidTag:
        raise BadPassphraseError(name) from None
    return fields["algorithm"], fields["fingerprint"], raw


def read_pem(path: Path, name: str, passphrase: str | None) -> PrivateKeyTypes:
    """An earlier version's PKCS#8 key file (a damaged one reads as a wrong passphrase)."""
    data = path.read_bytes()
    try:
        return serialization.load_pem_private_key(data, (passphrase or "").encode() or None)
    except (ValueError, TypeError):
        raise BadPassphraseError(name) from None


def _sync_folder(folder: Path) -> None:
    if os.name == "posix":  # a folder cannot be opened for fsync on Windows
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def private_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)


def write_new(path: Path, data: bytes, *, replace: bool = False) -> None:
    """Write `path` durably: a temporary file (0600), fsync, rename; never over a file
    already there unless `replace` (FileExistsError then, and nothing written)."""
    private_folder(path.parent)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if replace:
            os.replace(temporary, path)
            _sync_folder(path.parent)
        else:
            rename_new(Path(temporary), path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def rename_new(source: Path, target: Path) -> None:
    """Rename `source` to `target`, never over a file already there (FileExistsError)."""
    if target.exists():
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    if os.name == "nt":
        os.rename(source, target)  # Windows refuses to rename onto an existing file
        return
    try:
        os.link(source, target)  # fails when `target` appeared meanwhile: never replaces
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: `target` was absent just above
        os.rename(source, target)
    else:
        os.unlink(source)
    _sync_folder(target.parent)


def free_name(path: Path) -> Path:
    """`path`, or `path.2`, `path.3`...: the first that names no file."""
    target, n = path, 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.{n}")
    return target
