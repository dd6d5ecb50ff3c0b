"""Hostile files are refused before a parser or a large allocation runs: no crash, no hang.

The cases that would crash (a segmentation fault) or eat memory run in a
child process, so they fail the test instead of killing pytest.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import zipfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from certdesk.cli import main
from certdesk.formats.answers_csv import MAX_CELL, MAX_ROWS, read_answers
from certdesk.formats.bounded import (
    XLSX_MAX_COLUMNS,
    XLSX_MAX_ROWS,
    check_xlsx,
    json_depth_ok,
    load_json,
    read_regular,
)
from certdesk.formats.criteria import load_framework
from certdesk.formats.criteria_xlsx import read_workbook, write_workbook
from certdesk.formats.problems import InvalidFileError
from certdesk.formats.xlsx.questionnaire import Meta, read_questionnaire, write_questionnaire
from certdesk.formats.xlsx.questionnaire_cover import Cover
from certdesk.formats.yaml_depth import depth_exceeded
from certdesk.formats.yamlsafe import MAX_DEPTH, read_yaml
from certdesk.paths import criteria_dir
from tests.conftest import DATA

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted(criteria_dir().glob("*.yaml"))
SAMPLES = [*BUNDLED, *sorted((DATA / "frameworks").glob("*.yaml"))]
MEMORY_LIMIT_MB = 500


def refusal(call: Callable[[], object]) -> str:
    """The one line a refusal prints."""
    with pytest.raises(InvalidFileError) as caught:
        call()
    [problem] = caught.value.problems
    line = str(problem)
    assert "\n" not in line
    return line


# JSON


def test_json_depth_counts_brackets_outside_strings() -> None:
    assert json_depth_ok('{"a": [[1, 2], {"b": "[[[[{{{{"}]}', 3)
    assert not json_depth_ok('{"a": [[1, 2], {"b": "[[[[{{{{"}]}', 2)
    assert json_depth_ok(r'["\"[[[", "\\", "\\\"[[[["]', 1)
    assert not json_depth_ok("[" * 100_000, 32)
    assert json_depth_ok("[" * 32 + "]" * 32, 32)
    assert not json_depth_ok("[" * 33 + "]" * 33, 32)


def test_json_depth_scan_is_linear_on_an_open_string() -> None:
    # An unclosed string of escaped quotes made a naive pattern retry from every quote.
    assert json_depth_ok('"' + '\\"' * 500_000, 32)


def test_load_json_refuses_each_limit() -> None:
    assert load_json(b'{"a": [1]}', "a.json", max_bytes=100) == {"a": [1]}
    assert "too large" in refusal(lambda: load_json(b"[]" * 60, "a.json", max_bytes=100))
    assert "not UTF-8" in refusal(lambda: load_json(b'["\xff"]', "a.json", max_bytes=100))
    deep = b"[" * 100_000 + b"]" * 100_000
    line = refusal(lambda: load_json(deep, "a.json", max_bytes=10**6))
    assert line == "a.json: the document nests too deeply"
    line = refusal(lambda: load_json(b'{\n"a": }', "a.json", max_bytes=100))
    assert line.startswith("a.json:2: JSON syntax error: ")


# YAML: the nesting estimate


@pytest.mark.parametrize("source", SAMPLES, ids=lambda p: p.name)
def test_every_bundled_criteria_file_is_within_the_estimate(source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    assert depth_exceeded(text, MAX_DEPTH) is None
    assert depth_exceeded(text, 4) is not None  # the estimate does see their nesting
    assert load_framework(source).content_hash


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[" * 100_000, 1),
        ("- " * 100_000 + "x\n", 1),
        ("{a: " * 100_000 + "\n", 1),
        ("".join(" " * n + f"k{n}:\n" for n in range(100)), 65),
        ("".join("  " * n + "- a:\n" for n in range(100)), 64),
        ("a:\n" + "".join(" " * n + "- \n" for n in range(1, 100)), 65),
        ("".join(f"{'  ' * n}? - x\n" for n in range(100)), 64),
    ],
    ids=["flow", "dashes", "flow-keys", "indent", "items", "sequences", "complex-keys"],
)
def test_deep_nesting_is_refused_on_the_text(text: str, line: int) -> None:
    assert depth_exceeded(text, MAX_DEPTH) == line
    refused = refusal(lambda: read_yaml(text.encode(), "deep.yaml"))
    assert refused == f"deep.yaml:{line}: the document nests too deeply"


N = 200
EVASIONS = {
    # Each hides N levels from a scanner that misreads one YAML rule.
    "quote on a plain scalar's next line": "a: b\n 'x\nc: " + "[" * N + "]" * N + "\n'\n",
    "hash inside a quoted key": '"a #": ' + "[" * N + "]" * N + "\n",
    "apostrophe in a flow scalar": "[it's, " + "[" * N + "]" * N + "]\n",
    "line separator ends a comment": "# c\u2028" + "[" * N + "]" * N + "\n",
    "next line ends a comment": "# c\x85" + "[" * N + "]" * N + "\n",
    "carriage return ends a comment": "# c\r" + "[" * N + "]" * N + "\n",
    "flow lines at column 0": "".join(" " * n + f"z: [\nx]\n{' ' * n}k{n}:\n" for n in range(N)),
    "literal block before flow": "a: |\n  [[[[\n  ]\nb: " + "[" * N + "]" * N + "\n",
    "indented literal block": "".join(
        f"{' ' * n}a: |2\n{' ' * (n + 2)}x\n{' ' * n}b:\n" for n in range(N)
    ),
    "block sequences under keys": "".join(
        f"{' ' * n}a:\n{' ' * n}- b:\n" for n in range(0, 2 * N, 2)
    ),
    "quoted keys": "".join(" " * n + '"k": \n' for n in range(N)),
    "anchored keys": "".join(" " * n + "&a k:\n" for n in range(N)),
    "tagged keys": "".join(" " * n + "!t k:\n" for n in range(N)),
    "byte order marks": "".join("\ufeff" + " " * n + "a:\n" for n in range(N)),
    "backslashes in quotes": "a: ['x\\', \"y\\\\\", " + "[" * N + "]" * N + "]\n",
}


def nesting(text: str) -> int:
    """How deep libyaml's events nest before it stops (its parser does not recurse)."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


def assert_bounds(text: str) -> None:
    """libyaml never nests deeper than twice the estimate."""
    deepest = nesting(text)
    if deepest:
        assert depth_exceeded(text, (deepest - 1) // 2) is not None, repr(text[:200])


@pytest.mark.parametrize("text", EVASIONS.values(), ids=EVASIONS.keys())
def test_the_estimate_bounds_what_libyaml_nests(text: str) -> None:
    assert nesting(text) >= N
    assert_bounds(text)


FRAGMENTS = [
    *"[]{},:-?#'\"\\|>&*! \t\n",
    *[": ", "- ", "? ", " #", "''", '\\"', "\n  ", "\n ", "\n- ", "|\n", ">-\n", "|2\n"],
    *["&a ", "*a", "!t ", "!<x> ", "---\n", "...\n", "%YAML 1.1\n", "\u2028", "\r", "\ufeff"],
    *["a", "b ", "k: ", "k:\n", "x: |\n  ", "'it''s'", '"a\\"b"', "\n'x\n", "[a: b]"],
]


@pytest.mark.parametrize("seed", range(4))
def test_the_estimate_bounds_what_libyaml_nests_on_random_text(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(250):
        unit = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 6)))
        head = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(0, 4)))
        assert_bounds(head + unit * rng.randint(1, 60))


def run_cli(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "certdesk", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=timeout,  # a hang fails the test
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [("deep.yaml", "[" * 100_000 + "\n"), ("deep.json", '{"a": ' * 100_000)],
)
def test_validate_refuses_deep_nesting_without_crashing(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    done = run_cli("frameworks", "validate", str(path))
    assert done.returncode == 1, done.stderr  # a segmentation fault is -11
    assert done.stderr.splitlines() == [f"{path}:1: the document nests too deeply"]


# Files that are not regular files


NOT_REGULAR = "this is not a regular file (CertDesk reads no folders, devices or pipes)"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_validate_dev_zero_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frameworks", "validate", "/dev/zero"]) == 1
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"/dev/zero: {NOT_REGULAR}\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_never_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.csv"
    os.mkfifo(fifo)  # opening it would wait for a writer forever
    assert refusal(lambda: read_regular(fifo, 100, "p")) == f"p: {NOT_REGULAR}"
    done = run_cli("frameworks", "validate", str(fifo), timeout=60)
    assert (done.returncode, done.stderr) == (1, f"{fifo}: {NOT_REGULAR}\n")


def test_read_regular_limits(tmp_path: Path) -> None:
    small = tmp_path / "a.yaml"
    small.write_bytes(b"x" * 100)
    assert read_regular(small, 100, "a") == b"x" * 100
    big = refusal(lambda: read_regular(small, 99, "a"))
    assert big == "a: the file is too large (0.0 MB; the limit is 0 MB)"
    assert refusal(lambda: read_regular(tmp_path, 100, "d")) == f"d: {NOT_REGULAR}"
    missing = refusal(lambda: read_regular(tmp_path / "none", 100, "n"))
    assert missing.startswith("n: cannot read the file: ")


# Workbooks


def questionnaire(path: Path) -> Path:
    """The questionnaire CertDesk writes for all 322 items of the largest bundled framework."""
    framework = load_framework(criteria_dir() / "industrial-security.yaml")
    items = list(framework.items())
    assert len(items) == 322
    meta = Meta(
        framework.id, framework.version, framework.content_hash, "a-1", tuple(i.id for i in items)
    )
    cover = Cover("한빛정밀", None, None, "a-1")
    write_questionnaire(framework, items, meta=meta, cover=cover, held={}, path=path, lang="ko")
    return path


def rewritten(source: Path, target: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            data = old.read(member)
            new.writestr(member.filename, edit(data) if member.filename == part else data)
    return target


SHEET = "xl/worksheets/sheet2.xml"  # the questionnaire sheet, after the cover
FAR_ROW = b'<row r="1000000"><c r="H1000000" t="inlineStr"><is><t>x</t></is></c></row>'


def declaring(dimension: bytes) -> Callable[[bytes], bytes]:
    def edit(xml: bytes) -> bytes:
        xml = xml.replace(b'<dimension ref="A1:H323" />', dimension)
        return xml.replace(b"</sheetData>", FAR_ROW + b"</sheetData>")

    return edit


def bomb(source: Path, path: Path, megabytes: int = 200) -> Path:
    """The questionnaire at `source`, its sheet grown to `megabytes` of well-formed cells."""
    xmlns = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for member in old.infolist():
            if member.filename != SHEET:
                new.writestr(member.filename, old.read(member))
        with new.open(SHEET, "w") as sheet:
            sheet.write(xmlns + b'<sheetData><row r="2">')
            for _ in range(megabytes):
                sheet.write(b'<c r="F2"/>' * (2**20 // 11))
            sheet.write(b"</row></sheetData></worksheet>")
    return path


def test_the_322_item_questionnaire_and_framework_workbooks_still_load(tmp_path: Path) -> None:
    path = questionnaire(tmp_path / "q.xlsx")
    check_xlsx(path.read_bytes(), "q.xlsx")
    meta, rows = read_questionnaire(path)
    assert (len(meta.items), len(rows)) == (322, 322)
    assert rows[0].cell == "자체평가!F2"
    for source in BUNDLED:
        book = tmp_path / f"{source.stem}.xlsx"
        write_workbook(read_yaml(source.read_bytes(), str(source)).data, book)
        check_xlsx(book.read_bytes(), book.name)
        data, _cells = read_workbook(book)
        assert data["id"] == source.stem


READER = """
import sys
from pathlib import Path
from certdesk.formats.problems import InvalidFileError
from certdesk.formats.xlsx.questionnaire import read_questionnaire
from certdesk.formats.criteria_xlsx import read_workbook
try:
    {reader}(Path(sys.argv[1]))
    print("accepted")
except InvalidFileError as exc:
    print(exc)
"""
MEASURED = """
import json, resource, subprocess, sys
try:
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=120)
    said = [done.returncode, (done.stdout.strip() or done.stderr.strip())[-2000:]]
except subprocess.TimeoutExpired:
    said = [None, "timed out"]
# Alone with its child, so this is that child's peak (KiB; bytes on macOS).
print(json.dumps([*said, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))
"""


def refused_in_a_child(path: Path, reader: str = "read_questionnaire") -> tuple[str, float]:
    """The one line a child process prints reading `path`, and its peak memory in MB."""
    pytest.importorskip("resource")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURED,
            sys.executable,
            "-c",
            READER.format(reader=reader),
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=180,
    )
    code, line, peak = json.loads(done.stdout)
    assert code == 0, line
    return line, peak / (2**20 if sys.platform == "darwin" else 2**10)


def test_a_zip_bomb_posing_as_a_questionnaire(tmp_path: Path) -> None:
    path = bomb(questionnaire(tmp_path / "q.xlsx"), tmp_path / "bomb.xlsx")
    assert path.stat().st_size < 2 * 2**20
    line, peak = refused_in_a_child(path)
    assert line == (
        f"{path}: the part {SHEET} of the workbook unpacks to 200 MB (the limit is 4 MB)"
    )
    assert peak < MEMORY_LIMIT_MB


@pytest.mark.parametrize(
    ("dimension", "message"),
    [
        (
            b'<dimension ref="A1:H1000000" />',
            "a sheet of the workbook declares the cells A1:H1000000, more than CertDesk "
            f"reads ({XLSX_MAX_ROWS} rows, {XLSX_MAX_COLUMNS} columns)",
        ),
        (b"", f"the sheet '자체평가' has more than {XLSX_MAX_ROWS} rows"),
    ],
    ids=["declared", "undeclared"],
)
def test_a_questionnaire_of_a_million_rows(tmp_path: Path, dimension: bytes, message: str) -> None:
    path = rewritten(
        questionnaire(tmp_path / "q.xlsx"), tmp_path / "m.xlsx", SHEET, declaring(dimension)
    )
    line, peak = refused_in_a_child(path)
    assert line == f"{path}: {message}"
    assert peak < MEMORY_LIMIT_MB


def test_a_damaged_sheet_is_a_refusal_not_a_traceback(tmp_path: Path) -> None:
    # Read only, openpyxl parses a sheet while its rows are read, not when it opens the book.
    path = rewritten(
        questionnaire(tmp_path / "q.xlsx"), tmp_path / "d.xlsx", SHEET, lambda x: x[: len(x) // 2]
    )
    assert refusal(lambda: read_questionnaire(path)) == (
        f"{path}: this is not an Excel workbook (.xlsx) that CertDesk can read"
    )


def framework_book(tmp_path: Path) -> Path:
    source = DATA / "frameworks" / "conformity-small.yaml"
    book = tmp_path / "f.xlsx"
    write_workbook(read_yaml(source.read_bytes(), str(source)).data, book)
    return book


ITEMS = "xl/worksheets/sheet11.xml"  # the sheet Items


def undeclared(xml: bytes) -> bytes:
    """The sheet without its `<dimension ref=.../>`."""
    start = xml.index(b"<dimension ")
    return xml[:start] + xml[xml.index(b"/>", start) + 2 :]


def test_a_framework_workbook_of_a_million_rows(tmp_path: Path) -> None:
    def far(xml: bytes) -> bytes:
        return undeclared(xml).replace(b"</sheetData>", FAR_ROW + b"</sheetData>")

    path = rewritten(framework_book(tmp_path), tmp_path / "m.xlsx", ITEMS, far)
    line, peak = refused_in_a_child(path, "read_workbook")
    assert line == f"{path}: the sheet 'Items' has more than {XLSX_MAX_ROWS} rows"
    assert peak < MEMORY_LIMIT_MB


def test_a_wide_framework_sheet_is_refused(tmp_path: Path) -> None:
    book = framework_book(tmp_path)
    workbook = load_workbook(book)
    workbook["Items"].cell(row=1, column=70, value="extra")
    workbook.save(book)
    assert "declares the cells A1:BR" in refusal(lambda: read_workbook(book))
    hidden = rewritten(book, tmp_path / "w.xlsx", ITEMS, undeclared)
    assert refusal(lambda: read_workbook(hidden)) == (
        f"{hidden}: Items!BR1: the sheet 'Items' has more than {XLSX_MAX_COLUMNS} columns"
    )


def zip_of(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as book:
        for name, data in members.items():
            book.writestr(name, data)
    return out.getvalue()


def test_check_xlsx_limits() -> None:
    ok = zip_of({SHEET: b'<worksheet><dimension ref="$A$1:$BL$20000"/></worksheet>'})
    check_xlsx(ok, "w.xlsx")
    not_xlsx = "w.xlsx: this is not an Excel workbook (.xlsx) that CertDesk can read"
    assert refusal(lambda: check_xlsx(b"PK\x03\x04 not a zip", "w.xlsx")) == not_xlsx
    assert (
        refusal(lambda: check_xlsx(zip_of({"a.xml": b"x"}, zipfile.ZIP_BZIP2), "w.xlsx"))
        == not_xlsx
    )
    many = zip_of({f"{n}.xml": b"" for n in range(1001)})
    assert refusal(lambda: check_xlsx(many, "w.xlsx")) == (
        "w.xlsx: the workbook holds too many parts (1001; the limit is 1000)"
    )
    assert "too large" in refusal(lambda: check_xlsx(ok, "w.xlsx", max_bytes=100))
    parts = zip_of({f"{n}.bin": os.urandom(2**19) for n in range(3)})
    assert refusal(lambda: check_xlsx(parts, "w.xlsx", max_uncompressed=2**20)) == (
        "w.xlsx: the workbook unpacks to too much data (1.5 MB; the limit is 1 MB)"
    )
    zeros = zip_of({"xl/media/a.png": bytes(2 * 2**20)})
    bomb_line = refusal(lambda: check_xlsx(zeros, "w.xlsx"))
    assert bomb_line.startswith("w.xlsx: the part xl/media/a.png of the workbook unpacks to 10")
    assert bomb_line.endswith(
        " times its packed size (the limit is 100); this looks like a zip bomb"
    )
    wide = zip_of({SHEET: b'<x:worksheet><x:dimension ref="A1:BM2"/></x:worksheet>'})
    assert "declares the cells A1:BM2" in refusal(lambda: check_xlsx(wide, "w.xlsx"))


# The answers CSV


def answers(rows: list[str]) -> bytes:
    return ("item_id,answer,note\r\n" + "".join(r + "\r\n" for r in rows)).encode()


def test_an_unclosed_quote_is_refused_at_its_row() -> None:
    rows = [f"3.1.{n},met,note {n}" for n in range(1, 111)]
    rows[5] = '3.1.6,met,"the quote is never closed'
    line = refusal(lambda: read_answers(answers(rows), "answers.csv"))
    assert (
        line
        == "answers.csv: row 7: a quotation mark is not closed, or text follows the closing one"
    )
    rows[40] = '3.1.41,met,"a closed note"'
    assert refusal(lambda: read_answers(answers(rows), "answers.csv")) == line


def test_quoting_that_is_right_still_reads() -> None:
    rows = ['1.1.1,met,"two\r\nlines, and ""quotes"""', "1.1.2,not_met,", "", "1.1.3,na"]
    read = read_answers(answers(rows), "answers.csv")
    assert [(r.row, r.item_id, r.answer, r.note) for r in read] == [
        (2, "1.1.1", "met", 'two\r\nlines, and "quotes"'),
        (3, "1.1.2", "not_met", ""),
        (5, "1.1.3", "na", ""),
    ]


def test_answer_rows_and_cells_are_bounded() -> None:
    many = [f"1.1.{n},met," for n in range(MAX_ROWS + 1)]
    assert refusal(lambda: read_answers(answers(many), "a.csv")) == (
        f"a.csv: the file has more than {MAX_ROWS} rows of answers"
    )
    assert len(read_answers(answers(many[:MAX_ROWS]), "a.csv")) == MAX_ROWS
    for size in (MAX_CELL + 1, 200_000):  # ours, then the csv module's own limit
        long = answers(["1.1.1,met,ok", "1.1.2,met," + "x" * size])
        assert refusal(partial(read_answers, long, "a.csv")) == (
            f"a.csv: row 3: a cell is longer than {MAX_CELL} characters"
        )


def test_score_cli_names_the_row(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_bytes(answers(["3.1.1,met,", '3.1.2,met,"open', "3.1.3,met,"]))
    assert main(["score", "nist-sp800-171r2", str(path), "--json"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "answers.csv: row 3: a quotation mark is not closed" in err
