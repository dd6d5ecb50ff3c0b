"""Scoring: weighted conformity, maturity and deduction from a baseline."""

from certdesk.domain.scoring.engine import Scorer, score
from certdesk.domain.scoring.result import ItemScore, NodeScore, ScoreResult

__all__ = ["ItemScore", "NodeScore", "ScoreResult", "Scorer", "score"]
