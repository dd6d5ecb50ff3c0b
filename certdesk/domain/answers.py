"""Answers to items and the checks every answer must pass."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from certdesk.domain.framework import NA, Framework


@dataclass(frozen=True)
class Answer:
    code: str
    justification: str = ""


class AnswerProblem(StrEnum):
    UNKNOWN_ITEM = "unknown_item"
    OFF_SCALE = "off_scale"
    NA_NOT_ALLOWED = "na_not_allowed"
    NA_NOT_ALLOWED_MANDATORY = "na_not_allowed_mandatory"
    NA_NEEDS_JUSTIFICATION = "na_needs_justification"


def check_answer(framework: Framework, item_id: str, answer: Answer) -> AnswerProblem | None:
    """The first problem with `answer` to `item_id`, or None when it is acceptable."""
    item = framework.item(item_id)
    if item is None:
        return AnswerProblem.UNKNOWN_ITEM
    scale = framework.scale_of(item)
    if answer.code != NA:
        return None if scale.level(answer.code) else AnswerProblem.OFF_SCALE
    if not scale.na_allowed:
        return AnswerProblem.NA_NOT_ALLOWED
    if item.mandatory and not scale.na_allowed_for_mandatory:
        return AnswerProblem.NA_NOT_ALLOWED_MANDATORY
    if scale.na_requires_justification and not answer.justification.strip():
        return AnswerProblem.NA_NEEDS_JUSTIFICATION
    return None
