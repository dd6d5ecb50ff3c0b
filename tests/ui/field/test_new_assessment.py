"""The new-assessment dialog: the framework's scope fields, assessors, dates on site, the
supplier's contact, and following the supplier's self-assessment, on a real database."""

from __future__ import annotations

from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from certdesk.services import context
from certdesk.services.assessment import create, listing, suppliers
from certdesk.ui.field.new_assessment import NewAssessmentDialog
from tests.support.workspace import BUSINESS_ID


def _dialog(ctx: context.Context, qtbot: QtBot) -> NewAssessmentDialog:
    dialog = NewAssessmentDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.framework.setCurrentIndex(dialog.framework.findData("industrial-security"))
    return dialog


def test_the_frameworks_scope_fields_are_asked_and_stored(
    ctx: context.Context, qtbot: QtBot, warned: list[str]
) -> None:
    dialog = _dialog(ctx, qtbot)
    assert set(dialog.scope_edits) == {"site", "processes", "products"}
    dialog.name.setText("새빛전자")
    dialog.business_id.setText(BUSINESS_ID)
    dialog.site.setText("구미 사업장")
    dialog.processes.setText("설계, 사출 ,조립")
    dialog.scope_edits["products"].setText("도어 모듈")
    dialog.assessors.setText("김평가, 이심사")
    dialog.visit_from.setDate(QDate(2026, 12, 8))
    dialog.visit_to.setDate(QDate(2026, 12, 9))
    dialog.contact.setText("박보안, 보안담당, 010-0000-0000")
    dialog.accept()
    assert warned == []
    assert dialog.created is not None
    detail = listing.show(ctx, dialog.created)
    assert detail.site == "구미 사업장"
    assert detail.assessor == "김평가, 이심사"
    assert detail.scope == {
        "processes": ["설계", "사출", "조립"],
        "products": ["도어 모듈"],
        "visit_from": "2026-12-08",
        "visit_to": "2026-12-09",
        "contact": "박보안, 보안담당, 010-0000-0000",
    }


def test_a_missing_required_scope_is_refused_and_nothing_typed_is_lost(
    ctx: context.Context, qtbot: QtBot, warned: list[str]
) -> None:
    dialog = _dialog(ctx, qtbot)
    dialog.name.setText("새빛전자")
    dialog.business_id.setText(BUSINESS_ID)
    dialog.site.setText("구미 사업장")
    dialog.assessors.setText("김평가")
    dialog.accept()
    assert dialog.created is None
    assert len(warned) == 1
    assert "\n" not in warned[0]
    assert "Production processes" in warned[0]
    assert (dialog.site.text(), dialog.assessors.text()) == ("구미 사업장", "김평가")
    assert listing.list_assessments(ctx) == []
    assert suppliers.list_suppliers(ctx) == []


def test_days_on_site_in_the_wrong_order_are_refused(
    ctx: context.Context, qtbot: QtBot, warned: list[str]
) -> None:
    dialog = _dialog(ctx, qtbot)
    dialog.name.setText("새빛전자")
    dialog.business_id.setText(BUSINESS_ID)
    dialog.site.setText("구미")
    dialog.processes.setText("사출")
    dialog.visit_from.setDate(QDate(2026, 12, 9))
    dialog.visit_to.setDate(QDate(2026, 12, 8))
    dialog.accept()
    assert dialog.created is None
    assert warned == ["the last day on site comes before the first"]


def test_typed_scope_survives_a_change_of_framework(ctx: context.Context, qtbot: QtBot) -> None:
    dialog = _dialog(ctx, qtbot)
    dialog.site.setText("구미")
    dialog.processes.setText("사출")
    dialog.framework.setCurrentIndex(dialog.framework.findData("personal-information"))
    dialog.framework.setCurrentIndex(dialog.framework.findData("industrial-security"))
    assert (dialog.site.text(), dialog.processes.text()) == ("구미", "사출")


def test_an_onsite_assessment_can_follow_the_suppliers_self_assessment(
    ctx: context.Context, qtbot: QtBot, warned: list[str]
) -> None:
    sup = suppliers.add_supplier(ctx, "새빛전자", BUSINESS_ID).id
    scope = {"processes": ["사출"]}
    own = create.new_assessment(
        ctx, sup, "industrial-security", "self", site="구미", cycle="2026-H2", scope=scope
    ).id
    dialog = _dialog(ctx, qtbot)
    dialog.supplier.setCurrentIndex(dialog.supplier.findData(sup))
    dialog.mode.setCurrentIndex(dialog.mode.findData("self"))
    assert not dialog.follows.isVisibleTo(dialog)
    dialog.mode.setCurrentIndex(dialog.mode.findData("onsite"))
    assert dialog.follows.isVisibleTo(dialog)
    assert [dialog.follows.itemData(i) for i in range(dialog.follows.count())] == [None, own]
    assert "2026-H2" in dialog.follows.itemText(1)
    assert "draft" not in dialog.follows.itemText(1)  # a label, never the code
    dialog.follows.setCurrentIndex(1)
    dialog.site.setText("구미")
    dialog.processes.setText("사출")
    dialog.accept()
    assert warned == []
    assert dialog.created is not None
    assert listing.show(ctx, dialog.created).follows == own


def test_several_profiles_checked_apply_together(
    ctx: context.Context, qtbot: QtBot, warned: list[str]
) -> None:
    dialog = _dialog(ctx, qtbot)
    assert dialog.profile.value() == "design-data"  # the framework's default, checked
    dialog.profile.choose(None)
    assert dialog.profile.value() is None  # none checked: the default applies
    dialog.profile.choose("standard+design-data")
    dialog.name.setText("새빛전자")
    dialog.business_id.setText(BUSINESS_ID)
    dialog.site.setText("구미 사업장")
    dialog.processes.setText("사출")
    dialog.accept()
    assert warned == []
    assert dialog.created is not None
    detail = listing.show(ctx, dialog.created)
    assert detail.profile == "design-data+standard"  # in the framework's order
    only_standard = create.new_assessment(
        ctx,
        suppliers.list_suppliers(ctx)[0].id,
        "industrial-security",
        "onsite",
        site="구미 사업장",
        profile="standard",
        scope={"processes": ["사출"]},
    )
    both = listing.show(ctx, dialog.created).score.applicable
    assert both > listing.show(ctx, only_standard.id).score.applicable
