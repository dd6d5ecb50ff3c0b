"""What the app shows before sending a result, and the history of what was sent."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from certdesk.services.assessment import answers, evidence
from certdesk.services.exchange import results_out, sending
from certdesk.services.files import export_name
from tests.support.exchange import Actor, kit_assessment


def test_the_summary_counts_what_the_package_carries(tmp_path: Path) -> None:
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    aid = kit_assessment(hq, field, tmp_path)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7 " + b"x" * 3000)
    with field.acting() as ctx:
        answers.answer(ctx, aid, "1.1.1", "met")
        answers.answer(ctx, aid, "1.1.2", "not_met")
        evidence.add_file(ctx, aid, "1.1.1", scan)
        before = sending.summary(ctx, aid)
        assert (before.answered, before.evidence_files, before.findings) == (2, 1, 0)
        assert before.evidence_bytes == scan.stat().st_size
        assert before.from_kit
        assert before.recipient is not None
        assert len(before.recipient.split()) == 8
        assert sending.history(ctx, aid) == []
        results_out.export_package(ctx, aid, tmp_path / "first.cdpkg")
        results_out.export_package(ctx, aid, tmp_path / "second.cdpkg")
        sent = sending.history(ctx, aid)
    assert [(s.sequence, s.file) for s in sent] == [(2, "second.cdpkg"), (1, "first.cdpkg")]
    assert sent[0].recipient == before.recipient


def test_export_names_say_whose_which_kind_and_when() -> None:
    day = date(2026, 12, 2)
    assert export_name("한빛정밀", "2026-H2", "gap report", day, "pdf") == (
        "한빛정밀 2026-H2 gap report 2026-12-02.pdf"
    )
    assert (
        export_name('A/B: "C"', None, "result", day, "cdpkg") == "A-B- -C result 2026-12-02.cdpkg"
    )
