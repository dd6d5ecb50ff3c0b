"""The assessment workspace: what the desktop app shows and changes, Qt-free.

It keeps the framework, the answers and the score in memory, writes every
change through to the database at once (autosave), rescores in memory (no
database read per answer) and keeps the undo and redo history of answers and
notes, as Anki keeps undo in its library rather than in its GUI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from sqlmodel import Session, select

from certdesk.domain.answers import Answer as DomainAnswer
from certdesk.domain.answers import check_answer
from certdesk.domain.assessment import Mode, Party
from certdesk.domain.framework import NA, Framework, Item
from certdesk.domain.numbers import score_text
from certdesk.domain.scoring import ScoreResult, score
from certdesk.errors import UserError
from certdesk.i18n import _, current_language
from certdesk.services.assessment import answers, evidence
from certdesk.services.assessment.assessments import claims_of, framework_of, get, open_findings
from certdesk.services.context import Context, user_errors
from certdesk.services.messages import answer_problem
from certdesk.store.tables import Answer, Evidence, Finding, Supplier


@dataclass(frozen=True)
class Held:
    """An item's answer as the workspace holds it."""

    code: str | None
    note: str | None = None


@dataclass(frozen=True)
class EvidenceView:
    id: str
    name: str
    kind: str  # "file" or "sighted"


@dataclass(frozen=True)
class FindingView:
    id: str
    severity: str
    description: str
    owner: str | None
    due: str | None


@dataclass(frozen=True)
class Change:
    item_id: str
    before: Held
    after: Held


@dataclass
class Workspace:
    ctx: Context
    assessment_id: str
    framework: Framework = field(init=False)
    mode: Mode = field(init=False)
    profile: str | None = field(init=False)
    supplier: str = field(init=False)
    status: str = field(init=False)
    held: dict[str, Held] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)
    findings: dict[str, list[FindingView]] = field(default_factory=dict)
    evidence: dict[str, list[EvidenceView]] = field(default_factory=dict)
    result: ScoreResult = field(init=False)
    _pending: list[tuple[str, Held]] = field(default_factory=list)
    _undo: list[Change] = field(default_factory=list)
    _redo: list[Change] = field(default_factory=list)

    def __post_init__(self) -> None:
        with user_errors(self.ctx.db.path), self.ctx.db.session() as session:
            record = get(session, self.assessment_id)
            self.assessment_id = record.id
            self.framework = framework_of(self.ctx, record)
            self.mode, self.profile, self.status = Mode(record.mode), record.profile, record.status
            owner = session.get(Supplier, record.supplier_id)
            self.supplier = owner.name if owner else ""
            party = Party.SUPPLIER if self.mode is Mode.SELF else Party.ASSESSOR
            for row in session.exec(
                select(Answer).where(Answer.assessment_id == record.id, Answer.party == party)
            ):
                self.held[row.item_id] = Held(row.value, row.note)
            self.claims = claims_of(session, record)
            self._load_attachments(session, record.id)
            self._open = open_findings(session, record.id)
        self.result = self._score()

    def _load_attachments(self, session: Session, assessment_id: str) -> None:
        self.findings, self.evidence = {}, {}
        for f in session.exec(
            select(Finding).where(Finding.assessment_id == assessment_id, Finding.status == "open")
        ):
            view = FindingView(f.id, f.severity, f.description, f.owner, f.due_date)
            self.findings.setdefault(f.item_id or "", []).append(view)
        for ev in session.exec(select(Evidence).where(Evidence.assessment_id == assessment_id)):
            name = ev.original_name or ev.title or ""
            self.evidence.setdefault(ev.item_id or "", []).append(
                EvidenceView(ev.id, name, ev.kind)
            )

    def reload_attachments(self) -> None:
        """Re-read evidence and findings after they changed, and rescore."""
        with user_errors(self.ctx.db.path), self.ctx.db.session() as session:
            self._load_attachments(session, self.assessment_id)
            self._open = open_findings(session, self.assessment_id)
        self.result = self._score()

    @property
    def self_mode(self) -> bool:
        """A self-assessment hides what belongs to the assessor only."""
        return self.mode is Mode.SELF

    def items(self) -> list[Item]:
        chosen = self.framework.profile(self.profile)
        return [i for i in self.framework.items() if self.framework.applies(i, chosen)]

    def _score(self) -> ScoreResult:
        given = {
            item: DomainAnswer(h.code, (h.note or "") if h.code == NA else "")
            for item, h in self.held.items()
            if h.code is not None
        }
        return score(self.framework, given, self.profile, self._open)

    def set_answer(
        self, item_id: str, code: str | None, note: str | None, *, defer: bool = False
    ) -> Change:
        """Record an answer (or clear it with code None); returns the change.

        The answer is checked and scored in memory first. It is written to the
        database at once, or, with `defer`, at the next `flush()`: the desktop app
        repaints the dashboard first and saves on the next tick of its event loop.
        """
        before = self.held.get(item_id, Held(None))
        after = Held(code, note or None)
        self._check(item_id, after)
        self._hold(item_id, after)
        if defer:
            self._pending.append((item_id, after))
        else:
            self._persist(item_id, after)
        change = Change(item_id, before, after)
        self._undo.append(change)
        self._redo.clear()
        return change

    def _check(self, item_id: str, held: Held) -> None:
        if self.status == "final":
            msg = _("assessment {id} is final and can no longer change")
            raise UserError(msg.format(id=self.assessment_id[:8]))
        if held.code is None:
            return
        answer = DomainAnswer(held.code, (held.note or "") if held.code == NA else "")
        problem = check_answer(self.framework, item_id, answer)
        if problem is not None:
            item = self.framework.item(item_id)
            codes = self.framework.scale_of(item).codes if item else ()
            raise UserError(answer_problem(problem, item_id, held.code, codes))

    def _hold(self, item_id: str, held: Held) -> None:
        if held.code is None:
            self.held.pop(item_id, None)
        else:
            self.held[item_id] = held
        self.result = self._score()

    def _persist(self, item_id: str, held: Held) -> None:
        if held.code is None:
            answers.clear_answer(self.ctx, self.assessment_id, item_id)
        else:
            answers.record_answer(self.ctx, self.assessment_id, item_id, held.code, held.note)

    @property
    def unsaved(self) -> int:
        """How many answers wait for `flush()`."""
        return len(self._pending)

    def flush(self) -> None:
        """Write the deferred answers; on failure, reload what the database holds."""
        while self._pending:
            item_id, held = self._pending[0]
            try:
                self._persist(item_id, held)
            except UserError:
                self._pending.clear()
                self._reload_answers()
                raise
            self._pending.pop(0)

    def _reload_answers(self) -> None:
        fresh = Workspace(self.ctx, self.assessment_id)
        self.held, self.result = fresh.held, fresh.result
        self._undo.clear()
        self._redo.clear()

    def _apply(self, item_id: str, held: Held) -> None:
        self.flush()
        self._check(item_id, held)
        self._persist(item_id, held)
        self._hold(item_id, held)

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> Change | None:
        if not self._undo:
            return None
        change = self._undo.pop()
        self._apply(change.item_id, change.before)
        self._redo.append(change)
        return change

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        self._apply(change.item_id, change.after)
        self._undo.append(change)
        return change

    def attach(self, item_id: str, path: Path) -> str:
        """Copy a file in as evidence for an item (sealed in the store); returns its id."""
        evidence_id = evidence.add_file(self.ctx, self.assessment_id, item_id, path)
        self.reload_attachments()
        return evidence_id

    def answer_label(self, code: str, item_id: str | None = None) -> str:
        """The label of an answer code in the current language."""
        return self.framework.answer_label(item_id, code, current_language())

    def score_text(self, value: Fraction | None) -> str:
        """A score as its method shows it: a percentage, a maturity level or points."""
        return score_text(self.framework.scoring.method, value)

    def matches(self, item_id: str, mode: str) -> bool:
        """Whether an item passes a filter of the tree."""
        held = self.held.get(item_id)
        item = self.framework.item(item_id)
        scored = self.result.items.get(item_id)
        tests = {
            "unanswered": held is None,
            "gaps": bool(scored and scored.gap),
            "mandatory": bool(item and item.mandatory),
            "findings": item_id in self.findings,
            "differs": item_id in self.claims
            and (held is None or held.code != self.claims[item_id]),
        }
        return tests.get(mode, True)

    def next_unanswered(self, after: str | None, backwards: bool = False) -> str | None:
        """The next (or previous) applicable item without an answer, wrapping around."""
        ids = [i.id for i in self.items()]
        if backwards:
            ids.reverse()
        start = ids.index(after) + 1 if after in ids else 0
        for item_id in ids[start:] + ids[:start]:
            if item_id not in self.held and item_id != after:
                return item_id
        return None
