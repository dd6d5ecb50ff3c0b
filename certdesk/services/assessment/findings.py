"""Findings with their corrective actions: add, edit, close, reopen and delete, each undoable."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from sqlmodel import Session, col, select

from certdesk import labels
from certdesk.domain.assessment import FindingStatus
from certdesk.domain.decision import Severity
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment import desk, records
from certdesk.services.assessment.finding_view import FindingFields, FindingView
from certdesk.services.changes import Changes, Created
from certdesk.services.context import Context, changing, plain, reading
from certdesk.services.history import Step
from certdesk.services.messages import not_a_date, unknown_item
from certdesk.store import audit
from certdesk.store.ids import new_id
from certdesk.store.tables import Assessment, Finding, now


def severity_of(value: Severity | str) -> Severity:
    if value not in {s.value for s in Severity}:
        choices = ", ".join(label for _code, label in labels.choices(Severity))
        raise UserError(_("the severity must be one of: {choices}").format(choices=choices))
    return Severity(value)


def _checked(fields: FindingFields) -> FindingFields:
    """The fields as they will be stored, or a user error that says what is wrong."""
    if not fields.description.strip():
        raise UserError(_("describe the finding"))
    if fields.due is not None:
        try:
            date.fromisoformat(fields.due)
        except ValueError:
            raise UserError(not_a_date(fields.due)) from None
    return replace(
        fields, severity=severity_of(fields.severity), description=fields.description.strip()
    )


def _view(row: Finding) -> FindingView:
    return FindingView(
        Severity(row.severity),
        row.description,
        row.item_id,
        row.corrective_action,
        row.owner,
        row.due_date,
        id=row.id,
        status=FindingStatus(row.status),
    )


def _open_record(ctx: Context, session: Session, assessment_id: str) -> Assessment:
    record = records.get(session, assessment_id)
    records.require_open(session, record)
    return record


def _store(record: Assessment, row: Finding, fields: FindingFields, ctx: Context) -> None:
    if (
        fields.item_id is not None
        and records.framework_of(ctx, record).item(fields.item_id) is None
    ):
        raise UserError(unknown_item(fields.item_id))
    row.severity, row.description = fields.severity.value, fields.description
    row.item_id, row.corrective_action = fields.item_id, fields.corrective_action
    row.owner, row.due_date = fields.owner, fields.due


def _audit(session: Session, ctx: Context, record: Assessment, action: str, row: Finding) -> None:
    audit.append(
        session,
        record.id,
        ctx.user,
        action,
        {
            "finding": row.id,
            "item": row.item_id,
            "severity": row.severity,
            "status": row.status,
            "description": audit.text_digest(record.text_salt, row.description),
        },
    )


def _changes(record: Assessment, item_id: str | None) -> Changes:
    return Changes(assessment=record.id, attachments=frozenset({item_id or ""}))


def _put(ctx: Context, assessment_id: str, view: FindingView) -> Changes:
    """Create or overwrite a finding with exactly these fields (undo and redo use this)."""
    with changing(ctx) as unit:
        record = _open_record(ctx, unit.session, assessment_id)
        row = unit.session.get(Finding, view.id)
        before = _view(row) if row else None
        row = row or Finding(id=view.id, assessment_id=record.id, severity="", description="")
        _store(record, row, view, ctx)
        row.status = view.status.value
        row.closed_at = now() if view.status is FindingStatus.CLOSED else None
        unit.session.add(row)
        _audit(unit.session, ctx, record, "finding.edit" if before else "finding.add", row)
    changed = {view.item_id, before.item_id if before else view.item_id}
    return Changes(assessment=record.id, attachments=frozenset(i or "" for i in changed))


def _drop(ctx: Context, finding_id: str) -> Changes:
    with changing(ctx) as unit:
        row = unit.session.get(Finding, finding_id)
        if row is None:
            raise UserError(_("no finding '{id}'").format(id=finding_id))
        record = _open_record(ctx, unit.session, row.assessment_id)
        _audit(unit.session, ctx, record, "finding.delete", row)
        unit.session.delete(row)
    return _changes(record, row.item_id)


def _step(
    ctx: Context, label: str, aid: str, before: FindingView | None, after: FindingView | None
) -> None:
    def to(view: FindingView | None, other: FindingView | None) -> Changes:
        if view is None:
            assert other is not None
            return _drop(ctx, other.id)
        return _put(ctx, aid, view)

    ctx.history.record(
        Step(label, aid, undo=lambda: to(before, after), redo=lambda: to(after, before))
    )


def add_finding(
    ctx: Context,
    assessment_id: str,
    severity: Severity | str,
    description: str,
    *,
    item_id: str | None = None,
    corrective_action: str | None = None,
    owner: str | None = None,
    due: str | None = None,
) -> Created:
    fields = _checked(
        FindingFields(severity_of(severity), description, item_id, corrective_action, owner, due)
    )
    view = FindingView(**fields.__dict__, id=new_id())
    with reading(ctx) as session:
        aid = records.get(session, assessment_id).id
    changes = _put(ctx, aid, view)
    _step(ctx, _("finding on {item}").format(item=item_id or "-"), aid, None, view)
    return Created(id=view.id, **changes.plain().__dict__)


def _current(ctx: Context, finding_id: str) -> FindingView:
    with reading(ctx) as session:
        row = _find(session, finding_id)
        return _view(row)


def _find(session: Session, finding_id: str) -> Finding:
    row = session.get(Finding, finding_id)
    if row is None and len(finding_id) >= desk.SHORT_ID:
        found = session.exec(select(Finding).where(col(Finding.id).startswith(finding_id))).all()
        row = found[0] if len(found) == 1 else None
    if row is None:
        raise UserError(_("no finding '{id}'").format(id=finding_id))
    return row


def _assessment_of(ctx: Context, finding_id: str) -> str:
    with reading(ctx) as session:
        return _find(session, finding_id).assessment_id


def edit_finding(ctx: Context, finding_id: str, fields: FindingFields) -> Changes:
    before = _current(ctx, finding_id)
    after = FindingView(**_checked(fields).__dict__, id=before.id, status=before.status)
    aid = _assessment_of(ctx, before.id)
    changes = _put(ctx, aid, after)
    _step(ctx, _("edit of finding {id}").format(id=before.short_id), aid, before, after)
    return changes


def set_finding_status(ctx: Context, finding_id: str, status: FindingStatus) -> Changes:
    """Close a finding verified as corrected, or reopen it."""
    before = _current(ctx, finding_id)
    after = replace(before, status=status)
    aid = _assessment_of(ctx, before.id)
    changes = _put(ctx, aid, after)
    what = (
        _("closing finding {id}") if status is FindingStatus.CLOSED else _("reopening finding {id}")
    )
    _step(ctx, what.format(id=before.short_id), aid, before, after)
    return changes


def delete_finding(ctx: Context, finding_id: str) -> Changes:
    before = _current(ctx, finding_id)
    aid = _assessment_of(ctx, before.id)
    changes = _drop(ctx, before.id)
    _step(ctx, _("deleting finding {id}").format(id=before.short_id), aid, before, None)
    return changes


def findings_of(ctx: Context, assessment_id: str) -> list[FindingView]:
    """Every finding of an assessment, most severe first."""
    with plain(ctx) as sql:
        return desk.findings(sql, desk.head(sql, assessment_id).id)
