"""The gap workbook and the questionnaire, read back with openpyxl and LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from certdesk.errors import UserError
from certdesk.services import context
from certdesk.services.assessment import findings, listing, questionnaire, reports
from certdesk.services.assessment.workspace import Workspace
from tests.support.workspace import new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path) -> context.Context:
    return new_context(tmp_path / "db")


@pytest.fixture
def self_assessment(ctx: context.Context) -> str:
    return supplier_and_assessment(ctx, mode="self", profile="standard")


def _export(ctx: context.Context, aid: str, tmp_path: Path, lang: str = "ko") -> Path:
    return questionnaire.export_questionnaire(Workspace(ctx, aid), tmp_path / "q.xlsx", lang).files[
        0
    ]


def test_questionnaire_structure(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    book = load_workbook(_export(ctx, self_assessment, tmp_path))
    ws = book["Questionnaire"]
    applicable = len(Workspace(ctx, self_assessment).items())
    assert ws.max_row == applicable + 1
    assert ws["C2"].value == "1.1.1"
    assert ws.protection.sheet is True
    assert ws["F2"].protection.locked is False
    assert ws["D2"].protection.locked is True
    [validation, *_rest] = ws.data_validations.dataValidation
    assert "충족 (met)" in validation.formula1
    assert book["_certdesk"].sheet_state == "veryHidden"


def _fill(path: Path, cells: dict[str, str]) -> Path:
    book = load_workbook(path)
    for ref, value in cells.items():
        book["Questionnaire"][ref] = value
    book.save(path)
    return path


def test_filled_questionnaire_imports(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    path = _fill(
        _export(ctx, self_assessment, tmp_path),
        {
            "F2": "충족 (met)",
            "F3": "partial",
            "G3": "일부 부서만 시행",
            "H3": "정책서 v2",
            "F4": "해당 없음 (na)",
            "G4": "해당 공정 없음",
        },
    )
    assert questionnaire.import_questionnaire(Workspace(ctx, self_assessment), path).count == 3
    held = Workspace(ctx, self_assessment).held
    assert held["1.1.1"].code == "met"
    assert held["1.1.2"].code == "partial"
    assert held["1.1.2"].note == "일부 부서만 시행\nEvidence reference: 정책서 v2"
    assert held["1.1.3"].code == "na"


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"F5": "maybe"}, "q.xlsx: Questionnaire!F5: 'maybe' is not an answer for item 1.1.4"),
        ({"F3": "na"}, "Questionnaire!F3: item 1.1.2 answered 'na' needs a justification"),
        ({"C4": "9.9.9"}, "q.xlsx: Questionnaire!C4: the rows were changed (expected item 1.1.3)"),
    ],
)
def test_bad_questionnaire_names_the_cell(
    ctx: context.Context, self_assessment: str, tmp_path: Path, cells: dict[str, str], message: str
) -> None:
    path = _fill(_export(ctx, self_assessment, tmp_path), {"F2": "met", **cells})
    with pytest.raises(UserError) as caught:
        questionnaire.import_questionnaire(Workspace(ctx, self_assessment), path)
    assert message in "\n".join((caught.value.message, *caught.value.details))
    assert Workspace(ctx, self_assessment).held == {}  # nothing written


def test_formula_is_refused_on_the_way_in(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    path = _fill(_export(ctx, self_assessment, tmp_path), {"G2": '=HYPERLINK("http://x")'})
    with pytest.raises(UserError, match=r"Questionnaire!G2: formulas are not allowed"):
        questionnaire.import_questionnaire(Workspace(ctx, self_assessment), path)


def test_wrong_framework_version(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    path = _export(ctx, self_assessment, tmp_path)
    book = load_workbook(path)
    book["_certdesk"]["A2"] = "0.9.0"
    book.save(path)
    with pytest.raises(
        UserError, match=r"q\.xlsx: _certdesk!A2: q\.xlsx is for industrial-security 0\.9\.0"
    ):
        questionnaire.import_questionnaire(Workspace(ctx, self_assessment), path)


def test_formula_like_text_is_neutralised_on_the_way_out(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    ws = Workspace(ctx, self_assessment)
    ws.set_answer("1.1.1", "partial", "=cmd|'/c calc'!A1")
    sheet = load_workbook(_export(ctx, self_assessment, tmp_path))["Questionnaire"]
    assert sheet["G2"].data_type == "s"
    assert sheet["G2"].quotePrefix is True


def test_gap_workbook_reads_back(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    ws = Workspace(ctx, aid)
    ws.set_answer("1.1.1", "not_met", "정책 승인 없음")
    ws.set_answer("1.1.2", "met", None)
    made = findings.add_finding(ctx, aid, "major", "정책 미승인", item_id="1.1.1", owner="대표이사")
    path = reports.gap_workbook(ctx, aid, tmp_path / "gap.xlsx", "en").files[0]
    book = load_workbook(path)
    summary, items, found = book["Summary"], book["Items"], book["Findings"]
    assert summary["B7"].value == pytest.approx(listing.show(ctx, aid).score.total * 100, abs=0.05)
    assert summary["B8"].value == "Not certified"
    assert summary["B9"].value == "knockout"
    assert len(summary._charts) == 1  # type: ignore[attr-defined]  # the chart openpyxl holds
    assert items.max_row == 322 + 1
    assert items.auto_filter.ref
    assert items["A2"].value == "1.1.1"
    assert items["F2"].value == "yes"
    assert items["H2"].value == "정책 승인 없음"
    assert found["C2"].value == "정책 미승인"
    assert (found["A2"].value, found["G2"].value) == ("Major", "Open")  # labels, not codes
    assert found["H1"].value == "Finding ID"
    assert found["H2"].value == made.id  # what a supplier's response names


@pytest.mark.slow
def test_libreoffice_opens_both_workbooks(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "install libreoffice-calc (./dev test does)"
    files = [
        _export(ctx, self_assessment, tmp_path),
        reports.gap_workbook(ctx, self_assessment, tmp_path / "gap.xlsx", "ko").files[0],
    ]
    out = tmp_path / "csv"
    for book in files:
        subprocess.run(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation=file://{tmp_path}/lo",
                "--convert-to",
                "csv:Text - txt - csv (StarCalc):44,34,76,1",
                "--outdir",
                str(out),
                str(book),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    sheet = (out / "q.csv").read_text(encoding="utf-8")
    assert "기술자산과 영업비밀 보호를 위한 보안정책" in sheet
    assert (out / "gap.csv").read_text(encoding="utf-8").startswith('"미흡사항 보고서"')


def test_another_assessments_questionnaire_is_refused_and_changes_nothing(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    """Regression: another supplier's filled questionnaire replaced 199 verdicts of the
    on-site assessment it was imported into."""
    from certdesk.services.assessment import answers, create, suppliers
    from tests.support.workspace import OTHER_BUSINESS_ID

    suppliers.add_supplier(ctx, "다른정밀", OTHER_BUSINESS_ID)
    onsite = create.new_assessment(ctx, "다른정밀", "industrial-security", "onsite").id
    answers.answer(ctx, onsite, "1.1.1", "not_met", "검토 기록 없음")
    foreign = _fill(_export(ctx, self_assessment, tmp_path), {"F2": "충족 (met)"})
    before = Workspace(ctx, onsite).held
    with pytest.raises(UserError) as refused:
        questionnaire.import_questionnaire(Workspace(ctx, onsite), foreign)
    assert "was made for another assessment, not for 다른정밀's" in refused.value.message
    assert "nothing was imported" in refused.value.message
    assert Workspace(ctx, onsite).held == before
