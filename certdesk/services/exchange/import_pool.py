"""The reading half of an import at headquarters, in a pool of processes.

Reading a result package is most of its cost: the signature, the decryption, the
archive, every shape and answer rule, the evidence hashes, the audit chain, the score.
None of it needs the database, so with many files a pool of processes does it
(`check_file`, with what a worker needs in a `Desk`: the framework folders, this
desk's decryption keys and a copy of the trust store), and the writer
(`results_batch`) takes the checked files in the order given, checks each against
what headquarters holds now and writes them in batches.

A worker refuses exactly as the writer would: it runs the same checks, and the writer
checks the signer's trust again at write time, so a key revoked meanwhile still stops
its files.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlmodel import select

from certdesk.crash import save_crash_report
from certdesk.crypto.keys import b64, fingerprint
from certdesk.formats.bounded import read_regular
from certdesk.formats.package import PackageError
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import current_language, set_language
from certdesk.services.context import Context, reading
from certdesk.services.exchange import container
from certdesk.services.exchange.inbound import Refused
from certdesk.services.exchange.result_check import Checked, check_result
from certdesk.services.exchange.trust import TrustedKeyView, view_of
from certdesk.services.library.frameworks import Library
from certdesk.services.messages import cannot_read, package_problem, untrusted
from certdesk.services.own_keys import DecryptionKeys
from certdesk.store.tables import TrustedKey

MAX_FILE = 600 * 1024 * 1024
WORKERS = 4
POOL_FROM = 24
"""Fewer files than this are read here: starting processes would cost more."""
AHEAD = 4
"""Files read ahead of the writer per worker: memory stays bounded however many."""


@dataclass(frozen=True)
class Trusted:
    public: str
    """The whole signing key (base64), never only its fingerprint."""
    view: TrustedKeyView


@dataclass(frozen=True)
class Desk:
    """What reading a file needs, copied to each worker."""

    bundled: Path
    user: Path
    language: str
    decryption: tuple[bytes, ...] | None
    """For a worker: this desk's X25519 private keys, the current first (raw bytes). In
    this process (None): the keys as `DecryptionKeys` opens them, a retired one only
    when the current one cannot read a file."""
    trusted: dict[str, Trusted]

    def library(self) -> Library:
        return Library(self.bundled, self.user)


def desk_of(ctx: Context, *, for_workers: bool = False) -> Desk:
    keys = tuple(k.private_bytes_raw() for k in DecryptionKeys()) if for_workers else None
    with reading(ctx) as session:
        rows = session.exec(select(TrustedKey)).all()
        trusted = {r.fingerprint: Trusted(r.signing_public, view_of(r)) for r in rows}
    return Desk(ctx.library.bundled, ctx.library.user, current_language(), keys, trusted)


@dataclass(frozen=True)
class Read:
    """A file as read: checked, or a response (imported whole by the writer), or refused."""

    path: Path
    checked: Checked | None = None
    response: bool = False
    refused: str = ""
    crashed: bool = False


def accepted_signer(trusted: dict[str, Trusted], public: bytes) -> TrustedKeyView:
    """The trust store's entry for a signing key, or Refused: unknown, or revoked."""
    entry = trusted.get(fingerprint(public))
    if entry is None or entry.public != b64(public):  # the whole key, not 128 bits
        raise Refused(package_problem("unknown_signer", fingerprint(public)))
    if entry.view.revoked_at is not None:
        raise Refused(package_problem("revoked_signer", entry.view.name))
    return entry.view


def _check(desk: Desk, library: Library, path: Path) -> Read:
    try:
        raw = read_regular(path, MAX_FILE, untrusted(path.name))
    except InvalidFileError as exc:
        raise Refused(exc.problems[0].message) from None
    found: list[TrustedKeyView] = []
    keys = (
        DecryptionKeys()
        if desk.decryption is None
        else [X25519PrivateKey.from_private_bytes(k) for k in desk.decryption]
    )
    try:
        package = container.open_container(
            raw,
            container.decrypting(keys),
            lambda public: found.append(accepted_signer(desk.trusted, public)),
            kinds=("result", "response"),
        )
    except PackageError as exc:
        raise Refused(package_problem(exc.code, exc.detail)) from None
    if package.kind == "response":
        return Read(path, response=True)
    return Read(path, check_result(library, raw, found[0], package))


def check_file(desk: Desk, library: Library, path: Path) -> Read:
    """Read and check one file completely, writing nothing; every refusal in one line."""
    try:
        return _check(desk, library, path)
    except OSError as exc:
        return Read(path, refused=cannot_read(untrusted(path.name), exc))
    except Refused as exc:
        return Read(path, refused=exc.reason)
    except Exception as exc:  # a bug: the file is refused, reported, the others go on
        save_crash_report(exc)
        return Read(path, refused=package_problem("internal_error"), crashed=True)


class _Worker:
    desk: Desk
    library: Library


def _start(desk: Desk) -> None:
    set_language(desk.language)
    _Worker.desk, _Worker.library = desk, desk.library()


def _in_worker(path: Path) -> Read:
    return check_file(_Worker.desk, _Worker.library, path)


@contextmanager
def reading_files(ctx: Context, paths: list[Path]) -> Iterator[Iterator[Read]]:
    """Each file read and checked, in the order given: in a pool of processes when there
    are many. Leaving the block early cancels what was not read yet."""
    pooled = len(paths) >= POOL_FROM
    desk = desk_of(ctx, for_workers=pooled)
    if not pooled:
        library = ctx.library
        yield (check_file(desk, library, p) for p in paths)
        return
    spawn = multiprocessing.get_context("spawn")  # never fork a process with Qt's threads
    workers = min(WORKERS, len(paths) // 8 or 1)
    with ProcessPoolExecutor(workers, spawn, initializer=_start, initargs=(desk,)) as pool:
        try:
            yield _in_order(pool, paths, workers * AHEAD)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _in_order(pool: ProcessPoolExecutor, paths: list[Path], ahead: int) -> Iterator[Read]:
    queued: list[Future[Read]] = []
    waiting = iter(paths)
    for path in waiting:
        queued.append(pool.submit(_in_worker, path))
        if len(queued) >= ahead:
            break
    while queued:
        read = queued.pop(0).result()
        following = next(waiting, None)
        if following is not None:
            queued.append(pool.submit(_in_worker, following))
        yield read
