"""An encrypted backup of the open database, and restoring one into a new database.

A backup (`formats.backup`) carries a consistent copy of the database under a
random key, the sealed evidence files, and both keys (the database's and the
audit log's) sealed under a backup passphrase, so it opens on any computer with
that passphrase and nothing else. A restore never touches an existing database:
it makes a new one, keyed for this computer (its keyring, or a passphrase chosen
now), whose audit log still verifies under the original audit key.

A backup file comes from outside (a USB stick): it is checked in the order its
format allows (framing and sizes, then the passphrase opens the box bound to the
header, then every member against its hash) and nothing lands beside the target
until every check passed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from certdesk import clock
from certdesk.crypto import keystore, passphrase_box
from certdesk.crypto.key_files import BadPassphraseError, KeyDamagedError
from certdesk.errors import CancelledError, UserError
from certdesk.formats import backup as fmt
from certdesk.formats.problems import InvalidFileError
from certdesk.i18n import _
from certdesk.services.changes import Written
from certdesk.services.context import Context, changing, user_errors
from certdesk.services.opening import (
    MIN_PASSPHRASE,
    PassphraseSource,
    audit_box_label,
    env_passphrase,
    open_context,
)
from certdesk.store import audit
from certdesk.store.database import (
    Description,
    description_path,
    evidence_dir,
    new_description,
    rekey_file,
    write_description,
)
from certdesk.store.engine import Secret

SUFFIX = ".cdbackup"
Progress = Callable[[int, int], bool]


def _check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(
            _("choose a passphrase of at least {n} characters").format(n=MIN_PASSPHRASE)
        )


def _evidence_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    found = (p for p in sorted(folder.iterdir()) if p.is_file())
    return [p for p in found if fmt.EVIDENCE.fullmatch(f"evidence/{p.name}")]


def write_backup(
    ctx: Context, target: Path, passphrase: str, progress: Progress | None = None
) -> Written:
    """Write an encrypted backup of the open database to `target` (a new file)."""
    _check_passphrase(passphrase)
    if target.exists():
        raise UserError(_("{file} exists already: choose another name").format(file=target.name))
    db = ctx.db
    assert db.audit_key is not None
    work = Path(tempfile.mkdtemp(prefix=".cdbackup-", dir=target.parent))
    partial = target.with_name(target.name + ".part")
    try:
        key = keystore.new_key()
        copy = work / "database"
        with user_errors(db.path):
            db.export(copy, key)
        evidence = _evidence_files(db.evidence_dir)
        members = [fmt.file_member(fmt.DATABASE, copy)]
        for n, path in enumerate(evidence, 1):
            members.append(fmt.file_member(f"evidence/{path.name}", path))
            if progress is not None and not progress(n, len(evidence) + 1):
                raise CancelledError
        header = fmt.Header(db.role, clock.now().isoformat(), tuple(members))
        keys = json.dumps({"database": key.hex(), "audit": db.audit_key.hex()}).encode()
        box = passphrase_box.close(passphrase, keys, fmt.associated(header.to_bytes()))
        with partial.open("xb") as out:
            fmt.write(out, header, passphrase_box.to_text(box), [copy, *evidence])
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        msg = _("cannot write the backup: {reason}; nothing was written")
        raise UserError(msg.format(reason=exc.strerror or type(exc).__name__)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    with changing(ctx) as unit:
        data = {"file": target.name, "evidence": len(evidence)}
        audit.append(unit.session, audit.DATABASE_CHAIN, ctx.user, "database.backup", data)
    return Written(files=(target,))


@dataclass(frozen=True)
class BackupInfo:
    """What a backup says of itself before its passphrase is given (not yet trusted)."""

    role: str
    created: str
    evidence: int
    size: int


def _open_regular(source: Path) -> tuple[int, int]:
    """A file descriptor on the regular file `source`, and its size."""
    try:
        fd = os.open(source, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        msg = _("cannot read {file}: {reason}")
        raise UserError(msg.format(file=source.name, reason=exc.strerror)) from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise UserError(_("{file} is not a backup file").format(file=source.name))
    return fd, info.st_size


def inspect(source: Path) -> BackupInfo:
    fd, size = _open_regular(source)
    with os.fdopen(fd, "rb") as f:
        opened = _frame(f, size, source)
    header = opened.header
    return BackupInfo(header.role, header.created, len(header.members) - 1, size)


def _frame(f: object, size: int, source: Path) -> fmt.Opened:
    try:
        return fmt.read_frame(f, size, source.name)  # type: ignore[arg-type]
    except InvalidFileError as exc:
        raise UserError(str(exc.problems[0])) from None


def _keys(opened: fmt.Opened, passphrase: str) -> tuple[bytes, bytes]:
    wrong = _("the backup passphrase is not right, or the backup was altered; nothing was restored")
    try:
        box = passphrase_box.from_text(opened.box)
        raw = passphrase_box.open_box(passphrase, box, fmt.associated(opened.header_bytes))
        keys = json.loads(raw)
        found = (keys["database"], keys["audit"])
    except (BadPassphraseError, KeyDamagedError, ValueError, KeyError, TypeError):
        raise UserError(wrong) from None
    if not all(isinstance(k, str) and re.fullmatch(r"[0-9a-f]{64}", k) for k in found):
        raise UserError(wrong)
    return bytes.fromhex(found[0]), bytes.fromhex(found[1])


def _check_target(target: Path) -> None:
    taken = (target, description_path(target), evidence_dir(target))
    if any(p.exists() for p in taken):
        msg = _("{file} exists already: restore into a new file")
        raise UserError(msg.format(file=target.name))
    if not target.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=target.parent))


def _unpack(f: object, opened: fmt.Opened, work: Path, source: Path) -> None:
    (work / "evidence").mkdir(mode=0o700)
    for member in opened.header.members:
        name = "database" if member.name == fmt.DATABASE else member.name
        try:
            fmt.copy_member(f, member, work / name, source.name)  # type: ignore[arg-type]
        except InvalidFileError as exc:
            raise UserError(str(exc.problems[0])) from None


def _local_key(
    role: str, audit_key: bytes, passphrase: PassphraseSource
) -> tuple[Description, Secret]:
    """The restored database's description and key, for this computer."""
    if keystore.secure_keyring():
        described = new_description(role, "keyring")
        key = keystore.new_key()
        try:
            keystore.store_key(described.uuid, key)
            keystore.store_audit_key(described.uuid, audit_key)
        except keystore.KeyringRefusedError as exc:
            msg = _("the keyring refused to keep the database key ({reason}); unlock it")
            raise UserError(msg.format(reason=exc)) from None
        return described, Secret(raw_key=key)
    described = new_description(role, "passphrase")
    chosen = passphrase(True) or ""
    _check_passphrase(chosen)
    box = passphrase_box.close(
        chosen, audit_key, audit_box_label(described), n=passphrase_box.AUDIT_N
    )
    return replace(described, audit_box=passphrase_box.to_text(box)), Secret(passphrase=chosen)


def restore(
    source: Path,
    target: Path,
    backup_passphrase: str,
    passphrase: PassphraseSource = env_passphrase,
) -> Written:
    """Make a new database at `target` from the backup `source` (the file written)."""
    _check_target(target)
    fd, size = _open_regular(source)
    work = Path(tempfile.mkdtemp(prefix=".cdrestore-", dir=target.parent))
    described: Description | None = None
    try:
        with os.fdopen(fd, "rb") as f:
            opened = _frame(f, size, source)
            database_key, audit_key = _keys(opened, backup_passphrase)
            _unpack(f, opened, work, source)
        described, secret = _local_key(opened.header.role, audit_key, passphrase)
        with user_errors(source):
            rekey_file(work / "database", Secret(raw_key=database_key), secret)
        os.replace(work / "database", target)
        os.replace(work / "evidence", evidence_dir(target))
        write_description(target, described)
    except BaseException:
        if described is not None and described.key == "keyring":
            keystore.forget_key(described.uuid)
            keystore.forget_audit_key(described.uuid)
        for made in (target, description_path(target)):
            made.unlink(missing_ok=True)
        shutil.rmtree(evidence_dir(target), ignore_errors=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    given = secret.passphrase
    ctx = open_context(target, lambda _new: given, None)
    try:
        with changing(ctx) as unit:
            data = {"made": opened.header.created}
            audit.append(unit.session, audit.DATABASE_CHAIN, ctx.user, "database.restore", data)
    finally:
        ctx.close()
    return Written(files=(target,))
