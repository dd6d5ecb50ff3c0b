"""Shared fixtures: every test gets its own user data folder and English messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from certdesk.i18n import set_language
from certdesk.paths import criteria_dir

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    home = tmp_path_factory.mktemp("certdesk-home")
    monkeypatch.setenv("CERTDESK_HOME", str(home))
    monkeypatch.setenv("CERTDESK_LANG", "en")
    set_language("en")
    yield home
    set_language("en")


@pytest.fixture
def bundled() -> Path:
    return criteria_dir()


def framework_file(name: str) -> Path:
    return DATA / "frameworks" / name
