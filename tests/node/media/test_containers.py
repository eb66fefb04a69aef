"""Walking JPEG, PNG and WebP containers without decoding: sizes, ends, metadata, and what is stripped."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from node.media import containers
from node.media.containers import MAX_SEGMENTS, BrokenContainer, exif_orientation, pixels_only, read_layout
from tests.node.media.pictures import (
    SECRET_CAMERA,
    SECRET_XMP,
    encode,
    identifying_exif,
    insert_after_soi,
    jpeg_segment,
    png_chunk,
    quadrants,
    swapped_profile,
    xmp,
)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_layout_gives_the_declared_size_and_the_end_of_the_picture(fmt: str) -> None:
    data = encode(quadrants(123, 45), fmt)
    layout = read_layout(data)
    assert (layout.format, layout.width, layout.height, layout.pixels) == (fmt, 123, 45, 123 * 45)
    assert layout.primary_end == layout.end == len(data)
    assert not layout.animated


def test_progressive_jpeg_with_restart_markers_is_walked_to_its_end() -> None:
    data = encode(quadrants(300, 200), "JPEG", progressive=True, restart_marker_blocks=1)
    layout = read_layout(data)
    assert layout.end == len(data)
    assert layout.segments.count("SOS") > 1 and "DRI" in layout.segments


@pytest.mark.parametrize(("fmt", "found"), [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF"), ("PCX", "PCX"),
                                            ("PPM", "PPM"), ("JPEG", "JPEG"), ("WEBP", "WEBP")])
def test_identify_names_formats_from_their_first_bytes(fmt: str, found: str) -> None:
    # Formats without a signature (TGA) get at best a guess; they are refused all the same.
    assert containers.identify(encode(quadrants(), fmt)) == found


def test_exif_orientation_is_read_from_jpeg_png_and_webp() -> None:
    for fmt in ("JPEG", "PNG", "WEBP"):
        data = encode(quadrants(), fmt, exif=identifying_exif(orientation=8))
        assert exif_orientation(data, read_layout(data)) == 8, fmt


@pytest.mark.parametrize("tiff", [b"", b"MM\0*", b"II*\0\xff\xff\xff\x7f", b"MM\0*\0\0\0\x08\xff\xff",
                                  b"II*\0\x08\0\0\0\x01\0\x12\x01\x03\0\x01\0\0\0\x09\0\0\0"])
def test_malformed_or_out_of_range_orientation_reads_as_upright(tiff: bytes) -> None:
    data = insert_after_soi(encode(quadrants(), "JPEG"), jpeg_segment(0xE1, b"Exif\0\0" + tiff))
    assert exif_orientation(data, read_layout(data)) == 1


def test_pixels_only_drops_exif_and_xmp_but_keeps_the_icc_profile() -> None:
    data = encode(quadrants(), "JPEG", exif=identifying_exif(), xmp=xmp(), icc_profile=swapped_profile())
    stripped = pixels_only(data, read_layout(data))
    assert SECRET_CAMERA not in stripped and SECRET_XMP not in stripped
    image = Image.open(io.BytesIO(stripped))
    assert image.info["icc_profile"] == swapped_profile()
    assert "exif" not in image.info and "xmp" not in image.info


def test_pixels_only_keeps_a_png_iccp_chunk_and_drops_text() -> None:
    data = encode(quadrants(), "PNG", exif=identifying_exif(), icc_profile=swapped_profile())
    stripped = pixels_only(data, read_layout(data))
    assert list(read_layout(stripped).segments) == ["IHDR", "iCCP", "IDAT", "IEND"]


def test_pixels_only_keeps_only_the_first_picture_of_a_multi_picture_jpeg() -> None:
    data = encode(quadrants(), "MPO", save_all=True, append_images=[quadrants()])
    layout = read_layout(data)
    assert layout.primary_end < layout.end == len(data)
    assert len(pixels_only(data, layout)) < layout.primary_end  # also without its MPF index segment


def test_a_flood_of_empty_chunks_is_refused_by_their_number() -> None:
    png = encode(quadrants(), "PNG")
    data = png[:-12] + png_chunk(b"zzZz", b"") * (MAX_SEGMENTS + 10) + png[-12:]
    with pytest.raises(BrokenContainer, match="segments"):
        read_layout(data)


def test_archive_at_end_needs_the_directory_to_end_the_file_exactly() -> None:
    record = b"PK\x05\x06" + bytes(16) + (3).to_bytes(2, "little")
    assert containers.archive_at_end(b"picture" + record + b"abc")
    assert not containers.archive_at_end(b"picture" + record + b"abcd")
    assert not containers.archive_at_end(b"picture" + record)
