"""Frameworks through Excel: an exact round trip, and errors that name sheet and cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from certdesk.errors import UserError
from certdesk.formats.criteria import load_framework, parse_document
from certdesk.paths import criteria_dir
from certdesk.services.library.xlsx import export_xlsx, import_xlsx
from tests.conftest import DATA
from tests.support.frameworks import framework_data, written

SOURCES = [*sorted(criteria_dir().glob("*.yaml")), *sorted((DATA / "frameworks").glob("*.yaml"))]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_round_trip_is_identity(source: Path, tmp_path: Path) -> None:
    book, out = tmp_path / "f.xlsx", tmp_path / "f.yaml"
    original = load_framework(source)
    export_xlsx(str(source), book)
    digest = import_xlsx(book, out).content_hash
    assert digest == original.content_hash
    assert parse_document(out.read_bytes(), "out") == parse_document(source.read_bytes(), "in")
    assert load_framework(out).content_hash == original.content_hash


@pytest.fixture
def book(tmp_path: Path) -> Path:
    path = tmp_path / "small.xlsx"
    export_xlsx(str(DATA / "frameworks" / "conformity-small.yaml"), path)
    return path


def edit(path: Path, sheet: str, cell: str, value: str | float | None) -> None:
    wb = load_workbook(path)
    wb[sheet][cell] = value
    wb.save(path)


def import_error(book: Path, tmp_path: Path) -> str:
    out = tmp_path / "out.yaml"
    with pytest.raises(UserError) as caught:
        import_xlsx(book, out)
    assert not out.exists()
    return "\n".join((caught.value.message, *caught.value.details))


def header_column(path: Path, sheet: str, name: str) -> str:
    ws = load_workbook(path)[sheet]
    for cell in ws[1]:
        if cell.value == name:
            return str(cell.column_letter)
    raise AssertionError(name)


def test_blank_english_text_names_the_cell(book: Path, tmp_path: Path) -> None:
    column = header_column(book, "Items", "requirement.en")
    edit(book, "Items", f"{column}3", None)
    message = import_error(book, tmp_path)
    assert f"Items!{column}3: the required key 'en' is missing" in message


def test_zero_weight_names_the_cell(book: Path, tmp_path: Path) -> None:
    column = header_column(book, "Areas", "weight")
    edit(book, "Areas", f"{column}2", 0)
    assert f"Areas!{column}2: must be greater than 0" in import_error(book, tmp_path)


def test_formula_is_refused(book: Path, tmp_path: Path) -> None:
    column = header_column(book, "Items", "evidence.en")
    edit(book, "Items", f"{column}2", "=1+1")
    assert f"Items!{column}2: formulas are not allowed" in import_error(book, tmp_path)


def test_row_without_parent(book: Path, tmp_path: Path) -> None:
    edit(book, "Items", "A2", "Z.9")
    assert "Items!A2: there is no 'Z.9' to attach this row to" in import_error(book, tmp_path)


def test_id_typed_as_a_number(book: Path, tmp_path: Path) -> None:
    edit(book, "Items", "B2", 1.5)
    assert "Items!B2: type this id as text" in import_error(book, tmp_path)


def test_unknown_column_is_a_typo(book: Path, tmp_path: Path) -> None:
    edit(book, "Items", "Z1", "wieght")
    edit(book, "Items", "Z2", 2)
    assert "Items!Z2: unknown key 'wieght'" in import_error(book, tmp_path)


def test_missing_sheet(book: Path, tmp_path: Path) -> None:
    wb = load_workbook(book)
    del wb["Levels"]
    wb.save(book)
    assert "the sheet 'Levels' is missing" in import_error(book, tmp_path)


def test_not_a_workbook(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("hello", encoding="utf-8")
    assert "not an Excel workbook" in import_error(fake, tmp_path)


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    source = (DATA / "frameworks" / "conformity-small.yaml").read_text(encoding="utf-8")
    tricky = tmp_path / "tricky.yaml"
    tricky.write_text(source.replace('"Backups are tested."', '"=HYPERLINK(\\"x\\")"'), "utf-8")
    book, out = tmp_path / "t.xlsx", tmp_path / "t.yaml"
    export_xlsx(str(tricky), book)
    ws = load_workbook(book)["Items"]
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert import_xlsx(book, out).content_hash == load_framework(tricky).content_hash


def test_a_versioned_framework_round_trips_with_its_changelog_and_moves(tmp_path: Path) -> None:
    from certdesk.formats.criteria import content_hash

    data = framework_data("conformity-small.yaml")
    earlier = content_hash(data)
    data |= {
        "version": "2.0",
        "legal_baseline": "2026-11-30",
        "changelog": [
            {"version": "2.0", "date": "2026-12-01", "changes": {"ko": "정리", "en": "Tidied"}}
        ],
        "upgrades_from": [
            {
                "version": "1.0",
                "content_hash": earlier,
                "items": {
                    "A.1.2": {"same": "A.1.2"},
                    "B.1.2": {"merged_into": "B.1.1"},
                    "A.1.1": {"split_into": ["A.1.1", "A.1.2"]},
                    "X.1": {"removed": {"ko": "삭제", "en": "Dropped"}},
                },
            },
            {"version": "0.9", "content_hash": "sha256:" + "1" * 64, "items": {}},
        ],
    }
    data["decision"]["proposed_findings"] = {"default_severity": "minor"}
    data["areas"][0]["criteria"][0]["items"][0]["finding_severity"] = "major"
    data["areas"][0]["criteria"][0]["items"][0]["level_descriptors"] = {
        "met": {"ko": "승인된 정책이 있다", "en": "An approved policy exists"},
        "not_met": {"ko": "정책이 없다", "en": "There is no policy"},
    }
    source = written(data, tmp_path / "v2.yaml")
    book, out = tmp_path / "v2.xlsx", tmp_path / "back.yaml"
    export_xlsx(str(source), book)
    assert {"Changelog", "Moves"} <= set(load_workbook(book).sheetnames)
    import_xlsx(book, out)
    assert parse_document(out.read_bytes(), "out") == parse_document(source.read_bytes(), "in")


@pytest.fixture
def versioned_book(tmp_path: Path) -> Path:
    from certdesk.formats.criteria import content_hash

    data = framework_data("conformity-small.yaml")
    earlier = content_hash(data)
    data |= {
        "version": "2.0",
        "upgrades_from": [
            {"version": "1.0", "content_hash": earlier, "items": {"A.1.2": {"same": "A.1.2"}}}
        ],
    }
    book = tmp_path / "versioned.xlsx"
    export_xlsx(str(written(data, tmp_path / "v2.yaml")), book)
    return book


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("same", "Q.9", "the item 'Q.9' does not exist"),
        ("from_hash", "sha256:short", "Moves!"),
        ("item", "=A1", "formulas are not allowed"),
    ],
)
def test_a_hostile_move_is_refused_with_its_cell_and_nothing_written(
    versioned_book: Path, tmp_path: Path, column: str, value: str, said: str
) -> None:
    edit(versioned_book, "Moves", f"{header_column(versioned_book, 'Moves', column)}2", value)
    assert said in import_error(versioned_book, tmp_path)
