"""The criteria file format (version 1): read, validate and build a Framework.

See docs/criteria-format.md for the format and formats/schemas for its schema.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from certdesk.domain.framework import Framework
from certdesk.formats.bounded import DOCUMENT_MAX_BYTES, read_regular
from certdesk.formats.criteria.build import build
from certdesk.formats.criteria.canonical import HASH_KEY, content_hash
from certdesk.formats.problems import DocPath, InvalidFileError, Problem
from certdesk.i18n import _

if TYPE_CHECKING:  # the parser and the schema load when a file is read, not with the package
    from certdesk.formats.yamlsafe import Document

__all__ = [
    "InvalidFileError",
    "Problem",
    "content_hash",
    "find_problems",
    "framework_from",
    "load_framework",
    "parse_document",
    "parse_framework",
]


def find_problems(data: Any) -> list[tuple[DocPath, str]]:
    """Every problem of a document's data, structural and semantic, by path."""
    from certdesk.formats.criteria.checks import semantic_problems
    from certdesk.formats.criteria.schema import schema_problems

    found = [*schema_problems(data), *semantic_problems(data)]
    declared = data.get(HASH_KEY) if isinstance(data, dict) else None
    if not found and declared and declared != content_hash(data):
        msg = _("the declared content_hash does not match the content ({actual})")
        found.append(((HASH_KEY,), msg.format(actual=content_hash(data))))
    return found


def problems_in(doc: Document, name: str) -> list[Problem]:
    """Every problem of a parsed document, in file order."""
    found = find_problems(doc.data)
    problems = {Problem(name, msg, doc.line_of(path), path) for path, msg in found}
    return sorted(problems, key=lambda p: (p.line or 0, str(p.path), p.message))


def parse_document(raw: bytes, name: str) -> dict[str, Any]:
    """The validated data of a criteria file, or InvalidFileError listing every problem."""
    from certdesk.formats.yamlsafe import read_yaml

    doc = read_yaml(raw, name)
    if not isinstance(doc.data, dict):
        raise InvalidFileError([Problem(name, _("the file does not hold a criteria document"), 1)])
    problems = problems_in(doc, name)
    if problems:
        raise InvalidFileError(problems)
    return doc.data


def framework_from(data: dict[str, Any]) -> Framework:
    """The framework of already validated data."""
    return build(data, content_hash(data))


def parse_framework(raw: bytes, name: str) -> Framework:
    return framework_from(parse_document(raw, name))


def load_framework(path: Path) -> Framework:
    """Read the criteria file at `path`; InvalidFileError names every problem found.

    Only a regular file is read, and no more of it than a criteria file may hold.
    """
    return parse_framework(read_regular(path, DOCUMENT_MAX_BYTES, str(path)), str(path))
