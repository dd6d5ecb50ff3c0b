"""An import at headquarters reports its progress and can be cancelled between files."""

from __future__ import annotations

from pathlib import Path

from certdesk.services.assessment import answers
from certdesk.services.exchange import results_in, results_out
from tests.support.exchange import Actor, kit_assessment


def test_a_cancelled_import_keeps_what_it_imported_and_says_what_it_left(tmp_path: Path) -> None:
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    made = []
    for n in range(3):
        aid = kit_assessment(hq, field, tmp_path)
        with field.acting() as ctx:
            answers.answer(ctx, aid, "1.1.1", "met")
            made.append(results_out.export_package(ctx, aid, tmp_path / f"{n}.cdpkg").files[0])
    seen: list[tuple[int, int]] = []

    def cancel_after_the_first(done: int, total: int) -> bool:
        seen.append((done, total))
        return done < 1

    with hq.acting() as ctx:
        outcomes = results_in.import_files(ctx, made, cancel_after_the_first).outcomes
        assert [o.status for o in outcomes] == ["imported", "refused", "refused"]
        assert all("cancelled before this file" in o.reason for o in outcomes[1:])
        assert seen == [(0, 3), (1, 3)]
        again = results_in.import_files(ctx, made).outcomes  # nothing half-done: it goes on
        assert [o.status for o in again] == ["present", "imported", "imported"]
