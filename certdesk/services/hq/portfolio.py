"""Headquarters' portfolio: every supplier's standing per framework and site, its trend over
the cycles, what is still in progress, and its open work.

A standing is a supplier's latest *final* on-site result of one framework at one site
(and, beside it, its latest submitted self-assessment); drafts and results still under
review are counted apart as in progress, never shown as the standing, and the trend
holds only results that count. Scores are read from the rows stored at import
(`ResultScore`), so a view never rescores; a result imported before those rows
existed is scored once here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import NamedTuple

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.domain.assessment import FindingStatus, Mode, Status, overdue
from certdesk.domain.dates import day
from certdesk.domain.framework import Framework, Method
from certdesk.domain.numbers import score_text
from certdesk.domain.supplier import format_business_id
from certdesk.errors import UserError
from certdesk.i18n import current_language
from certdesk.services.assessment.held_scores import fresh_row
from certdesk.services.context import Context, reading
from certdesk.store.tables import (
    Assessment,
    Certificate,
    Finding,
    ImportedPackage,
    ResultScore,
    Supplier,
)

SOON = timedelta(days=90)


@dataclass(frozen=True)
class Standing:
    """One result that counts: its score as the framework shows it, its outcome, its areas."""

    assessment: str
    cycle: str | None
    framework: str
    total: float | int
    total_text: str
    """As the framework's method shows it: a percentage, a maturity level, points."""
    outcome: str
    outcome_title: str
    areas: dict[str, float | None]
    outcome_kind: str = ""
    """certified, conditional or not_certified (the framework's kind of the outcome)."""


@dataclass(frozen=True)
class TrendPoint:
    cycle: str | None
    mode: Mode
    total: float | int
    text: str = ""
    """As the framework's method shows it."""


@dataclass(frozen=True)
class Expiring:
    code: str
    valid_until: date


@dataclass(frozen=True)
class PortfolioEntry:
    """One supplier at one site against one framework."""

    supplier_id: str
    supplier: str
    business_id: str
    tier: str | None
    framework: str
    framework_title: str
    site: str | None
    assessor: Standing | None
    """The latest final on-site result: the standing."""
    self_assessed: Standing | None
    """The latest self-assessment the supplier submitted."""
    in_progress: int
    """Results held here that do not count yet (drafts, or on-site results under review)."""
    trend: tuple[TrendPoint, ...]
    open_findings: int
    overdue_findings: int
    certificates_expiring: tuple[Expiring, ...]


def counts(mode: str, status: str) -> bool:
    """Whether a result counts for the standing and the trend."""
    if mode == Mode.ONSITE:
        return status == Status.FINAL
    return status in {Status.SUBMITTED, Status.FINAL}


class _Held(NamedTuple):
    """A stored score as the portfolio reads it: plain columns, no ORM objects."""

    assessment_id: str
    supplier_id: str
    site: str | None
    framework_id: str
    framework_version: str
    mode: str
    cycle: str | None
    total: str
    outcome: str
    areas_json: str
    scored_at: datetime
    status: str


_FIELDS = _Held._fields[:-1]
"""The stored score's columns, in `_Held`'s order (its status comes from the assessment)."""


def _scores(ctx: Context, session: Session) -> list[_Held]:
    """Every imported result's stored score with the result's status as held now; one
    imported before scores were stored is scored here (in memory: a view writes nothing)."""
    query = (
        sa_select(*(col(getattr(ResultScore, f)) for f in _FIELDS), col(Assessment.status))
        .join(Assessment, col(Assessment.id) == col(ResultScore.assessment_id))
        .where(col(Assessment.purged_at).is_(None))
    )
    rows = [_Held._make(r) for r in session.connection().execute(query)]  # plain rows: fast
    imported = set(session.exec(select(ImportedPackage.assessment_id)).all())
    for aid in sorted(imported - {r.assessment_id for r in rows}):
        record = session.get(Assessment, aid)
        if record is None or record.purged_at is not None:
            continue
        try:
            row = fresh_row(ctx, session, record)
        except UserError:
            continue  # its framework is not installed here
        rows.append(_Held._make([*(getattr(row, f) for f in _FIELDS), record.status]))
    return sorted(rows, key=lambda r: (r.cycle or "", r.scored_at))


def _share(text: str) -> float | int:
    """A stored fraction ("3/4") as the display number, without building a Fraction."""
    num, _sep, den = text.partition("/")
    if not den:
        return int(num)
    return round(int(num) / int(den), 4)


def _text(framework: Framework | None, total: str) -> str:
    """A stored total as its method shows it; a percentage without Fractions or Decimals
    (half up, as `score_text` rounds), for a thousand rows at a time."""
    if framework is None:
        return total
    if framework.scoring.method is not Method.WEIGHTED_CONFORMITY:
        return score_text(framework.scoring.method, Fraction(total))
    num, _sep, den = total.partition("/")
    n, d = int(num), int(den or 1)
    tenths = (2 * abs(n) * 1000 + d) // (2 * d)
    return f"{'-' if n < 0 else ''}{tenths // 10}.{tenths % 10}%"


def _standing(row: _Held, framework: Framework | None) -> Standing:
    found = framework.outcome(row.outcome) if framework else None
    areas = json.loads(row.areas_json)
    return Standing(
        assessment=row.assessment_id,
        cycle=row.cycle,
        framework=row.framework_id,
        total=_share(row.total),
        total_text=_text(framework, row.total),
        outcome=row.outcome,
        outcome_title=found.title.get(current_language()) if found else row.outcome,
        areas={k: None if v is None else _share(v) for k, v in areas.items()},
        outcome_kind=found.kind.value if found else "",
    )


def _framework(ctx: Context, framework_id: str, version: str) -> Framework | None:
    try:
        return ctx.library.find(f"{framework_id}@{version}")
    except UserError:
        return None  # not installed here: its codes are shown as they are


@dataclass
class _Work:
    open_by: dict[str, list[str | None]]
    """Each result's open findings: their due dates."""
    valid_by: dict[str, list[tuple[str, datetime]]]
    """Each result's certificates not revoked: code and valid until."""


def _work(session: Session) -> _Work:
    still_open: dict[str, list[str | None]] = defaultdict(list)
    found = select(Finding.assessment_id, Finding.due_date).where(
        Finding.status == FindingStatus.OPEN
    )
    for aid, due in session.exec(found):
        still_open[aid].append(due)
    valid: dict[str, list[tuple[str, datetime]]] = defaultdict(list)
    certs = select(Certificate.assessment_id, Certificate.code, Certificate.valid_until).where(
        col(Certificate.revoked_at).is_(None)
    )
    for aid, code, until in session.exec(certs):
        valid[aid].append((code, until))
    return _Work(still_open, valid)


def summary(ctx: Context, today: date | None = None) -> list[PortfolioEntry]:
    """One entry per supplier, framework and site with an imported result."""
    ctx.require_hq()
    day_ = today or clock.today()
    with reading(ctx) as session:
        groups: dict[tuple[str, str, str | None], list[_Held]] = defaultdict(list)
        for row in _scores(ctx, session):
            groups[(row.supplier_id, row.framework_id, row.site)].append(row)
        work = _work(session)
        named = select(Supplier.id, Supplier.name, Supplier.business_id, Supplier.tier)
        suppliers = {sid: (name, number, tier) for sid, name, number, tier in session.exec(named)}
        out: list[PortfolioEntry] = []
        frameworks: dict[tuple[str, str], Framework | None] = {}
        for (supplier_id, framework_id, site), rows in groups.items():
            name, number, tier = suppliers[supplier_id]
            counted = [r for r in rows if counts(r.mode, r.status)]
            latest: dict[str, _Held] = {}
            for r in counted:  # in order: the last of each mode stays
                latest[r.mode] = r
            version = (framework_id, rows[-1].framework_version)
            if version not in frameworks:
                frameworks[version] = _framework(ctx, *version)
            fw = frameworks[version]
            mine = [f for r in rows for f in work.open_by.get(r.assessment_id, [])]
            onsite, own = latest.get(Mode.ONSITE), latest.get(Mode.SELF)
            out.append(
                PortfolioEntry(
                    supplier_id=supplier_id,
                    supplier=name,
                    business_id=format_business_id(number),
                    tier=tier,
                    framework=framework_id,
                    framework_title=fw.title.get(current_language()) if fw else framework_id,
                    site=site,
                    assessor=_standing(onsite, fw) if onsite else None,
                    self_assessed=_standing(own, fw) if own else None,
                    in_progress=len(rows) - len(counted),
                    trend=tuple(
                        TrendPoint(
                            r.cycle,
                            Mode(r.mode),
                            _share(r.total),
                            _text(fw, r.total),
                        )
                        for r in counted
                    ),
                    open_findings=len(mine),
                    overdue_findings=sum(1 for due in mine if overdue(day(due), day_)),
                    certificates_expiring=tuple(
                        Expiring(code, until.date())
                        for r in rows
                        for code, until in work.valid_by.get(r.assessment_id, [])
                        if day_ <= until.date() <= day_ + SOON
                    ),
                )
            )
    return sorted(out, key=lambda e: (e.supplier, e.framework, e.site or ""))
