"""The one message catalogue: every expected failure's words, shared by every interface.

A rule that refuses something says so through a function here, so the same
refusal reads the same wherever it happens (the app, the command line, an
import), and a translator finds each sentence once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from certdesk.domain.answers import AnswerProblem
from certdesk.errors import UserError
from certdesk.i18n import _
from certdesk.store.errors import (
    DiskFullError,
    LockedError,
    NewerSchemaError,
    NotADatabaseError,
    NotAllowedError,
    StoreError,
    WrongKeyError,
)
from certdesk.store.in_use import Holder, InUseError


def answer_problem(problem: AnswerProblem, item_id: str, code: str, codes: tuple[str, ...]) -> str:
    choices = ", ".join(codes)
    texts = {
        AnswerProblem.UNKNOWN_ITEM: _("unknown item '{item}'"),
        AnswerProblem.OFF_SCALE: _(
            "'{code}' is not an answer for item {item} (use one of: {choices})"
        ),
        AnswerProblem.NA_NOT_ALLOWED: _("item {item} cannot be answered 'na'"),
        AnswerProblem.NA_NOT_ALLOWED_MANDATORY: _(
            "item {item} is mandatory and cannot be answered 'na'"
        ),
        AnswerProblem.NA_NEEDS_JUSTIFICATION: _(
            "item {item} answered 'na' needs a justification in the note"
        ),
    }
    return texts[problem].format(item=item_id, code=code, choices=choices)


def store_error(exc: StoreError, path: Path) -> UserError:
    return UserError(_store_text(exc, path))


def _store_text(exc: StoreError, path: Path) -> str:  # noqa: PLR0911 - one case per error
    if isinstance(exc, WrongKeyError):
        return _("the passphrase or key does not open {file}").format(file=path)
    if isinstance(exc, InUseError) and exc.holder is not None:
        return _in_use(exc.holder, path)
    if isinstance(exc, LockedError | InUseError):
        return _(
            "{file} is in use by another CertDesk window or process; close it and try again"
        ).format(file=path)
    if isinstance(exc, DiskFullError):
        return _("the disk is full: nothing was saved; free some space and try again")
    if isinstance(exc, NewerSchemaError):
        return _(
            "{file} was written by a newer CertDesk (schema {rev}); update CertDesk to open it"
        ).format(file=path, rev=exc.revision)
    if isinstance(exc, NotADatabaseError):
        return _("{file} is not a CertDesk database").format(file=path)
    if isinstance(exc, NotAllowedError):
        return _(
            "your role at headquarters may not change {what}: nothing was changed; "
            "ask who manages the team's roles"
        ).format(what=exc.table.replace("_", " ") if exc.table != "?" else _("this"))
    return str(exc)


def _in_use(holder: Holder, path: Path) -> str:
    try:
        since = datetime.fromisoformat(holder.since).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        since = "?"
    return _(
        "{file} is open in CertDesk by {user} on {host} since {time}; close it "
        "there, then try again"
    ).format(
        file=path,
        user=untrusted(holder.user) or _("someone"),
        host=untrusted(holder.host) or "?",
        time=since,
    )


def needs_hq() -> str:
    return _(
        "this is headquarters' work: open or create a headquarters database "
        "(certdesk init --role hq)"
    )


def final() -> str:
    return _("this assessment is final and can no longer change")


def imported_read_only() -> str:
    return _("this result was imported from a signed package: it stays as its signer signed it")


def untrusted(text: object, limit: int = 80) -> str:
    """Text from a file that arrived from outside, fit to show in one line: control and
    other invisible characters shown as \\xNN, cut to `limit` characters."""
    shown = "".join(
        c if c.isprintable() and c not in "\u2028\u2029" else f"\\x{ord(c):02x}"
        for c in str(text)[: limit * 4]
    )
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def unknown_item(item_id: str) -> str:
    return _("unknown item '{item}'").format(item=item_id)


def no_profile(profile: str, known: tuple[str, ...]) -> str:
    msg = _("the framework has no profile '{profile}' (profiles: {known})")
    return msg.format(profile=profile, known=", ".join(known) or "-")


def not_a_date(text: str) -> str:
    return _("'{due}' is not a date (use YYYY-MM-DD)").format(due=text)


def no_supplier(ref: str) -> str:
    return _("no supplier '{ref}'").format(ref=ref)


def no_encryption_key(path: Path) -> str:
    return _("{file} holds no encryption key: use headquarters' public key file").format(file=path)


def cannot_read(path: Path | str, exc: OSError) -> str:
    reason = exc.strerror or type(exc).__name__
    return _("cannot read {file}: {reason}").format(file=path, reason=reason)


@contextmanager
def reading(path: Path) -> Iterator[None]:
    """Turn a failure to read `path` into a user error."""
    try:
        yield
    except OSError as exc:
        raise UserError(cannot_read(path, exc)) from None


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn a failure to write `path` (disk full, no permission...) into a user error."""
    try:
        yield
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        msg = _("cannot write {file}: {reason}").format(file=path, reason=reason)
        raise UserError(msg) from None


def package_problem(code: str, detail: str = "") -> str:
    """One line for each reason a result package is refused."""
    texts = {
        "not_a_package": _("not a CertDesk result package"),
        "old_format": _(
            "written by an older CertDesk (package format 1), which headquarters no longer "
            "accepts: export it again with this version"
        ),
        "wrong_kind": _("a {detail} file where another kind was expected"),
        "signer_mismatch": _("the content names another signer than the key that signed it"),
        "plaintext": _("the result is not encrypted: results travel encrypted only"),
        "no_kit": _("the result answers no kit issued by this headquarters"),
        "kit_mismatch": _("the result does not match the kit it answers: {detail}"),
        "kit_taken": _("the kit was answered by another assessment already"),
        "not_owner": _("the assessment belongs to another kit, supplier or signer role"),
        "reopened": _("the result is final here; a newer package cannot reopen it"),
        "broken_chain": _("the audit log inside is broken: {detail}"),
        "bad_answer": _("answers.json: {detail}"),
        "bad_date": _("{detail}: a date outside the plausible range"),
        "duplicate": _("{detail} appears twice"),
        "taken_id": _("{detail} is already used by another assessment here"),
        "evidence_differs": _("evidence {detail} does not match its file"),
        "internal_error": _(
            "an unexpected error (a bug); nothing of this file was written and a report was saved"
        ),
        "truncated": _("the file is cut short (truncated)"),
        "trailing_bytes": _("bytes follow the signature: the file was altered"),
        "header_too_large": _("the package header is too large"),
        "bad_header": _("the package header is damaged"),
        "unknown_format": _("unknown package format version {detail}"),
        "too_large": _("the package is larger than CertDesk accepts"),
        "bad_signature": _("bad signature: the file was altered after it was signed"),
        "unknown_signer": _("signed by an unknown key ({detail}); trust it first"),
        "revoked_signer": _("signed by a revoked key ({detail})"),
        "wrong_role": _("an on-site result must be signed by a trusted assessor; {detail} is not"),
        "wrong_supplier": _(
            "a self-assessment must be signed by that supplier's own key; {detail}'s key is not"
        ),
        "not_for_us": _("the package is not encrypted to this headquarters' key"),
        "bad_archive": _("the archive inside the package is damaged"),
        "too_many_members": _("the archive holds too many files ({detail})"),
        "duplicate_member": _("the archive holds {detail} twice"),
        "unsafe_path": _("the archive holds an unsafe path: {detail}"),
        "link_member": _("the archive holds a link: {detail}"),
        "unexpected_member": _("the archive holds an unexpected file: {detail}"),
        "member_too_large": _("a file in the archive is too large: {detail}"),
        "compression_bomb": _("a file in the archive expands too much: {detail}"),
        "bad_manifest": _("the manifest is damaged"),
        "manifest_mismatch": _("the manifest does not list exactly the files present"),
        "tampered_member": _("{detail} does not match its SHA-256 in the manifest"),
        "missing_member": _("{detail} is missing"),
        "malformed": _("{detail} is malformed"),
        "unknown_framework": _("framework {detail} in this version is not installed here"),
        "framework_differs": _(
            "framework {detail} is installed here with other content; ask headquarters "
            "which copy is right before going on"
        ),
        "not_its_framework": _("the framework file inside is not the {detail} the kit names"),
        "older_sequence": _("an older sequence than the one held ({detail}); refused"),
        "no_final_result": _(
            "the response is for no final on-site result of that supplier held here"
        ),
    }
    return texts.get(code, code).format(detail=untrusted(detail))
