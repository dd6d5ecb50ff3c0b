"""An assessment as the assessor's desk reads it: plain SQL, on either backend.

The start screen, the workspace and every answer read through these queries
(`store.sql`), so the window needs neither SQLAlchemy nor the ORM to show an
assessment; the use cases that hold a session (`records`) run the same
queries inside their transaction, so each question is asked in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from certdesk.domain.assessment import (
    FindingStatus,
    Mode,
    Party,
    ResponseDecision,
    Status,
    answering_party,
    counts_as_open,
)
from certdesk.domain.dates import day
from certdesk.domain.decision import Severity
from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.assessment.finding_view import FindingView
from certdesk.services.library.frameworks import Library
from certdesk.store.sql import Sql, as_date

SHORT_ID = 6
"""The shortest prefix of an id the user may type instead of the whole id."""

_HEAD = (  # the columns of `Head`: constant text, all a statement here is built from
    "id, supplier_id, site_id, framework_id, framework_version, framework_hash, profile, "
    "mode, cycle, assessor, status, kit_id, archived_at, text_salt"
)


@dataclass(frozen=True)
class Head:
    """What decides how an assessment is shown and answered."""

    id: str
    supplier_id: str
    site_id: str | None
    framework_id: str
    framework_version: str
    framework_hash: str
    profile: str | None
    mode: str
    cycle: str | None
    assessor: str | None
    status: str
    kit_id: str | None
    archived: bool
    text_salt: bytes

    @property
    def answering(self) -> Party:
        """Whose answers count: the supplier's in a self-assessment, else the assessor's."""
        return answering_party(Mode(self.mode))


def _head(row: tuple[Any, ...]) -> Head:
    (aid, supplier, site, fw, version, digest, profile, mode, cycle, assessor, status, kit) = row[
        :12
    ]
    archived_at, salt = row[12:]
    return Head(
        aid,
        supplier,
        site,
        fw,
        version,
        digest,
        profile,
        mode,
        cycle,
        assessor,
        status,
        kit,
        archived=archived_at is not None,
        text_salt=bytes(salt),
    )


def head(sql: Sql, assessment_id: str) -> Head:
    """An assessment by its id, or by a unique prefix of at least six characters."""
    row = sql.first(f"SELECT {_HEAD} FROM assessment WHERE id = ?", [assessment_id])  # noqa: S608
    if row is None and len(assessment_id) >= SHORT_ID:
        like = assessment_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        found = sql.rows(
            f"SELECT {_HEAD} FROM assessment WHERE id LIKE ? ESCAPE '\\' LIMIT 2",  # noqa: S608
            [like + "%"],
        )
        row = found[0] if len(found) == 1 else None
    if row is None:
        raise UserError(_("no assessment '{id}'").format(id=assessment_id))
    return _head(row)


def heads(sql: Sql, archived: bool = False) -> list[Head]:
    """Every assessment not purged, the most recently changed first; archived ones only
    when asked."""
    kept = "" if archived else " AND archived_at IS NULL"
    query = f"SELECT {_HEAD} FROM assessment WHERE purged_at IS NULL{kept}"  # noqa: S608
    query += " ORDER BY updated_at DESC"
    return [_head(row) for row in sql.rows(query)]


class Pinned(Protocol):
    """What pins an assessment to its framework (an assessment's row or its `Head`)."""

    @property
    def framework_id(self) -> str: ...
    @property
    def framework_version(self) -> str: ...
    @property
    def framework_hash(self) -> str: ...


def framework_of(library: Library, record: Pinned) -> Framework:
    """The framework an assessment is pinned to: same id, version and content."""
    fw = library.find(f"{record.framework_id}@{record.framework_version}")
    if fw.content_hash != record.framework_hash:
        msg = _("{id} {version} is installed with other content than this assessment used")
        raise UserError(msg.format(id=record.framework_id, version=record.framework_version))
    return fw


class Scored(Pinned, Protocol):
    """What scoring an assessment needs of its row or its `Head`."""

    @property
    def id(self) -> str: ...
    @property
    def mode(self) -> str: ...
    @property
    def profile(self) -> str | None: ...


def rescore(sql: Sql, library: Library, record: Scored) -> tuple[Framework, ScoreResult]:
    """The assessment's framework and live score: its answers and its open findings."""
    from certdesk.domain.answers import Answer
    from certdesk.domain.scoring import score

    fw = framework_of(library, record)
    given = answers(sql, record.id, answering_party(Mode(record.mode)))
    found = {item: Answer(code, why or "") for item, (code, _note, why) in given.items()}
    opened, covered = open_state(sql, record.id)
    return fw, score(fw, found, record.profile, opened, covered)


def require_open(sql: Sql, assessment_id: str, status: str) -> None:
    """What may change: not a final assessment, and not a result imported from a signed
    package (it is what its signer signed; headquarters' own decisions are kept apart)."""
    from certdesk.services import messages

    if status == Status.FINAL:
        raise UserError(messages.final())
    if imported(sql, assessment_id):
        raise UserError(messages.imported_read_only())


def party(sql: Sql, record: Head) -> tuple[str, str | None]:
    """Whose assessment it is: the supplier's name and, if one was named, the site's."""
    supplier = sql.first("SELECT name FROM supplier WHERE id = ?", [record.supplier_id])
    assert supplier is not None  # a foreign key
    site = (
        sql.first("SELECT name FROM site WHERE id = ?", [record.site_id])
        if record.site_id
        else None
    )
    return str(supplier[0]), None if site is None else str(site[0])


def answers(
    sql: Sql, assessment_id: str, by: Party
) -> dict[str, tuple[str, str | None, str | None]]:
    """One party's answers: item id -> (code, note, n/a justification)."""
    rows = sql.rows(
        "SELECT item_id, value, note, na_justification FROM answer "
        "WHERE assessment_id = ? AND party = ?",
        [assessment_id, by.value],
    )
    return {item: (value, note, why) for item, value, note, why in rows}


def claims(sql: Sql, record: Head) -> dict[str, str]:
    """The supplier's claims beside an on-site assessment (item id -> answer code)."""
    if record.mode != Mode.ONSITE:
        return {}
    return {item: code for item, (code, _n, _w) in answers(sql, record.id, Party.SUPPLIER).items()}


def open_state(sql: Sql, assessment_id: str) -> tuple[dict[Severity, int], frozenset[str]]:
    """The findings that count as open for the outcome, in one read: how many of each
    severity, and the items that have one of their own (they propose none)."""
    rows = sql.rows(
        "SELECT severity, status, due_date, closed_at, item_id FROM finding "
        "WHERE assessment_id = ?",
        [assessment_id],
    )
    counts: dict[Severity, int] = {}
    covered: set[str] = set()
    for severity, status, due, closed, item in rows:
        if counts_as_open(FindingStatus(status), day(due), as_date(closed)):
            counts[Severity(severity)] = counts.get(Severity(severity), 0) + 1
            if item:
                covered.add(str(item))
    return counts, frozenset(covered)


def open_findings(sql: Sql, assessment_id: str) -> dict[Severity, int]:
    """How many findings of each severity count as open for the outcome."""
    return open_state(sql, assessment_id)[0]


def findings(sql: Sql, assessment_id: str) -> list[FindingView]:
    """Every finding of an assessment, most severe first."""
    rows = sql.rows(
        "SELECT severity, description, item_id, corrective_action, owner, due_date, id, status "
        "FROM finding WHERE assessment_id = ?",
        [assessment_id],
    )
    views = [
        FindingView(Severity(sev), desc, item, action, owner, due, id=fid, status=FindingStatus(st))
        for sev, desc, item, action, owner, due, fid, st in rows
    ]
    return sorted(views, key=lambda v: (v.severity.rank, v.item_id or "", v.id))


def imported(sql: Sql, assessment_id: str) -> bool:
    """Whether the assessment came from a signed result package (at headquarters)."""
    found = sql.first(
        "SELECT 1 FROM imported_package WHERE assessment_id = ? LIMIT 1", [assessment_id]
    )
    return found is not None


def evidence(sql: Sql, assessment_id: str) -> list[tuple[str, str | None, str, str]]:
    """An assessment's evidence as reports show it, (id, item id, name, kind): its own, and
    that of suppliers' responses only once headquarters accepted the closure."""
    return [
        (eid, item, name or title or "", kind)
        for eid, item, name, title, kind in sql.rows(
            "SELECT id, item_id, original_name, title, kind FROM evidence "
            "WHERE assessment_id = ? AND (response_id IS NULL OR response_id IN "
            "(SELECT id FROM finding_response WHERE decision = ?)) ORDER BY id",
            [assessment_id, ResponseDecision.ACCEPTED.value],
        )
    ]
