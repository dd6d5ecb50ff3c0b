"""The keyring's helper process answers the window's first reads, and when it is gone the
app reads the keyring itself: a real child process, a real (file) keyring."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from certdesk.crypto import keystore
from certdesk.crypto.key_helper import Helper, RefusedError

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def file_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The helper's keyring (and this process's): secrets in a JSON file."""
    path = tmp_path / "keyring.json"
    monkeypatch.setenv("BENCH_KEYRING_FILE", str(path))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "tests.support.file_keyring.FileKeyring")
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    import keyring

    from tests.support.file_keyring import FileKeyring

    before = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())  # type: ignore[no-untyped-call]
    yield path
    keystore.stop_helper()
    keyring.set_keyring(before)


def test_the_helper_answers_the_keys_a_database_opens_with(file_keyring: Path) -> None:
    key, audit = keystore.new_key(), keystore.new_key()
    keystore.store_key("db-1", key)
    keystore.store_audit_key("db-1", audit)
    keystore.start_helper()
    assert keystore.secure_keyring()
    assert keystore.load_key("db-1") == key
    assert keystore.load_audit_key("db-1") == audit
    assert keystore.load_key("db-2") is None


def test_a_refusal_reaches_the_app_as_the_keyring_s_own_would(
    file_keyring: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    helper = Helper()
    try:
        assert helper.secure() is False  # the fail backend protects nothing
        with pytest.raises(RefusedError):
            helper.get(keystore.AUDIT_SERVICE, "db-1")
    finally:
        helper.stop()


def test_when_the_helper_is_gone_the_app_reads_the_keyring_itself(file_keyring: Path) -> None:
    key = keystore.new_key()
    keystore.store_key("db-1", key)
    keystore.start_helper()
    helper = keystore._Started.helper
    assert helper is not None
    helper._process.kill()  # it crashed, or was killed
    helper._process.wait()
    assert keystore.load_key("db-1") == key
    assert keystore._Started.helper is None


def test_the_helper_keeps_nothing_and_ends_when_told(file_keyring: Path) -> None:
    keystore.store_key("db-1", keystore.new_key())
    keystore.start_helper()
    helper = keystore._Started.helper
    assert helper is not None
    assert keystore.load_key("db-1") is not None
    keystore.stop_helper()
    assert helper._process.poll() == 0
    assert json.loads(file_keyring.read_text())  # the keyring's own file, untouched by it
