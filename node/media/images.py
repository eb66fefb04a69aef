"""Checking an uploaded case picture and making the copies that may leave the node.

An officer's photo of a concealment carries in its metadata where it was taken (GPS), with which phone (make,
model, serial number) and sometimes by whom. The original is kept on this node as evidence; what is shared with
other administrations is a copy re-encoded from the pixels alone.

Pure and synchronous: services call ``process_picture`` in a thread executor. Pillow releases the GIL while it
decodes and encodes, so several pictures of one upload can be processed side by side.
"""

from __future__ import annotations

import io
import logging
import re
import struct
from dataclasses import dataclass, field
from typing import Final

from PIL import Image, ImageCms

from node.errors import PayloadTooLarge, ServiceError
from node.media import containers
from node.media.containers import BrokenContainer, Layout
from protocol.errors import ErrorCode
from protocol.text import N_

logger = logging.getLogger(__name__)

THUMBNAIL_SIDE: Final = 320
SHARED_JPEG_QUALITY: Final = 90
SHARED_WEBP_QUALITY: Final = 90
THUMBNAIL_QUALITY: Final = 80
MEDIA_TYPES: Final = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The Pillow plugins allowed to parse an upload; "MPO" is how Pillow reports a multi-picture JPEG.
_PILLOW_FORMATS: Final = {"JPEG": ("JPEG", "MPO"), "PNG": ("PNG",), "WEBP": ("WEBP",)}
# What each re-encoder takes as is; anything else is converted first.
_SAVE_MODES: Final = {"JPEG": {"L", "RGB"}, "PNG": {"1", "L", "LA", "I;16", "RGB", "RGBA"}, "WEBP": {"RGB", "RGBA"}}
# Segments a clean re-encoded file may contain besides pixels: JFIF's APP0 holds a version and a pixel density.
_CLEAN_METADATA: Final = {"APP0"}
_TRANSPOSE: Final = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
# What Pillow raises on malformed input; anything else (MemoryError included) is our problem, not the file's.
# Its UserWarnings ("Invalid APNG...") arrive as exceptions only where warnings are errors, as in the tests.
_DECODE_ERRORS: Final = (OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError, KeyError, TypeError,
                         ArithmeticError, UserWarning)
# Markup in metadata makes a picture a polyglot that a careless viewer could run as a web page.
_ACTIVE_CONTENT: Final = re.compile(rb"<(?:script|iframe|html|!doctype\s+html)[\s>/]|<\?php\s", re.IGNORECASE)

NOT_A_PICTURE: Final = N_("This file is not a picture.")
WRONG_TYPE: Final = N_("This file is not a JPEG, PNG or WebP picture (found: {found}).")
DAMAGED: Final = N_("This picture is damaged or incomplete.")
APPENDED_FILE: Final = N_("This picture hides another file ({found}); save it again as a plain picture.")
APPENDED_DATA: Final = N_("This picture has extra data after its end; save it again as a plain picture.")
ACTIVE_CONTENT: Final = N_("This picture carries web page or script code; save it again as a plain picture.")
TOO_MANY_BYTES: Final = N_("This picture is larger than {limit} MB.")
TOO_MANY_PIXELS: Final = N_("This picture has too many pixels ({pixels} million; the limit is {limit} million).")


class PictureRejected(ServiceError):
    """An upload is not a JPEG, PNG or WebP picture we can read, or hides something else."""

    code = ErrorCode.UNSUPPORTED_MEDIA_TYPE


class PictureTooLarge(PictureRejected, PayloadTooLarge):
    """An upload has more bytes or more pixels than allowed."""

    code = ErrorCode.PAYLOAD_TOO_LARGE


@dataclass(frozen=True, slots=True)
class ProcessedPicture:
    """An accepted picture: the original as uploaded, a metadata-free copy to share, and a thumbnail.

    For an animated PNG or WebP, ``shared`` and ``thumbnail`` show the first frame only (``animated`` says so);
    the original keeps every frame.
    """

    original: bytes = field(repr=False)
    media_type: str
    width: int  # as displayed, after the EXIF orientation
    height: int
    shared: bytes = field(repr=False)
    shared_media_type: str
    thumbnail: bytes = field(repr=False)
    thumbnail_media_type: str = "image/jpeg"
    animated: bool = False


def process_picture(data: bytes, *, max_bytes: int, max_pixels: int) -> ProcessedPicture:
    """Check an uploaded picture and make its shareable copy and thumbnail.

    Animated PNG and WebP are accepted; their shared copy and thumbnail are the first frame only.
    ``max_pixels`` should not exceed Pillow's ``Image.MAX_IMAGE_PIXELS``: above it Pillow warns, and this module
    does not change that process-wide setting.

    Raises:
        PictureTooLarge: more than ``max_bytes`` bytes or ``max_pixels`` pixels.
        PictureRejected: not a JPEG, PNG or WebP picture, damaged, or carrying another file or script.
    """
    if len(data) > max_bytes:
        raise PictureTooLarge(TOO_MANY_BYTES, limit=_megabytes(max_bytes))
    layout = _read_layout(data)
    # Refused on the declared size, before any decoder allocates a canvas: a decompression bomb is a few KB.
    _check_pixels(layout.pixels, max_pixels)
    _check_nothing_hidden(data, layout)
    try:
        picture = _reencode(data, layout)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own process-wide limit, should it ever be below ours; the warning arrives as an exception only
        # where warnings are errors (the tests). Its global setting is left alone.
        raise PictureTooLarge(TOO_MANY_PIXELS, pixels=_millions(layout.pixels), limit=_millions(max_pixels)) from exc
    except _DECODE_ERRORS as exc:
        logger.info("picture refused: %s cannot be decoded: %s", layout.format, exc)
        raise PictureRejected(DAMAGED) from exc
    _ensure_clean(picture.shared, layout.format, (picture.width, picture.height))
    _ensure_clean(picture.thumbnail, "JPEG", None)
    return picture


def _read_layout(data: bytes) -> Layout:
    found = containers.identify(data)
    if found is None:
        raise PictureRejected(NOT_A_PICTURE)
    if found not in containers.ACCEPTED:
        raise PictureRejected(WRONG_TYPE, found=found)
    try:
        return containers.read_layout(data)
    except BrokenContainer as exc:
        logger.info("picture refused: %s", exc)
        raise PictureRejected(DAMAGED) from exc


def _check_pixels(pixels: int, max_pixels: int) -> None:
    if pixels > max_pixels:
        raise PictureTooLarge(TOO_MANY_PIXELS, pixels=_millions(pixels), limit=_millions(max_pixels))


def _check_nothing_hidden(data: bytes, layout: Layout) -> None:
    # The original is kept and served back as evidence: it must not double as an archive or a web page.
    if layout.end < len(data):
        found = containers.identify(data[layout.end:])
        if found is not None:
            raise PictureRejected(APPENDED_FILE, found=found)
        raise PictureRejected(APPENDED_DATA)
    if containers.archive_at_end(data):
        raise PictureRejected(APPENDED_FILE, found="ZIP")
    for _, start, stop in layout.metadata:
        if _ACTIVE_CONTENT.search(data, start, stop):
            raise PictureRejected(ACTIVE_CONTENT)


def _reencode(data: bytes, layout: Layout) -> ProcessedPicture:
    decodable = containers.pixels_only(data, layout)
    # verify() checks what decoding would not (PNG chunk CRCs) and leaves the image unusable, hence two opens.
    with Image.open(io.BytesIO(decodable), formats=_PILLOW_FORMATS[layout.format]) as probe:
        probe.verify()
    with Image.open(io.BytesIO(decodable), formats=_PILLOW_FORMATS[layout.format]) as image:
        if image.size != (layout.width, layout.height):
            raise ValueError(f"Pillow reads {image.size}, the container declares {layout.width}x{layout.height}")
        image.load()  # the first frame only
        icc_profile = image.info.get("icc_profile")
        frame = _to_srgb(image, icc_profile)
        frame = _to_save_mode(frame, layout.format)
        if transpose := _TRANSPOSE.get(containers.exif_orientation(data, layout)):
            frame = frame.transpose(transpose)
        # Whatever metadata survived the conversions above is dropped here: some encoders fall back to the
        # source's info (a JPEG comment, a PNG's ICC profile) when not told otherwise.
        frame.info = {}
        shared = _encode_shared(frame, layout)
        thumbnail = _thumbnail(frame)
    return ProcessedPicture(
        original=data, media_type=MEDIA_TYPES[layout.format], width=frame.width, height=frame.height,
        shared=shared, shared_media_type=MEDIA_TYPES[layout.format], thumbnail=thumbnail,
        thumbnail_media_type="image/jpeg", animated=layout.animated,
    )


def _to_srgb(image: Image.Image, icc_profile: object) -> Image.Image:
    """Convert to sRGB through the embedded ICC profile, which is then dropped (it can name a device)."""
    if image.mode in ("P", "PA") and icc_profile:
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.mode not in ("RGB", "RGBA", "CMYK"):
        return image  # a grey profile, once dropped, shifts tones slightly; no colour is lost
    if isinstance(icc_profile, bytes) and icc_profile:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
            if image.mode != "CMYK" and "srgb" in ImageCms.getProfileDescription(source).lower():
                return image
            output_mode = "RGB" if image.mode == "CMYK" else image.mode
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"),
                                                  outputMode=output_mode)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, *_DECODE_ERRORS) as exc:
            logger.info("picture's ICC profile cannot be used, colours taken as sRGB: %s", exc)
    return image.convert("RGB") if image.mode == "CMYK" else image


def _to_save_mode(image: Image.Image, fmt: str) -> Image.Image:
    if image.mode in _SAVE_MODES[fmt]:
        return image
    if image.mode in ("I", "I;16", "I;16B", "I;16L"):
        image = _to_8bit(image)
    if image.mode in ("L", "1") and fmt == "WEBP":
        return image.convert("RGB")
    if image.mode == "LA" and fmt == "WEBP":
        return image.convert("RGBA")
    if image.mode in _SAVE_MODES[fmt]:
        return image
    return image.convert("RGBA" if image.has_transparency_data and fmt != "JPEG" else "RGB")


def _to_8bit(image: Image.Image) -> Image.Image:
    """Scale 16-bit grey to 8 bits (Pillow's own conversion clips everything above 255 to white)."""
    return image.convert("I").point(lambda value: value * (1 / 257)).convert("L")


def _encode_shared(image: Image.Image, layout: Layout) -> bytes:
    if layout.format == "WEBP" and _first_webp_frame_is_lossy(layout):
        return _encode_lossy_webp(image)
    buffer = io.BytesIO()
    if layout.format == "JPEG":
        # libjpeg's standard tables at a fixed quality: the source's own tables would hint at the camera model.
        image.save(buffer, "JPEG", quality=SHARED_JPEG_QUALITY)
    elif layout.format == "PNG":
        image.save(buffer, "PNG", compress_level=6)
    else:
        # A lossless source stays lossless; the fastest effort keeps a 16-megapixel picture within a second.
        image.save(buffer, "WEBP", lossless=True, quality=0, method=0)
    return buffer.getvalue()


def _encode_lossy_webp(image: Image.Image) -> bytes:
    # libwebp refuses ("encoding error 6", its first partition over 512 KB) large, detailed pictures at high
    # quality; fewer bits then lossless, which has no such limit, rather than refuse a good picture.
    for quality in (SHARED_WEBP_QUALITY, 75):
        buffer = io.BytesIO()
        try:
            image.save(buffer, "WEBP", quality=quality, method=2)
        except ValueError as exc:
            logger.info("WebP encoding at quality %d failed (%s); trying with fewer bits", quality, exc)
            continue
        return buffer.getvalue()
    buffer = io.BytesIO()
    image.save(buffer, "WEBP", lossless=True, quality=0, method=0)
    return buffer.getvalue()


def _first_webp_frame_is_lossy(layout: Layout) -> bool:
    kinds = [kind for kind in layout.segments if kind in ("VP8 ", "VP8L")]
    return not kinds or kinds[0] == "VP8 "


def _thumbnail(image: Image.Image) -> bytes:
    """Return a JPEG whose longest side is at most ``THUMBNAIL_SIDE``, transparency flattened on white."""
    if image.mode == "I;16":
        image = _to_8bit(image)
    if image.mode == "1":
        image = image.convert("L")
    scale = THUMBNAIL_SIDE / max(image.size)
    if scale < 1:
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        # reducing_gap first shrinks by whole factors with a box filter: fast on a 24-megapixel photo.
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    if image.mode in ("LA", "RGBA"):
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image.convert("RGB"), mask=image.getchannel("A"))
        image = flat
    elif image.mode not in ("L", "RGB"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return buffer.getvalue()


def _ensure_clean(data: bytes, fmt: str, size: tuple[int, int] | None) -> None:
    """Re-read what we encoded and fail loudly if any metadata made it through (a bug, not a user error)."""
    try:
        layout = containers.read_layout(data)
    except BrokenContainer as exc:
        raise RuntimeError(f"re-encoded {fmt} picture cannot be read back: {exc}") from exc
    leaked = {name for name, _, _ in layout.metadata} - _CLEAN_METADATA
    if layout.format != fmt or leaked or (size is not None and (layout.width, layout.height) != size):
        raise RuntimeError(f"re-encoded {fmt} picture is not clean: {layout.format}, {sorted(leaked)}")


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f}".removesuffix(".0") if value >= 0.1 else f"{value:.2g}"


def _millions(pixels: int) -> str:
    value = pixels / 1_000_000
    return f"{value:.1f}".removesuffix(".0") if value >= 0.1 else f"{value:.2g}"
