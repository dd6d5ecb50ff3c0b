"""Photos lose every location before they are stored; other files stay as they are.

Every image here is built with Pillow and carries planted location strings;
each test reads the result back and searches its bytes for them.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable

import pytest
from PIL import GifImagePlugin, Image, ImageCms, PngImagePlugin, TiffImagePlugin, features

from certdesk.errors import UserError
from certdesk.services.assessment import photos

GPS_IFD = 0x8825
EXIF_IFD = 0x8769
XMP_TAG = 700
LATITUDE = b"37,33.98N"
PLACE = "37.5665N 126.9780E Seoul City Hall"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/"><exif:GPSLatitude>37,33.98N'
    b"</exif:GPSLatitude></rdf:Description></rdf:RDF></x:xmpmeta>"
)
PLANTED = (LATITUDE, b"GPSLatitude", b"Seoul", b"MAKERNOTE", b"xmpmeta")
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x0110] = "T-1"  # Model
    exif[0x0112] = 6  # Orientation
    exif[0x010E] = PLACE  # ImageDescription: free text, not on the list
    exif[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
    exif[EXIF_IFD] = {0x9003: "2024:05:01 10:00:00", 0x927C: b"MAKERNOTE 37.5N 126.9E"}
    return exif


def _picture(size: tuple[int, int] = (64, 48), shade: int = 0) -> Image.Image:
    """A picture with detail, so that frames differ and encoders keep them all."""
    image = Image.new("RGB", size, (200, 30 + shade, 30))
    for x in range(0, size[0], 4):
        image.putpixel((x, (x + shade) % size[1]), (0, 0, 255))
    return image


def _bytes(save: Callable[[io.BytesIO], None]) -> bytes:
    out = io.BytesIO()
    save(out)
    return out.getvalue()


def _planted(data: bytes) -> list[bytes]:
    return [marker for marker in PLANTED if marker in data]


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def _frames(data: bytes) -> list[tuple[tuple[int, int], dict[int, object], bytes]]:
    """Each frame's size, GPS IFD and pixels (as RGB), in order."""
    found = []
    with _open(data) as image:
        for index in range(getattr(image, "n_frames", 1)):
            image.seek(index)
            gps = dict(image.getexif().get_ifd(GPS_IFD))
            found.append((image.size, gps, image.convert("RGB").tobytes()))
    return found


def _assert_clean(image: Image.Image) -> None:
    exif = image.getexif()
    assert GPS_IFD not in exif
    assert not exif.get_ifd(GPS_IFD)
    assert 0x010E not in exif
    assert 0x927C not in exif.get_ifd(EXIF_IFD)
    keys = {str(key).lower() for key in image.info}
    assert not keys & {"xmp", "xml:com.adobe.xmp", "gps", "comment", "description"}
    assert not any(PLACE in str(value) for value in image.info.values())


def _assert_harmless_tags_kept(image: Image.Image) -> None:
    exif = image.getexif()
    assert (exif[0x010F], exif[0x0110], exif[0x0112]) == ("TestCam", "T-1", 6)
    assert exif.get_ifd(EXIF_IFD)[0x9003] == "2024:05:01 10:00:00"


def test_jpeg_loses_gps_xmp_makernote_and_comment_but_keeps_its_quality() -> None:
    data = _bytes(
        lambda out: _picture().save(
            out, "JPEG", exif=_exif(), xmp=XMP, comment=PLACE.encode(), icc_profile=SRGB, quality=83
        )
    )
    assert _planted(data) == list(PLANTED)
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    with _open(data) as before, _open(kept) as after:
        assert after.format == "JPEG"
        assert after.size == before.size
        _assert_clean(after)
        _assert_harmless_tags_kept(after)
        assert after.info["icc_profile"] == SRGB
        assert after.quantization == before.quantization  # type: ignore[attr-defined]


def test_png_loses_text_chunks_and_exif_gps_and_keeps_its_pixels() -> None:
    text = PngImagePlugin.PngInfo()
    text.add_text("GPS", PLACE)
    text.add_text("Comment", PLACE, zip=True)  # zTXt
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    text.add_itxt("Description", PLACE, zip=True)
    data = _bytes(lambda out: _picture().save(out, "PNG", pnginfo=text, exif=_exif()))
    assert {b"tEXt", b"zTXt", b"iTXt"} <= set(_chunk_types(data))
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    assert not {b"tEXt", b"zTXt", b"iTXt"} & set(_chunk_types(kept))
    with _open(kept) as after:
        _assert_clean(after)
        _assert_harmless_tags_kept(after)
        assert not after.text  # type: ignore[attr-defined]
    assert [f[0] for f in _frames(kept)] == [(64, 48)]
    assert _frames(kept)[0][2] == _frames(data)[0][2]


def _chunk_types(png: bytes) -> list[bytes]:
    types, at = [], 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        types.append(png[at + 4 : at + 8])
        at += 12 + length
    return types


def test_mpo_keeps_both_pictures_each_without_location() -> None:
    first, second = _picture((64, 48)), _picture((32, 24), shade=90)
    second.encoderinfo = {"exif": _exif(), "xmp": XMP}  # each frame its own EXIF, as phones
    data = _bytes(
        lambda out: first.save(
            out, "MPO", save_all=True, append_images=[second], exif=_exif(), xmp=XMP
        )
    )
    assert [gps != {} for _, gps, _ in _frames(data)] == [True, True]
    assert data.count(LATITUDE) == 2
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    with _open(kept) as after:
        assert (after.format, getattr(after, "n_frames", 1)) == ("MPO", 2)
        for index in range(2):
            after.seek(index)
            _assert_clean(after)
            assert after.getexif()[0x010F] == "TestCam"
    assert [(size, gps) for size, gps, _ in _frames(kept)] == [((64, 48), {}), ((32, 24), {})]


def _tiff(compression: str, gps: bool) -> bytes:
    """Three pages of different sizes, each with its own XMP, description (and GPS)."""
    pages = [_picture((30 + page, 20), shade=40 * page) for page in range(3)]
    for page in pages:
        tags = TiffImagePlugin.ImageFileDirectory_v2()
        tags[0x010F] = "TestCam"
        tags[0x010E] = PLACE
        tags[XMP_TAG] = XMP
        if gps:  # libtiff (any compression) cannot write a GPS IFD
            tags[GPS_IFD] = {1: "N", 2: (37.0, 33.0, 59.0), 3: "E", 4: (126.0, 58.0, 41.0)}
        page.encoderinfo = {"tiffinfo": tags}
    return _bytes(
        lambda out: pages[0].save(
            out, "TIFF", save_all=True, append_images=pages[1:], compression=compression
        )
    )


def test_multi_page_tiff_keeps_every_page_each_without_location() -> None:
    data = _tiff("raw", gps=True)
    assert [gps != {} for _, gps, _ in _frames(data)] == [True, True, True]
    assert data.count(LATITUDE) == 3
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    assert [(size, gps) for size, gps, _ in _frames(kept)] == [
        ((30, 20), {}),
        ((31, 20), {}),
        ((32, 20), {}),
    ]
    assert [pixels for *_, pixels in _frames(kept)] == [pixels for *_, pixels in _frames(data)]
    with _open(kept) as after:
        assert isinstance(after, TiffImagePlugin.TiffImageFile)
        for index in range(3):
            after.seek(index)
            _assert_clean(after)
            assert XMP_TAG not in after.tag_v2
            assert after.getexif()[0x010F] == "TestCam"


@pytest.mark.parametrize("compression", ["tiff_lzw", "tiff_adobe_deflate", "jpeg"])
def test_compressed_tiff_keeps_its_compression_and_pages(compression: str) -> None:
    data = _tiff(compression, gps=False)
    assert data.count(LATITUDE) == 3
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    assert [size for size, *_ in _frames(kept)] == [(30, 20), (31, 20), (32, 20)]
    with _open(kept) as after:
        for index in range(3):
            after.seek(index)
            assert after.info["compression"] == compression
            _assert_clean(after)


@pytest.mark.parametrize("kind", ["GIF", "WEBP", "PNG"])
def test_animation_keeps_every_frame_and_its_timing(kind: str) -> None:
    frames = [_picture((24, 16), shade=60 * index) for index in range(3)]
    extra: dict[str, object] = {"duration": [100, 200, 300], "loop": 0}
    if kind == "GIF":
        extra["comment"] = PLACE.encode()
    elif kind == "WEBP":
        extra.update(exif=_exif(), xmp=XMP, lossless=True)
    else:
        text = PngImagePlugin.PngInfo()
        text.add_text("GPS", PLACE)
        extra["pnginfo"] = text
    data = _bytes(
        lambda out: frames[0].save(out, kind, save_all=True, append_images=frames[1:], **extra)
    )
    assert b"Seoul" in data
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    assert [pixels for *_, pixels in _frames(kept)] == [pixels for *_, pixels in _frames(data)]
    with _open(kept) as after:
        assert (after.format, getattr(after, "n_frames", 1)) == (kind, 3)
        durations = []
        for index in range(3):
            after.seek(index)
            after.load()
            durations.append(after.info["duration"])
            _assert_clean(after)
    assert durations == [100, 200, 300]


@pytest.mark.parametrize("kind", ["WEBP", "AVIF"])
def test_other_photo_formats_lose_exif_gps_and_xmp(kind: str) -> None:
    if not features.check(kind.lower()):
        pytest.skip(f"this Pillow has no {kind}")
    data = _bytes(lambda out: _picture().save(out, kind, exif=_exif(), xmp=XMP))
    assert LATITUDE in data
    kept = photos.strip_location(data)
    assert _planted(kept) == []
    with _open(kept) as after:
        assert (after.format, after.size) == (kind, (64, 48))
        _assert_clean(after)
        assert after.getexif()[0x010F] == "TestCam"


@pytest.mark.parametrize("brand", [b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1"])
def test_heic_is_refused_with_what_to_do(brand: bytes) -> None:
    data = b"\x00\x00\x00\x18ftyp" + brand + b"\x00\x00\x00\x00mif1heic" + bytes(64) + LATITUDE
    with pytest.raises(UserError, match="HEIC") as refused:
        photos.strip_location(data, name="정문.HEIC")
    assert refused.value.message.startswith("정문.HEIC ")
    assert "Most Compatible" in refused.value.message
    assert "\n" not in refused.value.message


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n",
        "보안정책 v3: 37,33.98N".encode(),
        b"PK\x03\x04" + bytes(40),  # a zip (xlsx, docx)
        b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isomiso2" + bytes(32),  # an MP4 video
        b"%!PS-Adobe-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n",  # Pillow knows it: EPS
        b"\x00\x00\x01\xb3\x14\x00\xf0\x13" + bytes(64),  # Pillow knows it: MPEG video
        b"\x89HDF\r\n\x1a\n" + bytes(64),  # Pillow knows it: an HDF5 stub
    ],
    ids=["pdf", "text", "zip", "mp4", "postscript", "mpeg", "hdf5"],
)
def test_files_of_no_image_type_come_back_byte_identical(data: bytes) -> None:
    assert photos.strip_location(data) == data


def _gps_jpeg() -> bytes:
    return _bytes(lambda out: _picture((320, 240)).save(out, "JPEG", exif=_exif(), xmp=XMP))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated: the EXIF is whole, the pixels not
        lambda data: data[:2000] + bytes(range(256)) * 4,  # scan data replaced
        lambda data: data[:4] + b"\x00" * 64,  # starts as a JPEG, nothing Pillow can parse
    ],
    ids=["truncated", "garbled", "header-only"],
)
def test_a_damaged_jpeg_is_refused_not_stored_with_its_location(
    damage: Callable[[bytes], bytes],
) -> None:
    data = damage(_gps_jpeg())
    with pytest.raises(UserError, match="cannot read") as refused:
        photos.strip_location(data, name="gate.jpg")
    assert refused.value.message.startswith("gate.jpg ")
    assert "\n" not in refused.value.message


def _psd(width: int = 4, height: int = 3) -> bytes:
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 3, height, width, 8, 3)
    return header + bytes(12) + struct.pack(">H", 0) + bytes(width * height * 3)


XPM = (
    b'/* XPM */\nstatic char *p[] = {\n"3 2 2 1",\n"a c #ff0000",\n"b c #0000ff",\n'
    b'"aba",\n"bab"\n};\n'
)


@pytest.mark.parametrize(("data", "kind"), [(_psd(), "PSD"), (XPM, "XPM")], ids=["psd", "xpm"])
def test_an_image_pillow_reads_but_cannot_write_is_refused(data: bytes, kind: str) -> None:
    with _open(data) as image:
        assert image.format == kind
        assert kind not in Image.SAVE
        image.load()  # it decodes: what is missing is a writer
    with pytest.raises(UserError, match="cannot read"):
        photos.strip_location(data, name="plan")


def _png_claiming(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(64))) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def _icon_holding(png: bytes) -> bytes:
    """An icon whose directory says 16x16 and whose picture is the PNG given."""
    entry = struct.pack("<BBBBHHII", 16, 16, 0, 0, 1, 32, len(png), 22)
    return struct.pack("<HHH", 0, 1, 1) + entry + png


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")  # photos must see it
@pytest.mark.parametrize(
    "data",
    [
        _png_claiming(20_000, 20_000),  # Pillow's DecompressionBombError
        _png_claiming(10_000, 9_500),  # Pillow's DecompressionBombWarning
        _icon_holding(_png_claiming(10_000, 9_500)),  # the warning, from inside a container
    ],
    ids=["error", "warning", "warning-in-icon"],
)
def test_decompression_bombs_are_refused_in_one_line(data: bytes) -> None:
    with pytest.raises(UserError, match="too large") as refused:
        photos.strip_location(data, name="huge.png")
    assert "\n" not in refused.value.message


def test_pixels_of_all_pages_are_counted_before_any_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pages = [_picture((30, 20), shade=40 * page) for page in range(3)]
    data = _bytes(lambda out: pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:]))
    assert len(photos.strip_location(data)) > 0
    monkeypatch.setattr(photos, "MAX_PIXELS", 1500)  # two pages fit, three do not

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("decoded before the size was checked")

    monkeypatch.setattr(TiffImagePlugin.TiffImageFile, "load", no_decoding)
    with pytest.raises(UserError, match="too large"):
        photos.strip_location(data)


def test_pages_count_at_their_own_size(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [_picture((60, 60)), _picture((10, 10), 50), _picture((10, 10), 90)]
    data = _bytes(lambda out: pages[0].save(out, "TIFF", save_all=True, append_images=pages[1:]))
    monkeypatch.setattr(photos, "MAX_PIXELS", 5000)  # 3800 pixels in all; 3 x 3600 would not fit
    assert [size for size, *_ in _frames(photos.strip_location(data))] == [
        (60, 60),
        (10, 10),
        (10, 10),
    ]


def test_too_many_frames_are_refused_before_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    frames = [Image.new("P", (2, 2), index % 2) for index in range(photos.MAX_FRAMES + 1)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 255, 255, 255])
    data = _bytes(lambda out: frames[0].save(out, "GIF", save_all=True, append_images=frames[1:]))
    with _open(data) as image:
        assert getattr(image, "n_frames", 1) == photos.MAX_FRAMES + 1

    def no_decoding(self: Image.Image) -> None:
        raise AssertionError("decoded before the frames were counted")

    monkeypatch.setattr(GifImagePlugin.GifImageFile, "load", no_decoding)
    with pytest.raises(UserError, match="too large"):
        photos.strip_location(data)


def _growing_gif(sides: list[int]) -> bytes:
    """A GIF on a 1x1 screen whose frames grow: Pillow grows the canvas with them."""
    body = b""
    for side in sides:
        frame, out = Image.new("P", (side, side), 1), io.BytesIO()
        frame.putpalette([0, 0, 0, 255, 255, 255])
        frame.save(out, "GIF")
        data = out.getvalue()
        body += data[data.index(b",", 19) : -1]  # its image descriptor and data
    screen = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + bytes([0, 0, 0, 255, 255, 255])
    return screen + body + b";"


def test_frames_growing_a_gif_canvas_are_counted_as_they_come(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = _growing_gif([1, 60, 60])
    assert [size for size, *_ in _frames(data)] == [(1, 1), (60, 60), (60, 60)]
    assert photos.strip_location(data).startswith(b"GIF")  # within the limit it is written
    monkeypatch.setattr(photos, "MAX_PIXELS", 5000)  # 1 + 3600 fit, a second 3600 does not
    with pytest.raises(UserError, match="too large"):
        photos.strip_location(data)


def test_a_plain_photo_without_metadata_keeps_its_pixels() -> None:
    data = _bytes(lambda out: _picture().save(out, "PNG"))
    assert _frames(photos.strip_location(data)) == _frames(data)
