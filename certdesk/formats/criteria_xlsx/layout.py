"""The sheets of a framework workbook and how records become rows and back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Row = tuple[int, dict[str, Any], dict[str, str]]
"""A row read: its number, its record, and the cell of each column."""
FRAMEWORK_SHEET = "Framework"
ABOUT_SHEET = "About"
# Comma-separated lists of ids in one cell.
LIST_COLUMNS = frozenset({"tags", "evidence_kinds", "when.any_item_not_met", "split_into"})


@dataclass(frozen=True)
class Sheet:
    name: str
    first: tuple[str, ...]
    """Preferred column order; other columns follow, sorted."""
    parent: str | None = None
    """The column that names the record this row belongs to."""
    required_list: str | None = None
    """A list column that is always present, possibly empty."""
    required_mapping: str | None = None


SCOPE = Sheet("Scope", ("id", "label.ko", "label.en", "required", "multiple"))
SCALES = Sheet(
    "Scales",
    (
        "id",
        "kind",
        "na.allowed",
        "na.requires_justification",
        "na.allowed_for_mandatory",
        "na.label.ko",
        "na.label.en",
    ),
)
LEVELS = Sheet("Levels", ("scale", "code", "value", "label.ko", "label.en"), parent="scale")
OUTCOMES = Sheet("Outcomes", ("id", "kind", "title.ko", "title.en"))
RULES = Sheet(
    "Rules",
    (
        "id",
        "outcome",
        "when.total_at_least",
        "when.total_below",
        "when.areas_meet_minimum",
        "when.knockout_failed",
        "when.any_item_not_met",
        "explanation.ko",
        "explanation.en",
    ),
    required_mapping="when",
)
PROFILES = Sheet("Profiles", ("id", "title.ko", "title.en", "tags"), required_list="tags")
AREAS = Sheet("Areas", ("id", "title.ko", "title.en", "weight", "minimum"))
CRITERIA = Sheet("Criteria", ("area", "id", "title.ko", "title.en", "weight"), parent="area")
ITEMS = Sheet(
    "Items",
    (
        "criterion",
        "id",
        "requirement.ko",
        "requirement.en",
        "evidence.ko",
        "evidence.en",
        "assessor_guidance.ko",
        "assessor_guidance.en",
        "evidence_kinds",
        "weight",
        "mandatory",
        "mandatory_reason.ko",
        "mandatory_reason.en",
        "tags",
        "scale",
        "target",
        "points",
        "partial_points",
    ),
    parent="criterion",
)
SHEETS = (SCOPE, SCALES, LEVELS, OUTCOMES, RULES, PROFILES, AREAS, CRITERIA, ITEMS)
CHANGELOG = Sheet("Changelog", ("version", "date", "changes.ko", "changes.en"))
MOVES = Sheet(
    "Moves",
    ("from_version", "from_hash", "item", "same", "merged_into", "split_into", "removed.ko"),
)
"""Where an earlier version's answers go (`upgrades_from`): a row per listed item, grouped
by the earlier version; a row without an item keeps a version that lists none."""
VERSION_SHEETS = (CHANGELOG, MOVES)
"""Sheets only a framework with versions has; a workbook without them reads as before."""
# Keys of the Framework sheet that live on their own sheets instead.
OWN_SHEETS = frozenset(
    {
        "scope.fields",
        "scales",
        "outcomes",
        "decision.rules",
        "profiles",
        "areas",
        "changelog",
        "upgrades_from",
    }
)


def flatten(record: dict[str, Any], skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A nested record as dotted columns: {"title": {"ko": x}} -> {"title.ko": x}."""
    out: dict[str, Any] = {}

    def walk(prefix: str, value: dict[str, Any]) -> None:
        for key, inner in value.items():
            name = prefix + key
            if name in skip:
                continue
            if isinstance(inner, dict):
                walk(name + ".", inner)
            elif isinstance(inner, list):
                out[name] = ", ".join(str(v) for v in inner)
            else:
                out[name] = inner

    walk("", record)
    return out


def columns(sheet: Sheet, rows: list[dict[str, Any]]) -> list[str]:
    present = {k for row in rows for k in row}
    head = [c for c in sheet.first if c in present or c in (sheet.parent, "id")]
    return head + sorted(present - set(head))


def set_path(record: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        record = record.setdefault(part, {})
    record[last] = value
