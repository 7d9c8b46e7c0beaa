"""Documents: PDFs and audio go in, other types and oversized files are refused, private ones stay private."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import admin_upload, media_files

Document = get_document_model()
MEGABYTES = 1024 * 1024
# The first bytes of each kind of file, enough for a browser or a player to recognise it.
CONTENT = {
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
    "mp3": b"ID3\x04\x00\x00\x00\x00\x00\x00",
    "flac": b"fLaC\x00\x00\x00\x22",
    "wav": b"RIFF$\x00\x00\x00WAVEfmt ",
    "ogg": b"OggS\x00\x02\x00\x00",
}


def upload(client, name, content, view):
    return admin_upload(client, "wagtaildocs", name, content, view, collection="Documents")


@pytest.mark.parametrize("view", ["add", "add_multiple"])
@pytest.mark.parametrize("extension", CONTENT)
def test_pdfs_and_audio_are_stored(admin_client, view, extension):
    stored, said = upload(admin_client, f"demo.{extension}", CONTENT[extension], view)

    assert stored, said
    document = Document.objects.get()
    assert document.collection.name == "Documents"
    assert media_files() == [Path(document.file.name)]


ALLOWED = "pdf, mp3, flac, wav, ogg"
BAD_FILES = {
    "program": ("setup.exe", b"MZ\x90\x00", f"File extension “exe” is not allowed. Allowed extensions are: {ALLOWED}."),
    "web-page": ("page.html", b"<script>alert(1)</script>", "File extension “html” is not allowed."),
    "svg": ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "File extension “svg” is not allowed."),
    "archive": ("songs.zip", b"PK\x03\x04", "File extension “zip” is not allowed."),
    "empty": ("empty.pdf", b"", "The submitted file is empty."),
}


@pytest.mark.parametrize("view", ["add", "add_multiple"])
@pytest.mark.parametrize("case", BAD_FILES)
def test_other_types_are_refused_with_a_message_and_leave_nothing_behind(admin_client, view, case):
    name, content, message = BAD_FILES[case]

    stored, said = upload(admin_client, name, content, view)

    assert not stored
    assert message in said
    assert not Document.objects.exists() and media_files() == []


def test_the_size_limit_is_a_setting_of_100_megabytes(settings):
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 100 * MEGABYTES


@pytest.mark.parametrize("view", ["add", "add_multiple"])
def test_a_document_over_the_size_limit_is_refused(admin_client, settings, view):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = MEGABYTES

    stored, said = upload(admin_client, "long-take.wav", CONTENT["wav"] + bytes(MEGABYTES), view)

    assert not stored
    assert "This file is too big (1.0 MB). Maximum filesize 1.0 MB." in said
    assert not Document.objects.exists() and media_files() == []


# Private collections


@pytest.fixture
def private_document(db):
    """A PDF in a collection only members of "Media managers" may see."""
    private = Collection.get_first_root_node().add_child(name="Private")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Media managers")])
    return Document.objects.create(
        title="Contract", file=ContentFile(CONTENT["pdf"], name="contract.pdf"), collection=private
    )


def member_of(django_user_model, client, group_name):
    user = django_user_model.objects.create_user(f"member-of-{group_name}", password="a-long-password-1")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return client


def test_a_private_document_sends_visitors_to_log_in(client, private_document):
    response = client.get(private_document.url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))


def test_a_private_document_is_refused_to_a_user_outside_its_groups(client, django_user_model, private_document):
    response = member_of(django_user_model, client, "Authors").get(private_document.url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))


def test_a_private_document_is_served_to_its_groups_and_superusers(client, django_user_model, private_document):
    member = member_of(django_user_model, client, "Media managers").get(private_document.url)
    assert member.status_code == 200
    assert b"".join(member.streaming_content) == CONTENT["pdf"]
    # Caches keep one copy per login, never handing a member's copy to a visitor.
    assert member["Vary"] == "Cookie"

    superuser = django_user_model.objects.create_superuser("owner", password="a-long-password-1")
    client.force_login(superuser)
    assert client.get(private_document.url).status_code == 200


def test_a_document_in_a_public_collection_is_served_to_anyone(client, db):
    public = Collection.objects.get(name="Documents")
    document = Document.objects.create(title="CV", file=ContentFile(CONTENT["pdf"], name="cv.pdf"), collection=public)

    response = client.get(document.url, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.get("Content-Encoding") != "gzip"  # files go as they are; only pages are compressed
