"""What a result package to headquarters will carry, and what was sent before.

The app shows this before it signs: the assessment, how much is answered, how
many evidence files and findings go with it, the score it claims, and the key it
is encrypted to. The history reads the assessment's own audit chain, where every
package written is recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlmodel import select

from certdesk.crypto import keys
from certdesk.domain.assessment import EvidenceKind, Status
from certdesk.domain.numbers import score_text
from certdesk.i18n import current_language
from certdesk.services.assessment import records
from certdesk.services.context import Context, reading
from certdesk.services.exchange.kit_in import pinned_encryption_key
from certdesk.services.exchange.results_out import EXPORTED
from certdesk.store import audit
from certdesk.store.tables import Finding


@dataclass(frozen=True)
class SendSummary:
    supplier: str
    site: str | None
    cycle: str | None
    framework: str
    status: Status
    answered: int
    applicable: int
    evidence_files: int
    evidence_bytes: int
    sighted: int
    findings: int
    total: str
    """The score as the framework shows it (a percentage, a level, points)."""
    outcome: str
    """The outcome's title in the current language."""
    recipient: str | None
    """The fingerprint of headquarters' key the kit pinned; None before any kit."""
    from_kit: bool


@dataclass(frozen=True)
class Sent:
    at: str
    """ISO 8601, as the audit chain recorded it."""
    sequence: int
    recipient: str
    file: str | None
    actor: str


def summary(ctx: Context, assessment_id: str) -> SendSummary:
    pinned = pinned_encryption_key(ctx)
    with reading(ctx) as session:
        record = records.get(session, assessment_id)
        framework, result = records.rescore(ctx, session, record)
        supplier, site = records.party_of(session, record)
        evidence = list(session.exec(records.evidence_of(record.id)))
        files = [e for e in evidence if e.kind == EvidenceKind.FILE.value]
        found = session.exec(select(Finding).where(Finding.assessment_id == record.id)).all()
    lang = current_language()
    outcome = framework.outcome(result.outcome)
    return SendSummary(
        supplier=supplier.name,
        site=site.name if site else None,
        cycle=record.cycle,
        framework=f"{framework.title.get(lang)} {framework.version}",
        status=Status(record.status),
        answered=result.applicable - result.unanswered,
        applicable=result.applicable,
        evidence_files=len(files),
        evidence_bytes=sum(e.size or 0 for e in files),
        sighted=len(evidence) - len(files),
        findings=len(found),
        total=score_text(framework.scoring.method, result.total),
        outcome=outcome.title.get(lang) if outcome else result.outcome,
        recipient=keys.fingerprint(pinned) if pinned is not None else None,
        from_kit=record.kit_id is not None,
    )


def history(ctx: Context, assessment_id: str) -> list[Sent]:
    """Every result package written of the assessment, newest first."""
    with reading(ctx) as session:
        record = records.get(session, assessment_id)
        entries = [e for e in audit.chain_of(session, record.id) if e.action == EXPORTED]
    sent = []
    for entry in reversed(entries):
        data = json.loads(entry.data)
        sent.append(
            Sent(
                entry.at,
                int(data["sequence"]),
                str(data["recipient"]),
                data.get("file"),
                entry.actor,
            )
        )
    return sent
