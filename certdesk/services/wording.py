"""Plain words for the codes the domain returns, shared by every interface."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from certdesk.domain.answers import AnswerProblem
from certdesk.errors import UserError
from certdesk.i18n import _


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
        "framework_differs": _("framework {detail} is installed here with other content"),
        "older_sequence": _("an older sequence than the one held ({detail}); refused"),
        "no_final_result": _(
            "the response is for no final on-site result of that supplier held here"
        ),
    }
    return texts.get(code, code).format(detail=detail)
