"""The writing half of an import at headquarters: checked result packages written in
batches, one transaction per batch and one savepoint per file.

Each file is checked against what headquarters holds at the moment it is written (its
kit, its signer's trust, what it replaces: `result_gate.bind`) and written whole or not
at all: a refusal or a clash with a colleague's import of the same rows undoes that
file's savepoint only. A clash is tried again alone, in its own transaction, where the
colleague's rows read as present (the same file) or as newer.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from certdesk.crash import save_crash_report
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.services.context import Context, Unit, changing
from certdesk.services.exchange.import_pool import Read
from certdesk.services.exchange.inbound import (
    Imported,
    ImportOutcome,
    ImportStatus,
    Refused,
    Verified,
)
from certdesk.services.exchange.result_check import Checked
from certdesk.services.exchange.result_gate import bind
from certdesk.services.exchange.results_store import write_rows
from certdesk.services.messages import package_problem, untrusted
from certdesk.store import audit
from certdesk.store.errors import transient
from certdesk.store.tables import ImportedPackage

BATCH = 50
"""Files per transaction: the commit's cost shared, a batch's lock held briefly."""
CONFLICT_RETRIES = 4
"""How often a file whose write met another person's write of the same rows (or whose
transaction the server undid as a deadlock) is tried again alone: the second time it is
found present, or older, or writes cleanly."""


def _newest(session: Session, found: Verified, outcome: ImportOutcome) -> int | None:
    """The newest sequence held of this assessment (0: none), or None when this file must
    not be written (already present, or not newer than what is held). The packages held
    are read in one statement, so a colleague's import of the same file that committed
    meanwhile reads as present, never as older."""
    held = session.exec(
        select(ImportedPackage.sha256, ImportedPackage.sequence).where(
            (ImportedPackage.assessment_id == outcome.assessment)
            | (ImportedPackage.sha256 == found.sha256)
        )
    ).all()
    if any(sha == found.sha256 for sha, _seq in held):
        outcome.status = ImportStatus.PRESENT
        return None
    newest = max((seq for _sha, seq in held), default=0)
    if (outcome.sequence or 0) <= newest:
        outcome.reason = package_problem("older_sequence", str(newest))
        return None
    return newest


def write_one(ctx: Context, unit: Unit, checked: Checked, outcome: ImportOutcome) -> None:
    """Check one file against what is held and write it inside `unit`; Refused says why
    not, and the outcome says what happened."""
    found = bind(unit.session, checked)
    outcome.assessment = found.content["assessment"]["id"]
    outcome.sequence = found.manifest["sequence"]
    claimed = found.manifest["claimed"]["total"]
    if claimed != found.recomputed:
        outcome.differences.append(
            _("the file claims a total of {claimed}, recomputed {ours}").format(
                claimed=untrusted(claimed), ours=found.recomputed
            )
        )
    held = _newest(unit.session, found, outcome)
    if held is None:
        return
    write_rows(ctx, unit, found, replace=held > 0, claimed=claimed)
    outcome.status = ImportStatus.IMPORTED


def _fresh(read: Read) -> ImportOutcome:
    return ImportOutcome(untrusted(read.path.name, 200), reason=read.refused)


def _failed(outcome: ImportOutcome, exc: Exception) -> None:
    outcome.status = ImportStatus.REFUSED
    if isinstance(exc, Refused):
        outcome.reason = exc.reason
    elif isinstance(exc, UserError):
        outcome.reason = str(exc)
    else:  # a bug: this file is refused, nothing of it written, reported
        save_crash_report(exc)
        outcome.reason = package_problem("internal_error")


def write_alone(ctx: Context, read: Read) -> Imported:
    """One checked file in its own transaction, tried again after a clash."""
    outcome = _fresh(read)
    for attempt in range(CONFLICT_RETRIES if read.checked is not None else 0):
        assert read.checked is not None
        outcome = _fresh(read)
        try:
            with changing(ctx) as unit:
                write_one(ctx, unit, read.checked, outcome)
            break
        except Exception as exc:
            again = isinstance(exc, IntegrityError) or transient(exc)
            if not again or attempt == CONFLICT_RETRIES - 1:
                _failed(outcome, exc)
                break
    return imported((outcome,))


def write_batch(ctx: Context, batch: list[Read]) -> Imported:
    """Write checked files in one transaction, each in its own savepoint; their outcomes
    in order. Should the transaction itself fail, each file is written alone."""
    outcomes = [_fresh(r) for r in batch]
    clashed: list[int] = []
    try:
        with changing(ctx) as unit:
            audit.hold_lock(unit.session)  # first: batches never wait on each other's rows
            for n, read in enumerate(batch):
                if read.checked is None:
                    continue
                try:
                    with unit.part() as part:
                        write_one(ctx, part, read.checked, outcomes[n])
                except IntegrityError:
                    clashed.append(n)
                except OperationalError:
                    raise  # the transaction itself (a deadlock, the connection): all again
                except Exception as exc:  # this file alone
                    _failed(outcomes[n], exc)
    except Exception:  # the commit itself: nothing of the batch stays, each alone
        return imported(tuple(o for r in batch for o in write_alone(ctx, r).outcomes))
    for n in clashed:
        [outcomes[n]] = write_alone(ctx, batch[n]).outcomes
    return imported(tuple(outcomes))


def imported(outcomes: tuple[ImportOutcome, ...]) -> Imported:
    """What an import changed: every view of results, when any file was written."""
    written = any(o.status is ImportStatus.IMPORTED for o in outcomes)
    return Imported(
        outcomes=outcomes,
        assessments=written,
        portfolio=written,
        responses=written,
        certificates=written,
    )
