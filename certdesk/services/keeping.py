"""Keeping the open database's key: a new passphrase where no keyring holds the key.

The file is re-encrypted under the new passphrase (SQLCipher's rekey) and the audit
key, which seals the audit log, is kept: it is sealed under the new passphrase
beside the database, so every seal already written still verifies.
"""

from __future__ import annotations

import hmac
from dataclasses import replace

from certdesk.crypto import passphrase_box
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.changes import Changes
from certdesk.services.context import Context, changing
from certdesk.services.opening import MIN_PASSPHRASE, audit_box_label
from certdesk.store import audit
from certdesk.store.database import write_description
from certdesk.store.engine import Secret


def has_passphrase(ctx: Context) -> bool:
    """Whether the database opens with a passphrase (else its key is in the keyring)."""
    return ctx.db.described.with_passphrase


def change_passphrase(ctx: Context, current: str, new: str) -> Changes:
    """Re-encrypt the database under `new`, once `current` is shown to be the one in use."""
    db = ctx.db
    if not has_passphrase(ctx) or db.secret is None or db.secret.passphrase is None:
        raise UserError(
            _("this database's key is kept in the computer's keyring: it has no passphrase")
        )
    if not hmac.compare_digest(current.encode("utf-8"), db.secret.passphrase.encode("utf-8")):
        raise UserError(_("the current passphrase is not right; nothing was changed"))
    if len(new) < MIN_PASSPHRASE:
        raise UserError(
            _("choose a passphrase of at least {n} characters").format(n=MIN_PASSPHRASE)
        )
    if new == current:
        raise UserError(_("the new passphrase is the one in use; nothing was changed"))
    assert db.audit_key is not None
    label, n = audit_box_label(db.described), passphrase_box.AUDIT_N
    boxes = [
        passphrase_box.to_text(passphrase_box.close(p, db.audit_key, label, n=n))
        for p in (new, current)
    ]
    # Both boxes beside the file until it is rekeyed: a crash in between leaves a database
    # whose audit key opens with whichever passphrase opens the file.
    write_description(db.path, replace(db.described, audit_box=";".join(boxes)))
    db.rekey(Secret(passphrase=new), replace(db.described, audit_box=boxes[0]))
    with changing(ctx) as unit:
        audit.append(unit.session, audit.DATABASE_CHAIN, ctx.user, "database.passphrase", {})
    return Changes(settings=True)
