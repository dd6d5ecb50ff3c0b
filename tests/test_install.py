"""A plain (non-editable) install finds its bundled frameworks, fonts and translations."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_install_carries_bundled_data(tmp_path: Path) -> None:
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        check=True,
        cwd=tmp_path,
    )
    [wheel] = wheels.glob("certdesk-*.whl")
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    env = {**os.environ, "PYTHONPATH": str(site), "CERTDESK_LANG": "ko"}
    done = subprocess.run(
        [str(site / "bin" / "certdesk"), "frameworks", "list", "--json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    nist = next(f for f in listed if f["id"] == "nist-sp800-171r2")
    assert Path(nist["path"]).is_relative_to(site / "certdesk" / "_bundled" / "criteria")
    bundled = site / "certdesk" / "_bundled" / "resources"
    assert (bundled / "fonts" / "NanumGothic.ttf").is_file()
    assert (bundled / "fonts" / "OFL.txt").is_file()
    assert (bundled / "locale" / "ko" / "LC_MESSAGES" / "certdesk.mo").is_file()
    shown = subprocess.run(
        [str(site / "bin" / "certdesk"), "frameworks", "show", "nope"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        env=env,
    )
    assert shown.returncode == 1
    assert "nope" in shown.stderr
    assert any("\uac00" <= ch <= "\ud7a3" for ch in shown.stderr)  # the message is in Korean
