"""Opening the database for a command: --db, CERTDESK_DB, passphrase prompts."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services import opening
from certdesk.services.context import Context


def passphrase(new: bool) -> str | None:
    """CERTDESK_PASSPHRASE, else a prompt on a terminal (twice for a new one)."""
    given = opening.env_passphrase(new)
    if given or not sys.stdin.isatty():
        return given
    first = getpass.getpass(_("Database passphrase: "))
    if new and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise UserError(_("the two passphrases differ"))
    return first or None


def db_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if getattr(args, "db", None) else opening.default_path()


@contextmanager
def opened(args: argparse.Namespace, create_role: str | None = "field") -> Iterator[Context]:
    ctx = opening.open_context(db_path(args), passphrase, create_role)
    try:
        yield ctx
    finally:
        ctx.close()
