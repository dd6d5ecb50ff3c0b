"""Importing result and response packages at headquarters: verify everything, then write once.

Every check runs before the database is touched; a refused file leaves it as
it was. The same file twice changes nothing; a newer sequence of an
assessment replaces the older, an older one is refused. One file's refusal,
or an unexpected error in it, never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from certdesk.crash import save_crash_report
from certdesk.crypto.keys import b64, fingerprint
from certdesk.formats.bounded import read_regular
from certdesk.formats.package import PackageError
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.inbound import (
    Imported,
    ImportOutcome,
    ImportStatus,
    Refused,
    Verified,
)
from certdesk.services.exchange.responses_in import import_response
from certdesk.services.exchange.result_gate import verify_result
from certdesk.services.exchange.results_store import write_package
from certdesk.services.exchange.trust import TrustedKeyView, entry_of, view_of
from certdesk.services.messages import cannot_read, package_problem, untrusted
from certdesk.services.own_keys import DecryptionKeys
from certdesk.store.tables import ImportedPackage

MAX_FILE = 600 * 1024 * 1024


def _trusted(ctx: Context, public: bytes) -> TrustedKeyView:
    with reading(ctx) as session:
        trusted = entry_of(session, fingerprint(public))
    if trusted is None or trusted.signing_public != b64(public):  # the whole key, not 128 bits
        raise Refused(package_problem("unknown_signer", fingerprint(public)))
    if trusted.revoked_at is not None:
        raise Refused(package_problem("revoked_signer", trusted.name))
    return view_of(trusted)


def _opened(ctx: Context, raw: bytes) -> tuple[TrustedKeyView, container.Opened]:
    """The trusted signer and the content of any package, after every common check."""
    found: list[TrustedKeyView] = []

    def accept(public: bytes) -> None:
        found.append(_trusted(ctx, public))

    decrypt = container.decrypting(DecryptionKeys())
    try:
        package = container.open_container(raw, decrypt, accept, kinds=("result", "response"))
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    return found[0], package


def verify(ctx: Context, raw: bytes) -> Verified:
    """Check a result package completely, writing nothing; raises Refused with the reason."""
    signer, package = _opened(ctx, raw)
    return verify_result(ctx, raw, signer, package)


def import_files(
    ctx: Context, paths: list[Path], progress: Callable[[int, int], bool] | None = None
) -> Imported:
    """Verify and import each file, each in its own transaction; one file's refusal never
    stops the others. `progress(done, total)` returning False (cancelled) leaves the files
    not yet begun unread, each said so; those imported stay imported."""
    ctx.require_hq()
    done: list[ImportOutcome] = []
    for n, path in enumerate(paths):
        if progress is not None and not progress(n, len(paths)):
            skipped = _("not imported: the import was cancelled before this file")
            done.extend(ImportOutcome(untrusted(p, 200), reason=skipped) for p in paths[n:])
            break
        done.append(import_one(ctx, path))
    outcomes = tuple(done)
    written = any(o.status is ImportStatus.IMPORTED for o in outcomes)
    return Imported(
        outcomes=outcomes,
        assessments=written,
        portfolio=written,
        responses=written,
        certificates=written,
    )


CONFLICT_RETRIES = 3
"""At a server database, how often a file whose write met another person's write of the
same rows (the same package, or the same assessment) is read again: the second time it
is found present, or older, or writes cleanly."""


def import_one(ctx: Context, path: Path) -> ImportOutcome:
    outcome = ImportOutcome(untrusted(path, 200))
    try:
        for attempt in range(CONFLICT_RETRIES):
            try:
                _import(ctx, path, outcome)
                break
            except IntegrityError:
                if attempt == CONFLICT_RETRIES - 1:
                    raise
                outcome = ImportOutcome(outcome.file)  # nothing of it was written
    except OSError as exc:
        outcome.reason = cannot_read(untrusted(path.name), exc)
    except Refused as exc:
        outcome.reason = exc.reason
    except Exception as exc:  # a bug: the file is refused, nothing of it written, reported
        save_crash_report(exc)
        outcome.status, outcome.reason = ImportStatus.REFUSED, package_problem("internal_error")
    return outcome


def _import(ctx: Context, path: Path, outcome: ImportOutcome) -> None:
    try:
        raw = read_regular(path, MAX_FILE, untrusted(path.name))
    except InvalidFileError as exc:
        raise Refused(exc.problems[0].message) from None
    signer, package = _opened(ctx, raw)
    if package.kind == "response":
        import_response(ctx, outcome, raw, signer, package)
        return
    found = verify_result(ctx, raw, signer, package)
    outcome.assessment = found.content["assessment"]["id"]
    outcome.sequence = found.manifest["sequence"]
    claimed = found.manifest["claimed"]["total"]
    if claimed != found.recomputed:
        outcome.differences.append(
            _("the file claims a total of {claimed}, recomputed {ours}").format(
                claimed=untrusted(claimed), ours=found.recomputed
            )
        )
    held = _newest(ctx, found, outcome)
    if held is None:
        return
    write_package(ctx, found, replace=held > 0, claimed=claimed)
    outcome.status = ImportStatus.IMPORTED


def _newest(ctx: Context, found: Verified, outcome: ImportOutcome) -> int | None:
    """The newest sequence held of this assessment (0: none), or None when this file must
    not be written (already present, or not newer than what is held). The packages held
    are read in one statement, so a colleague's import of the same file that committed
    meanwhile reads as present, never as older."""
    with reading(ctx) as session:
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
