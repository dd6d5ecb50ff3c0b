"""Checks the schema cannot express: references, uniqueness and method rules.

They run on whatever the file holds, so each check skips values of the wrong
shape (the schema has already reported those).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from certdesk.domain.framework import CONFORMITY_CODES, MATURITY_CODES
from certdesk.formats.problems import DocPath, path_text
from certdesk.i18n import _

Found = Iterator[tuple[DocPath, str]]
_KIND_OF_METHOD = {"weighted_conformity": "conformity", "deduction": "conformity"}


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _ids(entries: list[tuple[int, dict[str, Any]]]) -> set[str]:
    return {str(e["id"]) for _, e in entries if isinstance(e.get("id"), str)}


def tree(data: dict[str, Any]) -> Iterator[tuple[DocPath, dict[str, Any], str]]:
    """Every area, criterion and item with its path and level name."""
    for a, area in _dicts(data.get("areas")):
        yield ("areas", a), area, "area"
        for c, crit in _dicts(area.get("criteria")):
            yield ("areas", a, "criteria", c), crit, "criterion"
            for i, item in _dicts(crit.get("items")):
                yield ("areas", a, "criteria", c, "items", i), item, "item"


def semantic_problems(data: Any) -> Found:
    if not isinstance(data, dict):
        return
    yield from _unique_ids(data)
    scales = {str(s["id"]): s for _, s in _dicts(data.get("scales")) if "id" in s}
    yield from _scales(data, scales)
    yield from _items(data, scales)
    yield from _decision(data)
    yield from _profiles(data)
    yield from _upgrades(data)


def _unique_ids(data: dict[str, Any]) -> Found:
    seen: dict[str, DocPath] = {}
    for path, node, _level in tree(data):
        node_id = node.get("id")
        if not isinstance(node_id, str):
            continue
        if node_id in seen:
            msg = _("the id '{id}' is used twice (first at {first})")
            first = path_text(seen[node_id])
            yield (*path, "id"), msg.format(id=node_id, first=first)
        else:
            seen[node_id] = path


def _scales(data: dict[str, Any], scales: dict[str, dict[str, Any]]) -> Found:
    method = _dict(data.get("scoring")).get("method")
    wanted_kind = _KIND_OF_METHOD.get(str(method), "maturity")
    if data.get("default_scale") not in scales:
        msg = _("the default scale '{id}' is not defined under scales")
        yield ("default_scale",), msg.format(id=data.get("default_scale"))
    for s, scale in _dicts(data.get("scales")):
        kind = scale.get("kind")
        if kind in ("conformity", "maturity") and kind != wanted_kind:
            msg = _("a {kind} scale cannot be used with the {method} method")
            yield ("scales", s, "kind"), msg.format(kind=kind, method=method)
        allowed = CONFORMITY_CODES if kind == "conformity" else MATURITY_CODES
        codes: set[str] = set()
        for lv, level in _dicts(scale.get("levels")):
            code, value = level.get("code"), level.get("value")
            path = ("scales", s, "levels", lv)
            if code in codes:
                yield (*path, "code"), _("the code '{code}' is used twice").format(code=code)
            codes.add(str(code))
            if code not in allowed:
                msg = _("'{code}' is not a code of a {kind} scale")
                yield (*path, "code"), msg.format(code=code, kind=kind)
            elif not isinstance(value, int | float) or isinstance(value, bool):
                continue
            elif kind == "conformity" and not 0 <= value <= 1:
                yield (*path, "value"), _("a conformity value must lie between 0 and 1")
            elif kind == "maturity" and value != int(str(code)):
                yield (*path, "value"), _("a maturity level's value must equal its code")


def _items(data: dict[str, Any], scales: dict[str, dict[str, Any]]) -> Found:
    default = data.get("default_scale")
    deduction = _dict(data.get("scoring")).get("method") == "deduction"
    for path, item, level in tree(data):
        if level != "item":
            continue
        scale_id = item.get("scale", default)
        scale = scales.get(str(scale_id))
        if "scale" in item and scale is None:
            msg = _("the scale '{id}' is not defined under scales").format(id=scale_id)
            yield (*path, "scale"), msg
        if item.get("mandatory") and "mandatory_reason" not in item:
            yield path, _("a mandatory item needs a mandatory_reason")
        if scale is None:
            continue
        codes = {lv.get("code") for _, lv in _dicts(scale.get("levels"))}
        for code in _dict(item.get("level_descriptors")):
            if code not in codes:
                msg = _("the scale '{scale}' has no level '{code}'")
                yield (*path, "level_descriptors", code), msg.format(scale=scale_id, code=code)
        if "partial_points" in item and "partial" not in codes:
            msg = _("partial_points needs a scale with the code 'partial'")
            yield (*path, "partial_points"), msg
        if deduction and "partial" in codes and "partial_points" not in item:
            msg = _("an item on a scale with 'partial' needs partial_points")
            yield path, msg


def _decision(data: dict[str, Any]) -> Found:
    outcomes = _ids(_dicts(data.get("outcomes")))
    items = {str(n["id"]) for _, n, lv in tree(data) if lv == "item" and "id" in n}
    decision = _dict(data.get("decision"))
    if "default" in decision and decision["default"] not in outcomes:
        msg = _("the outcome '{id}' is not defined under outcomes")
        yield ("decision", "default"), msg.format(id=decision["default"])
    rule_ids: set[str] = set()
    for r, rule in _dicts(decision.get("rules")):
        path: DocPath = ("decision", "rules", r)
        if rule.get("id") in rule_ids:
            yield (*path, "id"), _("the rule id '{id}' is used twice").format(id=rule["id"])
        rule_ids.add(str(rule.get("id")))
        if "outcome" in rule and rule["outcome"] not in outcomes:
            msg = _("the outcome '{id}' is not defined under outcomes")
            yield (*path, "outcome"), msg.format(id=rule["outcome"])
        listed = _dict(rule.get("when")).get("any_item_not_met")
        for n, ref in enumerate(listed if isinstance(listed, list) else []):
            if ref not in items:
                msg = _("the item '{id}' does not exist").format(id=ref)
                yield (*path, "when", "any_item_not_met", n), msg


def _profiles(data: dict[str, Any]) -> Found:
    profiles = _dicts(data.get("profiles"))
    declared = {t for _, p in profiles for t in (p.get("tags") or []) if isinstance(t, str)}
    if "default_profile" in data and data["default_profile"] not in _ids(profiles):
        msg = _("the profile '{id}' is not defined under profiles")
        yield ("default_profile",), msg.format(id=data["default_profile"])
    for path, item, level in tree(data):
        tags = item.get("tags") if level == "item" else None
        for n, tag in enumerate(tags if isinstance(tags, list) else []):
            if isinstance(tag, str) and tag not in declared:
                msg = _("the tag '{tag}' is not used by any profile, so the item never applies")
                yield (*path, "tags", n), msg.format(tag=tag)


def _upgrades(data: dict[str, Any]) -> Found:
    """Moves from earlier versions name items of this version, once per earlier version."""
    items = {str(n["id"]) for _, n, lv in tree(data) if lv == "item" and "id" in n}
    versions: set[str] = set()
    for u, upgrade in _dicts(data.get("upgrades_from")):
        path: DocPath = ("upgrades_from", u)
        version = upgrade.get("version")
        if version == data.get("version") or version in versions:
            msg = _("the version '{version}' is this file's own, or listed twice")
            yield (*path, "version"), msg.format(version=version)
        versions.add(str(version))
        for old_id, move in _dict(upgrade.get("items")).items():
            for kind, value in _dict(move).items():
                targets = value if isinstance(value, list) else [value]
                for target in targets if kind != "removed" else []:
                    if isinstance(target, str) and target not in items:
                        msg = _("the item '{id}' does not exist").format(id=target)
                        yield (*path, "items", old_id, kind), msg
