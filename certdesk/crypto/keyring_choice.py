"""This computer's keyring, found once and remembered, so later starts skip keyring's scan
of every installed backend (about 60 ms before the first database opens).

The operating system's backend that protected the keys last time is named (a
class name, no secret) in the user's data folder and loaded directly; keyring's
own choice still wins where one is configured (PYTHON_KEYRING_BACKEND), and a
name that no longer loads or answers is forgotten and the scan runs as before.
Only keyring's own backends are remembered, never a plain-text or failing one.
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Any

from certdesk.paths import user_data_dir

OWN = "keyring.backends."
INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


def is_secure(backend: Any) -> bool:
    """Whether a backend (or any of a chain's) protects its secrets."""
    children = getattr(backend, "backends", None)
    if children is not None:
        return any(is_secure(child) for child in children)
    return not type(backend).__module__.startswith(INSECURE_MODULES)


def _file() -> Path:
    return user_data_dir() / "keyring-backend"


def _name(backend: Any) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


class _Chosen:
    done = False
    remembered: str | None = None
    """The name this process wrote or found in the file: not read or written again."""


def choose() -> None:
    """Load the remembered backend, once per process, before the first keyring call."""
    if _Chosen.done:
        return
    _Chosen.done = True
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return  # keyring loads that one itself, without a scan
    try:
        name = _file().read_text(encoding="utf-8").strip()[:200]
    except OSError:
        return
    if not name.startswith(OWN):
        return
    import keyring
    from keyring.core import load_keyring

    try:
        backend = load_keyring(name)
        viable = backend.priority > 0  # it answers here still (a desktop session, a bus)
    except Exception:  # any failure of a backend to load: scan as before
        viable = False
    if not viable:
        with suppress(OSError):
            _file().unlink()
        return
    keyring.set_keyring(backend)
    _Chosen.remembered = name


def remember(backend: Any) -> None:
    """After the keyring answered: name its backend for the next start (keyring's own secure
    backends only)."""
    name = _name(backend)
    if name == _Chosen.remembered or not name.startswith(OWN) or not is_secure(backend):
        return
    path = _file()
    with suppress(OSError):
        if not (path.is_file() and path.read_text(encoding="utf-8").strip() == name):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(name + "\n", encoding="utf-8")
        _Chosen.remembered = name
