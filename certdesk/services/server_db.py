"""A headquarters database on a PostgreSQL server: made with `certdesk init --role hq
--server URL` (the description file beside `--db` names the server), opened like a file.

The audit key, which seals the audit log, is the team's: made when the database is, kept
in this desk's keyring and sealed beside the description under a team passphrase, so a
colleague's desk given the description file opens it once with that passphrase. The
server's password is never written: libpq reads it from a pass or service file.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import OperationalError

from certdesk.crypto import keystore, passphrase_box
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.context import user_errors
from certdesk.services.opening import (
    PassphraseSource,
    audit_box_label,
    team_passphrase,
    unreached,
)
from certdesk.store.database import (
    Database,
    description_path,
    new_description,
    write_description,
)
from certdesk.store.server import ServerDatabase, password_free


def create_server(
    path: Path, url: str, passphrase: PassphraseSource, audit_key: bytes | None = None
) -> Database:
    """A new headquarters database on the server at `url`, described at `path`; with
    `audit_key`, the audit key of a database moving there (its seals stay valid)."""
    if description_path(path).exists() or path.exists():
        raise UserError(_("a database already exists at {file}").format(file=path))
    if not url.startswith(("postgresql://", "postgresql+psycopg://")):
        raise UserError(_("the server must be given as postgresql://…"))
    try:
        named = password_free(url.replace("postgresql://", "postgresql+psycopg://", 1))
    except ValueError as exc:
        raise UserError(
            _("leave the password out of the server's address: put it in a pass file")
            if "password" in str(exc)
            else _("the server's address cannot be read: write it as postgresql://user@host/dbname")
        ) from None
    described = replace(new_description("hq", "server"), server=named)
    chosen = team_passphrase(passphrase, new=True)
    key = audit_key or keystore.new_key()
    box = passphrase_box.close(chosen, key, audit_box_label(described), n=passphrase_box.AUDIT_N)
    described = replace(described, audit_box=passphrase_box.to_text(box))
    if keystore.secure_keyring():
        keystore.store_audit_key(described.uuid, key)
    write_description(path, described)
    try:
        with user_errors(path):
            return ServerDatabase(path, described, key, seal_older=audit_key is None)
    except BaseException as exc:  # nothing made: the same address may be given again
        description_path(path).unlink(missing_ok=True)
        keystore.forget_audit_key(described.uuid)
        if isinstance(exc, OperationalError):  # not reached, or not let in
            raise UserError(unreached(exc)) from None
        raise
