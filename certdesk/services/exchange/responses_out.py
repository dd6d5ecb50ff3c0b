"""The supplier's response package: corrective actions for findings, out to headquarters.

A response package carries, for findings of a final on-site result, the
action taken, its date and evidence, signed by the supplier's own key and
encrypted to headquarters. It changes none of the assessor's answers.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from certdesk.errors import UserError
from certdesk.services.assessment.evidence import MAX_BYTES as EVIDENCE_MAX
from certdesk.services.assessment.suppliers import valid_business_id
from certdesk.services.changes import Written
from certdesk.services.exchange import container
from certdesk.services.exchange.container import Recipient
from certdesk.services.files import read_limited
from certdesk.services.messages import no_encryption_key, not_a_date
from certdesk.services.own_keys import read_public, signing_key


@dataclass(frozen=True)
class Response:
    finding_id: str
    action: str
    done_on: str
    evidence: tuple[Path, ...] = ()


def export_response(
    assessment_id: str, business_id: str, responses: list[Response], out: Path, encrypt_to: Path
) -> Written:
    """Write a signed, encrypted response package (needs only the supplier's key)."""
    recipient = read_public(encrypt_to)
    if recipient.encryption is None:
        raise UserError(no_encryption_key(encrypt_to))
    return write_response(assessment_id, business_id, responses, out, recipient.encryption)


def write_response(
    assessment_id: str, business_id: str, responses: list[Response], out: Path, to: bytes
) -> Written:
    """The response package, encrypted to the X25519 public key `to` (headquarters')."""
    digits = valid_business_id(business_id)
    members: dict[str, bytes] = {}
    entries: list[dict[str, Any]] = []
    for r in responses:
        try:
            date.fromisoformat(r.done_on)
        except ValueError:
            raise UserError(not_a_date(r.done_on)) from None
        names = []
        for path in r.evidence:
            evidence_id = str(uuid.uuid4())
            members[f"evidence/{evidence_id}"] = read_limited(path, EVIDENCE_MAX)
            names.append({"id": evidence_id, "name": path.name})
        entries.append(
            {
                "finding_id": r.finding_id,
                "action": r.action,
                "done_on": r.done_on,
                "evidence": names,
            }
        )
    members["response.json"] = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    signer = signing_key()
    manifest = {"assessment": assessment_id, "supplier": {"business_id": digits}}
    container.write(out, container.seal(members, manifest, signer, Recipient(to), "response"))
    return Written(files=(out,))
