"""An exclusive lock on a file, held by this process until released or until it ends.

`flock` on POSIX and `msvcrt.locking` (LockFileEx underneath) on Windows: the
operating system drops the lock when the process ends, however it ends, so a
crash leaves nothing stale. Two opens of the same file in one process are two
holders, as two processes are. (The `filelock` package did this before; it
imports asyncio with it, 20 ms on the way to the first screen.)
"""

from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

_HELD = {errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, 36}  # 36: Windows' EDEADLOCK


class LockHeldError(Exception):
    """Another holder has the lock."""


class FileLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now, or raise `LockHeldError` (an `OSError` when the file system
        cannot lock at all)."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _HELD:
                raise LockHeldError(str(self.path)) from None
            raise
        self._fd = fd

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
