"""`certdesk init --role field|hq [--server postgresql://…]`: create an encrypted database,
or a headquarters database on a PostgreSQL server described by the file `--db` names."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk import labels
from certdesk.cli.context import db_path, passphrase
from certdesk.domain.roles import DatabaseRole
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services import opening


def register(commands: Any) -> None:
    init = commands.add_parser("init", help=_("create an encrypted database"))
    init.add_argument(
        "--role",
        choices=[r.value for r in DatabaseRole],
        default=DatabaseRole.FIELD.value,
        help=_("field (assessor or supplier) or hq (headquarters)"),
    )
    init.add_argument(
        "--server",
        metavar="postgresql://USER@HOST/DB",
        help=_(
            "headquarters on a PostgreSQL server (no password in it: libpq's pass file); "
            "add ?sslmode=verify-full for TLS"
        ),
    )
    init.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    if args.server:
        from certdesk.services.server_db import create_server

        if args.role != DatabaseRole.HQ.value:
            raise UserError(_("only a headquarters database lives on a server: add --role hq"))
        create_server(path, args.server, passphrase).close()
        print(
            _("created a headquarters database on the server, described at {file}").format(
                file=path
            )
        )
        return 0
    opening.create(path, args.role, passphrase).close()
    print(
        _("created an encrypted {role} database at {file}").format(
            role=labels.database_role(args.role).lower(), file=path
        )
    )
    return 0
