"""The 盖章 (the enterprise's seal on the form) as an uploaded image. PURE (Pillow).

``reencode_seal(data) -> bytes``: checks that ``data`` is a JPEG, PNG or WebP photo or scan of
at most MAX_SEAL_BYTES and MAX_SEAL_PIXELS, and returns a fresh PNG of at most MAX_SIDE pixels
a side, turned upright (EXIF orientation) and with no metadata (a phone photo's EXIF carries
where and when it was taken). Nothing of the upload is kept but the decoded pixels. Raises
SealError with a Chinese message.
"""

from __future__ import annotations

import io
import warnings

#: Largest upload accepted (a phone photo), bytes.
MAX_SEAL_BYTES = 5 * 1024 * 1024
#: Largest decoded image accepted (guards against decompression bombs), pixels.
MAX_SEAL_PIXELS = 40_000_000
#: The stored PNG's longest side, pixels.
MAX_SIDE = 600
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
#: What an enterprise reads when its picture is over MAX_SEAL_BYTES (here, and in the
#: browser, which shrinks the picture first and refuses it with these words if still too big).
TOO_LARGE = f"盖章图片太大（最大 {MAX_SEAL_BYTES // (1024 * 1024)} MB），请压缩后上传"


class SealError(ValueError):
    """The upload is not an acceptable seal image; ``str(err)`` says why, in Chinese."""


def reencode_seal(data: bytes) -> bytes:
    """The seal image re-encoded as PNG (see the module docstring). Raises SealError."""
    # Pillow imported here, not at start-up (~0.015 s): only an upload needs it.
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise SealError("盖章图片是空的，请重新拍照上传")
    if len(data) > MAX_SEAL_BYTES:
        raise SealError(TOO_LARGE)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = probe.format
                width, height = probe.size
                if kind not in ACCEPTED_FORMATS:
                    raise SealError("盖章图片只收 JPG、PNG 或 WebP 格式")
                if width * height > MAX_SEAL_PIXELS:
                    raise SealError("盖章图片像素太多，请缩小后上传")
                image = ImageOps.exif_transpose(probe)
                image.load()
    except SealError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        SyntaxError,
    ) as exc:
        raise SealError("无法识别这张图片，请上传 JPG 或 PNG 格式的盖章照片") from exc
    image = image.convert("RGBA") if image.mode in ("P", "LA", "RGBA") else image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
