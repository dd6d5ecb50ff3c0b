"""The signed container of every file that travels (format 2), and its archive.

    MAGIC            b"CDPKG\\x02\\n" (7 bytes)
    signer           32 bytes: the raw Ed25519 public key of the signer
    header length    4 bytes, big-endian, at most 4 KiB
    header           JSON: kind (result, response, kit, notice), encrypted, recipient
    payload length   8 bytes, big-endian
    payload          the ZIP archive, or its HPKE encryption to the recipient
    signature        64 bytes: Ed25519 over every byte before it

Nothing may follow the signature. The signer's key stands at a fixed place so
that the signature is checked before any byte of the file is parsed: `unpack`
only measures, `header_of` parses the header once the caller has verified
the signature. The archive holds manifest.json (every member with its
SHA-256) and the members of its kind; reading refuses anything outside that
shape before it is used (see `read_archive`).

Format 1 put the signer's key inside the JSON header, which had to be parsed
before the signature could be checked, and did not bind the signer to the
encrypted content: it is refused with its own reason (export it again).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import struct
import zipfile
from dataclasses import dataclass
from typing import Any

from certdesk.formats import bounded
from certdesk.formats.problems import InvalidFileError

MAGIC = b"CDPKG\x02\n"
OLD_MAGIC = b"CDPKG\x01\n"
FORMAT = 2
KEY = 32
MAX_HEADER = 4 * 1024
MAX_PAYLOAD = 512 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 640 * 1024 * 1024
MAX_RATIO = 100
MAX_JSON = 32 * 1024 * 1024
MAX_DEPTH = 16
SIGNATURE = 64
KINDS = ("result", "response", "kit", "notice")
NAMES = re.compile(
    r"(manifest|assessment|answers|findings|audit|evidence|response|kit|notice)\.json"
    r"|framework\.yaml"
    r"|evidence/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
)
_FILES = r"|evidence/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}"
KIND_NAMES = {
    "result": re.compile(r"(assessment|answers|findings|audit|evidence)\.json" + _FILES),
    "response": re.compile(r"response\.json" + _FILES),
    "kit": re.compile(r"kit\.json|framework\.yaml"),
    "notice": re.compile(r"notice\.json"),
}
"""The members each kind may hold: nothing a reader of that kind would not check."""


# The fields each record carries in a result package (written and checked here).
ANSWER_FIELDS = (
    "item_id",
    "party",
    "value",
    "note",
    "na_justification",
    "answered_by",
    "answered_at",
)
FINDING_FIELDS = (
    "id",
    "item_id",
    "severity",
    "description",
    "corrective_action",
    "owner",
    "due_date",
    "status",
)
EVIDENCE_FIELDS = (
    "id",
    "item_id",
    "kind",
    "original_name",
    "media_type",
    "size",
    "sha256",
    "title",
    "doc_version",
    "seen_where",
    "shown_by",
    "added_by",
    "added_at",
)
AUDIT_FIELDS = ("chain", "seq", "at", "actor", "action", "data", "prev_hash", "hash")
ASSESSMENT_FIELDS = (
    "id",
    "framework_id",
    "framework_version",
    "framework_hash",
    "profile",
    "mode",
    "cycle",
    "assessor",
    "scope_json",
    "status",
    "follows_id",
    "sequence",
    "created_at",
    "updated_at",
    "closed_at",
    "kit_id",
)


def fields_of(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    """The named fields of a row, as a package member holds them."""
    return {name: getattr(row, name) for name in fields}


class PackageError(Exception):
    """The file is not an acceptable package; `code` names why, for the wording."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class Container:
    signer: bytes
    """The raw Ed25519 public key the file says it is signed by."""
    head: bytes
    """The header's bytes: parsed only after the signature holds (`header_of`)."""
    payload: bytes
    signed: bytes
    signature: bytes


def pack(signer: bytes, header: dict[str, Any], payload: bytes) -> bytes:
    """The container without its signature (the bytes to sign)."""
    head = json.dumps(header, sort_keys=True).encode("utf-8")
    if len(signer) != KEY or len(head) > MAX_HEADER:
        raise ValueError("signer key or header size")
    return (
        MAGIC
        + signer
        + struct.pack(">I", len(head))
        + head
        + struct.pack(">Q", len(payload))
        + payload
    )


def unpack(raw: bytes) -> Container:
    """Measure the container's parts; nothing inside is parsed."""
    if raw.startswith(OLD_MAGIC):
        raise PackageError("old_format")
    if not raw.startswith(MAGIC):
        raise PackageError("not_a_package")
    at = len(MAGIC)
    if len(raw) < at + KEY + 4:
        raise PackageError("truncated")
    signer = raw[at : at + KEY]
    at += KEY
    (head_len,) = struct.unpack(">I", raw[at : at + 4])
    if head_len > MAX_HEADER:
        raise PackageError("header_too_large")
    at += 4
    head = raw[at : at + head_len]
    at += head_len
    if len(head) != head_len or len(raw) < at + 8:
        raise PackageError("truncated")
    (payload_len,) = struct.unpack(">Q", raw[at : at + 8])
    if payload_len > MAX_PAYLOAD:
        raise PackageError("too_large")
    at += 8
    end = at + payload_len
    if len(raw) < end + SIGNATURE:
        raise PackageError("truncated")
    if len(raw) > end + SIGNATURE:
        raise PackageError("trailing_bytes")
    return Container(signer, head, raw[at:end], raw[:end], raw[end:])


def header_of(container: Container) -> dict[str, Any]:
    """The header, parsed once its signature was verified; bounded in size and depth."""
    header = _parsed(container.head, "header", max_depth=2)
    if not isinstance(header, dict):
        raise PackageError("bad_header")
    if header.get("kind") not in KINDS or not isinstance(header.get("encrypted"), bool):
        raise PackageError("bad_header")
    recipient = header.get("recipient")
    if recipient is not None and (not isinstance(recipient, str) or len(recipient) > 64):
        raise PackageError("bad_header")
    return header


def build_archive(members: dict[str, bytes], manifest: dict[str, Any]) -> bytes:
    """A ZIP with the members and a manifest that lists each one's SHA-256."""
    listed = {name: hashlib.sha256(data).hexdigest() for name, data in sorted(members.items())}
    manifest = {**manifest, "format_version": FORMAT, "members": listed}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in sorted(members.items()):
            archive.writestr(name, data)
    return out.getvalue()


def _check_entry(info: zipfile.ZipInfo, seen: set[str]) -> None:
    name = info.filename
    if name in seen:
        raise PackageError("duplicate_member", name)
    seen.add(name)
    if name.startswith(("/", "\\")) or "\\" in name or ":" in name or ".." in name.split("/"):
        raise PackageError("unsafe_path", name)
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PackageError("link_member", name)
    if not NAMES.fullmatch(name):
        raise PackageError("unexpected_member", name)
    if info.file_size > MAX_MEMBER:
        raise PackageError("member_too_large", name)
    if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
        raise PackageError("compression_bomb", name)


def read_archive(data: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    """The manifest and every member, after all the safety checks and the hashes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise PackageError("bad_archive") from None
    if len(infos) > MAX_MEMBERS:
        raise PackageError("too_many_members", str(len(infos)))
    seen: set[str] = set()
    for info in infos:
        _check_entry(info, seen)
    if sum(i.file_size for i in infos) > MAX_TOTAL:
        raise PackageError("too_large")
    members: dict[str, bytes] = {}
    for info in infos:
        try:
            with archive.open(info) as stream:
                content = stream.read(info.file_size + 1)
        except (zipfile.BadZipFile, ValueError, OSError, EOFError, RuntimeError):
            raise PackageError("bad_archive", info.filename) from None
        if len(content) != info.file_size:
            raise PackageError("bad_archive", info.filename)
        members[info.filename] = content
    manifest = load_json(members.pop("manifest.json", b""), "manifest.json")
    listed = manifest.get("members") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict):
        raise PackageError("bad_manifest")
    if set(listed) != set(members):
        raise PackageError("manifest_mismatch")
    for name, digest in listed.items():
        if hashlib.sha256(members[name]).hexdigest() != digest:
            raise PackageError("tampered_member", name)
    if manifest.get("format_version") != FORMAT:
        raise PackageError("unknown_format", str(manifest.get("format_version")))
    return manifest, members


def load_json(data: bytes, name: str) -> Any:
    """A JSON member, bounded in size and nesting before the parser runs."""
    if not data:
        raise PackageError("missing_member", name)
    if len(data) > MAX_JSON:
        raise PackageError("member_too_large", name)
    value = _parsed(data, name, max_depth=MAX_DEPTH)
    if value is None:
        raise PackageError("malformed", name)
    return value


def _parsed(data: bytes, name: str, *, max_depth: int) -> Any:
    """JSON `data` bounded in nesting before the parser runs; None when it is not JSON."""
    try:
        return bounded.load_json(data, name, max_bytes=MAX_JSON, max_depth=max_depth)
    except InvalidFileError:
        return None
