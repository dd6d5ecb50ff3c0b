"""Who may do what in a headquarters team on a server, as the window shows it: the
entries a person's role cannot use are greyed with the reason. (The server refuses such
changes anyway, in one line: `store.errors.NotAllowedError`.) A file database is one
person's, who may do everything."""

from __future__ import annotations

from certdesk.services.context import Context
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
