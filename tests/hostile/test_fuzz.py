"""Thousands of mutated inputs per reader of outside files: only the reader's own refusal
ever comes out, and the process never crashes.

Mutations flip, insert and delete bytes and cut the input short. For signed
files the mutated content is signed again by a trusted key, as a trusted
attacker would, so the mutations reach the parsers behind the signature.
Runs are derandomized, so CI sees the same inputs every time.
"""

from __future__ import annotations

import json
import zipfile
from contextlib import suppress
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certdesk.errors import UserError
from certdesk.formats.answers_csv import read_answers
from certdesk.formats.criteria import parse_document
from certdesk.formats.package import PackageError
from certdesk.formats.problems import InvalidFileError
from certdesk.services.exchange import container, results_in
from certdesk.services.exchange.inbound import Refused
from certdesk.services.exchange.responses_in import _entries
from tests.hostile.world import World, build_world

pytestmark = pytest.mark.slow  # thousands of inputs: once per CI run, in the main run

MANY = settings(  # thousands of inputs per reader, the same ones on every run
    max_examples=2000,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        match draw(st.sampled_from(("flip", "insert", "delete", "cut", "bracket"))):
            case "flip":
                data[at] ^= draw(st.integers(1, 255))
            case "insert":
                data[at:at] = draw(st.binary(min_size=1, max_size=8))
            case "delete":
                del data[at : at + draw(st.integers(1, 16))]
            case "cut":
                del data[at:]
            case "bracket":
                data[at:at] = b"[" * draw(st.integers(1, 200))
    return bytes(data)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return build_world(tmp_path_factory.mktemp("fuzz"))


def test_the_container_reader(world: World) -> None:
    good = world.good.read_bytes()
    decrypt = container.decrypting([_hq_private(world)])

    @MANY
    @given(st.data())
    def run(data: st.DataObject) -> None:
        raw = data.draw(mutated(good))
        with suppress(PackageError):
            container.open_container(raw, decrypt)

    run()


def test_every_member_behind_a_trusted_signature(world: World) -> None:
    names = sorted(n for n in world.base_members if n.endswith(".json"))
    with world.hq.acting() as ctx:

        @MANY
        @given(st.data())
        def run(data: st.DataObject) -> None:
            name = data.draw(st.sampled_from(names))
            body = data.draw(mutated(world.base_members[name]))
            raw = world.forge(members={**world.base_members, name: body})
            assert _refusal(ctx, raw).isprintable()

        run()


def test_the_response_reader(world: World) -> None:
    genuine = json.dumps(
        [{"finding_id": world.aid, "action": "조치", "done_on": "2026-11-30", "evidence": []}]
    ).encode()

    @MANY
    @given(st.data())
    def run(data: st.DataObject) -> None:
        body = data.draw(mutated(genuine))
        opened = container.Opened(
            b"\0" * 32,
            {"kind": "response", "encrypted": True},
            {"kind": "response", "assessment": world.aid, "supplier": {"business_id": "1"}},
            {"response.json": body},
        )
        with suppress(Refused):
            _entries(opened)

    run()


def test_the_criteria_reader(bundled: Path) -> None:
    original = (
        Path(__file__).parents[1] / "data" / "frameworks" / "conformity-small.yaml"
    ).read_bytes()

    @MANY
    @given(st.data())
    def run(data: st.DataObject) -> None:
        with suppress(InvalidFileError):
            parse_document(data.draw(mutated(original)), "fuzzed.yaml")

    run()


def test_the_answers_csv_reader() -> None:
    original = 'item_id,answer,note\n1.1.1,met,"정책서, v2"\n1.1.2,na,"해당 없음"\n'.encode()

    @MANY
    @given(st.data())
    def run(data: st.DataObject) -> None:
        with suppress(InvalidFileError):
            read_answers(data.draw(mutated(original)), "fuzzed.csv")

    run()


def test_the_questionnaire_reader(tmp_path: Path) -> None:
    from certdesk.formats.xlsx.questionnaire import read_questionnaire
    from tests.support.workspace import new_context, supplier_and_assessment

    ctx = new_context(tmp_path / "db")
    framework = ctx.library.install(_small()).framework
    aid = supplier_and_assessment(ctx, framework=f"{framework.id}@{framework.version}")
    from certdesk.services.assessment import questionnaire
    from certdesk.services.assessment.workspace import Workspace

    book = questionnaire.export_questionnaire(Workspace(ctx, aid), tmp_path / "q.xlsx", "ko")
    original = book.files[0].read_bytes()
    sheet = _largest_member(original)
    target = tmp_path / "fuzzed.xlsx"

    @MANY
    @given(st.data())
    def run(data: st.DataObject) -> None:
        if data.draw(st.booleans()):
            target.write_bytes(data.draw(mutated(original)))
        else:  # the XML inside mutated, the zip around it sound
            target.write_bytes(
                _rezipped(original, sheet, data.draw(mutated(_member(original, sheet))))
            )
        with suppress(InvalidFileError, UserError):
            read_questionnaire(target)

    run()


def _refusal(ctx: object, raw: bytes) -> str:
    """Why headquarters refuses `raw` ("" if it would accept it)."""
    try:
        results_in.verify(ctx, raw)  # type: ignore[arg-type]
    except Refused as refused:
        return refused.reason
    return ""


def _small() -> Path:
    return Path(__file__).parents[1] / "data" / "frameworks" / "conformity-small.yaml"


def _largest_member(book: bytes) -> str:
    with zipfile.ZipFile(BytesIO(book)) as archive:
        return max(archive.infolist(), key=lambda i: i.file_size).filename


def _member(book: bytes, name: str) -> bytes:
    with zipfile.ZipFile(BytesIO(book)) as archive:
        return archive.read(name)


def _rezipped(book: bytes, name: str, body: bytes) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(book)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, body if info.filename == name else source.read(info))
    return out.getvalue()


def _hq_private(world: World) -> X25519PrivateKey:
    from certdesk.services import own_keys

    with world.hq.acting():
        return own_keys.encryption_key()
