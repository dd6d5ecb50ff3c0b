"""The canonical content of a framework and its SHA-256."""

from __future__ import annotations

import hashlib
import json
from typing import Any

HASH_KEY = "content_hash"


def _normal(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items() if k != HASH_KEY}
    if isinstance(value, list):
        return [_normal(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_bytes(data: dict[str, Any]) -> bytes:
    """The content without its declared hash: sorted keys, no spaces, UTF-8.

    Integral numbers are written as integers, so 1 and 1.0 hash the same.
    """
    normal = _normal(data)
    text = json.dumps(normal, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def content_hash(data: dict[str, Any]) -> str:
    return "sha256:" + hashlib.sha256(canonical_bytes(data)).hexdigest()
