"""The supplier register and archiving, through the services on a real encrypted database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from certdesk.errors import UserError
from certdesk.services import context
from certdesk.services.assessment import create, overview, status, suppliers
from certdesk.services.assessment.supplier_edit import (
    SupplierFields,
    archive_supplier,
    edit_supplier,
)
from certdesk.store import audit
from tests.support.workspace import BUSINESS_ID, new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path) -> context.Context:
    return new_context(tmp_path)


def _actions(ctx: context.Context, chain: str = audit.DATABASE_CHAIN) -> list[str]:
    with Session(ctx.db.engine) as session:
        return [e.action for e in audit.chain_of(session, chain)]


def _only(ctx: context.Context) -> suppliers.SupplierView:
    [view] = suppliers.list_suppliers(ctx, archived=True)
    return view


def test_a_supplier_is_edited_with_its_contact_sites_and_processes(ctx: context.Context) -> None:
    sid = suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID).id
    fields = SupplierFields(
        " 한빛정밀(주) ",
        "박보안",
        "security@hanbit.example",
        "054-000-0000",
        ("구미 사업장", "구미 사업장", "평택 사업장"),
        ("설계", "사출"),
    )
    edit_supplier(ctx, sid, fields)
    view = _only(ctx)
    assert (view.name, view.contact_name, view.contact_email, view.contact_phone) == (
        "한빛정밀(주)",
        "박보안",
        "security@hanbit.example",
        "054-000-0000",
    )
    assert view.sites == ("구미 사업장", "평택 사업장")
    assert view.processes == ("설계", "사출")
    assert view.business_id == "124-81-00998"
    assert _actions(ctx)[-1] == "supplier.edit"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (SupplierFields("  "), "give the supplier's name"),
        (SupplierFields("X", contact_email="not-an-address"), "is not an e-mail address"),
        (SupplierFields("X", contact_phone="1\n2"), "must be one line"),
        (SupplierFields("X", sites=("a" * 201,)), "at most 200 characters"),
    ],
)
def test_bad_fields_are_refused_and_nothing_changes(
    ctx: context.Context, fields: SupplierFields, message: str
) -> None:
    sid = suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID, "김담당").id
    before, entries = _only(ctx), _actions(ctx)
    with pytest.raises(UserError, match=message):
        edit_supplier(ctx, sid, fields)
    assert _only(ctx) == before
    assert _actions(ctx) == entries


def test_a_site_named_by_an_assessment_stays(ctx: context.Context) -> None:
    supplier_and_assessment(ctx)  # site 본사
    sid = _only(ctx).id
    with pytest.raises(UserError, match="'본사' is named by an assessment"):
        edit_supplier(ctx, sid, SupplierFields("한빛정밀", sites=("구미",)))
    assert _only(ctx).sites == ("본사",)
    edit_supplier(ctx, sid, SupplierFields("한빛정밀", sites=("본사", "구미")))
    assert _only(ctx).sites == ("구미", "본사")


def test_an_archived_supplier_leaves_the_everyday_list_and_comes_back(
    ctx: context.Context,
) -> None:
    sid = suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID).id
    archive_supplier(ctx, sid)
    assert suppliers.list_suppliers(ctx) == []
    assert _only(ctx).archived
    archive_supplier(ctx, sid, archived=False)
    assert [s.id for s in suppliers.list_suppliers(ctx)] == [sid]
    assert _actions(ctx)[-2:] == ["supplier.archive", "supplier.restore"]


def test_an_archived_assessment_leaves_the_start_page_and_keeps_its_answers(
    ctx: context.Context,
) -> None:
    aid = supplier_and_assessment(ctx)
    other = create.new_assessment(ctx, "한빛정밀", "industrial-security", "self", site="본사").id
    status.archive(ctx, aid)
    assert [s.id for s in overview.summaries(ctx)] == [other]
    archived = {s.id: s.archived for s in overview.summaries(ctx, archived=True)}
    assert archived == {aid: True, other: False}
    assert _only(ctx).assessments == 2
    status.archive(ctx, aid, archived=False)
    assert {s.id for s in overview.summaries(ctx)} == {aid, other}
    assert _actions(ctx, aid)[-2:] == ["assessment.archive", "assessment.restore"]


def test_a_new_supplier_is_added_with_the_whole_record_or_not_at_all(
    ctx: context.Context,
) -> None:
    from certdesk.services.assessment.supplier_edit import add_supplier

    with pytest.raises(UserError, match="not an e-mail address"):
        add_supplier(ctx, BUSINESS_ID, SupplierFields("한빛정밀", contact_email="x"))
    assert suppliers.list_suppliers(ctx, archived=True) == []
    add_supplier(ctx, BUSINESS_ID, SupplierFields("한빛정밀", sites=("구미",), processes=("사출",)))
    view = _only(ctx)
    assert (view.name, view.sites, view.processes) == ("한빛정밀", ("구미",), ("사출",))
    assert _actions(ctx)[-2:] == ["supplier.add", "supplier.edit"]


def test_headquarters_classes_a_supplier_by_tier(tmp_path: Path) -> None:
    hq = new_context(tmp_path / "hq", role="hq")
    sid = suppliers.add_supplier(hq, "한빛정밀", BUSINESS_ID).id
    edit_supplier(hq, sid, SupplierFields("한빛정밀", tier="critical"))
    [view] = suppliers.list_suppliers(hq)
    assert view.tier == "critical"
    with pytest.raises(UserError, match="'vital' is not a tier"):
        edit_supplier(hq, sid, SupplierFields("한빛정밀", tier="vital"))
    assert suppliers.list_suppliers(hq)[0].tier == "critical"
    hq.close()
