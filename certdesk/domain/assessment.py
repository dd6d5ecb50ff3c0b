"""Assessment modes, statuses and who answers."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    SELF = "self"
    ONSITE = "onsite"


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    FINAL = "final"


class Party(StrEnum):
    """Who gave an answer: the supplier's claim or the assessor's verdict."""

    SUPPLIER = "supplier"
    ASSESSOR = "assessor"


class FindingStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def answering_party(mode: Mode) -> Party:
    return Party.SUPPLIER if mode is Mode.SELF else Party.ASSESSOR


TRANSITIONS = {
    Status.DRAFT: {Status.SUBMITTED, Status.FINAL},
    Status.SUBMITTED: {Status.DRAFT, Status.FINAL},
    Status.FINAL: set(),
}


def can_move(current: Status, wanted: Status) -> bool:
    """A final assessment is closed: it never goes back to draft."""
    return wanted == current or wanted in TRANSITIONS[current]
