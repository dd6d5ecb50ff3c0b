"""Photos lose where they were taken before they are stored."""

from __future__ import annotations

import io

GPS_IFD = 0x8825


def strip_location(data: bytes) -> bytes:
    """A photo without its GPS tags (JPEG quality kept); other files unchanged."""
    from PIL import Image, UnidentifiedImageError  # only when a file is attached

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            if GPS_IFD not in exif or image.format not in ("JPEG", "PNG", "WEBP", "TIFF"):
                return data
            del exif[GPS_IFD]
            out = io.BytesIO()
            options = {"quality": "keep"} if image.format == "JPEG" else {}
            image.save(out, format=image.format, exif=exif.tobytes(), **options)
            return out.getvalue()
    except (UnidentifiedImageError, OSError, ValueError):
        return data
