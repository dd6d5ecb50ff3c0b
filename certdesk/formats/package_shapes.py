"""The strict shape of every member of a package, kit, response and notice: types, sizes, counts.

Every member is checked against its shape before anything of it is used:
exactly the keys listed (no more, no fewer), strings bounded in length and
matched against patterns, lists bounded in count, numbers in range. The
meaning (known items, answers on the scale, hashes of files) is checked by
the services once the shape holds.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import fastjsonschema

from certdesk.formats.package import (
    ANSWER_FIELDS,
    AUDIT_FIELDS,
    EVIDENCE_FIELDS,
    FINDING_FIELDS,
    PackageError,
)

UUID = "^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$"
ITEM = "^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$"
HEX64 = "^[0-9a-f]{64}$"
WHEN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(\+00:00|Z)?$"
DAY = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FINGERPRINT = "^[0-9a-f]{4}( [0-9a-f]{4}){7}$"
SAFE_NAME = "^[^/\\\\\\u0000-\\u001f\\u007f]{1,255}$"
"""A file's name as shown: no folders, no control characters."""
MAX_COUNT = 5000
MAX_TEXT = 4000
MAX_NAME = 200


def text(limit: int = MAX_TEXT, *, nullable: bool = True, pattern: str | None = None) -> Any:
    shape: dict[str, Any] = {"type": "string", "maxLength": limit}
    if pattern:
        shape["pattern"] = pattern
    return {"anyOf": [shape, {"type": "null"}]} if nullable else shape


def one_of(*values: str) -> Any:
    return {"type": "string", "enum": list(values)}


def record(properties: dict[str, Any]) -> Any:
    """An object with exactly these keys."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


def listed(item: Any, most: int = MAX_COUNT) -> Any:
    return {"type": "array", "items": item, "maxItems": most}


COUNT = {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}
SEQUENCE = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
FRAMEWORK = record(
    {
        "id": text(64, nullable=False, pattern="^[a-z0-9][a-z0-9-]{0,63}$"),
        "version": text(32, nullable=False, pattern="^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$"),
        "content_hash": text(71, nullable=False, pattern="^sha256:[0-9a-f]{64}$"),
    }
)
MEMBERS = {
    "type": "object",
    "maxProperties": 10_000,
    "additionalProperties": text(64, nullable=False, pattern=HEX64),
}
ENVELOPE = {
    "format_version": {"const": 2},
    "members": MEMBERS,
    "signer": text(39, nullable=False, pattern=FINGERPRINT),
}
BUSINESS = text(10, nullable=False, pattern="^[0-9]{10}$")

ANSWER = record(
    dict(
        zip(
            ANSWER_FIELDS,
            (
                text(32, nullable=False, pattern=ITEM),
                one_of("assessor", "supplier"),
                text(32, nullable=False, pattern="^[a-z0-9_-]{1,32}$"),
                text(),
                text(),
                text(MAX_NAME),
                text(40, nullable=False, pattern=WHEN),
            ),
            strict=True,
        )
    )
)
FINDING = record(
    dict(
        zip(
            FINDING_FIELDS,
            (
                text(36, nullable=False, pattern=UUID),
                text(32, pattern=ITEM),
                one_of("major", "minor", "observation"),
                {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
                text(),
                text(MAX_NAME),
                text(10, pattern=DAY),
                one_of("open", "closed"),
            ),
            strict=True,
        )
    )
)
EVIDENCE = record(
    dict(
        zip(
            EVIDENCE_FIELDS,
            (
                text(36, nullable=False, pattern=UUID),
                text(32, pattern=ITEM),
                one_of("file", "sighted"),
                text(255, pattern=SAFE_NAME),
                text(100, pattern="^[a-z0-9.+-]{1,60}/[A-Za-z0-9.+-]{1,60}$"),
                {"anyOf": [COUNT, {"type": "null"}]},
                text(64, pattern=HEX64),
                text(MAX_NAME),
                text(MAX_NAME),
                text(MAX_NAME),
                text(MAX_NAME),
                text(MAX_NAME),
                text(40, nullable=False, pattern=WHEN),
            ),
            strict=True,
        )
    )
)
AUDIT = record(
    dict(
        zip(
            AUDIT_FIELDS,
            (
                text(36, nullable=False, pattern=UUID),
                SEQUENCE,
                text(40, nullable=False),
                text(MAX_NAME, nullable=False),
                text(40, nullable=False, pattern="^[a-z_.]{1,40}$"),
                text(10_000, nullable=False),
                text(64, nullable=False, pattern=HEX64),
                text(64, nullable=False, pattern=HEX64),
            ),
            strict=True,
        )
    )
)
ASSESSMENT = record(
    {
        "id": text(36, nullable=False, pattern=UUID),
        "framework_id": FRAMEWORK["properties"]["id"],
        "framework_version": FRAMEWORK["properties"]["version"],
        "framework_hash": FRAMEWORK["properties"]["content_hash"],
        "profile": text(64, pattern="^[a-z0-9][a-z0-9-]{0,63}$"),
        "mode": one_of("onsite", "self"),
        "cycle": text(20, pattern="^[0-9A-Za-z-]{1,20}$"),
        "assessor": text(MAX_NAME),
        "scope_json": text(20_000, nullable=False),
        "status": one_of("draft", "submitted", "final"),
        "follows_id": text(36, pattern=UUID),
        "sequence": SEQUENCE,
        "created_at": text(40, nullable=False, pattern=WHEN),
        "updated_at": text(40, nullable=False, pattern=WHEN),
        "closed_at": text(40, pattern=WHEN),
        "kit_id": text(36, pattern=UUID),
    }
)
RESULT_MANIFEST = record(
    {
        **ENVELOPE,
        "kind": {"const": "result"},
        "assessment": text(36, nullable=False, pattern=UUID),
        "kit": text(36, nullable=False, pattern=UUID),
        "sequence": SEQUENCE,
        "mode": one_of("onsite", "self"),
        "framework": FRAMEWORK,
        "supplier": record({"business_id": BUSINESS, "name": text(MAX_NAME, nullable=False)}),
        "site": text(MAX_NAME),
        "claimed": record(
            {
                "total": text(40, nullable=False, pattern="^-?[0-9]{1,12}(/[0-9]{1,12})?$"),
                "outcome": text(64, nullable=False),
            }
        ),
        "audit_head": text(64, nullable=False, pattern=HEX64),
    }
)
RESPONSE_MANIFEST = record(
    {
        **ENVELOPE,
        "kind": {"const": "response"},
        "assessment": text(36, nullable=False, pattern=UUID),
        "supplier": record({"business_id": BUSINESS}),
    }
)
RESPONSE = listed(
    record(
        {
            "finding_id": text(36, nullable=False, pattern=UUID),
            "action": {"type": "string", "minLength": 1, "maxLength": MAX_TEXT},
            "done_on": text(10, nullable=False, pattern=DAY),
            "evidence": listed(
                record(
                    {
                        "id": text(36, nullable=False, pattern=UUID),
                        "name": text(255, nullable=False, pattern=SAFE_NAME),
                    }
                ),
                10,
            ),
        }
    ),
    100,
)
PREVIOUS = record(
    {
        "assessment": text(36, nullable=False, pattern=UUID),
        "cycle": text(20, pattern="^[0-9A-Za-z-]{1,20}$"),
        "total": {"type": "number", "minimum": -1000, "maximum": 1000},
        "outcome": text(64, nullable=False),
        "open_findings": COUNT,
    }
)
KEY64 = text(44, nullable=False, pattern="^[A-Za-z0-9+/]{43}=$")
SCOPE = {
    "type": "object",
    "maxProperties": 20,
    "propertyNames": {"pattern": "^[a-z_]{1,32}$"},
    "additionalProperties": {
        "anyOf": [
            text(MAX_NAME, nullable=False),
            listed(text(MAX_NAME, nullable=False), 50),
            PREVIOUS,
        ]
    },
}
KIT = record(
    {
        "kit": text(36, nullable=False, pattern=UUID),
        "mode": one_of("onsite", "self"),
        "supplier": record({"business_id": BUSINESS, "name": text(MAX_NAME, nullable=False)}),
        "site": text(MAX_NAME),
        "profile": text(64, pattern="^[a-z0-9][a-z0-9-]{0,63}$"),
        "scope": SCOPE,
        "due": text(10, pattern=DAY),
        "framework": FRAMEWORK,
        "hq": record({"signing": KEY64, "encryption": KEY64}),
        "previous": {"anyOf": [PREVIOUS, {"type": "null"}]},
    }
)
KIT_MANIFEST = record({**ENVELOPE, "kind": {"const": "kit"}})
NOTICE = record(
    {
        "assessment": text(36, nullable=False, pattern=UUID),
        "supplier": record({"business_id": BUSINESS, "name": text(MAX_NAME, nullable=False)}),
        "site": text(MAX_NAME),
        "cycle": text(20, pattern="^[0-9A-Za-z-]{1,20}$"),
        "framework": FRAMEWORK,
        "findings": {**listed(FINDING, 100), "minItems": 1},
        "hq": record({"signing": KEY64, "encryption": KEY64}),
    }
)
NOTICE_MANIFEST = record({**ENVELOPE, "kind": {"const": "notice"}})
SHAPES: dict[str, Any] = {
    "scope": SCOPE,
    "kit.json": KIT,
    "kit manifest.json": KIT_MANIFEST,
    "notice.json": NOTICE,
    "notice manifest.json": NOTICE_MANIFEST,
    "result manifest.json": RESULT_MANIFEST,
    "response manifest.json": RESPONSE_MANIFEST,
    "assessment.json": ASSESSMENT,
    "answers.json": listed(ANSWER),
    "findings.json": listed(FINDING, 1000),
    "evidence.json": listed(EVIDENCE, 1000),
    "audit.json": {**listed(AUDIT, 100_000), "minItems": 1},
    "response.json": RESPONSE,
}


@cache
def _validator(name: str) -> Callable[[Any], Any]:
    validate: Callable[[Any], Any] = fastjsonschema.compile(SHAPES[name])
    return validate


def check(name: str, value: Any) -> Any:
    """`value` if it has the shape of member `name`, else PackageError naming where not."""
    try:
        _validator(name)(value)
    except fastjsonschema.JsonSchemaValueException as exc:
        where = ".".join(str(part) for part in (exc.path or [])[1:])[:80]
        member = name.rsplit(" ", maxsplit=1)[-1]
        raise PackageError("malformed", f"{member} ({where})" if where else member) from None
    return value
