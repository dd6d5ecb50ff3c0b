"""Writes criteria data as a YAML file in the documented key order."""

from __future__ import annotations

from typing import Any

import yaml

ORDER = (
    "format_version",
    "id",
    "version",
    "content_hash",
    "title",
    "description",
    "source",
    "lifecycle",
    "scales",
    "default_scale",
    "scoring",
    "outcomes",
    "decision",
    "profiles",
    "default_profile",
    "areas",
)


def to_yaml(data: dict[str, Any], comment: str = "") -> str:
    ordered = {k: data[k] for k in ORDER if k in data}
    ordered.update((k, v) for k, v in data.items() if k not in ordered)
    text = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=100)
    header = "".join(f"# {line}\n" for line in comment.splitlines())
    return header + text
