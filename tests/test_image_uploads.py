"""Images uploaded in the admin: every allowed format goes in, every bad file is refused and leaves nothing behind."""

import io
import struct
from pathlib import Path

import pytest
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from tests.factories import admin_upload, cut_short_jpeg_bytes, image_bytes, media_files

Image = get_image_model()
MEGABYTES = 1024 * 1024
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


def upload(client, name, content, view):
    return admin_upload(client, "wagtailimages", name, content, view, collection="Uploads")


def decompression_bomb():
    """A valid PNG of 50 megapixels that weighs a few kilobytes: one bit a pixel, all black."""
    buffer = io.BytesIO()
    PillowImage.new("1", (10_000, 5_000)).save(buffer, format="PNG")
    return buffer.getvalue()


def many_frames_gif(frames):
    """An animated GIF of `frames` frames of one pixel each, written out by hand: 23 bytes a frame."""
    screen = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\x00\x00\x00\xff\xff\xff"
    frame = (
        b"\x21\xf9\x04\x00\x00\x00\x00\x00"  # graphic control
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, 1, 1, 0)  # image descriptor
        + b"\x02\x02\x44\x01\x00"  # one pixel, LZW-coded
    )
    return screen + frame * frames + b"\x3b"


def oversized_png():
    """A real PNG, padded past the 20 MB limit."""
    return image_bytes() + bytes(20 * MEGABYTES)


ALLOWED = "AVIF, GIF, JPG, JPEG, PNG, WEBP"
BAD_FILES = {
    "not-an-image": ("holiday.jpg", lambda: b"Dear diary, this is text.", "Upload a valid image."),
    "truncated": ("cut-short.jpg", cut_short_jpeg_bytes, "This image is damaged or incomplete"),
    "too-many-pixels": ("bomb.png", decompression_bomb, "too many pixels (50000000). Maximum pixels 40000000."),
    "too-many-frames": ("blink.gif", lambda: many_frames_gif(1001), "has more than 1,000 frames"),
    # 19.8 MB, within the size and pixel limits; decoding its frames would outlast the worker.
    "frame-bomb": ("blink.gif", lambda: many_frames_gif(860_000), "has more than 1,000 frames"),
    "too-big": ("huge.png", oversized_png, "This file is too big (20.0 MB). Maximum filesize 20.0 MB."),
    "svg": ("drawing.svg", lambda: SVG, f"Not a supported image format. Supported formats: {ALLOWED}."),
    "svg-named-png": ("drawing.png", lambda: SVG, "Not a valid .png image. The extension does not match"),
    "empty": ("empty.png", lambda: b"", "The submitted file is empty."),
}


@pytest.mark.parametrize("view", ["add", "add_multiple"])
@pytest.mark.parametrize("case", BAD_FILES)
def test_a_bad_image_is_refused_with_a_message_and_leaves_nothing_behind(admin_client, view, case):
    name, content, message = BAD_FILES[case]

    stored, said = upload(admin_client, name, content(), view)

    assert not stored
    assert message in said
    assert not Image.objects.exists() and not UploadedFile.objects.exists()
    assert media_files() == []


@pytest.mark.parametrize("view", ["add", "add_multiple"])
@pytest.mark.parametrize("format", ["JPEG", "PNG", "GIF", "WEBP", "AVIF"])
def test_every_allowed_format_is_stored(admin_client, view, format):
    stored, said = upload(admin_client, f"photo.{format.lower()}", image_bytes(format=format), view)

    assert stored, said
    image = Image.objects.get()
    assert (image.width, image.height) == (64, 48)
    assert image.collection.name == "Uploads"
    assert media_files() == [Path(image.file.name)]


def test_an_animation_of_a_thousand_frames_is_stored(admin_client):
    stored, said = upload(admin_client, "blink.gif", many_frames_gif(1000), "add")

    assert stored, said
    assert media_files() == [Path(Image.objects.get().file.name)]


def test_the_limits_are_settings_with_the_documented_defaults(settings):
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 20 * MEGABYTES
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


def test_the_limits_follow_the_settings(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1000

    _, too_big = upload(admin_client, "big.png", image_bytes(width=20, height=20) + bytes(1000), "add")
    _, too_many_pixels = upload(admin_client, "wide.png", image_bytes(width=40, height=30), "add")

    assert "Maximum filesize 1000 bytes" in too_big
    assert "Maximum pixels 1000." in too_many_pixels
    assert not Image.objects.exists() and media_files() == []
