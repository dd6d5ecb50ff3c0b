"""The keyring path against a real Secret Service: gnome-keyring in a private D-Bus session."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
set -e
printf 'session-password' | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
"$PYTHON" -m certdesk init
"$PYTHON" -m certdesk supplier add 한빛정밀 --business-id 124-81-00998 >/dev/null
"$PYTHON" -m certdesk supplier list --json
"$PYTHON" -c 'import json, keyring, os, sys
uuid = json.load(open(os.environ["CERTDESK_HOME"] + "/certdesk.db.certdesk.json"))["uuid"]
print(type(keyring.get_keyring()).__module__)
print(len(keyring.get_password("CertDesk database key", uuid) or ""))'
"""


@pytest.mark.slow
def test_database_key_in_gnome_keyring(tmp_path: Path) -> None:
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if not shutil.which(t)]
    assert not missing, f"install {missing} (./dev test installs them)"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DBUS_", "PYTHON_KEYRING"))}
    home = tmp_path / "home"  # a fresh login keyring, created with the password above
    home.mkdir()
    env |= {
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "CERTDESK_HOME": str(tmp_path),
        "PYTHON": sys.executable,
        "PYTHONPATH": str(ROOT),
        "CERTDESK_LANG": "en",
    }
    env.pop("CERTDESK_PASSPHRASE", None)
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("created an encrypted field database")
    listed = json.loads("\n".join(lines[1:-2]))
    assert listed[0]["name"] == "한빛정밀"
    assert lines[-2] == "keyring.backends.SecretService"
    assert lines[-1] == "64"  # 32 random bytes, hex
    described = json.loads((tmp_path / "certdesk.db.certdesk.json").read_text())
    assert described["key"] == "keyring"
