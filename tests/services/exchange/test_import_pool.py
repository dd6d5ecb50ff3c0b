"""Many result packages at once: read in a pool of processes, written in batches; the
same outcomes as one at a time, in the order given, and each stored score the one a
rescore gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import func, select

from certdesk.services.assessment import held_scores
from certdesk.services.exchange import import_pool, results_batch, results_in, trust
from certdesk.store.tables import Assessment, ImportedPackage, ResultScore
from tests.support.packages import Results, many_results

COUNT = import_pool.POOL_FROM + 6  # enough to start the pool


@pytest.fixture
def made(tmp_path: Path) -> Results:
    return many_results(tmp_path, COUNT)


def test_a_pool_imports_every_file_in_order_with_the_score_a_rescore_gives(
    made: Results, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results_batch, "BATCH", 7)  # several batches, one partly filled
    broken = made.paths[0].with_name("broken.cdpkg")
    broken.write_bytes(b"CDPK" + b"\0" * 64)
    given = [*made.paths[:10], broken, *made.paths[10:], made.paths[3]]
    with made.hq.acting() as ctx:
        outcomes = results_in.import_files(ctx, given).outcomes
        assert [o.file for o in outcomes] == [p.name for p in given]
        assert sum(o.status == "imported" for o in outcomes) == COUNT
        assert outcomes[10].status == "refused"
        assert outcomes[10].reason
        assert outcomes[-1].status == "present"  # the same file again, later in the list
        with ctx.db.session() as session:
            assert session.exec(select(func.count()).select_from(ImportedPackage)).one() == COUNT
            for record in session.exec(select(Assessment)).all()[:5]:
                kept = session.get(ResultScore, record.id)
                assert kept is not None
                fresh = held_scores.fresh_row(ctx, session, record)
                assert (kept.total, kept.outcome, kept.areas_json) == (
                    fresh.total,
                    fresh.outcome,
                    fresh.areas_json,
                )


def test_a_cancelled_pool_keeps_what_was_written_and_names_the_rest(made: Results) -> None:
    with made.hq.acting() as ctx:
        outcomes = results_in.import_files(ctx, made.paths, lambda done, _all: done < 12).outcomes
        imported = [o for o in outcomes if o.status == "imported"]
        assert len(imported) == 12
        assert [o.file for o in outcomes] == [p.name for p in made.paths]
        assert all("cancelled" in o.reason for o in outcomes[12:])
        with ctx.db.session() as session:
            assert session.exec(select(func.count()).select_from(ImportedPackage)).one() == 12


def test_a_key_revoked_while_its_files_were_read_stops_them(tmp_path: Path) -> None:
    made = many_results(tmp_path, 2)
    with made.hq.acting() as ctx:
        desk = import_pool.desk_of(ctx)  # the trust store as the readers copied it
        reads = [import_pool.check_file(desk, ctx.library, p) for p in made.paths]
        assert all(r.checked is not None for r in reads)
        [entry] = trust.trusted(ctx)
        trust.revoke(ctx, entry.fingerprint, "laptop lost")
        outcomes = results_batch.write_batch(ctx, reads).outcomes
        assert [o.status for o in outcomes] == ["refused", "refused"]
        assert "revoked" in outcomes[0].reason
        with ctx.db.session() as session:
            assert session.exec(select(func.count()).select_from(ImportedPackage)).one() == 0
