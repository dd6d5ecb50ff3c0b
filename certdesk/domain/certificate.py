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
    """The framework's title in the certificate's language."""
    outcome: str
    """The outcome's title in the certificate's language."""
    issued: date
    valid_until: date
    package_sha256: str
    revoked: bool
    processes: tuple[str, ...] = ()
    """The production processes of the assessment's scope."""
    framework_version: str = ""
    score: str = "—"
    """As the framework's method shows it: a percentage, a level, points."""
    issued_by: str = ""
    """The headquarters user who issued it."""
    signer: str = ""
    """The fingerprint of headquarters' key that signed it."""
