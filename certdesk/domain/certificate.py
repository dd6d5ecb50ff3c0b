"""What a certificate states, as plain data: built by the services, drawn by the formats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CertificateView:
    code: str
    assessment_id: str
    supplier: str
    business_id: str
    site: str | None
    framework: str
    outcome: str
    issued: date
    valid_until: date
    package_sha256: str
    revoked: bool
