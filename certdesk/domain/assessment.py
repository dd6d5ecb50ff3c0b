"""Assessment modes, statuses, who answers, and the states of what hangs off an assessment."""

from __future__ import annotations

from datetime import date
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


class EvidenceKind(StrEnum):
    """A file copied in (sealed), or a document only seen where it must stay."""

    FILE = "file"
    SIGHTED = "sighted"


class ResponseDecision(StrEnum):
    """Headquarters' decision on a supplier's response to a finding."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class RetentionKind(StrEnum):
    """What expires after a retention period, each after its own."""

    EVIDENCE = "evidence"
    PERSONAL = "personal"
    """Personal data and free text: names, notes, descriptions."""
    RECORD = "record"
    """The whole assessment record."""


def overdue(due: date | None, today: date) -> bool:
    """A corrective action is overdue once its due date has passed."""
    return due is not None and due < today


def counts_as_open(status: FindingStatus, due: date | None, closed_on: date | None) -> bool:
    """A finding counts as open for the outcome while it is open, and also when it was
    closed only after its due date (a corrective action is due within its period)."""
    if status is FindingStatus.OPEN:
        return True
    return closed_on is not None and overdue(due, closed_on)


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
