"""Photos lose every location they carry before they are stored.

An image Pillow reads is written again from its pixels alone: every frame
(TIFF pages, MPO pictures, GIF, WebP, APNG frames), the ICC profile, the
resolution and a few harmless EXIF tags (KEEP_TAGS); never GPS, MakerNote,
XMP, IPTC, comments, thumbnails or PNG text. JPEG and MPO keep their
quantisation tables and subsampling, as quality="keep" would (Pillow allows
that only when saving the opened file, which would bring its metadata along).

Refused in one line (UserError), never stored with a location: HEIC/HEIF (no
decoder here), an image Pillow reads but cannot write (PSD...), a file that
starts like an image (IMAGE_MAGIC) but fails to decode or rewrite (a damaged
JPEG's EXIF is still readable), too many pixels or frames, decompression bombs.
Unchanged: files of no image type; documents and video Pillow knows (EPS,
MPEG, stubs such as HDF5); a failing file of a kind without magic (TGA...).
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING, Any

from certdesk.errors import UserError
from certdesk.i18n import _

if TYPE_CHECKING:
    from PIL import ImageFile

MAX_PIXELS = 100_000_000  # all frames together
MAX_FRAMES = 500
KEEP_TAGS = frozenset({0x010F, 0x0110, 0x0112, 0x0132})  # Make, Model, Orientation, DateTime
KEEP_EXIF_TAGS = frozenset({0x9003, 0x9004})  # DateTimeOriginal, DateTimeDigitized
# Frames come decoded whole (disposal and blending applied), so only these stay.
KEEP_INFO = frozenset({"transparency", "background", "compression", "default_image"})
UNCHANGED_FORMATS = frozenset({"EPS", "MPEG"})
SIZED_PAGES = frozenset({"TIFF", "MPO"})  # pages of their own size, seen without decoding
HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1"})
IMAGE_MAGIC: tuple[bytes, ...] = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF8", b"8BPS")
IMAGE_MAGIC += (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")  # TIFF, BigTIFF, camera raw
IMAGE_MAGIC += (b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xffO\xffQ")  # JPEG 2000
IMAGE_MAGIC += (b"\x00\x00\x00\x0cJXL \r\n\x87\n", b"\xff\n")  # JPEG XL


def strip_location(data: bytes, *, name: str = "photo") -> bytes:
    """An image written again without any location, else `data` unchanged (see above).

    `name` names the file in messages only.
    """
    from PIL import Image  # only when a file is attached

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format in UNCHANGED_FORMATS:
                    return data
                return _rewrite(image, data, name)
    except UserError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as error:
        raise UserError(_too_large(name)) from error
    except Exception as error:  # a damaged file makes Pillow raise almost anything
        if not _claims_image(data):
            return data
        raise UserError(_unreadable(data, name)) from error


def _rewrite(image: ImageFile.ImageFile, data: bytes, name: str) -> bytes:
    from PIL import Image

    count: int = getattr(image, "n_frames", 1)
    if image.format not in Image.SAVE or (count > 1 and image.format not in Image.SAVE_ALL):
        raise UserError(_unreadable(data, name))
    if count > MAX_FRAMES:
        raise UserError(_too_large(name))
    areas = [image.width * image.height] * count  # frames of GIF, WebP, APNG: the canvas
    for index in range(count if image.format in SIZED_PAGES else 0):
        image.seek(index)
        areas[index] = image.width * image.height
    if sum(areas) > _pixel_limit():
        raise UserError(_too_large(name))
    image.seek(0)
    options = _options(image, data)  # may decode the first frame (PNG's EXIF)
    frames, durations, pixels = [], [], 0
    for index in range(count):
        image.seek(index)
        pixels += image.width * image.height  # a GIF's canvas may grow as frames come
        if pixels > _pixel_limit():
            raise UserError(_too_large(name))
        frame = image.copy()  # a plain image: no tags, text or XMP come along
        durations.append(frame.info.get("duration"))
        frame.info = {key: value for key, value in frame.info.items() if key in KEEP_INFO}
        frames.append(frame)
    if count > 1:
        options.update(save_all=True, append_images=frames[1:])
        if None not in durations:
            options["duration"] = durations
    out = io.BytesIO()
    frames[0].save(out, format=image.format, **options)
    return out.getvalue()


def _options(image: ImageFile.ImageFile, data: bytes) -> dict[str, Any]:
    """What the first frame keeps: ICC profile, resolution, harmless EXIF, JPEG tables."""
    from PIL import Image, JpegImagePlugin

    info = image.info
    options: dict[str, Any] = {k: info[k] for k in ("icc_profile", "dpi", "loop") if k in info}
    exif, kept = image.getexif(), Image.Exif()
    kept.update({t: v for t, v in exif.items() if t in KEEP_TAGS and isinstance(v, str | int)})
    dates = {t: v for t, v in exif.get_ifd(0x8769).items() if t in KEEP_EXIF_TAGS}
    if dates and image.format != "TIFF":  # libtiff cannot write an EXIF IFD (Pillow 13)
        kept[0x8769] = dates
    if kept:
        options["exif"] = kept.tobytes()
    if image.format in ("JPEG", "MPO"):
        options["qtables"] = getattr(image, "quantization", None) or None
        options["subsampling"] = JpegImagePlugin.get_sampling(image)
    if image.format in ("WEBP", "AVIF"):  # lossless stays lossless, lossy loses little
        options.update(quality=90, lossless=b"VP8L" in data)
    return options


def _claims_image(data: bytes) -> bool:
    webp = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    bmff = data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS | {b"avif", b"avis"}
    return data.startswith(IMAGE_MAGIC) or webp or bmff


def _pixel_limit() -> int:
    """MAX_PIXELS, or less where Pillow's own bomb warning comes first (89.5 MP by default)."""
    from PIL import Image

    return min(MAX_PIXELS, Image.MAX_IMAGE_PIXELS or MAX_PIXELS)


def _too_large(name: str) -> str:
    return _(
        "{name} is too large for CertDesk to remove its location (over {megapixels} "
        "megapixels or {frames} frames); attach a smaller copy"
    ).format(name=name, megapixels=_pixel_limit() // 1_000_000, frames=MAX_FRAMES)


def _unreadable(data: bytes, name: str) -> str:
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return _(
            "{name} is a HEIC photo, whose location CertDesk cannot remove; save it as JPEG "
            "and attach that (on an iPhone: Settings > Camera > Formats > Most Compatible)"
        ).format(name=name)
    return _(
        "{name} is an image CertDesk cannot read, so it cannot remove its location; "
        "save it again as JPEG or PNG and attach that"
    ).format(name=name)
