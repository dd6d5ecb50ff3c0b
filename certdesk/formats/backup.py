"""The backup file (`.cdbackup`): a database and its sealed evidence in one file.

    MAGIC | u32 header length | header (JSON) | u32 box length | box | members...

The header names the role, when it was made and every member (name, size,
SHA-256) in the order their bytes follow. The box (text of
`crypto.passphrase_box`) holds the database's and the audit log's keys, sealed
under the backup passphrase with MAGIC + header as associated data: a header
changed by one bit, or a member that does not match its hash, is refused. The
database member is a SQLCipher file under its own random key; evidence members
are the sealed files as they lie on disk. Nothing in the file is readable
without the passphrase.

Reading is bounded before anything is parsed: the header is at most 64 KiB of
JSON of a known shape, the box at most 1 KiB, names and sizes are checked, and
the sizes must add up to the file's length exactly.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from certdesk.formats.bounded import load_json
from certdesk.formats.problems import InvalidFileError, Problem
from certdesk.i18n import _

MAGIC = b"CertDesk backup\x01"
FORMAT, VERSION = "certdesk-backup", 1
MAX_HEADER = 64 * 1024
MAX_BOX = 1024
MAX_MEMBERS = 20_000
MAX_DATABASE = 8 * 2**30
MAX_EVIDENCE = 64 * 2**20
DATABASE = "database"
EVIDENCE = re.compile(r"evidence/[0-9a-f]{32}")
ROLES = ("field", "hq")
_U32 = struct.Struct(">I")
CHUNK = 2**20


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Header:
    role: str
    created: str
    members: tuple[Member, ...]

    def to_bytes(self) -> bytes:
        data = {
            "format": FORMAT,
            "version": VERSION,
            "role": self.role,
            "created": self.created,
            "members": [[m.name, m.size, m.sha256] for m in self.members],
        }
        return json.dumps(data, separators=(",", ":"), sort_keys=True).encode("utf-8")


def associated(header_bytes: bytes) -> bytes:
    """What the box is bound to: this format and this exact header."""
    return MAGIC + header_bytes


def _bad(name: str, why: str) -> InvalidFileError:
    return InvalidFileError([Problem(name, why)])


def _member(raw: object) -> Member | None:
    if not (isinstance(raw, list) and len(raw) == 3):
        return None
    name, size, digest = raw
    if not (isinstance(name, str) and type(size) is int and isinstance(digest, str)):
        return None
    if not re.fullmatch(r"[0-9a-f]{64}", digest) or size < 0:
        return None
    limit = MAX_DATABASE if name == DATABASE else MAX_EVIDENCE
    if not (name == DATABASE or EVIDENCE.fullmatch(name)) or size > limit:
        return None
    return Member(name, size, digest)


def parse_header(raw: bytes, name: str) -> Header:
    data = load_json(raw, name, max_bytes=MAX_HEADER, max_depth=4)
    shaped = (
        isinstance(data, dict)
        and set(data) == {"format", "version", "role", "created", "members"}
        and (data["format"], data["version"]) == (FORMAT, VERSION)
        and data["role"] in ROLES
        and isinstance(data["created"], str)
        and len(data["created"]) <= 40
        and isinstance(data["members"], list)
        and 1 <= len(data["members"]) <= MAX_MEMBERS
    )
    if not shaped:
        raise _bad(name, _("not a CertDesk backup, or one of a newer CertDesk"))
    assert isinstance(data, dict)
    members = tuple(_member(m) for m in data["members"])
    names = [m.name for m in members if m is not None]
    if None in members or len(set(names)) != len(names) or names[0] != DATABASE:
        raise _bad(name, _("the backup's list of contents is damaged"))
    return Header(str(data["role"]), str(data["created"]), members)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Opened:
    """A backup whose framing was checked: its header, its bytes and its box."""

    header: Header
    header_bytes: bytes
    box: str
    start: int
    """Where the first member's bytes begin."""


def _read_exact(f: BinaryIO, count: int, name: str) -> bytes:
    data = f.read(count)
    if len(data) != count:
        raise _bad(name, _("the backup is cut short"))
    return data


def read_frame(f: BinaryIO, size: int, name: str) -> Opened:
    """Check the framing of an open backup of `size` bytes; the members are not read."""
    if _read_exact(f, len(MAGIC), name) != MAGIC:
        raise _bad(name, _("not a CertDesk backup"))
    (header_length,) = _U32.unpack(_read_exact(f, 4, name))
    if header_length > MAX_HEADER:
        raise _bad(name, _("the backup's header is too large"))
    header_bytes = _read_exact(f, header_length, name)
    header = parse_header(header_bytes, name)
    (box_length,) = _U32.unpack(_read_exact(f, 4, name))
    if box_length > MAX_BOX:
        raise _bad(name, _("the backup's key box is too large"))
    box = _read_exact(f, box_length, name).decode("ascii", errors="replace")
    start = len(MAGIC) + 8 + header_length + box_length
    if start + sum(m.size for m in header.members) != size:
        raise _bad(name, _("the backup's length does not match its contents"))
    return Opened(header, header_bytes, box, start)


def copy_member(f: BinaryIO, member: Member, target: Path, name: str) -> None:
    """Copy one member's bytes to `target`, refusing it if its hash does not match."""
    digest = hashlib.sha256()
    left = member.size
    with target.open("xb") as out:
        while left:
            chunk = _read_exact(f, min(CHUNK, left), name)
            digest.update(chunk)
            out.write(chunk)
            left -= len(chunk)
    if digest.hexdigest() != member.sha256:
        raise _bad(name, _("a part of the backup was altered"))


def file_member(name: str, path: Path) -> Member:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    return Member(name, size, digest.hexdigest())


def write(out: BinaryIO, header: Header, box: str, sources: list[Path]) -> None:
    """Write a backup: the header, the box, then each member's file in header order."""
    header_bytes = header.to_bytes()
    out.write(MAGIC + _U32.pack(len(header_bytes)) + header_bytes)
    encoded = box.encode("ascii")
    out.write(_U32.pack(len(encoded)) + encoded)
    for path in sources:
        with path.open("rb") as f:
            for chunk in _chunks(f):
                out.write(chunk)


def _chunks(f: BinaryIO) -> Iterator[bytes]:
    yield from iter(lambda: f.read(CHUNK), b"")
