"""The framework tree: areas > criteria > items, with scales and rules."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from certdesk.domain.decision import Outcome, Rule, Severity
from certdesk.domain.text import LocalText


class ScaleKind(StrEnum):
    CONFORMITY = "conformity"
    MATURITY = "maturity"


class Method(StrEnum):
    WEIGHTED_CONFORMITY = "weighted_conformity"
    MATURITY = "maturity"
    DEDUCTION = "deduction"


class NaPolicy(StrEnum):
    """How a maturity framework counts not-applicable items."""

    EXCLUDE = "exclude"
    AS_TARGET = "as_target"


NA = "na"
CONFORMITY_CODES = ("met", "partial", "not_met")
MATURITY_CODES = ("0", "1", "2", "3", "4", "5")
EVIDENCE_KINDS = ("document", "record", "interview", "observation", "system")


@dataclass(frozen=True)
class Level:
    code: str
    value: Fraction
    label: LocalText


@dataclass(frozen=True)
class Scale:
    id: str
    kind: ScaleKind
    levels: tuple[Level, ...]
    na_allowed: bool = True
    na_requires_justification: bool = True
    na_allowed_for_mandatory: bool = False
    na_label: LocalText = field(default_factory=LocalText)

    def level(self, code: str) -> Level | None:
        return next((lv for lv in self.levels if lv.code == code), None)

    @property
    def codes(self) -> tuple[str, ...]:
        codes = tuple(lv.code for lv in self.levels)
        return (*codes, NA) if self.na_allowed else codes


@dataclass(frozen=True)
class Item:
    id: str
    requirement: LocalText
    evidence: LocalText
    scale_id: str
    assessor_guidance: LocalText | None = None
    evidence_kinds: tuple[str, ...] = ()
    weight: Fraction = Fraction(1)
    mandatory: bool = False
    mandatory_reason: LocalText | None = None
    tags: frozenset[str] = frozenset()
    target: Fraction | None = None
    points: int = 0
    partial_points: int | None = None
    finding_severity: Severity | None = None
    """The severity of the finding the item proposes when it fails (else the framework's)."""
    level_descriptors: Mapping[str, LocalText] = field(default_factory=dict, hash=False)
    """What each level of its scale means for this item (level code -> text)."""


@dataclass(frozen=True)
class Criterion:
    id: str
    title: LocalText
    items: tuple[Item, ...]
    weight: Fraction = Fraction(1)


@dataclass(frozen=True)
class Area:
    id: str
    title: LocalText
    criteria: tuple[Criterion, ...]
    weight: Fraction = Fraction(1)
    minimum: Fraction | None = None

    def items(self) -> Iterator[Item]:
        for criterion in self.criteria:
            yield from criterion.items


PROFILE_JOIN = "+"
"""Joins the ids of several profiles an assessment applies at once (ids never hold it)."""


@dataclass(frozen=True)
class Profile:
    """An applicability profile: items tagged with none of its tags do not apply."""

    id: str
    title: LocalText
    tags: frozenset[str]


@dataclass(frozen=True)
class ScopeField:
    """Something an assessment records as its scope, such as the site or processes."""

    id: str
    label: LocalText
    required: bool = False
    multiple: bool = False
    help: LocalText | None = None


@dataclass(frozen=True)
class Scoring:
    method: Method
    baseline: int = 0
    target: Fraction = Fraction(3)
    cap_at_target: bool = True
    na_policy: NaPolicy = NaPolicy.EXCLUDE
    knockout_min_value: Fraction = Fraction(1)


@dataclass(frozen=True)
class Lifecycle:
    certificate_validity_months: int
    corrective_action_days: int


class Move(StrEnum):
    SAME = "same"
    MERGED = "merged_into"
    SPLIT = "split_into"
    REMOVED = "removed"


@dataclass(frozen=True)
class ItemMove:
    kind: Move
    targets: tuple[str, ...] = ()
    reason: LocalText | None = None
    """Why an item was removed (the file says it)."""


@dataclass(frozen=True)
class Upgrade:
    """How the answers of an earlier version (`from_version`, `from_hash`) move here."""

    from_version: str
    from_hash: str
    moves: Mapping[str, ItemMove]

    def move_of(self, item_id: str, new: Framework) -> ItemMove:
        """Where an earlier item's answer goes in `new` (this version)."""
        listed = self.moves.get(item_id)
        if listed is not None:
            return listed
        return ItemMove(Move.SAME, (item_id,)) if new.item(item_id) else ItemMove(Move.REMOVED)


@dataclass(frozen=True)
class Change:
    """One version's entry in the framework's changelog."""

    version: str
    date: str
    changes: LocalText


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    title: LocalText
    description: LocalText
    source: LocalText
    content_hash: str
    scales: Mapping[str, Scale]
    scoring: Scoring
    outcomes: tuple[Outcome, ...]
    rules: tuple[Rule, ...]
    default_outcome: str
    lifecycle: Lifecycle
    areas: tuple[Area, ...]
    profiles: tuple[Profile, ...] = ()
    default_profile: str | None = None
    scope: tuple[ScopeField, ...] = ()
    scope_description: LocalText | None = None
    legal_baseline: str | None = None
    """The day (YYYY-MM-DD) the laws and rules the items cite are read as in force."""
    changelog: tuple[Change, ...] = ()
    upgrades: tuple[Upgrade, ...] = ()
    """How the answers of earlier versions move to this one."""
    proposes_findings: Severity | None = None
    """When set, a failed item proposes a finding (of its own severity, else this one)."""
    _index: dict[str, Item] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for item in self.items():
            self._index[item.id] = item

    def items(self) -> Iterator[Item]:
        for area in self.areas:
            yield from area.items()

    def item(self, item_id: str) -> Item | None:
        return self._index.get(item_id)

    def upgrade_from(self, version: str, content_hash: str) -> Upgrade | None:
        """The moves declared from that earlier version, if this file declares them for
        exactly that content."""
        return next(
            (u for u in self.upgrades if (u.from_version, u.from_hash) == (version, content_hash)),
            None,
        )

    def missing_scope(self, given: Mapping[str, object]) -> list[ScopeField]:
        """The required scope fields (site, processes...) that `given` leaves empty."""
        return [f for f in self.scope if f.required and not given.get(f.id)]

    def scale_of(self, item: Item) -> Scale:
        return self.scales[item.scale_id]

    def target_of(self, item: Item) -> Fraction:
        return item.target if item.target is not None else self.scoring.target

    def profile(self, profile_id: str | None) -> Profile | None:
        """A profile by id, the default one for None; several joined with `+` (stage and
        technology, say: `change+cctv`) make one whose items are those of any of them.
        None when an id is not a profile of the framework."""
        wanted = profile_id or self.default_profile
        if not wanted:
            return None
        named = {p.id: p for p in self.profiles}
        parts = list(dict.fromkeys(wanted.split(PROFILE_JOIN)))
        if not all(part in named for part in parts):
            return None
        if len(parts) == 1:
            return named[parts[0]]
        chosen = [named[part] for part in parts]
        locales = {loc for p in chosen for loc in p.title.values}
        title = {loc: " + ".join(p.title.get(loc) for p in chosen) for loc in sorted(locales)}
        tags = frozenset().union(*(p.tags for p in chosen))
        return Profile(PROFILE_JOIN.join(parts), LocalText(title), tags)

    def applies(self, item: Item, profile: Profile | None) -> bool:
        """Untagged items always apply; tagged ones only in a profile naming a tag."""
        if not item.tags or profile is None:
            return True
        return bool(item.tags & profile.tags)

    def answer_label(self, item_id: str | None, code: str, locale: str) -> str:
        """The label of an answer code on an item's scale (the default scale without one)."""
        item = self.item(item_id) if item_id else None
        scale = self.scale_of(item) if item else next(iter(self.scales.values()))
        if code == NA:
            return scale.na_label.get(locale)
        level = scale.level(code)
        return level.label.get(locale) if level else code

    def outcome(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)

    @property
    def counts(self) -> tuple[int, int, int]:
        """Numbers of areas, criteria and items."""
        criteria = sum(len(a.criteria) for a in self.areas)
        return len(self.areas), criteria, len(self._index)
