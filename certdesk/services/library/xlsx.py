"""Frameworks to and from Excel workbooks (authoring by certification bodies)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from certdesk.formats.criteria import find_problems, parse_document
from certdesk.formats.criteria.canonical import content_hash
from certdesk.formats.criteria.writer import to_yaml
from certdesk.formats.criteria_xlsx import read_workbook, write_workbook
from certdesk.formats.problems import DocPath, InvalidFileError, Problem
from certdesk.i18n import _
from certdesk.services.changes import Written
from certdesk.services.library.frameworks import Library, file_error, source_data
from certdesk.services.messages import writing


@dataclass(frozen=True, kw_only=True)
class FrameworkWritten(Written):
    framework_id: str
    version: str
    content_hash: str


def export_xlsx(ref: str, out: Path, library: Library | None = None) -> FrameworkWritten:
    """Write framework `ref` (id, id@version or file) as a workbook at `out`."""
    entry = (library or Library()).find_entry(ref)
    data = source_data(entry)
    with writing(out):
        write_workbook(data, out)
    fw = entry.framework
    return FrameworkWritten(
        files=(out,), framework_id=fw.id, version=fw.version, content_hash=fw.content_hash
    )


def import_xlsx(workbook: Path, out: Path) -> FrameworkWritten:
    """Read a framework workbook, validate it and write it as a criteria file.

    Every problem names its sheet and cell.
    """
    try:
        data, cells = read_workbook(workbook)
    except InvalidFileError as exc:
        raise file_error(exc) from None
    found = find_problems(data)
    if found:
        problems = [Problem(str(workbook), msg, cell=_cell(cells, path)) for path, msg in found]
        raise file_error(InvalidFileError(problems))
    text = to_yaml(
        data,
        _("Imported from {file} by certdesk frameworks import-xlsx").format(file=workbook.name),
    )
    parse_document(text.encode("utf-8"), str(out))  # what we write must load as it is
    with writing(out):
        out.write_text(text, encoding="utf-8")
    return FrameworkWritten(
        files=(out,),
        framework_id=str(data["id"]),
        version=str(data["version"]),
        content_hash=content_hash(data),
    )


def _cell(cells: dict[DocPath, str], path: DocPath) -> str | None:
    for end in range(len(path), 0, -1):
        if path[:end] in cells:
            return cells[path[:end]]
    return None
