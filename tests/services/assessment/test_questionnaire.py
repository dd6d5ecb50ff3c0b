"""The gap workbook and the questionnaire, read back with openpyxl and LibreOffice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from certdesk.errors import UserError
from certdesk.services import context
from certdesk.services.assessment import findings, listing, questionnaire, reports
from certdesk.services.assessment.workspace import Workspace
from tests.support.libreoffice import convert, resave
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


def _sheet(book: Any) -> Any:
    """The questionnaire sheet, by the name the hidden sheet records."""
    return book[book["_certdesk"]["B1"].value]


def _prints_on_a4_landscape_at_page_width(sheet: Any) -> None:
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True


def test_questionnaire_structure(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    book = load_workbook(_export(ctx, self_assessment, tmp_path))
    assert book.sheetnames == ["표지", "자체평가", "_certdesk"]  # the cover first, names in Korean
    ws = _sheet(book)
    applicable = len(Workspace(ctx, self_assessment).items())
    assert ws.max_row == applicable + 1
    assert ws["C2"].value == "1.1.1"
    assert ws["A2"].value.startswith("1 ")
    assert len(ws["A2"].value) > 4  # the area's title too
    assert ws["F1"].value == "답변"
    assert ws.protection.sheet is True
    assert ws["F2"].protection.locked is False
    assert ws["D2"].protection.locked is True
    [validation, *_rest] = ws.data_validations.dataValidation
    assert "충족 (met)" in validation.formula1
    assert (validation.showErrorMessage, validation.errorStyle) == (True, "stop")
    assert validation.error
    _prints_on_a4_landscape_at_page_width(ws)
    assert ws.print_title_rows == "$1:$1"
    cover = book["표지"]
    texts = [c.value for row in cover.iter_rows() for c in row if c.value]
    assert "한빛정밀" in texts
    assert any("자체평가" in str(t) for t in texts)  # the instructions name the sheet
    assert book["_certdesk"].sheet_state == "veryHidden"


def _fill(path: Path, cells: dict[str, str]) -> Path:
    book = load_workbook(path)
    for ref, value in cells.items():
        _sheet(book)[ref] = value
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
        (
            {"F5": "maybe"},
            "q.xlsx: 자체평가!F5 (Answer, row 5): 'maybe' is not an answer for item 1.1.4; "
            "choose one of: Met, Partially met, Not met, Not applicable",
        ),
        (
            {"F3": "na"},
            "자체평가!F3 (Answer, row 3): item 1.1.2 answered 'Not applicable' needs the "
            "reason in the Note column",
        ),
        (
            {"C4": "9.9.9"},
            "q.xlsx: 자체평가!C4 (Item, row 4): the rows were changed (expected item 1.1.3)",
        ),
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
    with pytest.raises(UserError, match=r"자체평가!G2: "):
        questionnaire.import_questionnaire(Workspace(ctx, self_assessment), path)


def test_wrong_framework_version(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    path = _export(ctx, self_assessment, tmp_path)
    book = load_workbook(path)
    book["_certdesk"]["A2"] = "0.9.0"
    book.save(path)
    with pytest.raises(UserError, match=r"q\.xlsx.* industrial-security 0\.9\.0"):
        questionnaire.import_questionnaire(Workspace(ctx, self_assessment), path)


def test_formula_like_text_is_neutralised_on_the_way_out(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    ws = Workspace(ctx, self_assessment)
    ws.set_answer("1.1.1", "partial", "=cmd|'/c calc'!A1")
    sheet = _sheet(load_workbook(_export(ctx, self_assessment, tmp_path)))
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
    assert summary["B9"].value != "knockout"  # the rule in words, not its id
    assert "knock-out" in summary["B9"].value.lower() or "mandatory" in summary["B9"].value
    assert len(summary._charts) == 1  # type: ignore[attr-defined]  # the chart openpyxl holds
    assert items.max_row == 322 + 1
    assert items.auto_filter.ref
    assert items["A2"].value == "1.1.1"
    assert items["C2"].value.startswith("1.1 ")  # the criterion with its title
    assert items["E2"].value == "Not met"  # the answer's label, not its code
    assert items["G2"].value == "yes"
    assert items["I2"].value == "정책 승인 없음"
    assert items["K2"].value == f"Major #{made.id[:8]}: 정책 미승인"
    assert [c.value for c in items[1]][-2:] == ["Evidence", "Findings"]
    for sheet in (summary, items, found):
        _prints_on_a4_landscape_at_page_width(sheet)
    assert items.print_title_rows == "$1:$1"
    assert found["C2"].value == "정책 미승인"
    assert (found["A2"].value, found["G2"].value) == ("Major", "Open")  # labels, not codes
    assert found["H1"].value == "Finding ID"
    assert found["H2"].value == made.id  # what a supplier's response names


@pytest.mark.slow
def test_libreoffice_opens_both_workbooks(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    files = [
        _export(ctx, self_assessment, tmp_path),
        reports.gap_workbook(ctx, self_assessment, tmp_path / "gap.xlsx", "ko").files[0],
    ]
    out = tmp_path / "csv"
    for book in files:
        convert(book, "csv:Text - txt - csv (StarCalc):44,34,76,1", out, tmp_path / "lo")
    cover = (out / "q.csv").read_text(encoding="utf-8")
    assert cover.startswith('"자체평가 질문서"')  # the cover sheet comes first
    assert '"협력업체","한빛정밀"' in cover
    assert (out / "gap.csv").read_text(encoding="utf-8").startswith('"미흡사항 보고서"')


@pytest.mark.slow
def test_questionnaire_resaved_by_libreoffice_imports(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    """A supplier fills the questionnaire and LibreOffice saves it: the very hidden sheet,
    the sheet names and the answers survive, and the import gives what was chosen."""
    filled = _fill(
        _export(ctx, self_assessment, tmp_path),
        {"F2": "충족 (met)", "F3": "부분 충족", "G3": "일부 부서만", "F4": "Not met"},
    )
    resaved = resave(filled, tmp_path / "lo-out", tmp_path / "lo")
    ws = Workspace(ctx, self_assessment)
    seen = questionnaire.preview(ws, resaved)
    assert ([c.item for c in seen.new], seen.changed, seen.unchanged) == (
        ["1.1.1", "1.1.2", "1.1.3"],
        (),
        0,
    )
    assert questionnaire.apply_preview(ws, seen).count == 3
    held = Workspace(ctx, self_assessment).held
    assert [held[i].code for i in ("1.1.1", "1.1.2", "1.1.3")] == ["met", "partial", "not_met"]
    assert held["1.1.2"].note == "일부 부서만"


def test_preview_tells_new_changed_and_unchanged_and_writes_nothing(
    ctx: context.Context, self_assessment: str, tmp_path: Path
) -> None:
    ws = Workspace(ctx, self_assessment)
    ws.set_answer("1.1.1", "met", None)
    ws.set_answer("1.1.2", "not_met", "없음")
    path = _fill(_export(ctx, self_assessment, tmp_path), {"F3": "partial", "F4": "met"})
    seen = questionnaire.preview(ws, path)
    assert [(c.item, c.before, c.after) for c in seen.changed] == [
        ("1.1.2", "Not met", "Partially met")
    ]
    assert [(c.item, c.before) for c in seen.new] == [("1.1.3", None)]
    assert seen.unchanged == 1
    assert Workspace(ctx, self_assessment).held["1.1.2"].code == "not_met"  # only a preview
    questionnaire.apply_preview(ws, seen)
    assert Workspace(ctx, self_assessment).held["1.1.2"].code == "partial"
    ctx.history.undo(self_assessment)  # one step takes the whole import back
    after = Workspace(ctx, self_assessment).held
    assert (after["1.1.2"].code, "1.1.3" in after) == ("not_met", False)


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
