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
