"""Words every report uses alike: why the outcome is what it is."""

from __future__ import annotations

from certdesk.domain.framework import Framework
from certdesk.domain.scoring import ScoreResult
from certdesk.i18n import _


def decision_text(framework: Framework, result: ScoreResult, lang: str) -> str:
    """The rule that decided the outcome, in its own words (never its id)."""
    if result.decided_by == "default":
        return _("No rule matched; the framework's default outcome applies.")
    rule = next((r for r in framework.rules if r.id == result.decided_by), None)
    if rule and rule.explanation:
        return rule.explanation.get(lang)
    return _("Rule {rule} of the framework").format(rule=result.decided_by)
