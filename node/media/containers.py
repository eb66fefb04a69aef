"""Reading the container structure of JPEG, PNG and WebP files without decoding a single pixel.

Plain byte parsing that runs on untrusted uploads *before* any decoder sees them, so that a declared size can be
refused without allocating the canvas, and so that data hidden outside the image proper (after its end, in
metadata segments) can be found. It also names the formats we refuse, for the user's message; Pillow is asked
only for its plugins' prefix tests then, never to parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from PIL import Image

# The formats a case picture may be in, by the name ``identify`` and ``read_layout`` use.
ACCEPTED = ("JPEG", "PNG", "WEBP")

# libjpeg-turbo decodes every scan of a progressive JPEG over the whole image: a small file with thousands of
# tiny scans costs minutes of CPU. Real encoders write about 10 (mozjpeg up to ~20); refuse far above that.
MAX_JPEG_SCANS = 100
# A multi-picture JPEG (MPO, Ultra HDR gain map) is a chain of whole JPEGs; cameras write two or three.
MAX_CHAINED_JPEGS = 16
# Walking the segments is a Python loop: 20 MB of empty 12-byte chunks would be 1.7 million turns. Real files
# have tens of segments, animated ones a few per frame.
MAX_SEGMENTS = 50_000

# A marker inside entropy-coded data: 0xFF followed by anything but a stuffed zero, a restart marker or fill.
_JPEG_MARKER = re.compile(rb"\xff[\x01-\xcf\xd8-\xfe]")
_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
# PNG chunks that hold pixels or how to paint them; every other chunk is metadata (text, EXIF, ICC, private).
_PNG_IMAGE_CHUNKS = frozenset({"IHDR", "PLTE", "IDAT", "IEND", "tRNS", "acTL", "fcTL", "fdAT", "bKGD", "gAMA",
                               "cHRM", "sRGB", "sBIT", "pHYs", "hIST"})
_WEBP_IMAGE_CHUNKS = frozenset({"VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF"})

# Formats named in the refusal message; checked before Pillow's own guesses, some of which are loose.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"II+\x00", "TIFF"),
    (b"MM\x00+", "TIFF"),
    (b"8BPS", "PSD"),
    (b"%PDF-", "PDF"),
    (b"PK\x03\x04", "ZIP"),
    (b"PK\x05\x06", "ZIP"),
    (b"Rar!\x1a\x07", "RAR"),
    (b"7z\xbc\xaf\x27\x1c", "7Z"),
    (b"\x1f\x8b", "GZIP"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG 2000"),
    (b"\xff\x4f\xff\x51", "JPEG 2000"),
    (b"\x00\x00\x00\x0cJXL \r\n\x87\n", "JPEG XL"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"MZ", "EXE"),
    (b"\x7fELF", "ELF"),
)
_FTYP_BRANDS = {b"heic": "HEIC", b"heix": "HEIC", b"hevc": "HEIC", b"heim": "HEIC", b"heis": "HEIC",
                b"mif1": "HEIF", b"msf1": "HEIF", b"avif": "AVIF", b"avis": "AVIF", b"qt  ": "MOV"}
_BMP_HEADER_SIZES = frozenset({12, 40, 52, 56, 64, 108, 124})
_MARKUP = re.compile(rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<\s*(!doctype\s+html|html|head|body|script|svg)\b",
                     re.IGNORECASE | re.DOTALL)
_PILLOW_NAMES = {"JPEG2000": "JPEG 2000"}


class BrokenContainer(ValueError):
    """The file's structure is truncated or malformed."""


@dataclass(frozen=True, slots=True)
class Layout:
    """What the container of a JPEG, PNG or WebP file declares, read without decoding."""

    format: str  # one of ACCEPTED
    width: int
    height: int
    primary_end: int  # offset just past the first (or only) picture
    end: int  # offset just past everything explained: chained JPEGs, zero padding; data beyond is foreign
    animated: bool
    segments: tuple[str, ...]  # JPEG markers ("APP1", "SOS"), PNG chunk or WebP chunk types, in file order
    metadata: tuple[tuple[str, int, int], ...]  # (segment, start, stop) of each non-image payload

    @property
    def pixels(self) -> int:
        """Return the declared number of pixels."""
        return self.width * self.height


def identify(data: bytes) -> str | None:
    """Name the format of ``data`` from its first bytes ("JPEG", "GIF", "PDF"...), or None when unknown."""
    head = data[:64]
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WEBP"
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:2] == b"BM" and int.from_bytes(head[14:18], "little") in _BMP_HEADER_SIZES:
        return "BMP"
    if head[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(head[8:12], "MP4")
    if (markup := _MARKUP.match(data[:4096].lstrip(b"\xef\xbb\xbf"))) is not None:
        return "SVG" if markup.group(1).lower() == b"svg" else "HTML"
    return _identify_with_pillow(head)


def _identify_with_pillow(head: bytes) -> str | None:
    # Only each plugin's prefix test runs here, never its parser: naming a refused format must not expose us to
    # the bugs of decoders we do not accept.
    Image.init()
    for name in Image.ID:
        _, accept = Image.OPEN[name]
        try:
            if accept is not None and accept(head[:16]):
                return _PILLOW_NAMES.get(name, name)
        except Exception:  # noqa: S112 - a plugin's guess failing on odd bytes just means "not this format"
            continue
    return None


def read_layout(data: bytes) -> Layout:
    """Walk the container of a JPEG, PNG or WebP file and return what it declares.

    Raises:
        BrokenContainer: the format is not one of ACCEPTED, or its structure is truncated or malformed.
    """
    kind = identify(data)
    if kind == "JPEG":
        return _jpeg_layout(data)
    if kind == "PNG":
        return _png_layout(data)
    if kind == "WEBP":
        return _webp_layout(data)
    raise BrokenContainer(f"not a JPEG, PNG or WebP file: {kind}")


def _append(segments: list[str], name: str) -> None:
    if len(segments) >= MAX_SEGMENTS:
        raise BrokenContainer(f"more than {MAX_SEGMENTS} segments")
    segments.append(name)


def _skip_padding(data: bytes, pos: int) -> int:
    # Some cameras and editors pad files with zeros after the last marker; that hides nothing.
    while pos < len(data) and data[pos] == 0:
        pos += 1
    return pos


def _jpeg_layout(data: bytes) -> Layout:
    segments: list[str] = []
    metadata: list[tuple[str, int, int]] = []
    size = _walk_jpeg(data, 0, segments, metadata)
    end = _skip_padding(data, size.end)
    chained = 0
    # Multi-picture JPEGs (MPO stereo pairs, Ultra HDR gain maps) append whole JPEGs after the first one's EOI.
    while data.startswith(b"\xff\xd8\xff", end) and chained < MAX_CHAINED_JPEGS:
        end = _skip_padding(data, _walk_jpeg(data, end, segments, metadata).end)
        chained += 1
    return Layout("JPEG", size.width, size.height, size.end, end, False, tuple(segments), tuple(metadata))


@dataclass(frozen=True, slots=True)
class _Walked:
    width: int
    height: int
    end: int


def _walk_jpeg(data: bytes, start: int, segments: list[str], metadata: list[tuple[str, int, int]]) -> _Walked:
    n = len(data)
    pos = start + 2  # after SOI
    width = height = 0
    scans = 0
    while True:
        if pos >= n or data[pos] != 0xFF:
            raise BrokenContainer(f"JPEG: expected a marker at offset {pos}")
        while pos < n and data[pos] == 0xFF:  # fill bytes may precede any marker
            pos += 1
        if pos >= n:
            raise BrokenContainer("JPEG: ends inside a marker")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:
            segments.append("EOI")
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            continue  # parameterless markers
        if marker in (0x00, 0xD8):
            raise BrokenContainer(f"JPEG: unexpected marker {marker:#04x} at offset {pos - 1}")
        if pos + 2 > n:
            raise BrokenContainer("JPEG: ends inside a segment header")
        length = int.from_bytes(data[pos:pos + 2], "big")
        if length < 2 or pos + length > n:
            raise BrokenContainer(f"JPEG: segment at offset {pos - 2} runs past the end")
        name = _jpeg_marker_name(marker)
        _append(segments, name)
        if 0xE0 <= marker <= 0xEF or marker == 0xFE:
            metadata.append((name, pos + 2, pos + length))
        elif marker in _JPEG_SOF and not width:
            if length < 8:
                raise BrokenContainer("JPEG: frame header too short")
            height = int.from_bytes(data[pos + 3:pos + 5], "big")
            width = int.from_bytes(data[pos + 5:pos + 7], "big")
        pos += length
        if marker == 0xDA:
            scans += 1
            if scans > MAX_JPEG_SCANS:
                raise BrokenContainer(f"JPEG: more than {MAX_JPEG_SCANS} scans")
            found = _JPEG_MARKER.search(data, pos)
            if found is None:
                raise BrokenContainer("JPEG: scan data runs to the end of the file (truncated)")
            pos = found.start()
    if not width or not height or not scans:
        raise BrokenContainer("JPEG: no frame size or no image data")
    return _Walked(width, height, pos)


def _jpeg_marker_name(marker: int) -> str:
    if 0xE0 <= marker <= 0xEF:
        return f"APP{marker - 0xE0}"
    return {0xC4: "DHT", 0xDA: "SOS", 0xDB: "DQT", 0xDD: "DRI", 0xFE: "COM"}.get(
        marker, f"SOF{marker - 0xC0}" if marker in _JPEG_SOF else f"M{marker:02X}")


def _png_chunks(data: bytes) -> Iterator[tuple[str, int, int]]:
    n = len(data)
    pos = 8
    while True:
        if pos + 12 > n:
            raise BrokenContainer("PNG: ends before IEND")
        length = int.from_bytes(data[pos:pos + 4], "big")
        kind = data[pos + 4:pos + 8]
        if not kind.isalpha() or length > 0x7FFFFFFF or pos + 12 + length > n:
            raise BrokenContainer(f"PNG: bad chunk at offset {pos}")
        yield kind.decode("ascii"), pos + 8, pos + 8 + length  # the CRC follows; Pillow's verify() checks it
        pos += 12 + length


def _png_layout(data: bytes) -> Layout:
    segments: list[str] = []
    metadata: list[tuple[str, int, int]] = []
    width = height = 0
    end = 0
    for kind, start, stop in _png_chunks(data):
        if not segments:
            if kind != "IHDR" or stop - start != 13:
                raise BrokenContainer("PNG: does not start with IHDR")
            width = int.from_bytes(data[start:start + 4], "big")
            height = int.from_bytes(data[start + 4:start + 8], "big")
        _append(segments, kind)
        if kind not in _PNG_IMAGE_CHUNKS:
            metadata.append((kind, start, stop))
        if kind == "IEND":
            end = stop + 4
            break
    if not width or not height or "IDAT" not in segments:
        raise BrokenContainer("PNG: no size or no image data")
    return Layout("PNG", width, height, end, _skip_padding(data, end), "acTL" in segments, tuple(segments),
                  tuple(metadata))


def _webp_layout(data: bytes) -> Layout:
    riff_size = int.from_bytes(data[4:8], "little")
    riff_end = 8 + riff_size + (riff_size & 1)
    if riff_size < 4 or 8 + riff_size > len(data):
        raise BrokenContainer("WebP: shorter than its RIFF header says (truncated)")
    segments: list[str] = []
    metadata: list[tuple[str, int, int]] = []
    width = height = 0
    pos = 12
    while pos + 8 <= 8 + riff_size:
        kind = data[pos:pos + 4].decode("latin-1")
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        start, stop = pos + 8, pos + 8 + length
        if stop > 8 + riff_size:
            raise BrokenContainer(f"WebP: chunk {kind!r} runs past the end")
        if not segments:
            width, height = _webp_size(kind, data[start:min(stop, start + 10)])
        _append(segments, kind)
        if kind not in _WEBP_IMAGE_CHUNKS:
            metadata.append((kind, start, stop))
        elif kind == "ANMF":
            _webp_frame_chunks(data, start + 16, stop, segments, metadata)
        pos = stop + (length & 1)
    if not width or not height or not {"VP8 ", "VP8L", "ANMF"} & set(segments):
        raise BrokenContainer("WebP: no size or no image data")
    end = min(riff_end, len(data))
    return Layout("WEBP", width, height, end, _skip_padding(data, end), "ANIM" in segments, tuple(segments),
                  tuple(metadata))


def _webp_frame_chunks(data: bytes, pos: int, end: int, segments: list[str],
                       metadata: list[tuple[str, int, int]]) -> None:
    # An animation frame holds its own image chunks (and possibly unknown ones) after a 16-byte frame header.
    while pos + 8 <= end:
        kind = data[pos:pos + 4].decode("latin-1")
        length = int.from_bytes(data[pos + 4:pos + 8], "little")
        if pos + 8 + length > end:
            raise BrokenContainer(f"WebP: frame chunk {kind!r} runs past its frame")
        _append(segments, kind)
        if kind not in _WEBP_IMAGE_CHUNKS:
            metadata.append((kind, pos + 8, pos + 8 + length))
        pos += 8 + length + (length & 1)


def _webp_size(kind: str, head: bytes) -> tuple[int, int]:
    if kind == "VP8X" and len(head) >= 10:
        return int.from_bytes(head[4:7], "little") + 1, int.from_bytes(head[7:10], "little") + 1
    if kind == "VP8L" and len(head) >= 5 and head[0] == 0x2F:
        bits = int.from_bytes(head[1:5], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == "VP8 " and len(head) >= 10 and head[3:6] == b"\x9d\x01\x2a":
        return int.from_bytes(head[6:8], "little") & 0x3FFF, int.from_bytes(head[8:10], "little") & 0x3FFF
    raise BrokenContainer(f"WebP: first chunk {kind!r} does not give the picture's size")


def pixels_only(data: bytes, layout: Layout) -> bytes:
    """Return the first picture in ``data`` without the metadata segments its decoder does not need."""
    # Pillow then never parses EXIF, XMP, IPTC or text chunks (less attack surface, no warnings on malformed
    # EXIF), and what it never read cannot leak into the copies we encode. ICC profiles and Adobe's colour
    # transform flag stay: they decide the colours. WebP is passed whole: Pillow keeps its metadata as raw bytes.
    if layout.format == "WEBP":
        return data[:layout.primary_end]
    header, trailer = (4, 0) if layout.format == "JPEG" else (8, 4)
    pieces = []
    pos = 0
    for name, start, stop in layout.metadata:
        if stop > layout.primary_end:
            break
        if _needed_for_decoding(name, data, start):
            continue
        pieces.append(data[pos:start - header])
        pos = stop + trailer
    pieces.append(data[pos:layout.primary_end])
    return b"".join(pieces)


def _needed_for_decoding(name: str, data: bytes, start: int) -> bool:
    return (name == "iCCP" or (name == "APP2" and data.startswith(b"ICC_PROFILE\0", start))
            or (name == "APP14" and data.startswith(b"Adobe", start)))


def exif_orientation(data: bytes, layout: Layout) -> int:
    """Return the EXIF orientation (1 to 8) of the picture, 1 when absent or unreadable."""
    # Read by hand rather than through Pillow's TIFF parser: one tag is needed, and malformed EXIF, common in
    # edited photos, must neither warn nor refuse the picture.
    for name, start, stop in layout.metadata:
        if stop > layout.primary_end:
            break  # a chained JPEG's EXIF describes that picture, not the first
        if (name == "APP1" and data.startswith(b"Exif\0\0", start)) or name in ("eXIf", "EXIF"):
            tiff = data[start:stop]
            return _tiff_orientation(tiff.removeprefix(b"Exif\0\0"))
    return 1


def _tiff_orientation(tiff: bytes) -> int:
    order: Literal["little", "big"]
    if tiff.startswith(b"II*\0"):
        order = "little"
    elif tiff.startswith(b"MM\0*"):
        order = "big"
    else:
        return 1
    ifd = int.from_bytes(tiff[4:8], order)
    count = int.from_bytes(tiff[ifd:ifd + 2], order)
    for entry in range(ifd + 2, min(ifd + 2 + 12 * count, len(tiff) - 11), 12):
        tag, kind = int.from_bytes(tiff[entry:entry + 2], order), int.from_bytes(tiff[entry + 2:entry + 4], order)
        if tag == 0x0112 and kind == 3:  # Orientation, a SHORT stored in the entry itself
            value = int.from_bytes(tiff[entry + 8:entry + 10], order)
            return value if 1 <= value <= 8 else 1
    return 1


def archive_at_end(data: bytes) -> bool:
    """Tell whether ``data`` ends with a ZIP directory (so that ZIP and JAR readers would open it)."""
    # ZIP readers look for the end-of-central-directory record backwards from the end, within its 64 KiB comment;
    # requiring the record's comment to end exactly at the file's end keeps chance matches out of photos.
    start = max(0, len(data) - 22 - 0xFFFF)
    pos = data.rfind(b"PK\x05\x06", start)
    while pos != -1:
        if pos + 22 <= len(data) and pos + 22 + int.from_bytes(data[pos + 20:pos + 22], "little") == len(data):
            return True
        pos = data.rfind(b"PK\x05\x06", start, pos)
    return False
