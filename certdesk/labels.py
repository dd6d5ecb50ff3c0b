"""The words a person sees for each code the domain uses, in the chosen language.

A code (`onsite`, `major`, `draft`) never reaches a person: every screen,
report and message shows its label from here. Framework texts (answers,
outcomes) are data and come with the framework instead.
"""

from __future__ import annotations

from enum import StrEnum

from certdesk.domain.assessment import (
    EvidenceKind,
    FindingStatus,
    Mode,
    ResponseDecision,
    RetentionKind,
    Status,
)
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Method
from certdesk.domain.roles import DatabaseRole, KeyRole
from certdesk.domain.supplier import Tier
from certdesk.i18n import _, pgettext


def method(value: Method | str) -> str:
    """A scoring method, as a person reads it."""
    names = {
        Method.WEIGHTED_CONFORMITY: _("weighted conformity"),
        Method.MATURITY: _("maturity levels"),
        Method.DEDUCTION: _("deduction from a baseline"),
    }
    return names.get(Method(value), str(value))


def mode(value: Mode | str) -> str:
    return {Mode.ONSITE: _("On-site"), Mode.SELF: _("Self-assessment")}.get(Mode(value), str(value))


def status(value: Status | str) -> str:
    return {
        Status.DRAFT: _("Draft"),
        Status.SUBMITTED: _("Submitted"),
        Status.FINAL: _("Final"),
    }[Status(value)]


def severity(value: Severity | str) -> str:
    return {
        Severity.MAJOR: _("Major"),
        Severity.MINOR: _("Minor"),
        Severity.OBSERVATION: _("Observation"),
    }[Severity(value)]


def finding_status(value: FindingStatus | str) -> str:
    return {
        FindingStatus.OPEN: pgettext("finding", "Open"),
        FindingStatus.CLOSED: pgettext("finding", "Closed"),
    }[FindingStatus(value)]


def decision(value: ResponseDecision | str) -> str:
    return {
        ResponseDecision.PENDING: _("Pending"),
        ResponseDecision.ACCEPTED: _("Accepted"),
        ResponseDecision.REJECTED: _("Rejected"),
    }[ResponseDecision(value)]


def key_role(value: KeyRole | str) -> str:
    return {KeyRole.ASSESSOR: _("Assessor"), KeyRole.SUPPLIER: _("Supplier")}[KeyRole(value)]


def database_role(value: DatabaseRole | str) -> str:
    return {DatabaseRole.FIELD: _("Field"), DatabaseRole.HQ: _("Headquarters")}[DatabaseRole(value)]


def evidence_kind(value: EvidenceKind | str) -> str:
    return {EvidenceKind.FILE: _("File"), EvidenceKind.SIGHTED: _("Sighted document")}[
        EvidenceKind(value)
    ]


def retention_kind(value: RetentionKind | str) -> str:
    return {
        RetentionKind.EVIDENCE: _("Evidence files"),
        RetentionKind.PERSONAL: _("Personal data and free text"),
        RetentionKind.RECORD: _("The whole assessment record"),
    }[RetentionKind(value)]


def choices(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """(code, label) for every member of one of the enums above, in their order."""
    words = {
        Mode: mode,
        Status: status,
        Severity: severity,
        FindingStatus: finding_status,
        ResponseDecision: decision,
        KeyRole: key_role,
        DatabaseRole: database_role,
        EvidenceKind: evidence_kind,
        RetentionKind: retention_kind,
    }[enum]
    return [(member.value, words(member)) for member in enum]


def tier(value: Tier | str | None) -> str:
    """A supplier's tier as a person reads it; no tier set reads as a dash."""
    if not value:
        return "—"
    return {
        Tier.CRITICAL: _("Critical: holds design data"),
        Tier.HIGH: _("High"),
        Tier.STANDARD: _("Standard"),
    }[Tier(value)]
