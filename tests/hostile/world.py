"""A headquarters and the parties that send it files, for hostile tests.

Headquarters trusts two assessors (A and B), two suppliers (S1 for BUSINESS_ID,
S2 for OTHER_BUSINESS_ID) and a key it later revoked (R). It issued an on-site
kit answered by A (imported, final, with a finding, a file and a sighted
document), a self-assessment kit answered by S1 (imported), and an on-site
kit for supplier 2 that B holds. `base` is A's next genuine package, decrypted
with headquarters' key: the raw material an attacker edits and signs again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certdesk.crypto import keys
from certdesk.formats.package import build_archive
from certdesk.services import own_keys
from certdesk.services.assessment import answers, evidence, findings, status
from certdesk.services.context import reading
from certdesk.services.exchange import container, kit_out, results_in, results_out, trust
from certdesk.services.exchange.container import Recipient, seal_archive
from certdesk.services.exchange.inbound import ImportOutcome
from certdesk.store.tables import Assessment
from tests.support.exchange import Actor, kit_assessment
from tests.support.workspace import BUSINESS_ID, OTHER_BUSINESS_ID


@dataclass
class World:
    root: Path
    hq: Actor
    parties: dict[str, Actor]
    signers: dict[str, Ed25519PrivateKey]
    hq_public: bytes
    aid: str
    self_aid: str
    other_aid: str
    kits: dict[str, str]
    """Kit ids by what they are for: "A" (on-site, supplier 1), "S1" (self-assessment,
    supplier 1), "B" (on-site, supplier 2), "bound" (on-site, supplier 1, for A only)."""
    taken: dict[str, str]
    """Ids held by another assessment (S1's): "finding", "evidence"."""
    base_manifest: dict[str, Any]
    base_members: dict[str, bytes]
    good: Path
    """A's genuine next package, not imported: a good file for batches."""

    def json(self, name: str) -> Any:
        return json.loads(self.base_members[name])

    def forge(
        self,
        *,
        members: dict[str, bytes] | None = None,
        manifest: dict[str, Any] | None = None,
        signer: str = "A",
        encrypt: bool = True,
        recipient: bytes | None = None,
        kind: str = "result",
        header: dict[str, Any] | None = None,
        raw_archive: bytes | None = None,
        claim_signer: str | None = None,
    ) -> bytes:
        """A container as an attacker builds one: any content, signed by any party's key.

        The manifest names the key that signs, as the program writes it, unless the
        case claims another (`claim_signer`)."""
        content = dict(self.base_members) if members is None else members
        named = {k: v for k, v in (manifest or self.base_manifest).items() if k != "members"}
        if "signer" in named:
            actual = keys.fingerprint(keys.signing_public(self.signers[signer]))
            named["signer"] = claim_signer or actual
        archive = raw_archive if raw_archive is not None else build_archive(content, named)
        to = Recipient(recipient or self.hq_public) if encrypt else None
        return seal_archive(archive, self.signers[signer], to, kind, header)

    def edited(
        self,
        name: str,
        change: Callable[[Any], Any],
        *,
        signer: str = "A",
        manifest: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    ) -> bytes:
        """The base package with one JSON member changed (and the manifest, if asked)."""
        data = change(self.json(name))
        members = {**self.base_members, name: json.dumps(data, ensure_ascii=False).encode()}
        named = manifest(dict(self.base_manifest)) if manifest else self.base_manifest
        return self.forge(members=members, manifest=named, signer=signer)

    def manifest_with(self, **fields: Any) -> bytes:
        return self.forge(manifest={**self.base_manifest, **fields})

    def import_bytes(self, raw: bytes, name: str = "hostile.cdpkg") -> ImportOutcome:
        path = self.root / name
        path.write_bytes(raw)
        with self.hq.acting() as ctx:
            [outcome] = results_in.import_files(ctx, [path]).outcomes
        return outcome

    def files_digest(self) -> str:
        """The headquarters database file and every evidence file, byte for byte."""
        with self.hq.acting() as ctx:
            ctx.db.engine.dispose()  # every connection closed: the WAL is folded in
            digest = hashlib.sha256(ctx.db.path.read_bytes())
            folder = ctx.db.evidence_dir
            for path in sorted(folder.iterdir()) if folder.exists() else []:
                digest.update(path.name.encode() + path.read_bytes())
            wal = ctx.db.path.with_name(ctx.db.path.name + "-wal")
            digest.update(wal.read_bytes() if wal.exists() else b"")
        return digest.hexdigest()


def _kit_of(actor: Actor, assessment_id: str) -> str:
    with actor.acting() as ctx, reading(ctx) as session:
        record = session.get(Assessment, assessment_id)
        assert record is not None
        assert record.kit_id is not None
        return record.kit_id


def _signing_key(actor: Actor) -> Ed25519PrivateKey:
    with actor.acting():
        return own_keys.signing_key()


def build_world(root: Path) -> World:
    hq = Actor(root / "hq", "hq")
    parties = {name: Actor(root / name.lower(), "field") for name in ("A", "B", "S1", "S2", "R")}
    aid = kit_assessment(hq, parties["A"], root, profile="standard", trust_as="A")
    self_aid = kit_assessment(hq, parties["S1"], root, mode="self", trust_as="S1")
    other_aid = kit_assessment(
        hq, parties["B"], root, business_id=OTHER_BUSINESS_ID, name="다른정밀", trust_as="B"
    )
    with hq.acting() as ctx:
        trust.trust(ctx, parties["S2"].public_file("s2"), "S2", "supplier", OTHER_BUSINESS_ID)
        trust.trust(ctx, parties["R"].public_file("r"), "R", "assessor", None)
        revoked = next(k for k in trust.trusted(ctx) if k.name == "R")
        trust.revoke(ctx, revoked.fingerprint, "노트북 분실")
        hq_public = own_keys.read_public(hq.public_file("hq-key")).encryption
        assert hq_public is not None
    with parties["A"].acting() as ctx:
        answers.answer(ctx, aid, "1.1.1", "met", "정책서 확인")
        answers.answer(ctx, aid, "1.1.2", "not_met")
        findings.add_finding(ctx, aid, "major", "검토 기록 없음", item_id="1.1.2")
        scan = root / "정책서.pdf"
        scan.write_bytes(b"%PDF-1.7 signed policy")
        evidence.add_file(ctx, aid, "1.1.1", scan)
        evidence.add_sighted(ctx, aid, "1.1.3", title="설계도면 관리대장", version="v7")
        status.set_status(ctx, aid, "final")
        results_out.export_package(ctx, aid, root / "a1.cdpkg")
        results_out.export_package(ctx, aid, root / "a2.cdpkg")
    with parties["S1"].acting() as ctx:
        answers.answer(ctx, self_aid, "1.1.1", "met")
        taken_finding = findings.add_finding(ctx, self_aid, "minor", "자체 점검 메모").id
        note = root / "자체점검.txt"
        note.write_bytes(b"self check")
        taken_evidence = evidence.add_file(ctx, self_aid, "1.1.1", note).id
        results_out.export_package(ctx, self_aid, root / "s1.cdpkg")
    kits = {
        name: _kit_of(parties[name], a)
        for name, a in (("A", aid), ("S1", self_aid), ("B", other_aid))
    }
    with hq.acting() as ctx:
        fingerprint = next(k.fingerprint for k in trust.trusted(ctx) if k.name == "A")
        out = root / "bound.cdkit"
        kits["bound"] = kit_out.issue_kit(
            ctx, BUSINESS_ID, "industrial-security", out, to=fingerprint
        ).kit
    with hq.acting() as ctx:
        imported = results_in.import_files(ctx, [root / "a1.cdpkg", root / "s1.cdpkg"])
        assert all(o.status == "imported" for o in imported.outcomes), imported.outcomes
        opened = container.open_container(
            (root / "a2.cdpkg").read_bytes(), container.decrypting([own_keys.encryption_key()])
        )
    return World(
        root=root,
        hq=hq,
        parties=parties,
        signers={name: _signing_key(actor) for name, actor in parties.items()},
        hq_public=hq_public,
        aid=aid,
        self_aid=self_aid,
        other_aid=other_aid,
        kits=kits,
        taken={"finding": taken_finding, "evidence": taken_evidence},
        base_manifest=dict(opened.manifest),
        base_members=dict(opened.members),
        good=root / "a2.cdpkg",
    )


__all__ = ["BUSINESS_ID", "OTHER_BUSINESS_ID", "World", "build_world"]
