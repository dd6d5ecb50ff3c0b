"""The kits headquarters issued, and where each one stands: sent, overdue or returned.

A kit is returned once a result package answering it was imported (the kit then
names the assessment); it is overdue once its due date has passed without one;
sent otherwise. A returned kit shows its result's status, total and outcome as
headquarters keeps them (the score row written at import, else the latest
package's recomputed total): read from stored rows, nothing is rescored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from fractions import Fraction
from typing import Any

from sqlalchemy import literal_column
from sqlmodel import Session, col, select

from certdesk import clock
from certdesk.domain.assessment import Mode, Status, overdue
from certdesk.domain.dates import day
from certdesk.domain.framework import Framework
from certdesk.domain.numbers import score_text
from certdesk.domain.supplier import format_business_id
from certdesk.i18n import current_language
from certdesk.services.context import Context, reading
from certdesk.store.tables import (
    Assessment,
    ImportedPackage,
    IssuedKit,
    ResultScore,
    Supplier,
    TrustedKey,
)


class KitState(StrEnum):
    SENT = "sent"
    OVERDUE = "overdue"
    RETURNED = "returned"


@dataclass(frozen=True)
class KitView:
    id: str
    supplier: str
    business_id: str
    framework_id: str
    framework: str
    """The framework's title in the current language (its id when not installed)."""
    version: str
    mode: Mode
    site: str | None
    profile: str | None
    profile_title: str | None
    scope: dict[str, Any]
    due: date | None
    recipient: str | None
    """The trusted key's name the kit is encrypted to; None: not encrypted."""
    recipient_fingerprint: str | None
    issued_by: str
    issued_at: datetime
    state: KitState
    assessment: str | None = None
    """The assessment that answered the kit, once returned."""
    returned_at: datetime | None = None
    """When the first result answering the kit was imported."""
    latest_at: datetime | None = None
    result_status: Status | None = None
    """The answering assessment's status as its latest package gave it."""
    score: str | None = None
    """The total headquarters recomputed (on import, or since), as the method shows it."""
    outcome: str | None = None
    """The outcome's title in the current language, when headquarters kept one."""


def _utc(when: datetime) -> datetime:
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


def state_of(due: date | None, returned: bool, today: date) -> KitState:
    if returned:
        return KitState.RETURNED
    return KitState.OVERDUE if overdue(due, today) else KitState.SENT


@dataclass(frozen=True)
class _Result:
    """What the rows kept at import say of the assessment that answered a kit."""

    returned_at: datetime
    latest_at: datetime
    status: str
    total: str
    outcome: str | None


def _results(session: Session, answered: set[str]) -> dict[str, _Result]:
    """The score kept for each answering assessment (as held now), else its latest package's."""
    packages: dict[str, list[ImportedPackage]] = {}
    for package in session.exec(
        select(ImportedPackage)
        .where(col(ImportedPackage.assessment_id).in_(answered))
        .order_by(col(ImportedPackage.imported_at), col(ImportedPackage.sequence))
    ):
        packages.setdefault(package.assessment_id, []).append(package)
    kept = {
        r.assessment_id: r
        for r in session.exec(
            select(ResultScore).where(col(ResultScore.assessment_id).in_(answered))
        )
    }
    statuses = dict(
        session.exec(
            select(Assessment.id, Assessment.status).where(col(Assessment.id).in_(answered))
        ).all()
    )
    found: dict[str, _Result] = {}
    for aid, held in packages.items():
        score = kept.get(aid)
        found[aid] = _Result(
            returned_at=_utc(held[0].imported_at),
            latest_at=_utc(held[-1].imported_at),
            status=score.status if score else statuses.get(aid, Status.DRAFT.value),
            total=score.total if score else held[-1].recomputed_total,
            outcome=score.outcome if score else None,
        )
    return found


def issued_kits(ctx: Context, today: date | None = None) -> list[KitView]:
    """Every kit headquarters issued, newest first, with the state it is in `today`."""
    ctx.require_hq()
    today = today or clock.today()
    frameworks = {(e.framework.id, e.framework.version): e.framework for e in ctx.library.entries()}
    with reading(ctx) as session:
        sqlite = session.get_bind().dialect.name == "sqlite"  # its rowid: the order issued
        tie = literal_column("issued_kit.rowid") if sqlite else col(IssuedKit.id)
        kits = session.exec(
            select(IssuedKit).order_by(col(IssuedKit.issued_at).desc(), tie.desc())
        ).all()
        suppliers = {s.id: s for s in session.exec(select(Supplier))}
        names = {k.fingerprint: k.name for k in session.exec(select(TrustedKey))}
        answered = {k.assessment_id for k in kits if k.assessment_id}
        results = _results(session, answered) if answered else {}
        return [
            _view(
                kit,
                suppliers[kit.supplier_id],
                names.get(kit.recipient_fingerprint or ""),
                frameworks.get((kit.framework_id, kit.framework_version)),
                results.get(kit.assessment_id or ""),
                today=today,
            )
            for kit in kits
        ]


def _view(
    kit: IssuedKit,
    supplier: Supplier,
    recipient: str | None,
    fw: Framework | None,
    result: _Result | None,
    *,
    today: date,
) -> KitView:
    lang = current_language()
    profile = fw.profile(kit.profile) if fw and kit.profile else None
    score = outcome = None
    if result is not None:
        total = Fraction(result.total)
        score = score_text(fw.scoring.method, total) if fw else str(float(total))
        named = fw.outcome(result.outcome) if fw and result.outcome else None
        outcome = named.title.get(lang) if named else result.outcome
    due = day(kit.due_date)
    return KitView(
        id=kit.id,
        supplier=supplier.name,
        business_id=format_business_id(supplier.business_id),
        framework_id=kit.framework_id,
        framework=fw.title.get(lang) if fw else kit.framework_id,
        version=kit.framework_version,
        mode=Mode(kit.mode),
        site=kit.site,
        profile=kit.profile,
        profile_title=profile.title.get(lang) if profile else kit.profile,
        scope=json.loads(kit.scope_json or "{}"),
        due=due,
        recipient=recipient,
        recipient_fingerprint=kit.recipient_fingerprint,
        issued_by=kit.issued_by,
        issued_at=_utc(kit.issued_at),
        state=state_of(due, kit.assessment_id is not None, today),
        assessment=kit.assessment_id,
        returned_at=result.returned_at if result else None,
        latest_at=result.latest_at if result else None,
        result_status=Status(result.status) if result else None,
        score=score,
        outcome=outcome,
    )
