"""Structural validation against the shipped JSON Schema, in plain words."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from certdesk.formats.problems import DocPath
from certdesk.i18n import _
from certdesk.paths import schema_path

SCHEMA_FILE = "criteria-1.schema.json"


@cache
def validator() -> Draft202012Validator:
    schema = json.loads(schema_path(SCHEMA_FILE).read_text(encoding="utf-8"))
    return Draft202012Validator(schema)


def schema_problems(data: Any) -> Iterator[tuple[DocPath, str]]:
    """Every structural problem as (path in the document, plain message)."""
    for error in validator().iter_errors(data):
        yield from _explain(error)


_TYPES = {
    "object": "a mapping of keys",
    "array": "a list",
    "string": "text (put it in quotes)",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _explain(error: ValidationError) -> Iterator[tuple[DocPath, str]]:
    path: DocPath = tuple(error.absolute_path)
    kind = error.validator
    if kind in ("anyOf", "oneOf", "allOf") and error.context:
        for sub in error.context:
            yield from _explain(sub)
        return
    if kind == "required":
        for key in _missing(error):
            yield path, _("the required key '{key}' is missing").format(key=key)
    elif kind in ("additionalProperties", "unevaluatedProperties"):
        for key in _extra(error):
            msg = _("unknown key '{key}' (a typo?)").format(key=key)
            yield (*path, key), msg
    elif kind == "type":
        wanted = str(error.validator_value)
        yield path, _("expected {kind}").format(kind=_(_TYPES.get(wanted, wanted)))
    elif kind == "minItems":
        yield path, _("must not be empty")
    elif kind == "minimum":
        yield path, _("must be at least {limit}").format(limit=error.validator_value)
    elif kind == "exclusiveMinimum":
        yield path, _("must be greater than {limit}").format(limit=error.validator_value)
    elif kind == "maximum":
        yield path, _("must be at most {limit}").format(limit=error.validator_value)
    elif kind in ("enum", "const"):
        values = error.validator_value if kind == "enum" else [error.validator_value]
        choices = ", ".join(str(v) for v in values)
        yield path, _("must be one of: {choices}").format(choices=choices)
    elif kind == "uniqueItems":
        yield path, _("lists the same value twice")
    elif kind == "pattern" and path and path[-1] in ("ko", "en"):
        yield path, _("must not be blank")
    elif kind == "pattern":
        yield path, _("'{value}' is not a valid identifier").format(value=error.instance)
    elif kind == "maxLength":
        yield path, _("is too long")
    else:
        yield path, error.message


def _missing(error: ValidationError) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [k for k in error.validator_value if k not in instance]


def _extra(error: ValidationError) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    known = set(error.schema.get("properties", {}))
    patterns = error.schema.get("patternProperties", {})
    return [k for k in instance if k not in known and not any(re.search(p, k) for p in patterns)]
