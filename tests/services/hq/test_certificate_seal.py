"""A certificate's PDF names its scope, issuer, score and code (with its QR code) and
carries a statement signed with headquarters' key: the file alone verifies against the
register, and every alteration, foreign key or missing seal is refused in one line,
writing nothing."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing

from certdesk import clock
from certdesk.cli import main
from certdesk.domain.certificate import CertificateView
from certdesk.domain.dates import add_months
from certdesk.errors import UserError
from certdesk.formats import certificate_pdf
from certdesk.services import own_keys
from certdesk.services.hq import certificate_seal, certificates
from certdesk.services.hq.certificate_statement import b64url, seal, unb64url
from tests.support.exchange import table_digest
from tests.support.hq_world import PROCESSES, HqWorld, hq_world

MARKER = re.compile(rb"CERTDESK-CERT1:([A-Za-z0-9_-]*)")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[HqWorld]:
    made = hq_world(tmp_path, clock.today(), findings=False)
    with made.hq.acting() as ctx:
        yield made
        ctx.close()


@pytest.fixture
def issued(world: HqWorld, tmp_path: Path) -> tuple[CertificateView, Path]:
    pdf = tmp_path / "certificate.pdf"
    view = certificates.issue(world.ctx, world.assessment, pdf, "en").certificate
    return view, pdf


def _text(pdf: Path) -> str:
    done = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.replace("\xa0", " ").split())


def _sealed(pdf: Path) -> dict[str, Any]:
    [payload] = MARKER.findall(pdf.read_bytes())
    found = json.loads(unb64url(payload.decode("ascii")))
    assert isinstance(found, dict)
    return found


def _copy(pdf: Path, out: Path, sealed: dict[str, Any] | str) -> Path:
    """A copy of `pdf` whose marker carries `sealed` (a whole marker when a string)."""
    raw = pdf.read_bytes()
    [payload] = MARKER.findall(raw)
    if isinstance(sealed, str):
        new = sealed.encode("ascii")
    else:
        packed = json.dumps(sealed, ensure_ascii=False, separators=(",", ":"))
        new = b"CERTDESK-CERT1:" + b64url(packed.encode("utf-8")).encode("ascii")
    out.write_bytes(raw.replace(b"CERTDESK-CERT1:" + payload, new))
    return out


def test_the_certificate_names_its_scope_issuer_score_and_code(
    world: HqWorld, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    drawn: list[str] = []
    draw = certificate_pdf.qr_drawing

    def spied(code: str) -> Drawing:
        drawn.append(code)
        return draw(code)

    monkeypatch.setattr(certificate_pdf, "qr_drawing", spied)
    pdf = tmp_path / "certificate.pdf"
    view = certificates.issue(world.ctx, world.assessment, pdf, "en").certificate
    signer = own_keys.own_fingerprint()
    assert view.signer == signer
    assert (view.processes, view.framework_version, view.score) == (
        tuple(PROCESSES),
        "1.0.0",
        "100.0%",
    )
    text = _text(pdf)
    until = add_months(world.today, 36).isoformat()
    for shown in (
        "한빛정밀 (124-81-00998)",
        "Site 구미 사업장",
        "Production processes 설계, 사출, 조립",
        "Industrial security management system certification, version 1.0.0",
        "Score 100.0%",
        "Outcome Certified",
        f"Valid {world.today.isoformat()} – {until}",
        f"Issued by {world.ctx.user} (fingerprint of headquarters' signing key: {signer})",
        f"Verification code {view.code}",
        view.package_sha256,
    ):
        assert shown in text
    assert drawn == [view.code]  # the QR code drawn on the page is the code's
    [widget] = certificate_pdf.qr_drawing(view.code).contents
    assert isinstance(widget, QrCodeWidget)
    assert widget.value == view.code
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    assert len(MARKER.findall(pdf.read_bytes())) == 1


def test_a_long_scope_still_fits_one_page(tmp_path: Path) -> None:
    view = CertificateView(
        "ABCD-0123-4567-89EF",
        "a",
        "한빛정밀",
        "124-81-00998",
        "구미 사업장",
        "산업보안 관리체계 인증",
        "인증",
        clock.today(),
        clock.today(),
        "ab" * 32,
        revoked=False,
        processes=tuple(f"정밀가공공정{n}" for n in range(60)),
    )
    certificate_pdf.write_certificate(view, tmp_path / "c.pdf", "ko")
    info = subprocess.run(
        ["pdfinfo", str(tmp_path / "c.pdf")], capture_output=True, text=True, check=True
    )
    assert "Pages:           1" in info.stdout
    text = _text(tmp_path / "c.pdf")
    assert all(f"정밀가공공정{n}" in text for n in range(60))  # smaller, never cut or broken


def test_the_file_verifies_offline_and_follows_the_register(
    world: HqWorld, issued: tuple[CertificateView, Path]
) -> None:
    view, pdf = issued
    found = certificate_seal.verify_file(world.ctx, pdf)
    assert (found.status, found.code, found.valid_until) == ("valid", view.code, view.valid_until)
    expired = certificate_seal.verify_file(world.ctx, pdf, today=view.valid_until + timedelta(1))
    assert expired.status == "expired"
    own_keys.rotate_keys()  # a retired key's certificates still verify
    assert certificate_seal.verify_file(world.ctx, pdf).status == "valid"
    certificates.revoke(world.ctx, view.code, "부정 발견")
    revoked = certificate_seal.verify_file(world.ctx, pdf)
    assert (revoked.status, revoked.reason) == ("revoked", "부정 발견")


def _refused(world: HqWorld, path: Path) -> str:
    before = table_digest(world.ctx)
    found = certificate_seal.verify_file(world.ctx, path)
    assert table_digest(world.ctx) == before
    assert found.status == "refused"
    assert found.reason is not None
    assert "\n" not in found.reason
    return found.reason


def test_an_altered_statement_is_refused(
    world: HqWorld, issued: tuple[CertificateView, Path], tmp_path: Path
) -> None:
    view, pdf = issued
    sealed = _sealed(pdf)
    year = view.valid_until.year
    sealed["statement"]["valid_until"] = sealed["statement"]["valid_until"].replace(
        str(year), str(year + 10)
    )
    longer = _copy(pdf, tmp_path / "longer.pdf", sealed)
    assert "signature does not match" in _refused(world, longer)
    assert certificate_seal.verify_file(world.ctx, pdf).status == "valid"


def test_a_seal_not_made_by_this_headquarters_is_refused(
    world: HqWorld, issued: tuple[CertificateView, Path], tmp_path: Path
) -> None:
    _view, pdf = issued
    statement = _sealed(pdf)["statement"]
    other = _copy(pdf, tmp_path / "other.pdf", seal(statement, Ed25519PrivateKey.generate()))
    assert _refused(world, other) == "it was not signed with a key of this headquarters"
    forged = _sealed(pdf)
    forged["signature"] = _sealed(other)["signature"]  # another key's signature, ours named
    assert "signature does not match" in _refused(world, _copy(pdf, tmp_path / "f.pdf", forged))


def test_what_the_register_does_not_hold_is_refused(
    world: HqWorld, issued: tuple[CertificateView, Path], tmp_path: Path
) -> None:
    """Signed with headquarters' own key, yet not what the register says."""
    _view, pdf = issued
    statement = _sealed(pdf)["statement"]
    key = own_keys.signing_key()
    renamed = _copy(pdf, tmp_path / "renamed.pdf", seal({**statement, "supplier": "다른회사"}, key))
    assert _refused(world, renamed) == "what it states differs from the register: Supplier"
    wider = {**statement, "processes": [*PROCESSES, "도장"], "valid_until": "2099-01-01"}
    assert _refused(world, _copy(pdf, tmp_path / "wider.pdf", seal(wider, key))) == (
        "what it states differs from the register: Production processes, Valid"
    )
    unknown = _copy(
        pdf, tmp_path / "u.pdf", seal({**statement, "code": "0000-0000-0000-0000"}, key)
    )
    assert certificate_seal.verify_file(world.ctx, unknown).status == "unknown"


def test_a_file_without_one_good_seal_is_refused(
    world: HqWorld, issued: tuple[CertificateView, Path], tmp_path: Path
) -> None:
    _view, pdf = issued
    raw = pdf.read_bytes()
    [payload] = MARKER.findall(raw)
    bare = tmp_path / "bare.pdf"
    bare.write_bytes(raw.replace(b"CERTDESK-CERT1:" + payload, b""))
    assert "carries no seal" in _refused(world, bare)
    twice = tmp_path / "twice.pdf"
    twice.write_bytes(raw + b"\n% CERTDESK-CERT1:" + payload + b"\n")
    assert _refused(world, twice) == "it carries more than one seal"
    sealed = _sealed(pdf)
    damaged: list[dict[str, Any] | str] = [
        "CERTDESK-CERT1:AAAA",  # base64 of no JSON
        "CERTDESK-CERT1:A",  # no base64
        {**sealed, "more": 1},
        {**sealed, "signature": "AAAA"},
        {**sealed, "statement": {**sealed["statement"], "processes": "설계"}},
        {**sealed, "statement": {**sealed["statement"], "issued": "2026-02-30"}},
        {**sealed, "statement": {**sealed["statement"], "signer": "0000 0000"}},
    ]
    for n, wrong in enumerate(damaged):
        assert _refused(world, _copy(pdf, tmp_path / f"d{n}.pdf", wrong)) == "its seal is damaged"
    assert "not a regular file" in _refused(world, tmp_path)
    big = tmp_path / "big.pdf"
    big.write_bytes(raw + b"\0" * certificate_seal.MAX_BYTES)
    assert "too large" in _refused(world, big)


def test_only_headquarters_verifies_a_file(world: HqWorld, tmp_path: Path) -> None:
    with world.field.acting() as ctx, pytest.raises(UserError, match="headquarters' work"):
        certificate_seal.verify_file(ctx, tmp_path / "c.pdf")


def test_cert_verify_file_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = hq_world(tmp_path, clock.today(), findings=False)
    pdf = tmp_path / "c.pdf"
    with made.hq.acting() as ctx:
        view = certificates.issue(ctx, made.assessment, pdf, "ko").certificate
        _copy(pdf, tmp_path / "bad.pdf", _code_changed(_sealed(pdf)))
    with made.hq.commanding() as db:
        assert main(["--db", db, "cert", "verify", "--file", str(pdf)]) == 0
        assert capsys.readouterr().out == f"{view.code}: valid until {view.valid_until}\n"
        assert main(["--db", db, "cert", "verify", "--file", str(tmp_path / "bad.pdf")]) == 3
        out = capsys.readouterr().out
        assert out.startswith(f"{_other_code(view.code)}: refused: its signature does not match")
        assert main(["--db", db, "cert", "revoke", view.code, "--reason", "다시 심사"]) == 0
        capsys.readouterr()
        assert main(["--db", db, "cert", "verify", "--file", str(pdf), "--json"]) == 3
        said = json.loads(capsys.readouterr().out)
        assert (said["status"], said["reason"]) == ("revoked", "다시 심사")
        both = ["--db", db, "cert", "verify", "--file", str(pdf), "--package", str(made.result)]
        assert main(both) == 1
        assert "needs no result package" in capsys.readouterr().err
    text = _text(pdf)
    assert "생산공정 설계, 사출, 조립" in text
    assert "버전 1.0.0" in text
    assert "점수 100.0%" in text


def _other_code(code: str) -> str:
    return code[:-1] + ("1" if code.endswith("0") else "0")


def _code_changed(sealed: dict[str, Any]) -> dict[str, Any]:
    statement = sealed["statement"]
    return {**sealed, "statement": {**statement, "code": _other_code(statement["code"])}}
