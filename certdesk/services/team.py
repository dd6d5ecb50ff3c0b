"""Who may do what in a headquarters team on a server, as the window shows it: the
entries a person's role cannot use are greyed with the reason. (The server refuses such
changes anyway, in one line: `store.errors.NotAllowedError`.) A file database is one
person's, who may do everything."""

from __future__ import annotations

import re

from sqlalchemy import text

from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context, changing
from certdesk.store import audit
from certdesk.store.migrations.server_rights import ROLES
from certdesk.store.server import ServerDatabase

IMPORT, REVIEW, CERTIFY = "import", "review", "certify"
_BY_ROLE = {
    "certdesk_importer": IMPORT,
    "certdesk_reviewer": REVIEW,
    "certdesk_certifier": CERTIFY,
}


def abilities(ctx: Context) -> frozenset[str]:
    """What this person may change: import (results, kits, trusted keys, suppliers),
    review (decisions on responses), certify (certificates)."""
    db = ctx.db
    if not isinstance(db, ServerDatabase):
        return frozenset({IMPORT, REVIEW, CERTIFY})
    return frozenset(_BY_ROLE[r] for r in db.team_roles if r in _BY_ROLE)


TEAM_ROLES = tuple(r.removeprefix("certdesk_") for r in ROLES)
"""importer, reviewer, certifier, auditor."""
_NAME = re.compile(r"[a-z][a-z0-9_]{1,40}")


def add_person(ctx: Context, name: str, role: str) -> Changes:
    """A login role on the server for a person of the team, in one team role; libpq's pass
    file on their desk gives their password (set by the server's administrator)."""
    if not isinstance(ctx.db, ServerDatabase):
        raise UserError(_("people and roles are for a headquarters database on a server"))
    if not _NAME.fullmatch(name):
        raise UserError(
            _("'{name}' cannot be a login name: lower-case letters, digits and _").format(name=name)
        )
    if role not in TEAM_ROLES:
        raise UserError(_("the role must be one of {roles}").format(roles=", ".join(TEAM_ROLES)))
    with changing(ctx) as unit:
        unit.session.connection().execute(
            text(f'CREATE ROLE "{name}" LOGIN IN ROLE certdesk_{role}')  # both checked above
        )
        audit.append(unit.session, audit.DATABASE_CHAIN, ctx.user, "team.add", {"role": role})
    return Changes(settings=True)
