"""The fast compiled schema check and the reference validator agree.

A valid file is accepted by the fast check alone, so the fast check must never
accept what the reference validator rejects.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from certdesk.formats.criteria.schema import _fast_check, validator
from certdesk.formats.yamlsafe import read_yaml
from certdesk.paths import criteria_dir
from tests.conftest import framework_file

Mutation = Callable[[dict[str, Any]], None]


@cache
def _parsed(source: Path) -> Any:
    return read_yaml(source.read_bytes(), str(source)).data


def _item(d: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = d["areas"][0]["criteria"][0]["items"][0]
    return item


MUTATIONS: dict[str, Mutation] = {
    "unchanged": lambda d: None,
    "zero area weight": lambda d: d["areas"][0].update(weight=0),
    "negative item weight": lambda d: _item(d).update(weight=-1),
    "typo key": lambda d: _item(d).update(mandatroy=True),
    "missing en": lambda d: _item(d)["requirement"].pop("en"),
    "blank ko": lambda d: _item(d)["requirement"].update(ko="   "),
    "bad id": lambda d: _item(d).update(id="a b"),
    "id as number": lambda d: _item(d).update(id=7),
    "empty criteria": lambda d: d["areas"][0].update(criteria=[]),
    "no areas": lambda d: d.update(areas=[]),
    "bad method": lambda d: d["scoring"].update(method="vibes"),
    "deduction without baseline": lambda d: d["scoring"].update(method="deduction"),
    "bad evidence kind": lambda d: _item(d).update(evidence_kinds=["rumour"]),
    "duplicate tags": lambda d: _item(d).update(tags=["x", "x"]),
    "bad level code": lambda d: d["scales"][0]["levels"][0].update(code="great"),
    "format 2": lambda d: d.update(format_version=2),
    "validity zero": lambda d: d["lifecycle"].update(certificate_validity_months=0),
    "bad findings key": lambda d: d["decision"]["rules"][0]["when"].update(
        open_findings_at_most={"huge": 1}
    ),
    "bool weight": lambda d: _item(d).update(weight=True),
    "extra locale ok": lambda d: _item(d)["requirement"].update(ja="要件"),
}


@pytest.mark.parametrize("name", MUTATIONS)
@pytest.mark.parametrize(
    "source",
    [framework_file("conformity-small.yaml"), criteria_dir() / "industrial-security.yaml"],
    ids=["small", "industrial"],
)
def test_fast_and_reference_agree(name: str, source: Path) -> None:
    data = copy.deepcopy(_parsed(source))
    MUTATIONS[name](data)
    reference_ok = not list(validator().iter_errors(data))
    try:
        _fast_check()(data)
        fast_ok = True
    except fastjsonschema.JsonSchemaException:
        fast_ok = False
    assert fast_ok == reference_ok
    assert reference_ok == (name in ("unchanged", "extra locale ok"))
