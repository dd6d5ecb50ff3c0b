"""The undo history on its own: per assessment, redo cleared by a new step, discards."""

from __future__ import annotations

import pytest

from certdesk.errors import UserError
from certdesk.services.changes import Changes
from certdesk.services.history import History, Step


def _step(log: list[str], name: str, assessment: str = "a") -> Step:
    def undo() -> Changes:
        log.append(f"undo {name}")
        return Changes(assessment=assessment, items=frozenset({name}))

    def redo() -> Changes:
        log.append(f"redo {name}")
        return Changes(assessment=assessment, items=frozenset({name}))

    return Step(
        name,
        assessment,
        undo,
        redo,
        discard=lambda done: log.append(f"discard {name} {'done' if done else 'undone'}"),
    )


def test_undo_and_redo_go_back_and_forth_per_assessment() -> None:
    log: list[str] = []
    history = History()
    history.record(_step(log, "1.1.1"))
    history.record(_step(log, "9.9.9", assessment="b"))
    history.record(_step(log, "1.1.2"))
    assert history.undo_label("a") == "1.1.2"
    changes = history.undo("a")
    assert changes is not None
    assert changes.items == {"1.1.2"}
    assert history.undo_label("a") == "1.1.1"
    assert history.redo_label("a") == "1.1.2"
    assert history.undo_label("b") == "9.9.9"  # another assessment's step is untouched
    history.redo("a")
    assert log == ["undo 1.1.2", "redo 1.1.2"]
    assert history.undo("c") is None


def test_a_new_step_forgets_the_way_forward() -> None:
    log: list[str] = []
    history = History()
    history.record(_step(log, "1.1.1"))
    history.undo("a")
    history.record(_step(log, "1.1.2"))
    assert history.redo_label("a") is None
    assert log == ["undo 1.1.1", "discard 1.1.1 undone"]


def test_steps_replayed_record_nothing() -> None:
    history = History()
    log: list[str] = []

    def undo() -> Changes:
        history.record(_step(log, "inner"))  # the write an undo makes
        return Changes()

    history.record(Step("outer", "a", undo, undo))
    history.undo("a")
    assert history.undo_label("a") is None
    assert history.redo_label("a") == "outer"


def test_a_failed_undo_keeps_its_step() -> None:
    def refuse() -> Changes:
        raise UserError("this assessment is final and can no longer change")

    history = History()
    history.record(Step("answer 1.1.1", "a", refuse, refuse))
    with pytest.raises(UserError, match="final"):
        history.undo("a")
    assert history.undo_label("a") == "answer 1.1.1"


def test_forgetting_discards_what_steps_kept() -> None:
    log: list[str] = []
    history = History()
    history.record(_step(log, "1.1.1"))
    history.record(_step(log, "1.1.2"))
    history.undo("a")
    history.forget("a")
    assert sorted(log) == ["discard 1.1.1 done", "discard 1.1.2 undone", "undo 1.1.2"]
    assert history.undo_label("a") is None
