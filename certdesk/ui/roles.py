"""What a person's role in a headquarters team on a server lets them change, the same in
the menus and inside every dialog: what the role does not include is greyed, and says
why in one sentence. (The server refuses such a change anyway; a file database is one
person's, who may do everything: `services.team.abilities`.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from certdesk.i18n import _

if TYPE_CHECKING:  # the services load after the window shows
    from certdesk.services.context import Context


def not_in_role() -> str:
    """Why an entry is greyed for this person."""
    return _("Your role in the headquarters team does not include this.")


def may(ctx: Context | None, ability: str) -> bool:
    """Whether this person's role includes `ability` ("import", "review", "certify")."""
    from certdesk.services import team

    return ctx is not None and ability in team.abilities(ctx)


def allow(control: QWidget | QAction, allowed: bool, *, otherwise: bool = True) -> None:
    """Enabled when the role `allowed` it and `otherwise` holds (a row chosen...); when the
    role is what stops it, its tooltip says so."""
    control.setEnabled(allowed and otherwise)
    reason = not_in_role()
    if not allowed:
        control.setToolTip(reason)
    elif control.toolTip() == reason:
        control.setToolTip("")
