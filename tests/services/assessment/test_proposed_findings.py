"""In the workspace and in every rescore, a failed item of a framework that proposes
findings counts as an open finding until one is written for it, on the real database."""

from __future__ import annotations

from pathlib import Path

from certdesk.domain.decision import Severity
from certdesk.services.assessment import desk, findings
from certdesk.services.assessment.workspace import Workspace
from certdesk.services.context import plain
from tests.support.frameworks import proposing
from tests.support.workspace import new_context, supplier_and_assessment


def _install_proposing(tmp_path: Path) -> Path:
    return proposing(tmp_path)


def test_a_written_finding_takes_the_place_of_the_proposed_one(tmp_path: Path) -> None:
    ctx = new_context(tmp_path)
    ctx.library.install(_install_proposing(tmp_path))
    aid = supplier_and_assessment(ctx, "test-conformity", profile="design-data")
    workspace = Workspace(ctx, aid)
    for item_id in ("A.1.1", "A.1.2", "B.1.1"):
        workspace.set_answer(item_id, "met", None)
    workspace.set_answer("B.1.2", "not_met", None)
    assert workspace.result.facts.proposed_findings == {"B.1.2": Severity.MAJOR}
    assert workspace.result.outcome == "conditional"  # 0.8, with an open major proposed

    changes = findings.add_finding(ctx, aid, "minor", "No restore test this year", item_id="B.1.2")
    workspace.apply(changes)
    assert workspace.result.facts.proposed_findings == {}
    assert workspace.result.outcome == "certified"  # the written finding is minor
    with plain(ctx) as sql:
        _fw, again = desk.rescore(sql, ctx.library, desk.head(sql, aid))
    assert (again.outcome, again.facts) == (workspace.result.outcome, workspace.result.facts)


def test_the_gap_report_lists_the_proposed_findings(tmp_path: Path) -> None:
    import subprocess

    from certdesk.services.assessment import reports

    ctx = new_context(tmp_path)
    ctx.library.install(_install_proposing(tmp_path))
    aid = supplier_and_assessment(ctx, "test-conformity", profile="design-data")
    workspace = Workspace(ctx, aid)
    workspace.set_answer("B.1.2", "not_met", None)
    pdf = reports.write_gap_pdf(ctx, aid, tmp_path / "gap.pdf", "en").files[0]
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    row = next(line for line in text.splitlines() if "B.1.2" in line and "Major" in line)
    assert "Proposed: the item failed" in row


def test_the_gap_workbook_lists_the_proposed_findings(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from certdesk.services.assessment import reports

    ctx = new_context(tmp_path)
    ctx.library.install(_install_proposing(tmp_path))
    aid = supplier_and_assessment(ctx, "test-conformity", profile="design-data")
    Workspace(ctx, aid).set_answer("B.1.2", "not_met", None)
    book = reports.gap_workbook(ctx, aid, tmp_path / "gap.xlsx", "en").files[0]
    rows = list(load_workbook(book)["Findings"].iter_rows(min_row=2, values_only=True))
    assert [r[:3] for r in rows] == [
        ("Major", "B.1.2", "Proposed: the item failed and no finding was written for it yet")
    ]
