"""This computer's keyring asked from a helper process while the window starts.

Importing `keyring` and finding this computer's backend costs about 60 ms and
15 MiB (it brings urllib, importlib's metadata and an entry-point scan), on the
way to the first screen. The window's entry point starts this helper first
thing: a second process of CertDesk that does that work on another core while
the window is built, answers the few reads the opening of a database makes
(the database key, the audit key, whether the keyring protects its secrets)
and ends when the window says the start is over. Writes and every later read
go to the keyring in the app's own process, as before; so does everything when
the helper cannot start or stops answering.

The secrets travel over the two anonymous pipes between CertDesk and its own
child, never through a file; the helper keeps nothing and logs nothing.
Protocol: the helper's first line is `{"secure": bool}`; each request line
`{"get": [service, username]}` is answered `{"value": str|null}` or
`{"refused": reason}`; it ends when its input closes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

ARGUMENT = "--key-helper"
INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
"""Keyrings that protect nothing (they fail, forget or keep secrets in plain text): with
one of them, a database takes a passphrase instead."""


def is_secure(backend: KeyringBackend) -> bool:
    children = getattr(backend, "backends", None)
    if children is not None:
        return any(is_secure(child) for child in children)
    module = type(backend).__module__
    return not module.startswith(INSECURE_MODULES)


class HelperGoneError(Exception):
    """The helper did not answer as agreed (it ended, or said something else)."""


class RefusedError(Exception):
    """The keyring would not answer (locked, or the user said no)."""


def serve(given: IO[str] = sys.stdin, said: IO[str] = sys.stdout) -> int:
    """The helper's side: the keyring found once, then one answer per request line."""
    import keyring
    from keyring.errors import KeyringError

    try:
        secure = is_secure(keyring.get_keyring())
    except (KeyringError, RuntimeError):
        secure = False
    print(json.dumps({"secure": secure}), file=said, flush=True)
    for line in given:
        service, username = json.loads(line)["get"]
        answer: dict[str, Any]
        try:
            answer = {"value": keyring.get_password(str(service), str(username))}
        except KeyringError as exc:
            answer = {"refused": str(exc) or type(exc).__name__}
        print(json.dumps(answer), file=said, flush=True)
    return 0


def command() -> list[str]:
    """How this CertDesk starts itself as the helper (frozen, or from its package)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, ARGUMENT]
    return [sys.executable, "-m", "certdesk", ARGUMENT]


class Helper:
    """The app's side: the helper process, asked one line at a time."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(  # noqa: S603  (our own executable, no shell)
            command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self._secure: bool | None = None

    def _line(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        try:
            found = json.loads(line)
        except ValueError:
            raise HelperGoneError from None
        if not isinstance(found, dict):
            raise HelperGoneError
        return found

    def secure(self) -> bool:
        """Whether the keyring it found protects its secrets."""
        if self._secure is None:
            self._secure = self._line().get("secure") is True
        return self._secure

    def get(self, service: str, username: str) -> str | None:
        self.secure()  # its first line
        assert self._process.stdin is not None
        try:
            self._process.stdin.write(json.dumps({"get": [service, username]}) + "\n")
            self._process.stdin.flush()
        except OSError:
            raise HelperGoneError from None
        answer = self._line()
        if "refused" in answer:
            raise RefusedError(str(answer["refused"]))
        value = answer.get("value")
        if value is not None and not isinstance(value, str):
            raise HelperGoneError
        return value

    def stop(self) -> None:
        process = self._process
        try:
            if process.stdin is not None:
                process.stdin.close()
            process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()
