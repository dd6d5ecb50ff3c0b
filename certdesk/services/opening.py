"""Opening and creating the local database, with its key from the keyring or a passphrase."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from certdesk.crypto import keystore
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.paths import user_data_dir
from certdesk.services.context import Context, user_errors
from certdesk.store.connect import Secret
from certdesk.store.database import (
    Database,
    Description,
    description_path,
    new_description,
    read_description,
    write_description,
)

PassphraseSource = Callable[[bool], str | None]
"""Asked for a passphrase; the flag says a new one is being chosen (confirm it)."""

MIN_PASSPHRASE = keystore.MIN_PASSPHRASE


def default_path() -> Path:
    """CERTDESK_DB, else certdesk.db in the user data folder."""
    override = os.environ.get("CERTDESK_DB")
    return Path(override) if override else user_data_dir() / "certdesk.db"


def keyring_available() -> bool:
    """Whether a new database's key would go to this computer's keyring (else a passphrase)."""
    return keystore.secure_keyring()


def env_passphrase(new: bool) -> str | None:
    """The passphrase from CERTDESK_PASSPHRASE (for scripts)."""
    del new
    return os.environ.get("CERTDESK_PASSPHRASE") or None


def _secret(described: Description, path: Path, passphrase: PassphraseSource, new: bool) -> Secret:
    if described.key == "keyring":
        key = keystore.load_key(described.uuid)
        if key is None:
            raise UserError(
                _("the key of {file} is not in this computer's keyring").format(file=path)
            )
        return Secret(raw_key=key)
    given = passphrase(new)
    if not given:
        raise UserError(
            _(
                "no secure keyring here: give the database passphrase "
                "(CERTDESK_PASSPHRASE for scripts)"
            )
        )
    if new and len(given) < MIN_PASSPHRASE:
        raise UserError(
            _("choose a passphrase of at least {n} characters").format(n=MIN_PASSPHRASE)
        )
    return Secret(passphrase=given)


def _audit_key(path: Path, described: Description, secret: Secret) -> tuple[bytes, bool]:
    """The database's audit key, and whether it was made just now (a new database, or one
    from before the seals): only then are the entries already there sealed with it."""
    if described.key == "keyring":
        try:
            key = keystore.load_audit_key(described.uuid)
        except keystore.KeyringLockedError as exc:
            msg = _("the keyring cannot give the audit key now ({reason}); unlock it and try again")
            raise UserError(msg.format(reason=exc)) from None
        if key is not None:
            return key, False
        key = keystore.new_key()
        try:
            keystore.store_audit_key(described.uuid, key)
        except keystore.KeyringRefusedError as exc:
            msg = _("the keyring refused to keep the audit key ({reason}); unlock it")
            raise UserError(msg.format(reason=exc)) from None
        return key, True
    assert secret.passphrase is not None
    if described.audit_box is not None:
        return _opened_audit_box(path, described, secret.passphrase), False
    salt = described.audit_salt
    if salt is None:
        salt = secrets.token_hex(16)
        write_description(path, replace(described, audit_salt=salt))
    return keystore.audit_key_from(
        secret.passphrase, bytes.fromhex(salt)
    ), described.audit_salt is None


def audit_box_label(described: Description) -> bytes:
    """What an audit key's box is bound to: this database, so it opens for no other."""
    return f"certdesk-audit-key:{described.uuid}".encode()


def _opened_audit_box(path: Path, described: Description, passphrase: str) -> bytes:
    """The audit key from the box this passphrase opens (while a new passphrase is being
    set, the description holds a box for the old one and one for the new)."""
    from certdesk.crypto import passphrase_box
    from certdesk.crypto.key_files import BadPassphraseError, KeyDamagedError

    assert described.audit_box is not None
    for text in described.audit_box.split(";")[:2]:
        try:
            box = passphrase_box.from_text(text)
            return passphrase_box.open_box(passphrase, box, audit_box_label(described))
        except (BadPassphraseError, KeyDamagedError):
            continue
    msg = _("the audit key beside {file} does not open with this passphrase")
    raise UserError(msg.format(file=path.name))


def _database(path: Path, described: Description, secret: Secret) -> Database:
    audit_key, made_now = _audit_key(path, described, secret)
    return Database(path, read_description(path), secret, audit_key, seal_older=made_now)


def create(path: Path, role: str, passphrase: PassphraseSource = env_passphrase) -> Database:
    """A new encrypted database at `path`; its key goes to the keyring when one is secure."""
    if path.exists():
        raise UserError(_("a database already exists at {file}").format(file=path))
    use_keyring = keystore.secure_keyring()
    described = new_description(role, "keyring" if use_keyring else "passphrase")
    if use_keyring:
        try:
            keystore.store_key(described.uuid, keystore.new_key())
        except keystore.KeyringRefusedError as exc:
            msg = _(
                "the keyring refused to keep the database key ({reason}); unlock it and try again"
            )
            raise UserError(msg.format(reason=exc)) from None
    secret = _secret(described, path, passphrase, new=True)
    write_description(path, described)
    with user_errors(path):
        return _database(path, described, secret)


def team_passphrase(ask: PassphraseSource, new: bool) -> str:
    """The passphrase a headquarters team shares for its server database's audit key."""
    given = ask(new)
    if not given:
        raise UserError(
            _("give the team's passphrase for the audit key (CERTDESK_PASSPHRASE for scripts)")
        )
    if new and len(given) < MIN_PASSPHRASE:
        raise UserError(
            _("choose a passphrase of at least {n} characters").format(n=MIN_PASSPHRASE)
        )
    return given


def _open_server(path: Path, described: Description, passphrase: PassphraseSource) -> Database:
    """A headquarters database on a server (see `server_db`): the audit key from this desk's
    keyring, else from its box with the team's passphrase (then kept in the keyring)."""
    from sqlalchemy.exc import OperationalError

    from certdesk.store.server import ServerDatabase

    key = keystore.load_audit_key(described.uuid) if keystore.secure_keyring() else None
    if key is None:
        key = _opened_audit_box(path, described, team_passphrase(passphrase, new=False))
        if keystore.secure_keyring():
            keystore.store_audit_key(described.uuid, key)
    try:
        with user_errors(path):
            return ServerDatabase(path, described, key)
    except OperationalError as exc:  # not reached, or not let in
        raise UserError(unreached(exc)) from None


def unreached(exc: Exception) -> str:
    """One line: the driver's first line, said without its prefix, and what to check."""
    orig = str(getattr(exc, "orig", exc)).strip()
    said = " ".join(orig.splitlines()[0].split()) if orig else "?"
    for prefix in ("connection failed: ", "connection is bad: "):
        said = said.removeprefix(prefix)
    return _(
        "could not connect to the server ({reason}): check the address, that the server "
        "runs, and the pass file"
    ).format(reason=said)


def open_database(
    path: Path, passphrase: PassphraseSource = env_passphrase, create_role: str | None = "field"
) -> Database:
    """Open the database at `path`; create it (with `create_role`) if it does not exist."""
    if description_path(path).exists() and not path.exists():
        with user_errors(path):
            described = read_description(path)
        if described.key == "server":
            return _open_server(path, described, passphrase)
    if not path.exists():
        if create_role is None:
            raise UserError(_("there is no database at {file}").format(file=path))
        return create(path, create_role, passphrase)
    with user_errors(path):
        described = read_description(path)
        return _database(path, described, _secret(described, path, passphrase, new=False))


def open_context(
    path: Path, passphrase: PassphraseSource = env_passphrase, create_role: str | None = "field"
) -> Context:
    """Open (or create) the database at `path` and everything a use case needs with it.

    Sealed evidence files that no row refers to any more (left by a crash
    between a removal and its destruction) are destroyed on the way.
    """
    from certdesk.services.leftovers import sweep_orphans

    db = open_database(path, passphrase, create_role)
    ctx = Context(db)
    person = getattr(db, "person", None)
    if person:  # on a server, the audit log names the person's own login role
        ctx.user = person
    sweep_orphans(ctx)
    return ctx
