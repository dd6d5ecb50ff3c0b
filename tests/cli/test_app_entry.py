"""`certdesk` with no command: the window, or a clear word when there is no display."""

from __future__ import annotations

import pytest

from certdesk.app import main


def test_no_display_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no graphical display" in err
    assert "certdesk --help" in err
