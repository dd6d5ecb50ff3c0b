"""A finding as a person writes it and as the desk shows it (no store, no ORM)."""

from __future__ import annotations

from dataclasses import dataclass

from certdesk.domain.assessment import FindingStatus
from certdesk.domain.decision import Severity


@dataclass(frozen=True)
class FindingFields:
    """What a person writes about a finding."""

    severity: Severity
    description: str
    item_id: str | None = None
    corrective_action: str | None = None
    owner: str | None = None
    due: str | None = None


@dataclass(frozen=True)
class FindingView(FindingFields):
    id: str = ""
    status: FindingStatus = FindingStatus.OPEN

    @property
    def short_id(self) -> str:
        return self.id[:8]
