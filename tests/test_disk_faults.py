"""Uploads to a media folder on a disk that is full or read-only: the author is told, and nothing is left behind."""

import io
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

from tests.environments import missing
from tests.factories import image_bytes, media_files, readable

Image = get_image_model()
Document = get_document_model()
# As in production, no transaction around the request: an error inside a model's save marks the enclosing one
# for rollback, which a test's own transaction would turn into an error of its own. The rollback restores the
# collections that migrations create.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@contextmanager
def small_disk(folder, megabytes=1):
    """A filesystem of its own at `folder` (a tmpfs), unmounted afterwards; mounting needs root."""
    if os.geteuid() != 0:
        missing("root, to mount a small tmpfs as the media folder")
    folder.mkdir(exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)], check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@pytest.fixture
def disk(settings, tmp_path):
    """The test's media folder on a disk of 1 MB."""
    with small_disk(tmp_path / "disk") as folder:
        settings.MEDIA_ROOT = folder
        yield folder


def noise_png():
    """A photo-like PNG of 1.4 MB: more than the disk holds."""
    buffer = io.BytesIO()
    PillowImage.frombytes("RGB", (700, 700), os.urandom(700 * 700 * 3)).save(buffer, format="PNG")
    return buffer.getvalue()


def long_wav():
    """3 MB of audio: past Django's 2.5 MB in memory, so it is saved from a temporary file."""
    return b"RIFF$\x00\x00\x00WAVEfmt " + bytes(3 * 1024 * 1024)


UPLOADS = {
    "image": ("wagtailimages", "Uploads", "photo.png", noise_png),
    "document": ("wagtaildocs", "Documents", "demo.wav", long_wav),
}


def upload(client, kind, view, content=None):
    """What the admin said after one upload through the single ("add") or the multiple uploader."""
    app, collection, name, make_content = UPLOADS[kind]
    file = SimpleUploadedFile(name, content or make_content())
    collection = Collection.objects.get(name=collection).pk
    if view == "add":
        response = client.post(
            reverse(f"{app}:add"), {"title": name, "file": file, "collection": collection}, follow=True
        )
        return readable(response.content.decode())
    response = client.post(
        reverse(f"{app}:add_multiple"),
        {"files[]": file, "collection": collection},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    data = response.json()
    return "stored" if data["success"] else readable(data["error_message"])


def assert_nothing_stored():
    assert not Image.objects.exists() and not Document.objects.exists() and not UploadedFile.objects.exists()
    assert media_files() == []


def logged(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "portfolio.media.storage"]


# What makes the disk refuse (a remount, or nothing: the upload is larger than the disk), what the author is told,
# and what the log line names.
FAULTS = {
    "full": (None, "the server's disk is full", "No space left on device"),
    "read-only": ("remount,ro", "the server's media folder is read-only", "Read-only file system"),
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("view", ["add", "add_multiple"])
@pytest.mark.parametrize("kind", UPLOADS)
def test_an_upload_the_disk_refuses_is_refused_with_a_message_and_leaves_nothing(
    admin_client, disk, kind, view, fault, caplog
):
    remount, reason, error = FAULTS[fault]
    if remount:
        subprocess.run(["mount", "-o", remount, str(disk)], check=True)
    name = UPLOADS[kind][2]

    said = upload(admin_client, kind, view)

    assert f"{name} could not be saved: {reason}. Nothing was stored." in said
    assert_nothing_stored()
    [line] = logged(caplog)
    assert name in line and error in line


def test_the_disk_keeps_no_part_of_a_refused_upload(admin_client, disk):
    """Had the first megabyte of the refused photo stayed, the small one after it would find the disk full."""
    upload(admin_client, "image", "add")

    assert "stored" == upload(admin_client, "image", "add_multiple", content=image_bytes())
    assert media_files() == [Path(Image.objects.get().file.name)]
