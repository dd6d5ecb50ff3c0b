"""Evidence: copied in sealed, photos without location, opened into a private folder."""

from __future__ import annotations

import errno
import hashlib
import io
import os
from pathlib import Path

import pytest
from PIL import Image

from certdesk.errors import UserError
from certdesk.services import context, leftovers
from certdesk.services.assessment import evidence, photos
from certdesk.services.assessment.workspace import Workspace
from tests.support.workspace import new_context, supplier_and_assessment


@pytest.fixture
def ctx(tmp_path: Path) -> context.Context:
    return new_context(tmp_path / "db")


def _photo_with_gps(path: Path) -> None:
    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    image.save(path, format="JPEG", exif=exif.tobytes(), quality=90)


def _stored(ctx: context.Context) -> list[Path]:
    return [p for p in ctx.db.evidence_dir.iterdir() if p.is_file()]


def test_file_is_copied_sealed_and_opens_again(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    source = tmp_path / "보안정책서.txt"
    source.write_text("기밀: 보안정책 v3", encoding="utf-8")
    evidence_id = evidence.add_file(ctx, aid, "1.1.1", source).id
    [stored] = _stored(ctx)
    assert "보안정책".encode() not in stored.read_bytes()
    source.unlink()  # the store holds its own copy
    opened = evidence.open_file(ctx, evidence_id)
    assert opened.read_text(encoding="utf-8") == "기밀: 보안정책 v3"
    assert opened.name == "보안정책서.txt"
    assert oct(opened.parent.stat().st_mode & 0o777) == "0o700"
    leftovers.clear_opened()
    assert not opened.exists()


def test_photo_loses_its_location(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    photo = tmp_path / "gate.jpg"
    _photo_with_gps(photo)
    with Image.open(photo) as original:
        assert 0x8825 in original.getexif()
    opened = evidence.open_file(ctx, evidence.add_file(ctx, aid, "2.1.1", photo).id)
    with Image.open(opened) as kept:
        assert 0x8825 not in kept.getexif()
        assert kept.getexif()[0x010F] == "TestCam"
        assert kept.size == (64, 48)


def test_sha256_is_of_the_stored_content(ctx: context.Context, tmp_path: Path) -> None:
    aid = supplier_and_assessment(ctx)
    source = tmp_path / "log.csv"
    source.write_bytes(b"a,b\n1,2\n")
    opened = evidence.open_file(ctx, evidence.add_file(ctx, aid, None, source).id)
    assert (
        hashlib.sha256(opened.read_bytes()).hexdigest() == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    )


def test_missing_and_oversized_files(
    ctx: context.Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aid = supplier_and_assessment(ctx)
    with pytest.raises(UserError, match="there is no file"):
        evidence.add_file(ctx, aid, None, tmp_path / "nope.pdf")
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 2048)
    monkeypatch.setattr(evidence, "MAX_BYTES", 1024)
    with pytest.raises(UserError, match="at most"):
        evidence.add_file(ctx, aid, None, big)
    assert not ctx.db.evidence_dir.exists() or not _stored(ctx)


def test_unreadable_file(ctx: context.Context, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file; permissions cannot make one unreadable here")
    aid = supplier_and_assessment(ctx)
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"%PDF")
    locked.chmod(0)
    with pytest.raises(UserError, match="cannot read"):
        evidence.add_file(ctx, aid, None, locked)


def test_disk_full_saves_nothing(
    ctx: context.Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk cannot be made here without root mounts: os.fsync is replaced by
    # one that fails as a full disk does (ENOSPC). Everything else is real.
    aid = supplier_and_assessment(ctx)
    source = tmp_path / "scan.pdf"
    source.write_bytes(b"%PDF-1.7 scan")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(UserError, match="nothing was saved"):
        evidence.add_file(ctx, aid, None, source)
    monkeypatch.undo()
    assert _stored(ctx) == []
    sighted = evidence.add_sighted(
        ctx,
        aid,
        "1.1.1",
        title="설계 도면 관리대장",
        version="v7",
        seen_where="R&D 보호구역",
        shown_by="보안담당자",
    )
    [kept] = Workspace(ctx, aid).evidence["1.1.1"]  # a record needs no disk space for a file
    assert (kept.id, kept.name) == (sighted.id, "설계 도면 관리대장")


def test_sighted_needs_a_title(ctx: context.Context) -> None:
    aid = supplier_and_assessment(ctx)
    with pytest.raises(UserError, match="title"):
        evidence.add_sighted(ctx, aid, None, title="  ")


def test_strip_location_leaves_other_files_alone() -> None:
    data = b"not an image at all"
    assert photos.strip_location(data) == data
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, format="PNG")
    assert photos.strip_location(out.getvalue()) == out.getvalue()
