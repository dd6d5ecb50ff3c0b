"""A headquarters database with a portfolio of suppliers over several cycles, made through the
real import path: headquarters registers each supplier (tier, sites, processes), issues a
kit per result, and signed, encrypted result packages come back (on-site and self-assessed,
final, submitted and a few drafts), with findings; some findings are answered and
accepted, and certificates are issued for the best results.

Used by tools/make_portfolio.py (screenshots) and bench/bench_portfolio.py. The answers
improve from cycle to cycle with a per-supplier bias, so trends go up and down.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import random
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.support.exchange import Actor

CYCLES = ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
NAMES = (
    "한빛",
    "새빛",
    "대한",
    "동방",
    "서해",
    "남양",
    "청운",
    "태성",
    "우진",
    "미래",
    "성진",
    "다온",
)
KINDS = ("정밀", "전자", "기계", "소재", "금형", "테크")
SITES = ("구미", "평택", "창원", "화성", "천안", "울산")
TIERS = ("critical", "high", "standard", "standard")


def business_id(n: int) -> str:
    """A valid business registration number, different for each n."""
    from certdesk.domain.supplier import normalize_business_id

    base = f"{100 + n % 800:03d}{81 + n // 800 % 10:02d}"
    for check in range(10):
        digits = f"{base}{n % 10000:04d}{check}"
        if normalize_business_id(digits):
            return digits
    raise AssertionError(n)


@dataclass
class World:
    root: Path
    hq: Actor
    field: Actor
    supplier_keys: dict[str, Actor]
    results: list[tuple[str, str, str, str, list[str]]] = dataclasses.field(default_factory=list)
    """Each imported result: business number, assessment id, mode, status, finding ids."""


def chain_of(aid: str) -> tuple[list[dict[str, Any]], str]:
    from certdesk.store.audit import GENESIS, entry_hash

    chain, prev = [], GENESIS
    for seq, action in enumerate(("assessment.create", "answer.set", "export.package"), 1):
        at = f"2026-11-24T00:00:0{seq}.000000+00:00"
        data = json.dumps({"seq": seq}, separators=(",", ":"))
        digest = entry_hash(aid, seq, at, "portfolio", action, data, prev)
        chain.append(
            {
                "chain": aid,
                "seq": seq,
                "at": at,
                "actor": "portfolio",
                "action": action,
                "data": data,
                "prev_hash": prev,
                "hash": digest,
            }
        )
        prev = digest
    return chain, prev


def _answers(framework: Any, level: float, rng: random.Random) -> list[dict[str, Any]]:
    out = []
    for item in framework.items():
        roll = rng.random()
        value = (
            "met" if roll < level else ("partial" if roll < level + (1 - level) / 2 else "not_met")
        )
        if item.mandatory and value != "met" and rng.random() < 0.8:
            value = "met"  # what decides certification gets the most attention
        elif item.mandatory and value == "not_met":
            value = "partial"
        out.append(
            {
                "item_id": item.id,
                "party": "assessor",
                "value": value,
                "note": None,
                "na_justification": None,
                "answered_by": "portfolio",
                "answered_at": "2026-11-24 00:00:00+00:00",
            }
        )
    return out


def package(  # noqa: PLR0917 - a generator's knobs
    kit: str,
    signer: Any,
    hq_public: bytes,
    framework: Any,
    bid: str,
    site: str | None,
    mode: str,
    cycle: str,
    status: str,
    level: float,
    rng: random.Random,
    findings: list[dict[str, Any]],
) -> tuple[str, bytes]:
    from certdesk.services.exchange.container import Recipient, seal

    aid = str(uuid.UUID(int=rng.getrandbits(128)))
    answers = _answers(framework, level, rng)
    if mode == "self":
        for a in answers:
            a["party"] = "supplier"
    assessment = {
        "id": aid,
        "framework_id": framework.id,
        "framework_version": framework.version,
        "framework_hash": framework.content_hash,
        "profile": None,
        "mode": mode,
        "cycle": cycle,
        "assessor": "portfolio",
        "scope_json": "{}",
        "status": status,
        "follows_id": None,
        "sequence": 1,
        "created_at": "2026-11-01 00:00:00+00:00",
        "updated_at": "2026-11-24 00:00:00+00:00",
        "closed_at": "2026-11-24 00:00:00+00:00" if status == "final" else None,
        "kit_id": kit,
    }
    chain, head = chain_of(aid)
    members = {
        "assessment.json": json.dumps(assessment).encode(),
        "answers.json": json.dumps(answers, ensure_ascii=False).encode(),
        "findings.json": json.dumps(findings, ensure_ascii=False).encode(),
        "evidence.json": b"[]",
        "audit.json": json.dumps(chain).encode(),
    }
    manifest = {
        "assessment": aid,
        "kit": kit,
        "audit_head": head,
        "sequence": 1,
        "mode": mode,
        "framework": {
            "id": framework.id,
            "version": framework.version,
            "content_hash": framework.content_hash,
        },
        "supplier": {"business_id": bid, "name": bid},
        "site": site,
        "claimed": {"total": "0", "outcome": "x"},
    }
    return aid, seal(members, manifest, signer, Recipient(hq_public), "result")


def _finding(rng: random.Random, framework: Any, due: str) -> dict[str, Any]:
    item = rng.choice(list(framework.items())).id
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128))),
        "item_id": item,
        "severity": rng.choice(("major", "minor", "minor", "observation")),
        "description": rng.choice(
            (
                "퇴직자 계정 삭제 지연",
                "방문객 대장 서명 누락",
                "보안 교육 미이수자 3명",
                "반출 승인 기록 누락",
            )
        ),
        "corrective_action": None,
        "owner": None,
        "due_date": due,
        "status": "open",
    }


def _supplier_signer(world: World, n: int, bid: str, ctx: Any) -> Any:
    """The supplier's own key (its laptop), trusted at headquarters for that supplier."""
    from certdesk.services import own_keys
    from certdesk.services.exchange import trust

    actor = Actor(world.root / f"supplier-{n}", "field")
    world.supplier_keys[bid] = actor
    key_file = actor.public_file("supplier")
    with actor.acting():
        signer = own_keys.signing_key()
    trust.trust(ctx, key_file, f"보안담당 {n}", "supplier", bid)
    return signer


def build(
    root: Path,
    suppliers: int,
    cycles: tuple[str, ...] = CYCLES,
    seed: int = 2026,
    with_self: bool = True,
) -> World:
    """The headquarters database at root/hq/certdesk.db with `suppliers` suppliers; with
    `with_self`, every other cycle also brings each supplier's self-assessment (signed by
    the supplier's own key, one laptop per supplier: slower)."""
    from certdesk.services import own_keys
    from certdesk.services.assessment import supplier_edit
    from certdesk.services.assessment.supplier_edit import SupplierFields
    from certdesk.services.exchange import kit_out, results_in, trust

    rng = random.Random(seed)
    hq, assessor = Actor(root / "hq", "hq"), Actor(root / "field", "field")
    hq_public = own_keys.read_public(hq.public_file("hq")).encryption
    assert hq_public is not None
    with assessor.acting():
        signer = own_keys.signing_key()
    world = World(root, hq, assessor, {})
    plans = []
    with hq.acting() as ctx:
        trust.trust(ctx, assessor.public_file("assessor"), "김심사", "assessor", None)
        framework = ctx.library.find("industrial-security")
        for n in range(suppliers):
            bid = business_id(n)
            name = f"{NAMES[n % len(NAMES)]}{KINDS[(n // len(NAMES)) % len(KINDS)]}"
            name += f" {n // (len(NAMES) * len(KINDS)) + 1}" if n >= len(NAMES) * len(KINDS) else ""
            site = SITES[n % len(SITES)]
            fields = SupplierFields(
                name, "보안담당", None, None, (site,), ("설계", "사출"), TIERS[n % len(TIERS)]
            )
            supplier_edit.add_supplier(ctx, bid, fields)
            bias = rng.uniform(-0.15, 0.1)
            own = _supplier_signer(world, n, bid, ctx) if with_self else None
            for c, cycle in enumerate(cycles):
                level = min(0.98, 0.70 + 0.07 * c + bias + rng.uniform(-0.05, 0.05))
                modes = ("self", "onsite") if own is not None and c % 2 else ("onsite",)
                for mode in modes:
                    status = "final" if mode == "onsite" else "submitted"
                    if c == len(cycles) - 1 and rng.random() < 0.1:
                        status = "draft"  # still being worked on
                    out = root / f"k{n}-{c}-{mode}.cdkit"
                    kit = kit_out.issue_kit(ctx, bid, framework.id, out, mode=mode, site=site).kit
                    who = signer if mode == "onsite" else own
                    plans.append((kit, bid, site, mode, cycle, status, level, who))
    paths = []
    for k, (kit, bid, site, mode, cycle, status, level, who) in enumerate(plans):
        due = f"2026-{(k % 12) + 1:02d}-15"
        findings = (
            [_finding(rng, framework, due) for _ in range(rng.choice((0, 0, 1, 2)))]
            if mode == "onsite"
            else []
        )
        seen = min(0.99, level + 0.08) if mode == "self" else level  # suppliers see it rosier
        path = root / f"p{k:05d}.cdpkg"
        aid, data = package(
            kit, who, hq_public, framework, bid, site, mode, cycle, status, seen, rng, findings
        )
        world.results.append((bid, aid, mode, status, [f["id"] for f in findings]))
        path.write_bytes(data)
        paths.append(path)
    with hq.acting() as ctx:
        outcomes = results_in.import_files(ctx, paths).outcomes
        refused = [o for o in outcomes if o.status == "refused"]
        assert not refused, refused[0].reason
    return world


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def desk(world: World, responses: int = 6, certificates: int = 6) -> None:
    """Work on headquarters' desk: suppliers' responses to the findings of their latest
    final on-site result (waiting for review), and certificates for certified results."""
    from certdesk.services.exchange import responses_out, results_in
    from certdesk.services.hq import certificates as certs
    from certdesk.services.hq import portfolio

    hq_key = world.hq.public_file("hq")
    latest: dict[str, tuple[str, list[str]]] = {}
    for bid, aid, mode, status, found in world.results:
        if mode == "onsite" and status == "final":
            latest[bid] = (aid, found)
    files: list[Path] = []
    for bid, (aid, found) in list(latest.items()):
        actor = world.supplier_keys.get(bid)
        if actor is None or not found or len(files) >= responses:
            continue
        out = world.root / f"response-{bid}.cdpkg"
        answers = [
            responses_out.Response(f, "절차 개정 및 담당자 교육 완료", "2026-11-30") for f in found
        ]
        with actor.acting():
            responses_out.export_response(aid, bid, answers, out, hq_key)
        files.append(out)
    with world.hq.acting() as ctx:
        outcomes = results_in.import_files(ctx, files).outcomes
        assert all(o.status == "imported" for o in outcomes), [o.reason for o in outcomes]
        made = 0
        for entry in portfolio.summary(ctx):
            standing = entry.assessor
            if standing is None or standing.outcome_kind != "certified" or made >= certificates:
                continue
            certs.issue(ctx, standing.assessment, world.root / f"cert-{made}.pdf", "ko")
            made += 1
