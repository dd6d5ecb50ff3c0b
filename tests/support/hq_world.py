"""A headquarters database with real work on its desk: an assessor's final on-site
result imported from its signed package (three findings, one of them late), and the
supplier's signed response to two of the findings, with evidence files.

Built as in real life with three actors (see tests/support/exchange.py); the
headquarters' database stays open in `hq.ctx` for a screen to use.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from certdesk.domain.dates import add_months
from certdesk.services.context import Context
from tests.support.exchange import Actor
from tests.support.workspace import BUSINESS_ID, answer_all

MAJOR = "퇴직자 계정 미삭제"
MINOR = "출입 기록 보관 미흡"
LATE = "보안 교육 미실시"
ACTIONS = {MAJOR: "퇴직 당일 계정 삭제 절차 시행", MINOR: "출입 기록 1년 보관으로 변경"}
EVIDENCE = {MAJOR: "계정삭제기록.pdf", MINOR: "출입기록대장.txt"}
SITE = "구미 사업장"
PROCESSES = ["설계", "사출", "조립"]


@dataclass
class HqWorld:
    hq: Actor
    field: Actor
    supplier: Actor
    assessment: str
    findings: dict[str, str]
    """Finding ids by description (MAJOR, MINOR, LATE)."""
    result: Path
    """The signed result package headquarters imported."""
    today: date

    @property
    def ctx(self) -> Context:
        assert self.hq.ctx is not None
        return self.hq.ctx


def _kit(hq: Actor, field: Actor, folder: Path) -> str:
    """An on-site assessment of the Gumi site on the assessor's laptop, from a kit
    headquarters issued (trusting the assessor's key first)."""
    from certdesk.services.assessment import suppliers
    from certdesk.services.exchange import kit_in, kit_out, trust

    key = field.public_file("assessor-key")
    with hq.acting() as ctx:
        suppliers.add_supplier(ctx, "한빛정밀", BUSINESS_ID)
        trust.trust(ctx, key, "김심사", "assessor", None)
        kit = folder / "kit.cdkit"
        issued = kit_out.issue_kit(
            ctx,
            BUSINESS_ID,
            "industrial-security",
            kit,
            site=SITE,
            profile="standard",
            scope={"site": SITE, "processes": PROCESSES},
        )
    with field.acting() as ctx:
        return kit_in.import_kit(ctx, kit, issued.fingerprint).id


def made_findings(ctx: Context, aid: str, today: date) -> dict[str, str]:
    from certdesk.services.assessment import findings

    later = add_months(today, 12).isoformat()
    past = (today - timedelta(days=30)).isoformat()
    plan = ((MAJOR, "major", "3.3.5", later), (MINOR, "minor", None, later))
    made = {
        text: findings.add_finding(ctx, aid, severity, text, item_id=item, due=due).id
        for text, severity, item, due in plan
    }
    made[LATE] = findings.add_finding(
        ctx, aid, "minor", LATE, corrective_action="전 직원 보안 교육", owner="박보안", due=past
    ).id
    return made


def respond(world: HqWorld, folder: Path, hq_key: Path) -> Path:
    from certdesk.services.exchange import responses_out

    out = folder / "response.cdpkg"
    entries = []
    for text in (MAJOR, MINOR):
        scan = folder / EVIDENCE[text]
        scan.write_bytes(f"evidence of {text}".encode())
        entries.append(
            responses_out.Response(
                world.findings[text], ACTIONS[text], world.today.isoformat(), (scan,)
            )
        )
    with world.supplier.acting():
        responses_out.export_response(world.assessment, BUSINESS_ID, entries, out, hq_key)
    return out


def hq_world(folder: Path, today: date, *, findings: bool = True) -> HqWorld:
    """The world above; without `findings`, a clean result (every item met, certified)
    and no response."""
    from certdesk.services.assessment import status
    from certdesk.services.exchange import results_in, results_out, trust

    field, hq = Actor(folder / "field", "field"), Actor(folder / "hq", "hq")
    supplier = Actor(folder / "supplier", "field")
    aid = _kit(hq, field, folder)
    with field.acting() as ctx:
        answer_all(ctx, aid, folder)
        made = made_findings(ctx, aid, today) if findings else {}
        status.set_status(ctx, aid, "final")
    hq_key = hq.public_file("hq")
    result = folder / "result.cdpkg"
    with field.acting() as ctx:
        results_out.export_package(ctx, aid, result, hq_key)
    world = HqWorld(hq, field, supplier, aid, made, result, today)
    with hq.acting() as ctx:
        trust.trust(ctx, supplier.public_file("s"), "한빛", "supplier", BUSINESS_ID)
        [outcome] = results_in.import_files(ctx, [result]).outcomes
        assert outcome.status == "imported", outcome.reason
    if findings:
        response = respond(world, folder, hq_key)
        with hq.acting() as ctx:
            [outcome] = results_in.import_files(ctx, [response]).outcomes
            assert outcome.status == "imported", outcome.reason
    return world
