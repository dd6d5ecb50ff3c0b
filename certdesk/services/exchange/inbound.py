"""What an import at headquarters says about each file, and the checked content it writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from certdesk.domain.scoring.result import ScoreResult
from certdesk.services.changes import Changes
from certdesk.services.exchange.trust import TrustedKeyView


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    PRESENT = "present"
    """The same file was imported before: nothing changed."""
    REFUSED = "refused"


@dataclass
class ImportOutcome:
    file: str
    status: ImportStatus = ImportStatus.REFUSED
    reason: str = ""
    assessment: str | None = None
    sequence: int | None = None
    differences: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return self.status is not ImportStatus.REFUSED


@dataclass(frozen=True)
class Verified:
    """A result package that passed every check, ready to write."""

    sha256: str
    signer: TrustedKeyView
    manifest: dict[str, Any]
    members: dict[str, bytes]
    content: dict[str, Any]
    recomputed: str
    kit: str
    """The kit the result answers."""
    supplier_id: str
    """The supplier as the kit names it, never as the package does."""
    held: ScoreResult
    """The score kept at import (`result_check.Checked.held`)."""


class Refused(Exception):  # noqa: N818 (a verdict, not an error: the import goes on)
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, kw_only=True)
class Imported(Changes):
    """A batch of files imported: each file's outcome, in the order given."""

    outcomes: tuple[ImportOutcome, ...]

    @property
    def all_accepted(self) -> bool:
        return all(o.accepted for o in self.outcomes)
