"""Who a refusal speaks to: a person at the window (menus and dialogs), or a script
(environment variables and commands). Kept apart from the keys, so the window says it
before any key or cryptography module loads."""

from __future__ import annotations


class _Audience:
    window = False


def speak_to_window(window: bool = True) -> None:
    """The refusals from now on speak to a person at the window, not to a script."""
    _Audience.window = window


def at_window() -> bool:
    return _Audience.window
