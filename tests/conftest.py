"""Shared fixtures: every test gets its own user data folder and English messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from certdesk.i18n import set_language
from certdesk.paths import criteria_dir
from tests.support.memory_keyring import MemoryKeyring

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A secure in-memory keyring for every test; restores the previous one after."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """No usable keyring: the passphrase path, with CERTDESK_PASSPHRASE set."""
    keyring.set_keyring(FailKeyring())  # type: ignore[no-untyped-call]
    monkeypatch.setenv("CERTDESK_PASSPHRASE", "correct horse battery staple")


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("certdesk-home")
    monkeypatch.setenv("CERTDESK_HOME", str(home))
    monkeypatch.setenv("CERTDESK_LANG", "en")
    monkeypatch.delenv("CERTDESK_DB", raising=False)
    monkeypatch.delenv("CERTDESK_PASSPHRASE", raising=False)
    set_language("en")
    yield home
    set_language("en")


@pytest.fixture
def bundled() -> Path:
    return criteria_dir()


def framework_file(name: str) -> Path:
    return DATA / "frameworks" / name
