"""Test frameworks as data: read a test file's validated data, change it, write it back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from certdesk.formats.bounded import DOCUMENT_MAX_BYTES, read_regular
from certdesk.formats.criteria import parse_document
from tests.conftest import framework_file


def framework_data(name: str) -> dict[str, Any]:
    """The validated data of tests/data/frameworks/NAME."""
    path = framework_file(name)
    return parse_document(read_regular(path, DOCUMENT_MAX_BYTES, str(path)), path.name)


def written(data: dict[str, Any], target: Path) -> Path:
    """`data` as a criteria file at `target`."""
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return target


def proposing(folder: Path, severity: str = "major") -> Path:
    """conformity-small as version 1.1, whose failed items propose findings of `severity`."""
    data = framework_data("conformity-small.yaml")
    data["version"] = "1.1"
    data["decision"]["proposed_findings"] = {"default_severity": severity}
    return written(data, folder / "proposing.yaml")
