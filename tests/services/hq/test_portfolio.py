"""Headquarters' portfolio: latest outcome, areas, trend, self beside assessor, open work."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from certdesk.cli import main
from certdesk.services.assessment import answers, findings, status
from certdesk.services.exchange import results_in, results_out
from certdesk.services.hq import certificates, portfolio, portfolio_report
from tests.support.exchange import Actor, kit_assessment
from tests.support.workspace import answer_all


def test_portfolio(tmp_path: Path, clock: date) -> None:
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    supplier = Actor(tmp_path / "supplier", "field")
    hq_key = hq.public_file("hq")
    own = kit_assessment(hq, supplier, tmp_path, mode="self", profile="standard", trust_as="한빛")
    with supplier.acting() as ctx:
        answers.answer(ctx, own, "1.1.1", "met")
        status.set_status(ctx, own, "submitted")  # a supplier's self-assessment counts once sent
        results_out.export_package(ctx, own, tmp_path / "self.cdpkg", hq_key)
    aid = kit_assessment(hq, field, tmp_path, profile="standard")
    with field.acting() as ctx:
        answer_all(ctx, aid, tmp_path)
        due = (clock + timedelta(days=30)).isoformat()
        findings.add_finding(ctx, aid, "major", "계정 미삭제", item_id="3.3.5", due=due)
        status.set_status(ctx, aid, "final")
        results_out.export_package(ctx, aid, tmp_path / "onsite.cdpkg", hq_key)
    with hq.acting() as ctx:
        outcomes = results_in.import_files(
            ctx, [tmp_path / "self.cdpkg", tmp_path / "onsite.cdpkg"]
        ).outcomes
        assert [o.status for o in outcomes] == ["imported", "imported"]
        view = certificates.issue(ctx, aid, tmp_path / "c.pdf", "en").certificate
        [entry] = portfolio.summary(ctx)
        assert entry.business_id == "124-81-00998"
        assert entry.assessor is not None
        assert entry.self_assessed is not None
        assert entry.assessor.outcome == "conditional"
        assert entry.assessor.total == 1.0
        assert set(entry.assessor.areas) == {"1", "2", "3", "4", "5"}
        assert entry.self_assessed.total < entry.assessor.total
        assert [t.mode for t in entry.trend] == ["self", "onsite"]
        assert (entry.open_findings, entry.overdue_findings) == (1, 0)
        later = clock + timedelta(days=60)
        assert portfolio.summary(ctx, later)[0].overdue_findings == 1
        near = view.valid_until - timedelta(days=10)
        assert [c.code for c in portfolio.summary(ctx, near)[0].certificates_expiring] == [
            view.code
        ]
        pdf = portfolio_report.write_report(ctx, tmp_path / "board.pdf", "ko").files[0]
        xlsx = portfolio_report.write_report(ctx, tmp_path / "board.xlsx", "en").files[0]
    with hq.commanding() as db:
        assert main(["--db", db, "hq", "summary", "--json"]) == 0
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "협력업체 보안 현황" in text
    assert "124-81-00998" in text
    assert "조건부 인증" in text
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert all(line.split()[-5] == "yes" for line in fonts)
    book = load_workbook(xlsx)
    assert book["Portfolio"]["B2"].value == "124-81-00998"
    assert str(book["Portfolio"]["F2"].value).startswith("Conditionally certified")
    assert str(book["Outcomes"]["A2"].value).startswith("Conditionally certified")


def test_the_standing_is_the_latest_final_result_per_site_and_drafts_stand_apart(
    tmp_path: Path, clock: date
) -> None:
    field, hq = Actor(tmp_path / "field", "field"), Actor(tmp_path / "hq", "hq")
    hq_key = hq.public_file("hq")
    made: dict[str, Path] = {}
    for name, site, final in (
        ("gumi-final", "구미", True),
        ("gumi-draft", "구미", False),
        ("pyeongtaek-draft", "평택", False),
    ):
        aid = kit_assessment(hq, field, tmp_path, profile="standard", site=site)
        with field.acting() as ctx:
            answer_all(ctx, aid, tmp_path, code="met" if final else "not_met")
            if final:
                status.set_status(ctx, aid, "final")
            made[name] = results_out.export_package(
                ctx, aid, tmp_path / f"{name}.cdpkg", hq_key
            ).files[0]
    with hq.acting() as ctx:
        done = results_in.import_files(ctx, list(made.values())).outcomes
        assert [o.status for o in done] == ["imported"] * 3
        by_site = {e.site: e for e in portfolio.summary(ctx)}
    gumi, pyeongtaek = by_site["구미"], by_site["평택"]
    assert gumi.assessor is not None  # the later draft at the same site does not replace it
    assert (gumi.assessor.outcome, gumi.assessor.total) == ("certified", 1)
    assert gumi.assessor.total_text == "100.0%"
    assert gumi.in_progress == 1
    assert [t.total for t in gumi.trend] == [1]  # drafts are no part of the trend
    assert pyeongtaek.assessor is None
    assert (pyeongtaek.in_progress, pyeongtaek.trend) == (1, ())


@given(st.fractions(min_value=-2, max_value=2, max_denominator=100_000))
def test_the_fast_percentage_reads_as_score_text_does(value: Fraction) -> None:
    from certdesk.domain.framework import Method
    from certdesk.domain.numbers import score_text
    from certdesk.services.hq.portfolio import _text

    class Conformity:
        class scoring:  # noqa: N801 - the shape of Framework.scoring
            method = Method.WEIGHTED_CONFORMITY

    shown = _text(Conformity, str(value))  # type: ignore[arg-type]
    assert shown == score_text(Method.WEIGHTED_CONFORMITY, value)
