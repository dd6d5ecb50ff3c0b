"""Every table of the local database (SQLModel), in one module.

Row ids are UUIDs made offline, so records from many laptops merge without
collisions; time-ordered ones (RFC 9562 version 7), so the rows of one import sit side
by side in an index instead of scattering over it. Free text that may hold personal
data is kept out of the audit log.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from certdesk import clock
from certdesk.domain.assessment import FindingStatus, ResponseDecision, Status
from certdesk.store.ids import new_id


def now() -> datetime:
    return clock.now()


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class Supplier(SQLModel, table=True):
    __tablename__ = "supplier"
    id: str = Field(default_factory=new_id, primary_key=True)
    business_id: str = Field(unique=True, index=True)
    name: str
    contact_name: str | None = None
    contact_email: str | None = None
    contact_phone: str | None = None
    processes_json: str = Field(default="[]", sa_column_kwargs={"server_default": "[]"})
    """The production processes the supplier runs, as a JSON list of names."""
    created_at: datetime = Field(default_factory=now)
    archived_at: datetime | None = None
    """Set when the supplier is archived: kept whole, out of the everyday lists."""
    tier: str | None = None
    """How critical the supplier is to the buyer (`domain.supplier.Tier`), set at HQ."""


class Site(SQLModel, table=True):
    __tablename__ = "site"
    __table_args__ = (UniqueConstraint("supplier_id", "name"),)
    id: str = Field(default_factory=new_id, primary_key=True)
    supplier_id: str = Field(foreign_key="supplier.id", index=True)
    name: str


class Assessment(SQLModel, table=True):
    __tablename__ = "assessment"
    id: str = Field(default_factory=new_id, primary_key=True)
    supplier_id: str = Field(foreign_key="supplier.id", index=True)
    site_id: str | None = Field(default=None, foreign_key="site.id")
    framework_id: str
    framework_version: str
    framework_hash: str
    profile: str | None = None
    mode: str
    cycle: str | None = None
    assessor: str | None = None
    scope_json: str = "{}"
    status: str = Status.DRAFT.value
    follows_id: str | None = Field(default=None, foreign_key="assessment.id")
    kit_id: str | None = Field(default=None, index=True)
    """The headquarters kit the assessment answers (field: from the kit; HQ: its own record)."""
    sequence: int = 0
    text_salt: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=now)
    updated_at: datetime = Field(default_factory=now)
    closed_at: datetime | None = None
    purged_at: datetime | None = None
    archived_at: datetime | None = None
    """Set when the assessment is archived: kept whole, out of the start page's list."""


class AnswerRecord(SQLModel, table=True):
    """One party's answer to one item (the domain's `Answer` is the value it holds)."""

    __tablename__ = "answer"
    __table_args__ = (
        UniqueConstraint("assessment_id", "item_id", "party"),  # also every lookup's index
    )
    id: str = Field(default_factory=new_id, primary_key=True)
    assessment_id: str = Field(foreign_key="assessment.id")
    item_id: str
    party: str
    value: str
    note: str | None = None
    na_justification: str | None = None
    answered_by: str | None = None
    answered_at: datetime = Field(default_factory=now)


class Evidence(SQLModel, table=True):
    __tablename__ = "evidence"
    id: str = Field(default_factory=new_id, primary_key=True)
    assessment_id: str = Field(foreign_key="assessment.id", index=True)
    item_id: str | None = None
    kind: str  # "file" or "sighted"
    original_name: str | None = None
    media_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    stored_name: str | None = None
    file_key: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    title: str | None = None
    doc_version: str | None = None
    seen_where: str | None = None
    shown_by: str | None = None
    added_by: str | None = None
    added_at: datetime = Field(default_factory=now)
    response_id: str | None = Field(default=None, index=True)
    """Evidence of a supplier's response: kept apart until the closure is accepted."""


class Finding(SQLModel, table=True):
    __tablename__ = "finding"
    id: str = Field(default_factory=new_id, primary_key=True)
    assessment_id: str = Field(foreign_key="assessment.id", index=True)
    item_id: str | None = None
    severity: str
    description: str
    corrective_action: str | None = None
    owner: str | None = None
    due_date: str | None = None
    status: str = FindingStatus.OPEN.value
    created_at: datetime = Field(default_factory=now)
    closed_at: datetime | None = None


class AuditEntry(SQLModel, table=True):
    """One link of a hash chain; a chain per assessment, plus one for the database."""

    __tablename__ = "audit_entry"
    __table_args__ = (UniqueConstraint("chain", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    chain: str
    seq: int
    at: str
    actor: str
    action: str
    data: str
    prev_hash: str
    hash: str


class AuditSeal(SQLModel, table=True):
    """One link of the global seal chain: an entry's hash under the audit key.

    The key is kept apart from the database key, so whoever holds only the
    database key cannot rewrite, reorder or remove entries without breaking
    the seals; the head (in meta) is sealed too, so the newest entries cannot
    be cut off either.
    """

    __tablename__ = "audit_seal"
    gseq: int = Field(primary_key=True)
    entry_id: int = Field(unique=True)
    mac: str


class TrustedKey(SQLModel, table=True):
    """Headquarters' trust store: which public key may sign what, for whom."""

    __tablename__ = "trusted_key"
    id: str = Field(default_factory=new_id, primary_key=True)
    fingerprint: str = Field(unique=True, index=True)
    name: str
    role: str  # "assessor" or "supplier"
    supplier_business_id: str | None = None
    signing_public: str
    encryption_public: str | None = None
    added_at: datetime = Field(default_factory=now)
    revoked_at: datetime | None = None
    revoked_reason: str | None = None


class ImportedPackage(SQLModel, table=True):
    """A result package headquarters imported: what it claimed, what was recomputed."""

    __tablename__ = "imported_package"
    id: str = Field(default_factory=new_id, primary_key=True)
    sha256: str = Field(unique=True, index=True)
    assessment_id: str = Field(index=True)
    sequence: int
    signer_fingerprint: str
    claimed_total: str
    recomputed_total: str
    audit_chain: str
    imported_at: datetime = Field(default_factory=now)


class ResultScore(SQLModel, table=True):
    """An imported result's score as headquarters recomputed it at import: the portfolio and
    the trends read these rows instead of rescoring every result on every view."""

    __tablename__ = "result_score"
    assessment_id: str = Field(primary_key=True)
    supplier_id: str = Field(index=True)
    site: str | None = None
    framework_id: str
    framework_version: str
    mode: str
    cycle: str | None = None
    status: str
    total: str
    """A fraction as text (exact)."""
    outcome: str
    areas_json: str
    """Each area's score as fraction text, or null while it has no answer."""
    answered: int
    applicable: int
    scored_at: datetime = Field(default_factory=now)


class Certificate(SQLModel, table=True):
    """A certificate headquarters issued for a final on-site result, in its register."""

    __tablename__ = "certificate"
    id: str = Field(default_factory=new_id, primary_key=True)
    code: str = Field(unique=True, index=True)
    assessment_id: str = Field(index=True)
    package_sha256: str
    outcome: str
    issued_at: datetime = Field(default_factory=now)
    valid_until: datetime
    issued_by: str
    revoked_at: datetime | None = None
    revoked_reason: str | None = None
    superseded_at: datetime | None = None
    """When a newer result of the assessment replaced the one the certificate cites."""
    signer_revoked_at: datetime | None = None
    """When the key that signed the cited result was revoked."""


class IssuedKit(SQLModel, table=True):
    """A kit headquarters issued: a result must answer one of them."""

    __tablename__ = "issued_kit"
    id: str = Field(default_factory=new_id, primary_key=True)
    supplier_id: str = Field(foreign_key="supplier.id", index=True)
    framework_id: str
    framework_version: str
    framework_hash: str
    mode: str
    site: str | None = None
    profile: str | None = None
    scope_json: str = "{}"
    due_date: str | None = None
    recipient_fingerprint: str | None = None
    issued_by: str
    issued_at: datetime = Field(default_factory=now)
    assessment_id: str | None = Field(default=None, index=True)
    """The assessment that first answered the kit: no other may."""


class FindingResponse(SQLModel, table=True):
    """A supplier's answer to a finding, and the decision on closing it."""

    __tablename__ = "finding_response"
    id: str = Field(default_factory=new_id, primary_key=True)
    finding_id: str = Field(foreign_key="finding.id", index=True)
    action_taken: str
    done_on: str
    evidence: str = "[]"
    package_sha256: str | None = None
    received_at: datetime = Field(default_factory=now)
    decision: str = ResponseDecision.PENDING.value
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_note: str | None = None


class ReceivedFinding(SQLModel, table=True):
    """A finding headquarters sent to this supplier, and the supplier's response in the making.

    Headquarters' fields come from a signed findings notice; the response
    fields are the supplier's draft until it is sent (`sent_at`)."""

    __tablename__ = "received_finding"
    id: str = Field(primary_key=True)
    assessment_id: str = Field(index=True)
    supplier_business_id: str
    framework_id: str
    framework_version: str
    item_id: str | None = None
    severity: str
    description: str
    requested_action: str | None = None
    due_date: str | None = None
    received_at: datetime = Field(default_factory=now)
    action_taken: str | None = None
    done_on: str | None = None
    evidence_paths: str = "[]"
    sent_at: datetime | None = None
