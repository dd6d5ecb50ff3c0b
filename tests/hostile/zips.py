"""Archives no CertDesk writes: duplicate names, links, paths out, bombs."""

from __future__ import annotations

import io
import json
import stat
import warnings
import zipfile
from typing import Any

from tests.hostile.world import World

Entry = tuple[zipfile.ZipInfo | str, bytes]


def zip_of(entries: list[Entry], level: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one case
        with zipfile.ZipFile(out, "w", level) as archive:
            for info, data in entries:
                archive.writestr(info, data)
    return out.getvalue()


def raw(world: World, extra: list[Entry], manifest: dict[str, Any] | None = None) -> bytes:
    """The genuine members and manifest, plus `extra` entries, signed by A."""
    entries: list[Entry] = [
        ("manifest.json", json.dumps(manifest or world.base_manifest).encode()),
        *world.base_members.items(),
        *extra,
    ]
    return world.forge(raw_archive=zip_of(entries))


def link(name: str) -> Entry:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, b"/etc/passwd"


def bomb(world: World) -> bytes:
    """A member of 60 MB of zeros that compresses to a few kilobytes."""
    body = b"\0" * (60 * 1024 * 1024)
    return raw(world, [("evidence/00000000-0000-4000-8000-000000000000", body)])


def many(world: World, count: int) -> bytes:
    names = (f"evidence/{i:08x}-0000-4000-8000-000000000000" for i in range(count))
    return raw(world, [(name, b"x") for name in names])
