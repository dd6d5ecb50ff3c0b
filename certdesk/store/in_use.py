"""One CertDesk at a time on a database: a second window or a command is told who has it.

Two processes writing one SQLCipher file corrupted what the first one read ("database
disk image is malformed") and an undo in the window deleted an answer the command line
had written. The database is held with an OS file lock (`os_lock`: flock on POSIX,
LockFileEx on Windows) beside it for as long as it is open; the operating system lets
go of it when the process ends, however it ends, so a crash leaves nothing stale.
Beside the lock, who holds it (user, computer, since when), for the message.
"""

from __future__ import annotations

import json
import socket
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from certdesk import clock
from certdesk.login import login_name
from certdesk.store.errors import StoreError
from certdesk.store.os_lock import FileLock, LockHeldError


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    since: str
    """ISO 8601, with its offset."""


class InUseError(StoreError):
    """The database is open in another CertDesk (window or command)."""

    def __init__(self, holder: Holder | None) -> None:
        super().__init__("in use")
        self.holder = holder


def _paths(database: Path) -> tuple[Path, Path]:
    return database.with_name(database.name + ".lock"), database.with_name(
        database.name + ".in-use.json"
    )


class Hold:
    """The lock on one database, held from `take` until `release`."""

    def __init__(self, database: Path) -> None:
        self._lock_path, self._who = _paths(database)
        self._lock = FileLock(self._lock_path)

    def take(self) -> None:
        try:
            self._lock.acquire()
        except LockHeldError:
            raise InUseError(_holder(self._who)) from None
        except OSError:
            return  # a file system without locks (rare): open as before, unguarded
        holder = Holder(login_name(), socket.gethostname(), clock.now().isoformat())
        with suppress(OSError):
            self._who.write_text(json.dumps(holder.__dict__), encoding="utf-8")

    def release(self) -> None:
        if self._lock.is_locked:
            with suppress(OSError):
                self._who.unlink(missing_ok=True)
            self._lock.release()


def _holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8")[:4096])
        return Holder(str(data["user"])[:80], str(data["host"])[:80], str(data["since"])[:40])
    except (OSError, ValueError, KeyError, TypeError):
        return None
