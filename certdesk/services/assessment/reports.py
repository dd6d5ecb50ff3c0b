"""Reports: the gap report's content, gathered once for every format."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlmodel import select

from certdesk.domain.decision import Severity
from certdesk.domain.report import EvidenceLine, FindingLine, GapLine, GapReport
from certdesk.domain.supplier import format_business_id
from certdesk.services.assessment import records
from certdesk.services.changes import Changes, Written
from certdesk.services.context import Context, changing, reading
from certdesk.services.messages import writing
from certdesk.store import audit
from certdesk.store.tables import AnswerRecord, Finding


def gap_report(ctx: Context, assessment_id: str) -> GapReport:
    with reading(ctx) as session:
        record = records.get(session, assessment_id)
        framework, result = records.rescore(ctx, session, record)
        supplier, site = records.party_of(session, record)
        notes = {
            a.item_id: a.note or a.na_justification
            for a in session.exec(
                select(AnswerRecord).where(
                    AnswerRecord.assessment_id == record.id,
                    AnswerRecord.party == records.answering(record),
                )
            )
        }
        claims = records.claims_of(session, record)
        findings = list(session.exec(select(Finding).where(Finding.assessment_id == record.id)))
        evidence = list(session.exec(records.evidence_of(record.id)))
    evidence_lines = tuple(
        EvidenceLine(
            e.item_id,
            e.original_name or e.title or "",
            e.kind,
            e.sha256,
            e.size,
            version=e.doc_version,
            seen_where=e.seen_where,
            shown_by=e.shown_by,
        )
        for e in evidence
    )
    by_item: dict[str, list[EvidenceLine]] = {}
    for line in evidence_lines:
        by_item.setdefault(line.item_id or "", []).append(line)
    finding_text: dict[str, list[str]] = {}
    for f in findings:
        finding_text.setdefault(f.item_id or "", []).append(f"[{f.severity}] {f.description}")
    gaps = tuple(
        GapLine(
            item_id,
            score.code,
            claims.get(item_id),
            notes.get(item_id),
            tuple(by_item.get(item_id, ())),
            tuple(finding_text.get(item_id, ())),
        )
        for item_id, score in result.items.items()
        if score.gap
    )
    return GapReport(
        framework=framework,
        result=result,
        supplier=supplier.name,
        business_id=format_business_id(supplier.business_id),
        site=site.name if site else None,
        scope=json.loads(record.scope_json),
        mode=record.mode,
        cycle=record.cycle,
        assessor=record.assessor,
        status=record.status,
        profile=record.profile,
        created=record.created_at.date().isoformat(),
        updated=record.updated_at.date().isoformat(),
        assessment_id=record.id,
        gaps=gaps,
        findings=tuple(
            FindingLine(
                f.severity,
                f.item_id,
                f.description,
                f.corrective_action,
                f.owner,
                f.due_date,
                f.status,
                f.id,
            )
            for f in sorted(findings, key=lambda f: Severity(f.severity).rank)
        ),
        evidence=evidence_lines,
    )


def record_export(
    ctx: Context, assessment_id: str, action: str, data: dict[str, object]
) -> Changes:
    """Every export leaves an entry in the assessment's audit chain (nothing a page shows)."""
    with changing(ctx) as unit:
        audit.append(unit.session, assessment_id, ctx.user, action, data)
    return Changes(assessment=assessment_id)


def _drawn(
    ctx: Context,
    assessment_id: str,
    out: Path,
    language: str,
    *,
    draw: Callable[[GapReport, Path, str], None],
    action: str,
) -> Written:
    report = gap_report(ctx, assessment_id)
    with writing(out):
        draw(report, out, language)
    record_export(ctx, report.assessment_id, action, {"language": language})
    return Written(files=(out,), assessment=report.assessment_id)


def write_gap_pdf(ctx: Context, assessment_id: str, out: Path, language: str) -> Written:
    from certdesk.formats.gap_pdf import write_gap_pdf as draw

    return _drawn(ctx, assessment_id, out, language, draw=draw, action="export.gap_pdf")


def gap_workbook(ctx: Context, assessment_id: str, out: Path, language: str) -> Written:
    from certdesk.formats.xlsx.gap import write_gap_workbook

    return _drawn(
        ctx, assessment_id, out, language, draw=write_gap_workbook, action="export.gap_xlsx"
    )


def write_oscal(
    ctx: Context, assessment_id: str, out: Path, poam: Path | None, language: str
) -> Written:
    """OSCAL assessment results (and a POA&M of open corrective actions) as JSON."""
    from certdesk.formats.oscal import assessment_results, plan_of_action

    report = gap_report(ctx, assessment_id)
    written = [(out, assessment_results(report, language))]
    if poam is not None:
        written.append((poam, plan_of_action(report, language)))
    for path, document in written:
        with writing(path):
            path.write_text(
                json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
    record_export(ctx, report.assessment_id, "export.oscal", {"poam": poam is not None})
    return Written(files=tuple(p for p, _d in written), assessment=report.assessment_id)
