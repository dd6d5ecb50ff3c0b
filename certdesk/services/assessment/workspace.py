"""The assessment workspace: what the desktop app shows and changes, Qt-free.

It keeps the framework, the answers and the score in memory, writes every
change through to the database (at once, or on the next tick of the app's
event loop), rescores in memory, and undoes and redoes through the library's
history, as Anki keeps undo in its library rather than in its GUI. Whatever
changed, here or elsewhere, reaches it as a `Changes` value through `apply`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from certdesk.domain.answers import Answer
from certdesk.domain.assessment import EvidenceKind, FindingStatus, Mode, Status
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework, Item
from certdesk.domain.numbers import score_text
from certdesk.domain.scoring import Scorer, ScoreResult
from certdesk.errors import UserError
from certdesk.i18n import current_language
from certdesk.services import messages
from certdesk.services.assessment import answers, desk
from certdesk.services.assessment.answers import NONE, Held
from certdesk.services.assessment.finding_view import FindingView
from certdesk.services.changes import Changes
from certdesk.services.context import Context, plain
from certdesk.services.library.checks import answer_of, checked
from certdesk.store.sql import Sql


@dataclass(frozen=True)
class EvidenceView:
    id: str
    name: str
    kind: EvidenceKind


class _Answers(Mapping[str, Answer]):
    """The answers held, as scoring reads them: each made when it is looked up."""

    def __init__(self, held: dict[str, Held]) -> None:
        self._held = held

    def __getitem__(self, item_id: str) -> Answer:
        held = self._held[item_id]
        if held.code is None:
            raise KeyError(item_id)
        return answer_of(held.code, held.why)

    def __iter__(self) -> Iterator[str]:
        return (i for i, held in self._held.items() if held.code is not None)

    def __len__(self) -> int:
        return sum(1 for held in self._held.values() if held.code is not None)


@dataclass
class Workspace:
    ctx: Context
    assessment_id: str
    framework: Framework = field(init=False)
    mode: Mode = field(init=False)
    profile: str | None = field(init=False)
    supplier: str = field(init=False)
    site: str | None = field(init=False)
    status: Status = field(init=False)
    imported: bool = field(init=False)
    cycle: str | None = field(init=False)
    assessor: str | None = field(init=False)
    from_kit: bool = field(init=False)
    """Started from a headquarters kit: its result can be sent to headquarters."""
    held: dict[str, Held] = field(default_factory=dict)
    claims: dict[str, str] = field(default_factory=dict)
    findings: dict[str, list[FindingView]] = field(default_factory=dict)
    evidence: dict[str, list[EvidenceView]] = field(default_factory=dict)
    result: ScoreResult = field(init=False)
    _pending: list[tuple[str, Held, Held]] = field(default_factory=list)
    """Answers held but not yet written: item, answer, and what it replaced."""

    def __post_init__(self) -> None:
        with plain(self.ctx) as sql:
            record = desk.head(sql, self.assessment_id)
            self.assessment_id = record.id
            self.framework = desk.framework_of(self.ctx.library, record)
            self.mode, self.profile = Mode(record.mode), record.profile
            self._scorer = Scorer(self.framework, self.profile)
            self.cycle, self.assessor = record.cycle, record.assessor
            self.from_kit = record.kit_id is not None
            self.supplier, self.site = desk.party(sql, record)
            self.claims = desk.claims(sql, record)
            self.imported = desk.imported(sql, record.id)
            self._load(sql, None)
            self._load_attachments(sql)
            self._open, self._covered = desk.open_state(sql, record.id)
        self.result = self._score()

    # -- reading -------------------------------------------------------------
    def _load(self, sql: Sql, items: Iterable[str] | None) -> None:
        record = desk.head(sql, self.assessment_id)
        self.status = Status(record.status)
        given = desk.answers(sql, record.id, record.answering)
        if items is None:
            self.held = {}
            wanted = set(given)
        else:
            wanted = set(items)
            for item_id in wanted:
                self.held.pop(item_id, None)
        for item_id in wanted & set(given):
            self.held[item_id] = Held(*given[item_id])

    def _load_attachments(self, sql: Sql) -> None:
        self.findings = {}
        for finding in desk.findings(sql, self.assessment_id):
            if finding.status is FindingStatus.OPEN:
                self.findings.setdefault(finding.item_id or "", []).append(finding)
        self.evidence = {}
        for ev_id, item_id, name, kind in desk.evidence(sql, self.assessment_id):
            self.evidence.setdefault(item_id or "", []).append(
                EvidenceView(ev_id, name, EvidenceKind(kind))
            )

    def apply(self, changes: Changes) -> None:
        """Bring what is held in step with a change made here or elsewhere."""
        if changes.assessment != self.assessment_id:
            return
        with plain(self.ctx) as sql:
            if changes.items or changes.every_item or changes.status:
                self._load(sql, None if changes.every_item else changes.items)
            if changes.attachments or changes.every_item:
                self._load_attachments(sql)
            self._open, self._covered = desk.open_state(sql, self.assessment_id)
        self.result = self._score(None if changes.every_item else changes.items)

    @property
    def self_mode(self) -> bool:
        """A self-assessment hides what belongs to the assessor only."""
        return self.mode is Mode.SELF

    @property
    def final(self) -> bool:
        return self.status is Status.FINAL

    @property
    def read_only(self) -> bool:
        """Final, or imported from a signed result package: nothing of it may change."""
        return self.final or self.imported

    def items(self) -> list[Item]:
        chosen = self.framework.profile(self.profile)
        return [i for i in self.framework.items() if self.framework.applies(i, chosen)]

    def _score(self, changed: Iterable[str] | None = None) -> ScoreResult:
        """The score as held; with `changed`, only those items' criteria are scored again
        (and only their answers read)."""
        return self._scorer.score(_Answers(self.held), self._open, changed, self._covered)

    # -- changing ------------------------------------------------------------
    def set_answer(
        self, item_id: str, code: str | None, note: str | None, *, defer: bool = False
    ) -> Changes:
        """Record an answer (or clear it with code None) and rescore in memory.

        It is written to the database at once, or, with `defer`, at the next
        `flush()`: the desktop app repaints first and saves on the next tick.
        """
        if self.final:
            raise UserError(messages.final())
        if self.imported:
            raise UserError(messages.imported_read_only())
        after, before = Held(code, note or None), self.held.get(item_id, NONE)
        if code is not None:
            checked(self.framework, item_id, code, after.why)
        self._hold(item_id, after)
        if defer:
            self._pending.append((item_id, after, before))
        else:
            answers.record_answer(self.ctx, self.assessment_id, item_id, code, note or None)
        return Changes(assessment=self.assessment_id, items=frozenset({item_id}))

    def _hold(self, item_id: str, held: Held) -> None:
        if held.code is None:
            self.held.pop(item_id, None)
        else:
            self.held[item_id] = held
        self.result = self._score({item_id})

    @property
    def unsaved(self) -> int:
        """How many answers wait for `flush()`."""
        return len(self._pending)

    def flush(self) -> None:
        """Write the deferred answers; on failure, reload what the database holds."""
        while self._pending:
            item_id, held, _before = self._pending[0]
            try:
                answers.record_answer(self.ctx, self.assessment_id, item_id, held.code, held.note)
            except UserError:
                self._pending.clear()
                self.apply(Changes(assessment=self.assessment_id, every_item=True))
                raise
            self._pending.pop(0)

    def undo_label(self) -> str | None:
        """What undo would undo ("answer 3.7.2"), or None; an answer not saved yet counts."""
        if self._pending:
            item_id, held, before = self._pending[-1]
            return answers.label_of({item_id: held}, {item_id: before})
        return self.ctx.history.undo_label(self.assessment_id)

    def redo_label(self) -> str | None:
        return None if self._pending else self.ctx.history.redo_label(self.assessment_id)

    def undo(self) -> Changes | None:
        self.flush()
        changes = self.ctx.history.undo(self.assessment_id)
        if changes is not None:
            self.apply(changes)
        return changes

    def redo(self) -> Changes | None:
        self.flush()
        changes = self.ctx.history.redo(self.assessment_id)
        if changes is not None:
            self.apply(changes)
        return changes

    # -- showing -------------------------------------------------------------
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

    def met_with_major(self, item_id: str) -> bool:
        """An item answered with the scale's best level that carries an open major finding:
        one of the two is probably wrong."""
        held, item = self.held.get(item_id), self.framework.item(item_id)
        if held is None or held.code is None or item is None:
            return False
        scale = self.framework.scale_of(item)
        level = scale.level(held.code)
        best = max((lv.value for lv in scale.levels), default=None)
        majors = [f for f in self.findings.get(item_id, []) if f.severity is Severity.MAJOR]
        return level is not None and level.value == best and bool(majors)

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


__all__ = ["NONE", "EvidenceView", "Held", "Workspace"]
