"""Moving an assessment's answers to a newer version of its framework.

A framework version may declare, for an earlier version (bound by that file's
content hash), where each earlier item's answer goes: to the same item under
its id or a new one, merged with others into one item, split into several, or
nowhere (removed, with why). An item it does not list moves to the item of the
same id, or is removed when the new version has none.

Merged items take the weaker answer, as an auditor would: the lowest level of
the new item's scale among them (`na` only when all of them were). Split items
take the answer and are marked to be confirmed again. An answer whose code the
new item's scale does not have is not carried: its item is marked to confirm.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from certdesk.domain.answers import Answer
from certdesk.domain.framework import NA, Framework, Move, Upgrade


class Fate(StrEnum):
    """What happened to one earlier answer."""

    KEPT = "kept"
    WEAKER_KEPT = "weaker_kept"
    """Merged with others, and the weaker answer was taken (this one or another)."""
    TO_CONFIRM = "to_confirm"
    """Carried to a split item: to be confirmed again."""
    NOT_ON_SCALE = "not_on_scale"
    """Its code is not on the new item's scale: not carried, the item to be answered."""
    REMOVED = "removed"


@dataclass(frozen=True)
class Moved:
    """One earlier answer and where it went, for the report of what moved."""

    old_item: str
    code: str
    kind: Move
    new_items: tuple[str, ...]
    fate: Fate


@dataclass(frozen=True)
class Carried:
    answers: dict[str, Answer]
    """The new version's answers (item id -> answer)."""
    to_confirm: frozenset[str]
    """New items whose carried answer (or missing one) must be confirmed again."""
    moved: tuple[Moved, ...]


def _on_scale(new: Framework, item_id: str, code: str) -> bool:
    item = new.item(item_id)
    assert item is not None  # the file's checks: every target is an item of the new version
    return code in new.scale_of(item).codes


def _weakest(new: Framework, item_id: str, given: list[Answer]) -> Answer | None:
    """The weakest of several answers on the new item's scale (None: none is on it); `na`
    only when every one of them was."""
    item = new.item(item_id)
    assert item is not None
    scale = new.scale_of(item)
    rated = [(level.value, a) for a in given if (level := scale.level(a.code)) is not None]
    if rated:
        return min(rated, key=lambda pair: pair[0])[1]
    if given and all(a.code == NA for a in given) and NA in scale.codes:
        return given[0]
    return None


def _fate(new: Framework, target: str, code: str, sources: int, split: bool) -> Fate:
    if not _on_scale(new, target, code):
        return Fate.NOT_ON_SCALE
    if split:
        return Fate.TO_CONFIRM
    return Fate.WEAKER_KEPT if sources > 1 else Fate.KEPT


def carry(upgrade: Upgrade, new: Framework, answers: Mapping[str, Answer]) -> Carried:
    """Move `answers` (earlier item id -> answer) to `new`'s items."""
    moves = {old_id: upgrade.move_of(old_id, new) for old_id in answers}
    by_target: dict[str, list[Answer]] = {}
    split: set[str] = set()
    for old_id, move in moves.items():
        if move.kind is Move.SPLIT:
            split.update(move.targets)
        for target in move.targets:
            by_target.setdefault(target, []).append(answers[old_id])
    carried: dict[str, Answer] = {}
    for target, given in by_target.items():
        chosen = _weakest(new, target, given)
        if chosen is not None:
            carried[target] = chosen
    to_confirm = split | (by_target.keys() - carried.keys())
    moved = []
    order = list(Fate)
    for old_id in sorted(answers):
        move, code = moves[old_id], answers[old_id].code
        fates = [_fate(new, t, code, len(by_target[t]), t in split) for t in move.targets] or [
            Fate.REMOVED
        ]
        fate = max(fates, key=order.index)  # the most cautious of its targets
        moved.append(Moved(old_id, code, move.kind, move.targets, fate))
    return Carried(carried, frozenset(to_confirm), tuple(moved))
