"""OSCAL output, valid against the official NIST schemas in shared/oscal/."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import regex
from jsonschema import Draft7Validator, FormatChecker, ValidationError
from jsonschema.validators import extend

from certdesk.cli import main
from certdesk.services import opening
from certdesk.services.assessment import demo
from tests.conftest import SHARED
from tests.support.workspace import new_context


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    # The schemas use \\p{L}-style classes, which Python's re lacks; regex has them.
    if isinstance(instance, str) and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = extend(Draft7Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


def _errors(document: dict[str, Any], schema_file: str) -> list[str]:
    schema = json.loads((SHARED / "oscal" / schema_file).read_text(encoding="utf-8"))
    validator = Validator(schema, format_checker=FormatChecker())
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]


@pytest.fixture
def exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    ctx = new_context(tmp_path)
    assessment = demo.create_demo(ctx).id
    ctx.db.close()
    out, poam = tmp_path / "ar.json", tmp_path / "poam.json"
    code = main(
        [
            "--db",
            str(tmp_path / "certdesk.db"),
            "export",
            "oscal",
            assessment,
            "-o",
            str(out),
            "--poam",
            str(poam),
            "--lang",
            "ko",
        ]
    )
    assert code == 0, capsys.readouterr().err
    return out, poam, assessment


def test_assessment_results_are_valid_oscal(exported: tuple[Path, Path, str]) -> None:
    out, _poam, _aid = exported
    document = json.loads(out.read_text(encoding="utf-8"))
    assert _errors(document, "oscal_assessment-results_schema.json") == []
    [result] = document["assessment-results"]["results"]
    states = {f["target"]["target-id"]: f["target"]["status"]["state"] for f in result["findings"]}
    assert len(states) == 161  # the demo's answered items
    assert "not-satisfied" in states.values()
    props = {p["name"]: p["value"] for p in result["props"]}
    assert props["outcome"] == "not-certified"
    assert props["provisional"] == "true"


def test_poam_is_valid_oscal(exported: tuple[Path, Path, str]) -> None:
    _out, poam, _aid = exported
    document = json.loads(poam.read_text(encoding="utf-8"))
    assert _errors(document, "oscal_poam_schema.json") == []
    items = document["plan-of-action-and-milestones"]["poam-items"]
    assert len(items) == 2  # the demo's two open findings
    assert any("퇴직자" in item["title"] for item in items)


def test_validator_catches_a_broken_document(exported: tuple[Path, Path, str]) -> None:
    out, _poam, _aid = exported
    document = json.loads(out.read_text(encoding="utf-8"))
    document["assessment-results"]["results"][0]["findings"][0]["target"]["target-id"] = "1.1.1"
    del document["assessment-results"]["metadata"]["oscal-version"]
    assert len(_errors(document, "oscal_assessment-results_schema.json")) >= 2


def test_unknown_assessment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    opening.create(tmp_path / "x.db", "field").close()
    code = main(
        [
            "--db",
            str(tmp_path / "x.db"),
            "export",
            "oscal",
            "nope-nope",
            "-o",
            str(tmp_path / "a.json"),
        ]
    )
    assert code == 1
    assert "no assessment 'nope-nope'" in capsys.readouterr().err
