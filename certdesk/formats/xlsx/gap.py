"""The gap workbook: a summary with a chart, every item with filters, the findings."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from certdesk import labels
from certdesk.domain.framework import Method
from certdesk.domain.report import GapReport
from certdesk.formats.wording import decision_text
from certdesk.formats.xlsx.cells import fit_rows, header, landscape, put
from certdesk.i18n import _, language


def _number(report: GapReport, value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    if report.framework.scoring.method is Method.WEIGHTED_CONFORMITY:
        return round(number * 100, 1)
    return round(number, 2)


def _summary(ws: Worksheet, report: GapReport, lang: str) -> None:
    fw, result = report.framework, report.result
    outcome = fw.outcome(result.outcome)
    rows = [
        (_("Supplier"), f"{report.supplier} ({report.business_id})"),
        (_("Site"), report.site or ""),
        (_("Framework"), f"{fw.title.get(lang)} ({fw.id} {fw.version})"),
        (_("Content hash"), fw.content_hash),
        (_("Total"), _number(report, result.total)),
        (_("Outcome"), outcome.title.get(lang) if outcome else result.outcome),
        (_("Decided by"), decision_text(fw, result, lang)),
        (_("Unanswered items"), result.unanswered),
    ]
    put(ws, 1, 1, _("Gap report"))
    ws.cell(row=1, column=1).font = Font(bold=True, size=16)
    for n, (key, value) in enumerate(rows, start=3):
        put(ws, n, 1, key)
        ws.cell(row=n, column=1).font = Font(bold=True)
        put(ws, n, 2, value)
    top = len(rows) + 5
    for col, name in enumerate((_("Area"), _("Score"), _("Minimum")), start=1):
        put(ws, top, col, name)
        ws.cell(row=top, column=col).font = Font(bold=True)
    for n, area in enumerate(fw.areas, start=top + 1):
        put(ws, n, 1, f"{area.id}. {area.title.get(lang)}")
        put(ws, n, 2, _number(report, result.areas[area.id].score))
        put(ws, n, 3, _number(report, area.minimum))
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    ws.cell(row=9, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    landscape(ws)
    chart = BarChart()
    chart.title = _("Scores per area")
    chart.y_axis.title = _("Score")
    data = Reference(ws, min_col=2, max_col=3, min_row=top, max_row=top + len(fw.areas))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(fw.areas)))
    chart.height, chart.width = 8, 18
    ws.add_chart(chart, f"E{top}")


def _items(ws: Worksheet, report: GapReport, lang: str) -> None:
    names = [
        _("Item"),
        _("Area"),
        _("Criterion"),
        _("Requirement"),
        _("Answer"),
        _("Score"),
        _("Gap"),
        _("Mandatory"),
        _("Note"),
        _("Evidence"),
        _("Findings"),
    ]
    header(ws, names, [9, 7, 24, 60, 14, 8, 6, 11, 36, 28, 30])
    fw = report.framework
    gaps = {g.item_id: g for g in report.gaps}
    where = {i.id: (a.id, c) for a in fw.areas for c in a.criteria for i in c.items}
    evidence: dict[str, list[str]] = {}
    for e in report.evidence:
        evidence.setdefault(e.item_id or "", []).append(e.name)
    found: dict[str, list[str]] = {}
    for f in report.findings:
        found.setdefault(f.item_id or "", []).append(
            f"{labels.severity(f.severity)} #{f.id[:8]}: {f.description}"
        )
    for n, (item_id, score) in enumerate(report.result.items.items(), start=2):
        item = fw.item(item_id)
        assert item is not None
        gap = gaps.get(item_id)
        area, criterion = where[item_id]
        values = [
            item_id,
            area,
            f"{criterion.id} {criterion.title.get(lang)}",
            item.requirement.get(lang),
            fw.answer_label(item_id, score.code, lang) if score.code else "",
            None if score.value is None else float(score.value),
            _("yes") if score.gap else "",
            _("yes") if item.mandatory else "",
            gap.note if gap else "",
            "\n".join(evidence.get(item_id, ())),
            "\n".join(found.get(item_id, ())),
        ]
        for col, value in enumerate(values, start=1):
            put(ws, n, col, value, wrap=col in (3, 4, 9, 10, 11))
    ws.auto_filter.ref = ws.dimensions
    fit_rows(ws)
    landscape(ws, title_rows="1:1")


def _findings(ws: Worksheet, report: GapReport) -> None:
    header(
        ws,
        [
            _("Severity"),
            _("Item"),
            _("What was found"),
            _("Corrective action"),
            _("Owner"),
            _("Due date"),
            _("Status"),
            _("Finding ID"),
        ],
        [12, 10, 50, 40, 16, 12, 12, 38],
    )
    for n, f in enumerate(report.findings, start=2):
        for col, value in enumerate(
            [
                labels.severity(f.severity),
                f.item_id or "",
                f.description,
                f.action or "",
                f.owner or "",
                f.due or "",
                labels.finding_status(f.status),
                f.id,
            ],
            start=1,
        ):
            put(ws, n, col, value, wrap=col in (3, 4))
    said = _("Proposed: the item failed and no finding was written for it yet")
    proposed = sorted(report.result.facts.proposed_findings.items())
    for n, (item_id, severity) in enumerate(proposed, start=len(report.findings) + 2):
        for col, value in enumerate([labels.severity(severity), item_id, said], start=1):
            put(ws, n, col, value, wrap=col == 3)
    ws.auto_filter.ref = ws.dimensions
    fit_rows(ws)
    landscape(ws, title_rows="1:1")


def write_gap_workbook(report: GapReport, path: Path, lang: str) -> None:
    with language(lang):
        book = Workbook()
        summary = book.active
        assert summary is not None
        summary.title = _("Summary")
        _summary(summary, report, lang)
        _items(book.create_sheet(_("Items")), report, lang)
        _findings(book.create_sheet(_("Findings")), report)
        book.save(path)
