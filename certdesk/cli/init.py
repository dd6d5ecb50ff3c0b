"""`certdesk init --role field|hq`: create an encrypted database."""

from __future__ import annotations

import argparse
from typing import Any

from certdesk import labels
from certdesk.cli.context import db_path, passphrase
from certdesk.domain.roles import DatabaseRole
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
    init.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = db_path(args)
    opening.create(path, args.role, passphrase).close()
    print(
        _("created an encrypted {role} database at {file}").format(
            role=labels.database_role(args.role).lower(), file=path
        )
    )
    return 0
