"""The rules every answer and every profile choice must pass, wherever it comes from.

The desktop app, the command line, a CSV or questionnaire import and
headquarters' recomputation of a result package all check an answer here, so
they accept and refuse exactly the same answers with the same words.
"""

from __future__ import annotations

from certdesk.domain.answers import Answer, check_answer
from certdesk.domain.framework import NA, Framework, Profile
from certdesk.errors import UserError
from certdesk.services.messages import answer_problem, no_profile


def answer_of(code: str, note: str | None) -> Answer:
    """An answer as given: for `na`, the note is its justification."""
    return Answer(code, (note or "") if code == NA else "")


def answer_error(framework: Framework, item_id: str, answer: Answer) -> str | None:
    """What is wrong with `answer` to `item_id`, in words, or None when it is acceptable."""
    problem = check_answer(framework, item_id, answer)
    if problem is None:
        return None
    item = framework.item(item_id)
    codes = framework.scale_of(item).codes if item else ()
    return answer_problem(problem, item_id, answer.code, codes)


def checked(framework: Framework, item_id: str, code: str, note: str | None) -> Answer:
    """The answer, or a user error that says what is wrong with it."""
    answer = answer_of(code, note)
    error = answer_error(framework, item_id, answer)
    if error is not None:
        raise UserError(error)
    return answer


def profile_of(framework: Framework, profile: str | None) -> Profile | None:
    """The framework's applicability profile `profile` (None: no profile), or a user error."""
    if profile is None:
        return None
    chosen = framework.profile(profile)
    if chosen is None:
        raise UserError(no_profile(profile, tuple(p.id for p in framework.profiles)))
    return chosen
