"""The keyring that answered last time is loaded directly, without keyring's scan of every
installed backend; a name that no longer loads or answers falls back to the scan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring import backend as keyring_backend
from keyring.backends import SecretService, null

from certdesk.crypto import keyring_choice, keystore
from certdesk.paths import user_data_dir


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A new process's keyring: nothing chosen yet, no backend named by the environment."""
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    monkeypatch.setattr(keyring_choice._Chosen, "done", False)
    monkeypatch.setattr(keyring_choice._Chosen, "remembered", None)
    before = keyring.get_keyring()
    yield user_data_dir() / "keyring-backend"
    keyring.set_keyring(before)


def _no_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    def scan(*_args: object) -> list[object]:
        raise AssertionError("keyring scanned its backends")

    monkeypatch.setattr(keyring_backend, "get_all_keyring", scan)


class _Desktop(keyring_backend.KeyringBackend):
    """Stands in for the Secret Service backend of a desktop session (this machine has no
    session bus): named as keyring's own, answering, holding nothing."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise NotImplementedError


_Desktop.__module__, _Desktop.__qualname__ = "keyring.backends.SecretService", "Keyring"
# Out of keyring's list of backends, so no scan elsewhere in the tests ever picks it.
keyring_backend.KeyringBackend._classes.discard(_Desktop)


def _on_a_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SecretService, "Keyring", _Desktop)


def test_the_remembered_backend_loads_without_the_scan(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on_a_desktop(monkeypatch)
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_text("keyring.backends.SecretService.Keyring\n", encoding="utf-8")
    _no_scan(monkeypatch)
    keyring_choice.choose()
    assert isinstance(keyring.get_keyring(), _Desktop)


def test_a_backend_that_no_longer_answers_is_forgotten(fresh: Path) -> None:
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_text("keyring.backends.SecretService.Keyring\n", encoding="utf-8")
    before = keyring.get_keyring()
    keyring_choice.choose()  # no session bus here: its priority says it cannot answer
    assert keyring.get_keyring() is before
    assert not fresh.exists()


@pytest.mark.parametrize("named", ["tests.support.memory_keyring.MemoryKeyring", "os.system"])
def test_only_keyring_s_own_backends_are_loaded(fresh: Path, named: str) -> None:
    fresh.parent.mkdir(parents=True, exist_ok=True)
    fresh.write_text(named, encoding="utf-8")
    before = keyring.get_keyring()
    keyring_choice.choose()
    assert keyring.get_keyring() is before


def test_a_secure_backend_is_remembered_and_a_plain_one_never(
    fresh: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keyring.set_keyring(null.Keyring())  # type: ignore[no-untyped-call]
    assert not keystore.secure_keyring()
    assert not fresh.exists()
    _on_a_desktop(monkeypatch)
    keyring.set_keyring(_Desktop())
    assert keystore.secure_keyring()
    assert fresh.read_text(encoding="utf-8") == "keyring.backends.SecretService.Keyring\n"
