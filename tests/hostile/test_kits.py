"""Hostile kits on a field laptop: each refused in one line, nothing written, nothing read
before headquarters' pinned key is checked.

Most are signed by headquarters' own key: the field trusts it, and still checks
what a kit holds (a trusted party is still an interested one).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from certdesk.crypto import keys
from certdesk.errors import UserError
from certdesk.formats.package import build_archive
from certdesk.services import own_keys
from certdesk.services.exchange import container, kit_in, kit_out
from certdesk.services.exchange.container import Recipient, seal_archive
from tests.hostile import zips
from tests.support.exchange import Actor, kit_assessment, table_digest
from tests.support.workspace import BUSINESS_ID


@dataclass
class Field:
    root: Path
    hq: Actor
    field: Actor
    hq_key: Ed25519PrivateKey
    kit: dict[str, Any]
    framework: bytes

    def forge(
        self,
        kit: dict[str, Any] | None = None,
        *,
        members: dict[str, bytes] | None = None,
        signer: Ed25519PrivateKey | None = None,
        kind: str = "kit",
        recipient: bytes | None = None,
        manifest: dict[str, Any] | None = None,
    ) -> bytes:
        content = members or {
            "kit.json": json.dumps(kit or self.kit, ensure_ascii=False).encode(),
            "framework.yaml": self.framework,
        }
        key = signer or self.hq_key
        named = manifest or {
            "kind": kind,
            "signer": keys.fingerprint(keys.signing_public(key)),
        }
        to = Recipient(recipient) if recipient else None
        return seal_archive(build_archive(content, named), key, to, kind)

    def with_kit(self, **fields: Any) -> bytes:
        return self.forge({**self.kit, **fields})

    def digest(self) -> str:
        return field_digest(self.field)


def field_digest(field: Actor) -> str:
    """The field laptop's database and framework library, as one hash."""
    with field.acting() as ctx:
        library = ctx.library.user
        files = sorted(library.rglob("*")) if library.exists() else []
        digest = hashlib.sha256(table_digest(ctx).encode())
        for path in files:
            digest.update(str(path).encode() + (path.read_bytes() if path.is_file() else b""))
    return digest.hexdigest()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Field:
    root = tmp_path_factory.mktemp("hostile-kits")
    hq, field = Actor(root / "hq", "hq"), Actor(root / "field", "field")
    kit_assessment(hq, field, root)  # the field pinned headquarters' key
    with hq.acting() as ctx:
        kit_out.issue_kit(ctx, BUSINESS_ID, "industrial-security", root / "genuine.cdkit")
        key = own_keys.signing_key()
        opened = container.open_container((root / "genuine.cdkit").read_bytes(), None)
    return Field(
        root,
        hq,
        field,
        key,
        json.loads(opened.members["kit.json"]),
        opened.members["framework.yaml"],
    )


DEEP = "[" * 50_000 + "]" * 50_000
Case = Callable[[Field], bytes]


def framework(**fields: Any) -> Callable[[Field], dict[str, Any]]:
    return lambda w: {**w.kit["framework"], **fields}


def yaml_member(body: bytes) -> Case:
    return lambda w: w.forge(
        members={"kit.json": json.dumps(w.kit).encode(), "framework.yaml": body}
    )


CASES: dict[str, tuple[Case, str]] = {
    "a framework id that climbs out of the library": (
        lambda w: w.with_kit(framework=framework(id="../../../etc/cron")(w)),
        "kit.json (framework.id) is malformed",
    ),
    "a framework version with a path": (
        lambda w: w.with_kit(framework=framework(version="1.0/../../x")(w)),
        "malformed",
    ),
    "a version that is not the file's": (
        lambda w: w.with_kit(framework=framework(version="9.9.9")(w)),
        "is not the",
    ),
    "another framework's id": (
        lambda w: w.with_kit(framework=framework(id="personal-information")(w)),
        "is not the",
    ),
    "a content hash that is not the file's": (
        lambda w: w.with_kit(framework=framework(content_hash="sha256:" + "0" * 64)(w)),
        "is not the",
    ),
    "evidence smuggled into a kit": (
        lambda w: w.forge(
            members={
                "kit.json": json.dumps(w.kit).encode(),
                "framework.yaml": w.framework,
                "evidence/6d1f3a52-0c6e-4d35-9b8b-3f1a2e4c5d6e": b"%PDF",
            }
        ),
        "unexpected file",
    ),
    "no framework file": (
        lambda w: w.forge(members={"kit.json": json.dumps(w.kit).encode()}),
        "does not list exactly",
    ),
    "a framework file that is not YAML": (yaml_member(b"id: [unclosed"), "framework.yaml"),
    "a framework file nested deep": (yaml_member(DEEP.encode()), "framework.yaml"),
    "a framework file of aliases": (
        yaml_member(b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
        "framework.yaml",
    ),
    "a member more": (
        lambda w: w.forge(
            members={
                "kit.json": json.dumps(w.kit).encode(),
                "framework.yaml": w.framework,
                "answers.json": b"[]",
            }
        ),
        "unexpected file: answers.json",
    ),
    "a key more in kit.json": (lambda w: w.with_kit(autorun="rm -rf /"), "kit.json is malformed"),
    "a mode unknown": (lambda w: w.with_kit(mode="admin"), "kit.json (mode) is malformed"),
    "a business number of letters": (
        lambda w: w.with_kit(supplier={"business_id": "ABCDEFGHIJ", "name": "x"}),
        "malformed",
    ),
    "another headquarters' signing key inside": (
        lambda w: w.with_kit(hq={**w.kit["hq"], "signing": "A" * 43 + "="}),
        "names another signer",
    ),
    "a scope nested deep": (lambda w: w.with_kit(scope={"a": {"b": {"c": "d"}}}), "malformed"),
    "a scope of a thousand keys": (
        lambda w: w.with_kit(scope={f"k{i}": "v" for i in range(1000)}),
        "malformed",
    ),
    "a previous result of the wrong types": (
        lambda w: w.with_kit(previous={"assessment": 1, "total": "high"}),
        "malformed",
    ),
    "a due date in words": (lambda w: w.with_kit(due="next week"), "malformed"),
    "kit.json nested deep": (
        lambda w: w.forge(members={"kit.json": DEEP.encode(), "framework.yaml": w.framework}),
        "kit.json is malformed",
    ),
    "kit.json not JSON": (
        lambda w: w.forge(members={"kit.json": b"{", "framework.yaml": w.framework}),
        "kit.json is malformed",
    ),
    "a result sent as a kit": (lambda w: w.forge(kind="result"), "file where another kind was"),
    "encrypted to a key not this laptop's": (
        lambda w: w.forge(recipient=_someone_else()),
        "not encrypted to this",
    ),
    "signed by another key, with a bomb inside": (
        lambda w: w.forge(
            signer=Ed25519PrivateKey.generate(),
            members={"framework.yaml": b"\0" * (60 * 2**20), "kit.json": b"{}"},
        ),
        "not by the headquarters key this database trusts",
    ),
    "signed by another key, a path out inside": (
        lambda w: seal_archive(
            zips.zip_of([("../../../.bashrc", b"x")]), Ed25519PrivateKey.generate(), None, "kit"
        ),
        "not by the headquarters key this database trusts",
    ),
    "the old container format": (
        lambda w: b"CDPKG\x01\n" + w.forge()[7:],
        "older CertDesk",
    ),
    "cut short": (lambda w: w.forge()[:-10], "cut short"),
    "a flipped byte": (lambda w: _flip(w.forge()), "bad signature"),
}


def _someone_else() -> bytes:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    return keys.encryption_public(X25519PrivateKey.generate())


def _flip(raw: bytes) -> bytes:
    spot = len(raw) // 2
    return raw[:spot] + bytes([raw[spot] ^ 1]) + raw[spot + 1 :]


@pytest.mark.parametrize("case", CASES)
def test_refused_in_one_line_and_nothing_written(world: Field, case: str) -> None:
    build, expected = CASES[case]
    path = world.root / f"hostile-{abs(hash(case))}.cdkit"
    path.write_bytes(build(world))
    before = world.digest()
    with world.field.acting() as ctx, pytest.raises(UserError) as refused:
        kit_in.import_kit(ctx, path, None)
    message = refused.value.message
    assert expected in message
    assert message.isprintable()
    assert world.digest() == before


def test_the_same_kit_twice_starts_one_assessment(world: Field) -> None:
    path = world.root / "twice.cdkit"
    path.write_bytes(world.forge({**world.kit, "kit": "0e0d0c0b-0a09-4807-8605-040302010000"}))
    with world.field.acting() as ctx:
        kit_in.import_kit(ctx, path, None)
        before = world.digest()
        with pytest.raises(UserError, match="imported already"):
            kit_in.import_kit(ctx, path, None)
    assert world.digest() == before


@pytest.mark.slow
def test_fuzzed_kits_signed_by_headquarters(world: Field) -> None:
    """Mutated kit members behind headquarters' genuine signature: only the reader's
    one-line refusal escapes, whatever the bytes."""
    from hypothesis import given
    from hypothesis import strategies as st

    from tests.hostile.test_fuzz import MANY, mutated

    small = Path(__file__).parents[1] / "data" / "frameworks" / "conformity-small.yaml"
    with world.hq.acting() as ctx:
        framework = ctx.library.install(small).framework
        kit_out.issue_kit(ctx, BUSINESS_ID, framework.id, world.root / "small.cdkit")
    opened = container.open_container((world.root / "small.cdkit").read_bytes(), None)
    genuine, yaml = opened.members["kit.json"], opened.members["framework.yaml"]
    target = world.root / "fuzzed.cdkit"
    with world.field.acting() as ctx:

        @MANY
        @given(st.data())
        def run(data: st.DataObject) -> None:
            members = {"kit.json": genuine, "framework.yaml": yaml}
            name = data.draw(st.sampled_from(sorted(members)))
            members[name] = data.draw(mutated(members[name]))
            target.write_bytes(world.forge(members=members))
            refusal = ""
            try:
                kit_in.import_kit(ctx, target, None)
            except UserError as refused:
                refusal = str(refused)
            assert "\n" not in refusal

        run()


def test_a_kit_for_criteria_held_here_with_other_content_is_refused(tmp_path: Path) -> None:
    """The field already holds id@version with other criteria: the assessment would be
    scored on the wrong copy, and headquarters would refuse its result later."""
    small = Path(__file__).parents[1] / "data" / "frameworks" / "conformity-small.yaml"
    other = tmp_path / "other.yaml"
    other.write_text(
        small.read_text(encoding="utf-8").replace("시험용 적합성 체계", "다른 내용의 체계"),
        encoding="utf-8",
    )
    hq, field = Actor(tmp_path / "hq", "hq"), Actor(tmp_path / "field", "field")
    kit_assessment(hq, field, tmp_path)  # headquarters' key pinned
    with hq.acting() as ctx:
        framework = ctx.library.install(small).framework
        kit_out.issue_kit(ctx, BUSINESS_ID, framework.id, tmp_path / "small.cdkit")
    with field.acting() as ctx:
        ctx.library.install(other)
    before = field_digest(field)
    with field.acting() as ctx, pytest.raises(UserError) as refused:
        kit_in.import_kit(ctx, tmp_path / "small.cdkit", None)
    assert "test-conformity is installed here with other content" in refused.value.message
    assert field_digest(field) == before
