"""A framework's versions in its workbook: the changelog and the moves of earlier answers."""

from __future__ import annotations

from typing import Any, Protocol

from certdesk.formats.criteria_xlsx.layout import CHANGELOG, MOVES, Row, Sheet, flatten
from certdesk.formats.problems import DocPath


class _Reader(Protocol):
    """What assembling needs of the workbook reader: where each value came from."""

    def place(self, sheet: Sheet, row: int, where: dict[str, str], path: DocPath) -> None: ...

    def top(self, sheet: Sheet, rows: list[Row], base: DocPath) -> list[dict[str, Any]]: ...


_WHERE = ("from_version", "from_hash", "item")


def version_records(data: dict[str, Any]) -> dict[Sheet, list[dict[str, Any]]]:
    """The rows of the version sheets, for the sheets the data needs."""
    found: dict[Sheet, list[dict[str, Any]]] = {}
    if "changelog" in data:
        found[CHANGELOG] = [flatten(c) for c in data["changelog"]]
    if "upgrades_from" in data:
        rows: list[dict[str, Any]] = []
        for upgrade in data["upgrades_from"]:
            where = {"from_version": upgrade["version"], "from_hash": upgrade["content_hash"]}
            moves = upgrade["items"]
            rows.extend({**where, "item": old, **flatten(move)} for old, move in moves.items())
            if not moves:
                rows.append(where)
        found[MOVES] = rows
    return found


def assemble_versions(reader: _Reader, data: dict[str, Any], rows: dict[Sheet, list[Row]]) -> None:
    """Put the version sheets' rows back into `data` (each value's cell remembered)."""
    if CHANGELOG in rows:
        data["changelog"] = reader.top(CHANGELOG, rows[CHANGELOG], ("changelog",))
    if MOVES not in rows:
        return
    upgrades: dict[tuple[Any, Any], dict[str, Any]] = {}
    for number, record, where in rows[MOVES]:
        key = (record.get("from_version"), record.get("from_hash"))
        if key not in upgrades:
            upgrades[key] = {"version": key[0], "content_hash": key[1], "items": {}}
        index = list(upgrades).index(key)
        item = record.get("item")
        if item is None:
            continue
        move = {k: v for k, v in record.items() if k not in _WHERE}
        upgrades[key]["items"][str(item)] = move
        kept = {k: v for k, v in where.items() if k not in _WHERE}
        reader.place(MOVES, number, kept, ("upgrades_from", index, "items", str(item)))
    data["upgrades_from"] = list(upgrades.values())
