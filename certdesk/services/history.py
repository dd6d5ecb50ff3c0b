"""Undo and redo of what a user did to an assessment, kept in the library.

Each use case that changes an assessment records a step: what it is called
("answer 3.7.2"), how to undo it and how to redo it. The desktop app asks for
the newest step of the assessment it shows, so undo never reaches into another
assessment. A step that can no longer be undone or redone is discarded, which
lets a step destroy what it kept for the way back (a removed evidence file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from certdesk.services.changes import Changes

LIMIT = 500


@dataclass(frozen=True)
class Step:
    label: str
    """What it undoes, in the user's language: "answer 3.7.2"."""
    assessment: str
    undo: Callable[[], Changes]
    redo: Callable[[], Changes]
    discard: Callable[[bool], None] | None = None
    """Told whether the step stands done (True) or undone (False) when it is forgotten."""


class History:
    def __init__(self) -> None:
        self._done: list[Step] = []
        self._undone: list[Step] = []
        self._replaying = False

    @property
    def replaying(self) -> bool:
        """True while a step is undone or redone (its writes record no new step)."""
        return self._replaying

    def record(self, step: Step) -> None:
        """A new step: the way forward of its assessment is gone."""
        if self._replaying:
            return
        for old in [s for s in self._undone if s.assessment == step.assessment]:
            self._undone.remove(old)
            _forget(old, done=False)
        self._done.append(step)
        while len(self._done) > LIMIT:
            _forget(self._done.pop(0), done=True)

    def _newest(self, steps: list[Step], assessment: str) -> Step | None:
        return next((s for s in reversed(steps) if s.assessment == assessment), None)

    def undo_label(self, assessment: str) -> str | None:
        step = self._newest(self._done, assessment)
        return step.label if step else None

    def redo_label(self, assessment: str) -> str | None:
        step = self._newest(self._undone, assessment)
        return step.label if step else None

    @contextmanager
    def _replay(self) -> Iterator[None]:
        self._replaying = True
        try:
            yield
        finally:
            self._replaying = False

    def undo(self, assessment: str) -> Changes | None:
        """Undo the newest step of `assessment`; None when there is none.

        A step whose undo fails (the assessment became final meanwhile) stays
        where it was and the error goes to the caller.
        """
        step = self._newest(self._done, assessment)
        if step is None:
            return None
        with self._replay():
            changes = step.undo()
        self._done.remove(step)
        self._undone.append(step)
        return changes

    def redo(self, assessment: str) -> Changes | None:
        step = self._newest(self._undone, assessment)
        if step is None:
            return None
        with self._replay():
            changes = step.redo()
        self._undone.remove(step)
        self._done.append(step)
        return changes

    def forget(self, assessment: str | None = None) -> None:
        """Drop the steps of one assessment (or all), discarding what they kept."""
        for steps, done in ((self._done, True), (self._undone, False)):
            for step in [s for s in steps if assessment is None or s.assessment == assessment]:
                steps.remove(step)
                _forget(step, done)

    def clear(self) -> None:
        self.forget(None)


def _forget(step: Step, done: bool) -> None:
    if step.discard is not None:
        step.discard(done)
