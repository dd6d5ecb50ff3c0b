"""`certdesk db backup|restore|passphrase`: the database's encrypted backup and its key.

Passphrases come from CERTDESK_BACKUP_PASSPHRASE and CERTDESK_NEW_PASSPHRASE
(scripts), else a prompt on a terminal: a new one is typed twice.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from certdesk.cli.context import db_path, opened, passphrase
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services import backup, keeping


def register(commands: Any) -> None:
    db = commands.add_parser("db", help=_("back up, restore, change the passphrase"))
    sub = db.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    write = sub.add_parser("backup", help=_("write an encrypted backup of the database"))
    write.add_argument("file", type=Path, metavar="FILE.cdbackup")
    write.set_defaults(handler=write_backup)
    restore = sub.add_parser("restore", help=_("make a new database from a backup"))
    restore.add_argument("file", type=Path, metavar="FILE.cdbackup")
    restore.add_argument("--to", type=Path, required=True, metavar="NEW.db")
    restore.set_defaults(handler=restore_backup)
    change = sub.add_parser("passphrase", help=_("choose a new database passphrase"))
    change.set_defaults(handler=change_passphrase)


def _ask(variable: str, prompt: str, new: bool) -> str:
    given = os.environ.get(variable)
    if given:
        return given
    if not sys.stdin.isatty():
        raise UserError(_("give the passphrase in {variable}").format(variable=variable))
    first = getpass.getpass(prompt)
    if new and getpass.getpass(_("Repeat the passphrase: ")) != first:
        raise UserError(_("the two passphrases differ"))
    return first


def write_backup(args: argparse.Namespace) -> int:
    secret = _ask("CERTDESK_BACKUP_PASSPHRASE", _("Backup passphrase: "), new=True)
    with opened(args, create_role=None) as ctx:
        backup.write_backup(ctx, args.file, secret)
    print(args.file)
    return 0


def restore_backup(args: argparse.Namespace) -> int:
    info = backup.inspect(args.file)
    del info  # read first: a file that is no backup is refused before any prompt
    secret = _ask("CERTDESK_BACKUP_PASSPHRASE", _("Backup passphrase: "), new=False)
    print(backup.restore(args.file, args.to, secret, passphrase).files[0])
    return 0


def change_passphrase(args: argparse.Namespace) -> int:
    with opened(args, create_role=None) as ctx:
        current = ctx.db.secret.passphrase if ctx.db.secret else None
        new = _ask("CERTDESK_NEW_PASSPHRASE", _("New database passphrase: "), new=True)
        keeping.change_passphrase(ctx, current or "", new)
    print(db_path(args))
    return 0
