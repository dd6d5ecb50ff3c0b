"""Structural validation against the shipped JSON Schema, in plain words."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

from certdesk.formats.problems import DocPath
from certdesk.i18n import _
from certdesk.paths import schema_path

SCHEMA_FILE = "criteria-1.schema.json"


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_path(SCHEMA_FILE).read_text(encoding="utf-8"))
    return schema


@cache
def validator() -> Draft202012Validator:
    """The reference validator: slow, but it lists every problem with its path.

    Imported only when a file is invalid, so a valid start-up never loads it.
    """
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema())


@cache
def _fast_check() -> Callable[[Any], Any]:
    """A compiled validator, some 15 times faster, that stops at the first problem.

    The schema uses only what draft 7 and 2020-12 share ($defs is reached by a
    JSON pointer), so fastjsonschema compiles it as draft 7.
    """
    return fastjsonschema.compile(
        {**_schema(), "$schema": "http://json-schema.org/draft-07/schema#"}
    )


def schema_problems(data: Any) -> Iterator[tuple[DocPath, str]]:
    """Every structural problem as (path in the document, plain message).

    A valid document (the usual case) passes the compiled check alone; only an
    invalid one goes through the reference validator for the full list.
    """
    try:
        _fast_check()(data)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return
    for error in validator().iter_errors(data):
        yield from _explain(error)


def _type_name(kind: str) -> str:
    names = {
        "object": _("a mapping of keys"),
        "array": _("a list"),
        "string": _("text (put it in quotes)"),
        "number": _("a number"),
        "integer": _("a whole number"),
        "boolean": _("true or false"),
    }
    return names.get(kind, kind)


Explained = Iterator[tuple[DocPath, str]]


def _explain(error: ValidationError) -> Explained:
    path: DocPath = tuple(error.absolute_path)
    if error.validator in ("anyOf", "oneOf", "allOf") and error.context:
        for sub in error.context or ():
            yield from _explain(sub)
        return
    special = _SPECIAL.get(str(error.validator))
    if special:
        yield from special(error, path)
        return
    message = _simple_message(error, path)
    yield path, message if message is not None else error.message


def _simple_message(error: ValidationError, path: DocPath) -> str | None:
    kind, limit = error.validator, error.validator_value
    if kind == "type":
        return _("expected {kind}").format(kind=_type_name(str(limit)))
    if kind == "pattern":
        if path and path[-1] in ("ko", "en"):
            return _("must not be blank")
        return _("'{value}' is not a valid identifier").format(value=error.instance)
    if kind in ("enum", "const"):
        values = list(limit) if isinstance(limit, list) else [limit]
        return _("must be one of: {choices}").format(choices=", ".join(str(v) for v in values))
    texts = {
        "minItems": _("must not be empty"),
        "minimum": _("must be at least {limit}"),
        "exclusiveMinimum": _("must be greater than {limit}"),
        "maximum": _("must be at most {limit}"),
        "uniqueItems": _("lists the same value twice"),
        "maxLength": _("is too long"),
    }
    text = texts.get(str(kind))
    return None if text is None else text.format(limit=limit)


def _required(error: ValidationError, path: DocPath) -> Explained:
    instance = error.instance if isinstance(error.instance, dict) else {}
    wanted = error.validator_value if isinstance(error.validator_value, list) else []
    for key in wanted:
        if key not in instance:
            yield (*path, key), _("the required key '{key}' is missing").format(key=key)


def _additional(error: ValidationError, path: DocPath) -> Explained:
    instance = error.instance if isinstance(error.instance, dict) else {}
    schema = error.schema if isinstance(error.schema, dict) else {}
    known = set(schema.get("properties", {}))
    patterns = schema.get("patternProperties", {})
    for key in instance:
        if key not in known and not any(re.search(p, key) for p in patterns):
            yield (*path, key), _("unknown key '{key}' (a typo?)").format(key=key)


_SPECIAL = {"required": _required, "additionalProperties": _additional}
