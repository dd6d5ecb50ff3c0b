"""The gap report as a PDF (reportlab), Korean or English, with embedded fonts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from certdesk import clock, labels
from certdesk.domain.assessment import EvidenceKind
from certdesk.domain.framework import Method
from certdesk.domain.numbers import score_text
from certdesk.domain.report import EvidenceLine, GapReport
from certdesk.formats.pdf_fonts import BOLD, FONT, NAVY, para, register_fonts
from certdesk.formats.pdf_radar import area_radar
from certdesk.formats.wording import decision_text
from certdesk.i18n import _, language


def styles() -> dict[str, ParagraphStyle]:
    """The report's paragraph styles. Lines break at spaces, as Korean is written (between
    어절), never inside a word: no wordWrap="CJK", which breaks anywhere. A word too long
    for its line (a hash, a URL) is still split (splitLongWords, on by default)."""
    base = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, splitLongWords=1)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=11),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontName=BOLD,
            fontSize=24,
            leading=32,
            textColor=NAVY,
            spaceAfter=10,
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=BOLD,
            fontSize=15,
            leading=20,
            textColor=NAVY,
            spaceBefore=10,
            spaceAfter=6,
        ),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=BOLD, fontSize=11, leading=15, spaceBefore=8, spaceAfter=3
        ),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=12),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontName=BOLD, fontSize=13, leading=18),
    }


class _Doc(BaseDocTemplate):
    def __init__(self, path: Path, report: GapReport, lang: str) -> None:
        super().__init__(
            str(path),
            pagesize=A4,
            leftMargin=18 * mm,
            rightMargin=18 * mm,
            topMargin=22 * mm,
            bottomMargin=20 * mm,
            title=_("Gap report"),
            author="CertDesk",
            subject=report.supplier,
            lang=lang,
            # every page starts in the embedded font, never in an unembedded Helvetica
            initialFontName=FONT,
            initialFontSize=9,
            initialLeading=12,
        )
        self.report = report
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate("page", [frame], onPage=self._decorate)])

    def _decorate(self, canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.grey)
        width, height = A4
        header = f"{self.report.supplier} — {self.report.framework.title.get(str(self.lang))}"
        canvas.drawString(self.leftMargin, height - 14 * mm, header)
        canvas.drawRightString(width - self.rightMargin, height - 14 * mm, _("Confidential"))
        canvas.drawString(self.leftMargin, 12 * mm, _("CertDesk gap report"))
        canvas.drawRightString(width - self.rightMargin, 12 * mm, _("Page {n}").format(n=doc.page))
        canvas.restoreState()

    def afterFlowable(self, flowable: Any) -> None:  # noqa: N802 (reportlab's hook)
        if isinstance(flowable, Paragraph) and flowable.style.name in ("h1", "h2"):
            level = 0 if flowable.style.name == "h1" else 1
            self.notify("TOCEntry", (level, flowable.getPlainText(), self.page))


def _table(rows: list[list[Any]], widths: list[float], header: bool = True) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
    style = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.lightgrey),
    ]
    if header:
        style += [
            ("BACKGROUND", (0, 0), (-1, 0), NAVY),
            ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
            ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
        ]
    table.setStyle(TableStyle(style))  # type: ignore[arg-type]  # stubs narrower than reportlab
    return table


def _score(report: GapReport, value: Any) -> str:
    return score_text(report.framework.scoring.method, value)


def _answer(report: GapReport, item_id: str, code: str | None, lang: str) -> str:
    return "—" if code is None else report.framework.answer_label(item_id, code, lang)


def _scope_rows(report: GapReport, lang: str) -> list[list[str]]:
    """The site, then the framework's own scope fields with their labels (a framework
    without scope fields shows the production processes, as files before them did)."""
    asks_site = any(f.id == "site" for f in report.framework.scope) or not report.framework.scope
    rows = [[_("Site"), report.site or "—"]] if report.site or asks_site else []
    fields = [(f.id, f.label.get(lang)) for f in report.framework.scope if f.id != "site"]
    for key, label in fields or [("processes", _("Production processes in scope"))]:
        value = report.scope.get(key)
        text = ", ".join(map(str, value)) if isinstance(value, list) else str(value or "")
        rows.append([label, text or "—"])
    return rows


def _cover(report: GapReport, st: dict[str, ParagraphStyle], lang: str) -> list[Any]:
    fw = report.framework
    profile = fw.profile(report.profile)
    rows = [
        [_("Supplier"), f"{report.supplier} ({report.business_id})"],
        *_scope_rows(report, lang),
        [_("Framework"), f"{fw.title.get(lang)} ({fw.id} {fw.version})"],
        [_("Content hash"), fw.content_hash],
        *([[_("Laws as in force on"), fw.legal_baseline]] if fw.legal_baseline else []),
        [_("Mode"), labels.mode(report.mode)],
        [_("Applicability profile"), profile.title.get(lang) if profile else "—"],
        [_("Cycle"), report.cycle or "—"],
        [_("Assessor"), report.assessor or "—"],
        [_("Assessment dates"), f"{report.created} – {report.updated}"],
        [_("Status"), labels.status(report.status)],
        [_("Report date"), clock.today().isoformat()],
    ]
    cells = [[para(k, st["cell"]), para(v, st["cell"])] for k, v in rows]
    return [
        Spacer(1, 30 * mm),
        para(_("Gap report"), st["title"]),
        para(fw.title.get(lang), st["subtitle"]),
        Spacer(1, 8 * mm),
        _table(cells, [55 * mm, 115 * mm], header=False),
        PageBreak(),
    ]


def _outcome(report: GapReport, st: dict[str, ParagraphStyle], lang: str) -> list[Any]:
    result, fw = report.result, report.framework
    outcome = fw.outcome(result.outcome)
    why = decision_text(fw, result, lang)
    parts = [
        para(_("Outcome"), st["h1"]),
        para(
            _("Outcome: {outcome}").format(
                outcome=outcome.title.get(lang) if outcome else result.outcome
            ),
            st["h2"],
        ),
        para(_("Decided by: {why}").format(why=why), st["body"]),
        para(_("Total: {total}").format(total=_score(report, result.total)), st["body"]),
    ]
    facts = result.facts
    if facts.knockout_failures:
        items = ", ".join(facts.knockout_failures)
        parts.append(para(_("Mandatory items not met: {items}").format(items=items), st["body"]))
    if facts.areas_below_minimum:
        areas = ", ".join(facts.areas_below_minimum)
        parts.append(para(_("Areas below their minimum: {areas}").format(areas=areas), st["body"]))
    if result.provisional:
        parts.append(
            para(
                _("Provisional: {count} of {total} items are unanswered").format(
                    count=result.unanswered, total=result.applicable
                ),
                st["body"],
            )
        )
    return parts


def _areas(report: GapReport, st: dict[str, ParagraphStyle], lang: str) -> list[Any]:
    fw, result = report.framework, report.result
    rows: list[list[Any]] = [[_("Area"), _("Score"), _("Minimum"), _("Answered")]]
    for area in fw.areas:
        node = result.areas[area.id]
        rows.append(
            [
                para(f"{area.id}. {area.title.get(lang)}", st["cell"]),
                _score(report, node.score),
                _score(report, area.minimum),
                f"{node.answered}/{node.applicable}",
            ]
        )
    parts: list[Any] = [para(_("Scores per area"), st["h1"])]
    if fw.scoring.method is not Method.DEDUCTION and len(fw.areas) >= 3:
        parts += [area_radar(report, lang).drawing, Spacer(1, 2 * mm)]
        maturity = fw.scoring.method is Method.MATURITY
        legend = _("Filled: the score of each area. Dashed red: the area's minimum.")
        rings = _("Rings every {step}; the outer ring is {full}.").format(
            step="1" if maturity else "20%", full="5" if maturity else "100%"
        )
        parts.append(para(f"{legend} {rings}", st["small"]))
    parts.append(_table(rows, [95 * mm, 25 * mm, 25 * mm, 25 * mm]))
    return parts


def _sighted(e: EvidenceLine) -> str:
    """What was recorded of a document seen but not copied; a dash for what was not."""
    return _("Version or date: {version} · Where it was seen: {place} · Shown by: {person}").format(
        version=e.version or "—", place=e.seen_where or "—", person=e.shown_by or "—"
    )


def _evidence_name(e: EvidenceLine) -> str:
    if e.kind == EvidenceKind.FILE:
        return e.name
    return _("{title} (sighted, not copied)").format(title=e.name)


def _evidence_paras(e: EvidenceLine, style: ParagraphStyle) -> list[Paragraph]:
    """An item's piece of evidence; a sighted document's details indented under its title."""
    line = para(_("Evidence: {names}").format(names=_evidence_name(e)), style)
    if e.kind == EvidenceKind.FILE:
        return [line]
    prefix = _("Evidence: {names}").format(names="")
    indent = stringWidth(prefix, style.fontName, style.fontSize)
    return [line, para(_sighted(e), ParagraphStyle("sighted", parent=style, leftIndent=indent))]


def _gaps(report: GapReport, st: dict[str, ParagraphStyle], lang: str) -> list[Any]:
    parts: list[Any] = [PageBreak(), para(_("Gap items"), st["h1"])]
    if not report.gaps:
        return [*parts, para(_("No gaps."), st["body"])]
    for gap in report.gaps:
        item = report.framework.item(gap.item_id)
        text = item.requirement.get(lang) if item else ""
        small = st["small"]
        answer = _answer(report, gap.item_id, gap.answer, lang)
        lines = [para(_("Answer: {answer}").format(answer=answer), small)]
        if gap.claim is not None:
            claim = _answer(report, gap.item_id, gap.claim, lang)
            lines.append(para(_("Supplier's claim: {answer}").format(answer=claim), small))
        if gap.note:
            lines.append(para(_("Note: {note}").format(note=gap.note), small))
        for e in gap.evidence:
            lines += _evidence_paras(e, small)
        lines += [para(_("Finding: {finding}").format(finding=f), small) for f in gap.findings]
        mark = " ★" if item and item.mandatory else ""
        table = _table(
            [[para(f"{gap.item_id}{mark}", st["cell"]), para(text, st["cell"])], ["", lines]],
            [18 * mm, 152 * mm],
            header=False,
        )
        # an item's answer never starts a page without its requirement
        parts.append(KeepTogether([table, Spacer(1, 2 * mm)]))
    return parts


def _findings(report: GapReport, st: dict[str, ParagraphStyle]) -> list[Any]:
    parts: list[Any] = [para(_("Findings and corrective actions"), st["h1"])]
    proposed = report.result.facts.proposed_findings
    if not report.findings and not proposed:
        return [*parts, para(_("No findings."), st["body"])]
    rows: list[list[Any]] = [
        [
            _("Severity"),
            _("Item"),
            _("What was found"),
            _("Corrective action"),
            _("Owner"),
            _("Due date"),
        ]
    ]
    for f in report.findings:
        rows.append(
            [
                labels.severity(f.severity),
                f.item_id or "",
                [
                    para(f.description, st["cell"]),
                    para(_("Finding ID {id}").format(id=f.id), st["small"]),
                ],
                para(f.action or "", st["cell"]),
                para(f.owner or "", st["cell"]),
                f.due or "",
            ]
        )
    said = _("Proposed: the item failed and no finding was written for it yet")
    for item_id, severity in sorted(proposed.items()):
        rows.append([labels.severity(severity), item_id, para(said, st["cell"]), "", "", ""])
    return [*parts, _table(rows, [18 * mm, 14 * mm, 52 * mm, 44 * mm, 22 * mm, 20 * mm])]


def _appendix(report: GapReport, st: dict[str, ParagraphStyle]) -> list[Any]:
    parts: list[Any] = [para(_("Appendix: evidence index"), st["h1"])]
    if not report.evidence:
        return [*parts, para(_("No evidence recorded."), st["body"])]
    rows: list[list[Any]] = [[_("Item"), _("Evidence"), "SHA-256"]]
    for e in report.evidence:
        name: list[Any] = [para(_evidence_name(e), st["cell"])]
        if e.kind != EvidenceKind.FILE:
            name.append(para(_sighted(e), st["small"]))
        rows.append([e.item_id or "", name, para(e.sha256 or "—", st["small"])])
    return [*parts, _table(rows, [16 * mm, 84 * mm, 70 * mm])]


def write_gap_pdf(report: GapReport, path: Path, lang: str) -> None:
    """Write the report in `lang` (ko or en), every font embedded."""
    register_fonts()
    with language(lang):
        st = styles()
        toc = TableOfContents()
        toc.tableStyle = TableStyle(
            [("FONT", (0, 0), (-1, -1), FONT, 10), ("VALIGN", (0, 0), (-1, -1), "TOP")]
        )
        toc.levelStyles = [
            ParagraphStyle("toc1", fontName=FONT, fontSize=10, leading=16),
            ParagraphStyle("toc2", fontName=FONT, fontSize=9, leading=13, leftIndent=12),
        ]
        story: list[Any] = [
            *_cover(report, st, lang),
            para(_("Contents"), st["subtitle"]),
            toc,
            PageBreak(),
            *_outcome(report, st, lang),
            *_areas(report, st, lang),
            *_gaps(report, st, lang),
            PageBreak(),
            *_findings(report, st),
            PageBreak(),
            *_appendix(report, st),
        ]
        _Doc(path, report, lang).multiBuild(story)
