"""What a gap report says, as plain data: built by the services, drawn by the formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult


@dataclass(frozen=True)
class EvidenceLine:
    item_id: str | None
    name: str
    kind: str
    sha256: str | None
    size: int | None
    version: str | None = None
    """A sighted document's version or date, where it was seen and who showed it."""
    seen_where: str | None = None
    shown_by: str | None = None


@dataclass(frozen=True)
class GapLine:
    item_id: str
    answer: str | None
    claim: str | None
    note: str | None
    evidence: tuple[EvidenceLine, ...] = ()
    findings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingLine:
    severity: str
    item_id: str | None
    description: str
    action: str | None
    owner: str | None
    due: str | None
    status: str
    id: str = ""
    """The finding's id: a supplier's response names it."""


@dataclass(frozen=True)
class GapReport:
    framework: Framework
    result: ScoreResult
    supplier: str
    business_id: str
    site: str | None
    scope: dict[str, object]
    mode: str
    cycle: str | None
    assessor: str | None
    status: str
    profile: str | None
    created: str
    updated: str
    assessment_id: str
    gaps: tuple[GapLine, ...] = ()
    findings: tuple[FindingLine, ...] = ()
    evidence: tuple[EvidenceLine, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PortfolioReport:
    """Headquarters' portfolio as one table, with how many suppliers hold each outcome."""

    title: str
    as_of: date
    headings: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    outcomes: tuple[tuple[str, int], ...]
