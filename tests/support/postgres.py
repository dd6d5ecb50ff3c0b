"""A throwaway PostgreSQL cluster for the tests: Debian's server binaries, a data folder
in a temporary directory, a unix socket only (no TCP), stopped at the end.

As root (CI), the cluster runs as Debian's `postgres` user, since PostgreSQL refuses to
run as root. Where the binaries are missing, tests that need the server are skipped,
except under CI, where that is a failure: CI installs Debian's `postgresql`.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from glob import glob
from pathlib import Path

import pytest


def binaries() -> Path | None:
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


class Cluster:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}&port={self.port}"

    def admin(self, *statements: str) -> None:
        """Run statements as the cluster's superuser, outside a transaction."""
        import psycopg

        with psycopg.connect(
            host=str(self.folder),
            port=self.port,
            user="postgres",
            dbname="postgres",
            autocommit=True,
        ) as conn:
            for statement in statements:
                conn.execute(statement)  # test-made SQL: names from the tests only

    def new_database(self) -> str:
        """A fresh, empty database on the cluster; its URL."""
        name = f"t_{secrets.token_hex(6)}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextmanager
def cluster() -> Iterator[Cluster]:
    bin_dir = binaries()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL's server is not installed (Debian: apt-get install postgresql)")
        pytest.skip("PostgreSQL's server is not installed here")
    folder = Path(tempfile.mkdtemp(prefix="certdesk-pg-"))
    data = folder / "data"
    port = 20000 + secrets.randbelow(20000)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    options = f"-c listen_addresses='' -c unix_socket_directories={folder} -p {port} -c fsync=off"
    subprocess.run(
        _as_server_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-w",
                "-l",
                str(folder / "log"),
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield Cluster(folder, port)
    finally:
        subprocess.run(
            _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(folder, ignore_errors=True)
