"""Pictures for the media tests, generated with Pillow (no binary files in the repository)."""

from __future__ import annotations

import io
import os
import struct
import zlib

from PIL import Image, ImageCms
from PIL.ExifTags import GPS, IFD, Base

RED = (255, 0, 0)
GREEN = (0, 255, 0)
BLUE = (0, 0, 255)
WHITE = (255, 255, 255)
# Distinctive values planted in metadata, searched for in the bytes of the copies that leave the node.
SECRET_PLACE = b"Kasane-border-post-19"
SECRET_CAMERA = b"OfficerPhone-SN-7734"
SECRET_XMP = b"secret-xmp-creator"
SECRET_COMMENT = b"secret-comment-text"
SECRET_IPTC = b"secret-iptc-byline"


def quadrants(width: int = 80, height: int = 40, mode: str = "RGB") -> Image.Image:
    """Return a picture whose corners differ: red top-left, green top-right, blue bottom-left, white bottom-right."""
    image = Image.new("RGB", (width, height))
    image.paste(RED, (0, 0, width // 2, height // 2))
    image.paste(GREEN, (width // 2, 0, width, height // 2))
    image.paste(BLUE, (0, height // 2, width // 2, height))
    image.paste(WHITE, (width // 2, height // 2, width, height))
    return image.convert(mode) if mode != "RGB" else image


def noise(width: int, height: int) -> Image.Image:
    """Return a photo-like noisy picture that compresses badly, quickly (half-resolution noise, upscaled)."""
    small = Image.frombytes("RGB", (width // 2, height // 2), os.urandom(width // 2 * (height // 2) * 3))
    return small.resize((width, height), Image.Resampling.BILINEAR)


def encode(image: Image.Image, fmt: str, **params: object) -> bytes:
    """Return ``image`` encoded in ``fmt``."""
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def identifying_exif(orientation: int = 1) -> Image.Exif:
    """Return EXIF naming a camera and a place, as a phone writes it."""
    exif = Image.Exif()
    exif[Base.Make] = "OfficerPhone"
    exif[Base.Model] = SECRET_CAMERA.decode()
    exif[Base.Orientation] = orientation
    exif[IFD.GPSInfo] = {
        GPS.GPSLatitudeRef: "S",
        GPS.GPSLatitude: (17.0, 47.0, 59.0),
        GPS.GPSLongitudeRef: "E",
        GPS.GPSLongitude: (25.0, 9.0, 30.0),
        GPS.GPSAreaInformation: SECRET_PLACE.decode(),
    }
    return exif


def xmp() -> bytes:
    """Return an XMP packet naming its creator."""
    return (b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
            b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>' + SECRET_XMP +
            b'</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def srgb_profile() -> bytes:
    """Return Pillow's built-in sRGB ICC profile."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def swapped_profile() -> bytes:
    """Return an ICC v2 RGB profile whose red and green primaries are sRGB's green and red (gamma 1)."""
    def s15(value: float) -> bytes:
        return struct.pack(">i", round(value * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ \0\0\0\0" + s15(x) + s15(y) + s15(z)

    name = b"Swapped primaries test RGB\0"
    desc = b"desc\0\0\0\0" + struct.pack(">I", len(name)) + name + b"\0" * 8 + b"\0\0\0" + b"\0" * 67
    curve = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0100) + b"\0\0"
    tags = [(b"desc", desc), (b"wtpt", xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),
            (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)), (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
            (b"rTRC", curve), (b"gTRC", curve), (b"bTRC", curve)]
    offset = 128 + 4 + 12 * len(tags)
    table, body = b"", b""
    for signature, payload in tags:
        payload += b"\0" * (-len(payload) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(payload))
        body += payload
    size = offset + len(body)
    header = (struct.pack(">II", size, 0) + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ " + b"\0" * 12 + b"acsp"
              + b"\0" * 28 + s15(0.9642) + s15(1.0) + s15(0.8249) + b"\0" * 48)
    return header + struct.pack(">I", len(tags)) + table + body


def jpeg_segment(marker: int, payload: bytes) -> bytes:
    """Return a JPEG marker segment."""
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def insert_after_soi(jpeg: bytes, *segments: bytes) -> bytes:
    """Return ``jpeg`` with marker segments inserted right after its start-of-image marker."""
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def iptc_segment() -> bytes:
    """Return a Photoshop APP13 segment holding an IPTC by-line."""
    record = b"\x1c\x02\x50" + struct.pack(">H", len(SECRET_IPTC)) + SECRET_IPTC
    resource = b"8BIM\x04\x04\0\0" + struct.pack(">I", len(record)) + record
    return jpeg_segment(0xED, b"Photoshop 3.0\0" + resource)


def png_chunk(kind: bytes, payload: bytes) -> bytes:
    """Return a PNG chunk with its CRC."""
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def insert_before_iend(png: bytes, *chunks: bytes) -> bytes:
    """Return ``png`` with chunks inserted before its final IEND chunk."""
    return png[:-12] + b"".join(chunks) + png[-12:]


def png_bomb(width: int, height: int, *, rows: int | None = None) -> bytes:
    """Return a 1-bit white PNG declaring ``width`` x ``height`` pixels, with pixel data for ``rows`` rows (all)."""
    line = b"\0" + b"\xff" * ((width + 7) // 8)  # filter byte "none", then eight white pixels a byte
    packer = zlib.compressobj(9)
    remaining = height if rows is None else rows
    data = []
    while remaining:
        count = min(remaining, 1024)
        data.append(packer.compress(line * count))
        remaining -= count
    data.append(packer.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", b"".join(data))
            + png_chunk(b"IEND", b""))
