"""Shared fixtures: every test gets its own user data folder and English messages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as FailKeyring

from certdesk import clock as program_clock
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
def keys_speak_to_scripts() -> Iterator[None]:
    """Key refusals word themselves for scripts unless a test opens the window."""
    yield
    from certdesk.services import audience

    audience.speak_to_window(False)


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
    from certdesk.services import own_keys

    own_keys.use_key_passphrase(None)  # a passphrase the app was given lives in the process


@pytest.fixture
def bundled() -> Path:
    return criteria_dir()


def framework_file(name: str) -> Path:
    return DATA / "frameworks" / name


FAKE_DAYS = ("2028-02-29", "2036-01-01")
"""Days a date-sensitive test also runs on, with the program's clock fixed: a leap day, and
a date far enough ahead that a test hard-coding "the future" would already be in the past."""


@pytest.fixture(params=["today", *FAKE_DAYS])
def clock(request: pytest.FixtureRequest) -> Iterator[date]:
    """The day a date-sensitive test runs on: today, then each fake day with the clock fixed."""
    if request.param != "today":
        program_clock.fix(datetime.fromisoformat(f"{request.param}T09:30:00+00:00"))
    try:
        yield program_clock.today()
    finally:
        program_clock.fix(None)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """A throwaway PostgreSQL cluster for this test process (tests/support/postgres.py)."""
    from tests.support.postgres import cluster

    with cluster() as running:
        yield running
