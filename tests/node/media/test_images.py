"""Case pictures: what is accepted, what is refused and why, and what the shared copy and thumbnail carry."""

from __future__ import annotations

import io
import random
import zipfile

import pytest
from PIL import Image

from node.errors import PayloadTooLarge
from node.media import images
from node.media.images import PictureRejected, PictureTooLarge, ProcessedPicture, process_picture
from protocol.errors import ErrorCode
from tests.node.media.pictures import (
    BLUE,
    GREEN,
    RED,
    SECRET_CAMERA,
    SECRET_COMMENT,
    SECRET_IPTC,
    SECRET_PLACE,
    SECRET_XMP,
    WHITE,
    encode,
    identifying_exif,
    insert_after_soi,
    insert_before_iend,
    iptc_segment,
    jpeg_segment,
    noise,
    png_bomb,
    png_chunk,
    quadrants,
    srgb_profile,
    swapped_profile,
    xmp,
)

MB = 1024 * 1024
LIMITS = {"max_bytes": 20 * MB, "max_pixels": 50_000_000}
SECRETS = (SECRET_PLACE, SECRET_CAMERA, SECRET_XMP, SECRET_COMMENT, SECRET_IPTC)


def process(data: bytes) -> ProcessedPicture:
    return process_picture(data, **LIMITS)


def reopen(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def refusal(data: bytes, **limits: int) -> PictureRejected:
    with pytest.raises(PictureRejected) as caught:
        process_picture(data, **{**LIMITS, **limits})
    return caught.value


def close(pixel: object, expected: tuple[int, ...], tolerance: int = 40) -> bool:
    assert isinstance(pixel, tuple)
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, expected, strict=True))


def assert_metadata_free(data: bytes) -> None:
    image = reopen(data)
    assert not image.getexif()
    assert not {"exif", "icc_profile", "xmp", "XML:com.adobe.xmp", "comment", "photoshop"} & set(image.info)
    assert b"Exif\0\0" not in data
    for secret in SECRETS:
        assert secret not in data


# --- accepted pictures ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "media_type"), [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                                 ("WEBP", "image/webp")])
def test_accepts_jpeg_png_and_webp_and_keeps_the_original_as_uploaded(fmt: str, media_type: str) -> None:
    data = encode(quadrants(800, 600), fmt)

    picture = process(data)

    assert picture.original is data
    assert (picture.media_type, picture.shared_media_type, picture.thumbnail_media_type) == (
        media_type, media_type, "image/jpeg")
    assert (picture.width, picture.height) == (800, 600)
    shared = reopen(picture.shared)
    assert (shared.format, shared.size) == (fmt, (800, 600))
    assert close(shared.getpixel((10, 10)), RED)
    thumbnail = reopen(picture.thumbnail)
    assert (thumbnail.format, thumbnail.size) == ("JPEG", (320, 240))
    assert close(thumbnail.getpixel((310, 10)), GREEN)
    assert not picture.animated


def test_repr_does_not_dump_the_picture_bytes() -> None:
    picture = process(encode(quadrants(), "PNG"))
    assert "original" not in repr(picture) and "\\x89PNG" not in repr(picture)


@pytest.mark.parametrize(("size", "expected"), [((4000, 1000), (320, 80)), ((900, 3000), (96, 320)),
                                                ((100, 60), (100, 60))])
def test_thumbnail_longest_side_is_at_most_320_and_small_pictures_are_not_enlarged(
        size: tuple[int, int], expected: tuple[int, int]) -> None:
    picture = process(encode(quadrants(*size), "JPEG"))
    assert reopen(picture.thumbnail).size == expected


def test_transparent_png_keeps_its_alpha_when_shared_and_is_flattened_on_white_in_the_thumbnail() -> None:
    image = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (0, 0, 200, 400))

    picture = process(encode(image, "PNG"))

    shared = reopen(picture.shared)
    assert shared.mode == "RGBA" and shared.getpixel((300, 10)) == (0, 0, 0, 0)
    thumbnail = reopen(picture.thumbnail)
    assert thumbnail.mode == "RGB"
    assert close(thumbnail.getpixel((300, 10)), WHITE, 2)
    assert close(thumbnail.getpixel((10, 10)), RED)


@pytest.mark.parametrize("fmt", ["WEBP", "PNG"])
def test_animated_picture_is_accepted_and_shared_as_its_first_frame_only(fmt: str) -> None:
    frames = [Image.new("RGB", (64, 64), colour) for colour in (RED, GREEN, BLUE)]
    data = encode(frames[0], fmt, save_all=True, append_images=frames[1:], duration=100, loop=0)
    assert getattr(Image.open(io.BytesIO(data)), "n_frames", 1) == 3

    picture = process(data)

    assert picture.animated
    shared = Image.open(io.BytesIO(picture.shared))
    assert getattr(shared, "n_frames", 1) == 1
    assert close(shared.convert("RGB").getpixel((5, 5)), RED)
    assert close(reopen(picture.thumbnail).getpixel((5, 5)), RED)


def test_lossless_webp_stays_lossless() -> None:
    picture = process(encode(quadrants(), "WEBP", lossless=True))
    assert b"VP8L" in picture.shared
    assert reopen(picture.shared).getpixel((5, 5)) == RED


@pytest.mark.parametrize(("failing", "codec"), [({90}, b"VP8 "), ({90, 75}, b"VP8L")])
def test_webp_the_encoder_cannot_fit_at_high_quality_is_shared_with_fewer_bits(
        failing: set[int], codec: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    # libwebp gives up ("encoding error 6") on large detailed pictures at high quality; simulate it on a small one.
    save = Image.Image.save

    def fussy_save(image: Image.Image, fp: io.BytesIO, fmt: str, **params: object) -> None:
        if fmt == "WEBP" and not params.get("lossless") and params.get("quality") in failing:
            raise ValueError("encoding error 6")
        save(image, fp, fmt, **params)

    data = encode(quadrants(), "WEBP")
    monkeypatch.setattr(Image.Image, "save", fussy_save)
    picture = process(data)
    assert codec in picture.shared
    assert close(reopen(picture.shared).getpixel((5, 5)), RED)


@pytest.mark.parametrize(("image", "fmt"), [
    (Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG"),
    (quadrants(64, 64).convert("P"), "PNG"),
    (quadrants(64, 64).convert("L"), "PNG"),
    (quadrants(64, 64).convert("LA"), "PNG"),
    (quadrants(64, 64).convert("1"), "PNG"),
    (quadrants(64, 64).convert("L"), "JPEG"),
    (quadrants(64, 64).convert("RGBA").convert("P"), "PNG"),
], ids=["cmyk-jpeg", "palette-png", "grey-png", "grey-alpha-png", "bilevel-png", "grey-jpeg", "palette-alpha-png"])
def test_unusual_modes_are_converted_not_crashed_on(image: Image.Image, fmt: str) -> None:
    picture = process(encode(image, fmt))
    assert reopen(picture.shared).size == (64, 64)
    assert reopen(picture.thumbnail).mode in ("L", "RGB")


def test_cmyk_jpeg_becomes_rgb_with_its_colours() -> None:
    picture = process(encode(Image.new("CMYK", (64, 64), (0, 255, 255, 0)), "JPEG"))
    shared = reopen(picture.shared)
    assert shared.mode == "RGB" and close(shared.getpixel((5, 5)), RED)


def test_sixteen_bit_grey_png_is_scaled_not_clipped_in_the_thumbnail() -> None:
    image = Image.new("I;16", (64, 64), 32768)
    picture = process(encode(image, "PNG"))
    assert reopen(picture.shared).mode == "I;16"
    grey = reopen(picture.thumbnail).getpixel((5, 5))
    assert isinstance(grey, int) and abs(grey - 128) <= 2


# --- metadata ---------------------------------------------------------------------------------------------------

def test_jpeg_exif_gps_xmp_iptc_comment_and_icc_are_removed_from_shared_copy_and_thumbnail() -> None:
    data = encode(quadrants(400, 300), "JPEG", exif=identifying_exif(), xmp=xmp(), comment=SECRET_COMMENT,
                  icc_profile=srgb_profile())
    data = insert_after_soi(data, iptc_segment())
    original = Image.open(io.BytesIO(data))
    assert original.getexif().get_ifd(0x8825)  # the GPS IFD is really there to begin with
    assert all(secret in data for secret in SECRETS)

    picture = process(data)

    assert picture.original == data
    assert_metadata_free(picture.shared)
    assert_metadata_free(picture.thumbnail)


def test_png_text_exif_and_icc_are_removed() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", SECRET_COMMENT.decode())
    info.add_itxt("XML:com.adobe.xmp", xmp().decode())
    data = encode(quadrants(), "PNG", pnginfo=info, exif=identifying_exif(), icc_profile=srgb_profile())
    data = insert_before_iend(data, png_chunk(b"tEXt", b"Author\0" + SECRET_IPTC))
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)

    picture = process(data)

    assert_metadata_free(picture.shared)
    assert_metadata_free(picture.thumbnail)


def test_webp_exif_xmp_and_icc_are_removed() -> None:
    data = encode(quadrants(), "WEBP", exif=identifying_exif(), xmp=xmp(), icc_profile=srgb_profile())
    assert SECRET_PLACE in data and SECRET_XMP in data

    picture = process(data)

    assert_metadata_free(picture.shared)
    assert_metadata_free(picture.thumbnail)


@pytest.mark.parametrize(("mode", "fmt"), [("RGB", "PNG"), ("P", "PNG"), ("RGBA", "PNG"), ("RGB", "JPEG"),
                                          ("RGB", "WEBP")])
def test_a_non_srgb_icc_profile_is_applied_to_the_pixels_before_it_is_dropped(mode: str, fmt: str) -> None:
    # Under the test profile, the stored value "pure red" means sRGB green.
    data = encode(Image.new("RGB", (64, 64), RED).convert(mode), fmt, icc_profile=swapped_profile())

    picture = process(data)

    shared = reopen(picture.shared)
    assert "icc_profile" not in shared.info
    assert close(shared.convert("RGB").getpixel((5, 5)), GREEN, 24)  # lossy WebP shifts chroma a little
    assert close(reopen(picture.thumbnail).getpixel((5, 5)), GREEN)


def test_an_unusable_icc_profile_is_dropped_without_refusing_the_picture() -> None:
    data = encode(Image.new("RGB", (64, 64), RED), "JPEG", icc_profile=b"not a profile at all" * 10)
    picture = process(data)
    assert "icc_profile" not in reopen(picture.shared).info
    assert close(reopen(picture.shared).getpixel((5, 5)), RED)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_orientation_is_applied_so_a_portrait_photo_stored_rotated_comes_out_portrait(fmt: str) -> None:
    # Orientation 6: the camera stored the picture turned 90 degrees anticlockwise; viewers turn it clockwise.
    data = encode(quadrants(80, 40), fmt, exif=identifying_exif(orientation=6))

    picture = process(data)

    assert (picture.width, picture.height) == (40, 80)
    shared = reopen(picture.shared)
    assert shared.size == (40, 80)
    assert not shared.getexif()
    assert close(shared.getpixel((35, 5)), RED)  # the stored top-left corner is now top-right
    assert close(shared.getpixel((5, 5)), BLUE)
    thumbnail = reopen(picture.thumbnail)
    assert thumbnail.size == (40, 80) and close(thumbnail.getpixel((35, 5)), RED)


def test_unreadable_exif_does_not_refuse_the_picture() -> None:
    data = insert_after_soi(encode(quadrants(), "JPEG"), jpeg_segment(0xE1, b"Exif\0\0MM\0*\0\0\xff\xff\xff\xff"))
    picture = process(data)
    assert (picture.width, picture.height) == (80, 40)


def test_a_copy_still_carrying_metadata_is_never_returned(monkeypatch: pytest.MonkeyPatch) -> None:
    # Guards the guard: were an encoder ever to copy metadata over, processing fails instead of leaking it.
    data = encode(quadrants(), "JPEG", exif=identifying_exif())
    monkeypatch.setattr(images, "_encode_shared", lambda image, layout: data)
    with pytest.raises(RuntimeError, match="not clean"):
        process(data)


# --- refused types ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("fmt", "found"), [("GIF", "GIF"), ("BMP", "BMP"), ("TIFF", "TIFF"), ("ICO", "ICO"),
                                            ("JPEG2000", "JPEG 2000"), ("PDF", "PDF")])
def test_other_formats_are_refused_by_content_and_named(fmt: str, found: str) -> None:
    error = refusal(encode(quadrants(), fmt))
    assert error.code is ErrorCode.UNSUPPORTED_MEDIA_TYPE
    assert error.message.template == images.WRONG_TYPE
    assert str(error) == f"This file is not a JPEG, PNG or WebP picture (found: {found})."


@pytest.mark.parametrize(("data", "found"), [
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    (b"\xef\xbb\xbf  <!DOCTYPE html><html><body>hello</body></html>", "HTML"),
    (b"PK\x03\x04" + bytes(40), "ZIP"),
    (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "HEIC"),
])
def test_markup_archives_and_phone_formats_are_named(data: bytes, found: str) -> None:
    assert str(refusal(data)) == f"This file is not a JPEG, PNG or WebP picture (found: {found})."


@pytest.mark.parametrize("data", [b"", b"Seizure report: 40 kg in the spare tyre.\n" * 20, bytes(1000)],
                         ids=["empty", "text-renamed-jpg", "zeros"])
def test_files_that_are_no_picture_at_all_are_refused(data: bytes) -> None:
    error = refusal(data)
    assert str(error) == "This file is not a picture."
    assert error.code is ErrorCode.UNSUPPORTED_MEDIA_TYPE


def test_client_declared_type_does_not_matter_only_content_does() -> None:
    # The API takes no name or content type at all: a GIF is a GIF whatever the upload called it.
    assert "found: GIF" in str(refusal(encode(quadrants(), "GIF")))


# --- damaged pictures -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_truncated_pictures_are_refused_as_damaged(fmt: str, keep: float) -> None:
    data = encode(noise(200, 200), fmt)
    error = refusal(data[:int(len(data) * keep)])
    assert str(error) == "This picture is damaged or incomplete."
    assert error.code is ErrorCode.UNSUPPORTED_MEDIA_TYPE


def test_png_with_a_corrupted_chunk_is_refused_as_damaged() -> None:
    data = bytearray(encode(noise(64, 64), "PNG"))
    data[60] ^= 0xFF  # inside the IDAT chunk: its CRC no longer matches
    assert str(refusal(bytes(data))) == "This picture is damaged or incomplete."


def test_jpeg_header_only_is_refused_as_damaged() -> None:
    data = encode(quadrants(), "JPEG")
    assert str(refusal(data[:data.index(b"\xff\xda")])) == "This picture is damaged or incomplete."


def test_jpeg_with_absurdly_many_scans_is_refused_before_decoding() -> None:
    data = encode(noise(64, 64), "JPEG", progressive=True)
    start = data.index(b"\xff\xda")
    scan = data[start:data.index(b"\xff\xda", start + 2)]
    data = data[:start] + scan * 120 + data[start:]
    assert str(refusal(data)) == "This picture is damaged or incomplete."


# --- size limits ------------------------------------------------------------------------------------------------

def test_a_file_above_the_byte_limit_is_refused() -> None:
    data = encode(noise(300, 300), "PNG")
    error = refusal(data, max_bytes=100_000)
    assert isinstance(error, PictureTooLarge) and isinstance(error, PayloadTooLarge)
    assert error.code is ErrorCode.PAYLOAD_TOO_LARGE
    assert str(error) == "This picture is larger than 0.095 MB."
    assert str(refusal(b"x" * (20 * MB + 1))) == "This picture is larger than 20 MB."


def test_a_file_at_the_byte_limit_is_accepted() -> None:
    data = encode(quadrants(), "PNG")
    assert process_picture(data, max_bytes=len(data), max_pixels=10_000).original == data


@pytest.mark.parametrize(("data", "pixels"), [
    (png_bomb(30_000, 30_000, rows=8), "900"),  # declares 900 megapixels; only the header is real
    (png_bomb(12_000, 12_000), "144"),  # a complete, valid 144-megapixel PNG of about 30 KB
], ids=["declared", "complete"])
def test_decompression_bomb_png_is_refused_quickly_without_decoding(data: bytes, pixels: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    assert len(data) < 50_000

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("a decoder was asked to open a decompression bomb")

    monkeypatch.setattr(Image, "open", must_not_open)
    error = refusal(data)
    assert isinstance(error, PictureTooLarge) and error.code is ErrorCode.PAYLOAD_TOO_LARGE
    assert str(error) == f"This picture has too many pixels ({pixels} million; the limit is 50 million)."


def test_jpeg_and_webp_declaring_too_many_pixels_are_refused_from_their_headers() -> None:
    jpeg = bytearray(encode(quadrants(64, 64), "JPEG"))
    sof = jpeg.index(b"\xff\xc0")
    jpeg[sof + 5:sof + 9] = (60_000).to_bytes(2, "big") + (60_000).to_bytes(2, "big")
    assert "3600 million" in str(refusal(bytes(jpeg)))
    webp = bytearray(encode(Image.new("RGBA", (64, 64)), "WEBP"))  # alpha makes Pillow write a VP8X header
    assert webp[12:16] == b"VP8X"
    webp[24:30] = (16_000 - 1).to_bytes(3, "little") * 2
    assert "256 million" in str(refusal(bytes(webp)))


def test_pillow_decompression_bomb_error_is_reported_as_too_many_pixels(monkeypatch: pytest.MonkeyPatch) -> None:
    # Defence in depth: were our header check ever bypassed, Pillow's own refusal must still read well.
    def bomb(*args: object, **kwargs: object) -> None:
        raise Image.DecompressionBombError("too big")

    monkeypatch.setattr(images, "_reencode", bomb)
    assert isinstance(refusal(encode(quadrants(), "PNG")), PictureTooLarge)


# --- polyglots --------------------------------------------------------------------------------------------------

def zip_file() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.html", "<script>alert(1)</script>")
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_picture_with_a_zip_appended_is_refused(fmt: str) -> None:
    error = refusal(encode(quadrants(), fmt) + zip_file())
    assert str(error) == "This picture hides another file (ZIP); save it again as a plain picture."


def test_picture_with_html_appended_is_refused() -> None:
    data = encode(quadrants(), "PNG") + b"<html><script>alert(document.cookie)</script></html>"
    assert "hides another file (HTML)" in str(refusal(data))


def test_picture_with_unknown_data_appended_is_refused() -> None:
    error = refusal(encode(quadrants(), "JPEG") + b"\x13\x37" * 100)
    assert str(error) == "This picture has extra data after its end; save it again as a plain picture."


def test_zip_hidden_inside_a_png_chunk_is_found_by_its_directory_at_the_end() -> None:
    png = encode(quadrants(), "PNG")
    archive = bytearray(zip_file())
    # Stretch the ZIP comment over the chunk's CRC and the IEND chunk, as a hand-made polyglot does.
    archive[-2:] = (4 + 12).to_bytes(2, "little")
    data = insert_before_iend(png, png_chunk(b"ziPp", bytes(archive)))
    assert "hides another file (ZIP)" in str(refusal(data))


@pytest.mark.parametrize("payload", [b"<script>alert(1)</script>", b"<HTML><body>x</body></HTML>",
                                     b"<?php system($_GET['c']); ?>"])
def test_jpeg_with_markup_in_a_comment_is_refused(payload: bytes) -> None:
    data = insert_after_soi(encode(quadrants(), "JPEG"), jpeg_segment(0xFE, payload))
    assert str(refusal(data)) == "This picture carries web page or script code; save it again as a plain picture."


def test_png_with_script_in_a_text_chunk_is_refused() -> None:
    data = insert_before_iend(encode(quadrants(), "PNG"), png_chunk(b"tEXt", b"Comment\0<script src=//x>"))
    assert refusal(data).message.template == images.ACTIVE_CONTENT


def test_zero_padding_after_the_end_is_accepted() -> None:
    assert process(encode(quadrants(), "JPEG") + bytes(64)).width == 80


def test_multi_picture_jpeg_from_a_camera_is_accepted() -> None:
    # MPO (stereo cameras, Ultra HDR gain maps): whole JPEGs chained after the first; only the first is used.
    first, second = quadrants(), Image.new("RGB", (80, 40), BLUE)
    data = encode(first, "MPO", save_all=True, append_images=[second])
    assert Image.open(io.BytesIO(data)).format == "MPO"

    picture = process(data)

    assert picture.media_type == "image/jpeg"
    assert close(reopen(picture.shared).getpixel((5, 5)), RED)


# --- robustness ------------------------------------------------------------------------------------------------

def test_mangled_pictures_are_accepted_or_refused_with_a_message_never_crashed_on() -> None:
    rng = random.Random(20260301)  # fixed: a failure must be reproducible
    frames = [Image.new("RGB", (32, 32), colour) for colour in (RED, GREEN)]
    sources = [
        encode(quadrants(64, 48), "JPEG", exif=identifying_exif(orientation=6)),
        encode(quadrants(64, 48), "JPEG", progressive=True, icc_profile=swapped_profile()),
        encode(quadrants(64, 48), "MPO", save_all=True, append_images=[quadrants(64, 48)]),
        encode(quadrants(64, 48).convert("P"), "PNG", exif=identifying_exif()),
        encode(frames[0], "PNG", save_all=True, append_images=frames[1:]),
        encode(quadrants(64, 48).convert("RGBA"), "WEBP", exif=identifying_exif()),
        encode(frames[0], "WEBP", save_all=True, append_images=frames[1:], lossless=True),
    ]
    outcomes = {"accepted": 0, "refused": 0}
    for _ in range(1500):
        data = bytearray(rng.choice(sources))
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(data))
            if (action := rng.random()) < 0.6:
                data[pos] = rng.randrange(256)
            elif action < 0.8:
                del data[pos:pos + rng.randint(1, 50)]
            else:
                data[pos:pos] = rng.randbytes(rng.randint(1, 20))
        try:
            process_picture(bytes(data), max_bytes=MB, max_pixels=4_000_000)
            outcomes["accepted"] += 1
        except PictureRejected:
            outcomes["refused"] += 1
    assert outcomes["accepted"] and outcomes["refused"]


# --- largest pictures -------------------------------------------------------------------------------------------

def test_a_20_mb_24_megapixel_rotated_jpeg_is_accepted_and_turned_upright() -> None:
    # How long it takes, and the memory it needs, are measured by tools/bench_pictures.py.
    image = noise(6000, 4000)
    data = encode(image, "JPEG", quality=95, exif=identifying_exif(orientation=6))
    del image
    assert 18 * MB < len(data) <= 20 * MB

    picture = process(data)

    assert (picture.width, picture.height) == (4000, 6000)
    assert reopen(picture.thumbnail).size == (213, 320)
    assert_metadata_free(picture.shared)
