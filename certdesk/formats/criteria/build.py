"""Builds domain objects from a criteria document that passed validation."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from certdesk.domain.decision import Conditions, Outcome, OutcomeKind, Rule, Severity
from certdesk.domain.framework import (
    Area,
    Change,
    Criterion,
    Framework,
    Item,
    ItemMove,
    Level,
    Lifecycle,
    Method,
    Move,
    NaPolicy,
    Profile,
    Scale,
    ScaleKind,
    ScopeField,
    Scoring,
    Upgrade,
)
from certdesk.domain.numbers import to_fraction
from certdesk.domain.text import LocalText


def _text(value: Any) -> LocalText:
    return LocalText(dict(value))


def _opt_text(value: Any) -> LocalText | None:
    return None if value is None else _text(value)


def _frac(value: Any, default: int = 1) -> Fraction:
    return to_fraction(value) if value is not None else Fraction(default)


def build(data: dict[str, Any], digest: str) -> Framework:
    default_scale = str(data["default_scale"])
    decision = data["decision"]
    return Framework(
        id=data["id"],
        version=data["version"],
        title=_text(data["title"]),
        description=_text(data.get("description") or data["title"]),
        source=_text(data["source"]),
        content_hash=digest,
        scales={s["id"]: _scale(s) for s in data["scales"]},
        scoring=_scoring(data["scoring"]),
        outcomes=tuple(
            Outcome(o["id"], OutcomeKind(o["kind"]), _text(o["title"])) for o in data["outcomes"]
        ),
        rules=tuple(_rule(r) for r in decision["rules"]),
        default_outcome=decision["default"],
        lifecycle=Lifecycle(**data["lifecycle"]),
        areas=tuple(_area(a, default_scale) for a in data["areas"]),
        profiles=tuple(
            Profile(p["id"], _text(p["title"]), frozenset(p["tags"]))
            for p in data.get("profiles", [])
        ),
        default_profile=data.get("default_profile"),
        scope=tuple(
            ScopeField(
                id=f["id"],
                label=_text(f["label"]),
                required=f.get("required", False),
                multiple=f.get("multiple", False),
                help=_opt_text(f.get("help")),
            )
            for f in data.get("scope", {}).get("fields", [])
        ),
        scope_description=_opt_text(data.get("scope", {}).get("description")),
        legal_baseline=data.get("legal_baseline"),
        changelog=tuple(
            Change(str(c["version"]), str(c["date"]), _text(c["changes"]))
            for c in data.get("changelog", [])
        ),
        upgrades=tuple(_upgrade(u) for u in data.get("upgrades_from", [])),
        proposes_findings=_severity(decision.get("proposed_findings", {}).get("default_severity")),
    )


def _upgrade(u: dict[str, Any]) -> Upgrade:
    moves: dict[str, ItemMove] = {}
    for old_id, move in u["items"].items():
        [(kind, value)] = move.items()
        if kind == "removed":
            moves[old_id] = ItemMove(Move.REMOVED, (), _text(value))
        else:
            targets = tuple(value) if isinstance(value, list) else (str(value),)
            moves[old_id] = ItemMove(Move(kind), targets)
    return Upgrade(str(u["version"]), str(u["content_hash"]), moves)


def _scale(s: dict[str, Any]) -> Scale:
    na = s.get("na", {})
    return Scale(
        id=s["id"],
        kind=ScaleKind(s["kind"]),
        levels=tuple(
            Level(str(lv["code"]), to_fraction(lv["value"]), _text(lv["label"]))
            for lv in s["levels"]
        ),
        na_allowed=na.get("allowed", True),
        na_requires_justification=na.get("requires_justification", True),
        na_allowed_for_mandatory=na.get("allowed_for_mandatory", False),
        na_label=_text(na.get("label", {"ko": "해당 없음", "en": "Not applicable"})),
    )


def _scoring(s: dict[str, Any]) -> Scoring:
    return Scoring(
        method=Method(s["method"]),
        baseline=s.get("baseline", 0),
        target=_frac(s.get("target"), 3),
        cap_at_target=s.get("cap_at_target", True),
        na_policy=NaPolicy(s.get("na", "exclude")),
        knockout_min_value=_frac(s.get("knockout_min_value"), 1),
    )


def _counts(value: dict[str, int] | None) -> dict[Severity, int]:
    return {Severity(k): v for k, v in (value or {}).items()}


def _rule(r: dict[str, Any]) -> Rule:
    w = r["when"]
    at_least, below = w.get("total_at_least"), w.get("total_below")
    conditions = Conditions(
        total_at_least=None if at_least is None else to_fraction(at_least),
        total_below=None if below is None else to_fraction(below),
        areas_meet_minimum=w.get("areas_meet_minimum"),
        knockout_failed=w.get("knockout_failed"),
        any_item_not_met=tuple(w.get("any_item_not_met", ())),
        open_findings_at_most=_counts(w.get("open_findings_at_most")),
        open_findings_at_least=_counts(w.get("open_findings_at_least")),
    )
    return Rule(r["id"], r["outcome"], conditions, _opt_text(r.get("explanation")))


def _area(a: dict[str, Any], default_scale: str) -> Area:
    minimum = a.get("minimum")
    return Area(
        id=a["id"],
        title=_text(a["title"]),
        weight=_frac(a.get("weight")),
        minimum=None if minimum is None else to_fraction(minimum),
        criteria=tuple(
            Criterion(
                id=c["id"],
                title=_text(c["title"]),
                weight=_frac(c.get("weight")),
                items=tuple(_item(i, default_scale) for i in c["items"]),
            )
            for c in a["criteria"]
        ),
    )


def _item(i: dict[str, Any], default_scale: str) -> Item:
    target = i.get("target")
    return Item(
        id=i["id"],
        requirement=_text(i["requirement"]),
        evidence=_text(i["evidence"]),
        scale_id=i.get("scale", default_scale),
        assessor_guidance=_opt_text(i.get("assessor_guidance")),
        evidence_kinds=tuple(i.get("evidence_kinds", ())),
        weight=_frac(i.get("weight")),
        mandatory=i.get("mandatory", False),
        mandatory_reason=_opt_text(i.get("mandatory_reason")),
        tags=frozenset(i.get("tags", ())),
        target=None if target is None else to_fraction(target),
        points=i.get("points", 0),
        partial_points=i.get("partial_points"),
        finding_severity=_severity(i.get("finding_severity")),
        level_descriptors={
            str(code): _text(text) for code, text in i.get("level_descriptors", {}).items()
        },
    )


def _severity(value: Any) -> Severity | None:
    return None if value is None else Severity(value)
