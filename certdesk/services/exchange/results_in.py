"""Importing result and response packages at headquarters: verify everything, then write once.

Every check runs before the database is touched; a refused file leaves it as
it was. The same file twice changes nothing; a newer sequence of an
assessment replaces the older, an older one is refused. One file's refusal,
or an unexpected error in it, never stops the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from certdesk.crash import save_crash_report
from certdesk.crypto.keys import fingerprint
from certdesk.formats.bounded import read_regular
from certdesk.formats.package import PackageError
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.import_pool import (
    MAX_FILE,
    Read,
    Trusted,
    accepted_signer,
    reading_files,
)
from certdesk.services.exchange.inbound import (
    Imported,
    ImportOutcome,
    ImportStatus,
    Refused,
    Verified,
)
from certdesk.services.exchange.responses_in import import_response
from certdesk.services.exchange.result_gate import verify_result
from certdesk.services.exchange.results_batch import BATCH, imported, write_batch
from certdesk.services.exchange.trust import TrustedKeyView, entry_of, view_of
from certdesk.services.messages import cannot_read, package_problem, untrusted
from certdesk.services.own_keys import DecryptionKeys


def _trusted(ctx: Context, public: bytes) -> TrustedKeyView:
    with reading(ctx) as session:
        entry = entry_of(session, fingerprint(public))
    held = (
        {} if entry is None else {entry.fingerprint: Trusted(entry.signing_public, view_of(entry))}
    )
    return accepted_signer(held, public)


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
    """Verify and import each file; one file's refusal never stops the others. Files are
    read in a pool of processes when there are many (`import_pool`) and written in
    batches (`results_batch`). `progress(done, total)` returning False (cancelled) leaves
    the files not yet written unwritten, each said so; those imported stay imported."""
    ctx.require_hq()
    done: list[ImportOutcome] = []
    batch: list[Read] = []

    def flush() -> None:
        done.extend(write_batch(ctx, batch).outcomes)
        batch.clear()

    with reading_files(ctx, paths) as reads:
        for read in reads:
            if progress is not None and not progress(len(done) + len(batch), len(paths)):
                flush()
                skipped = _("not imported: the import was cancelled before this file")
                left = paths[len(done) :]
                done.extend(ImportOutcome(untrusted(p.name, 200), reason=skipped) for p in left)
                break
            if read.response:
                flush()  # a response follows the result it answers
                done.append(_response(ctx, read.path))
                continue
            batch.append(read)
            if len(batch) >= BATCH:
                flush()
        else:
            flush()
    return imported(tuple(done))


def _response(ctx: Context, path: Path) -> ImportOutcome:
    outcome = ImportOutcome(untrusted(path.name, 200))
    try:
        raw = read_regular(path, MAX_FILE, untrusted(path.name))
        signer, package = _opened(ctx, raw)
        import_response(ctx, outcome, raw, signer, package)
    except InvalidFileError as exc:
        outcome.reason = exc.problems[0].message
    except OSError as exc:
        outcome.reason = cannot_read(untrusted(path.name), exc)
    except Refused as exc:
        outcome.reason = exc.reason
    except Exception as exc:  # a bug: the file is refused, nothing of it written, reported
        save_crash_report(exc)
        outcome.status, outcome.reason = ImportStatus.REFUSED, package_problem("internal_error")
    return outcome
