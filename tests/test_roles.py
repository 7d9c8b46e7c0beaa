"""What "Authors" and "Media managers" may and may not do, proved through the admin's own views."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from blog.models import EssayPage
from tests.factories import add_essay_url, create_document, create_image, essay_form, image_bytes, media_files

Image = get_image_model()
Document = get_document_model()


def member(client, django_user_model, group_name):
    """A user in the group, logged in on the client."""
    user = django_user_model.objects.create_user(group_name.lower().replace(" ", "-"), password="a-long-password-1")
    user.groups.add(Group.objects.get(name=group_name))
    client.force_login(user)
    return user


@pytest.fixture
def author(client, django_user_model, essay_index):
    return member(client, django_user_model, "Authors")


@pytest.fixture
def media_manager(client, django_user_model, essay_index):
    return member(client, django_user_model, "Media managers")


def refused(response):
    """Wagtail's answer to a forbidden admin page: back to the dashboard, with "Sorry, you do not have permission"."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def image_upload(collection_name):
    return {
        "title": "Uploaded",
        "file": SimpleUploadedFile("uploaded.png", image_bytes()),
        "collection": Collection.objects.get(name=collection_name).pk,
    }


def document_upload(collection_name):
    return {
        "title": "Uploaded",
        "file": SimpleUploadedFile("uploaded.pdf", b"%PDF-1.7\n"),
        "collection": Collection.objects.get(name=collection_name).pk,
    }


def delete_urls(image, document):
    return [reverse("wagtailimages:delete", args=[image.pk]), reverse("wagtaildocs:delete", args=[document.pk])]


def test_the_migration_creates_the_groups_and_collections(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {"Authors", "Media managers"}
    children = Collection.get_first_root_node().get_children()
    assert [collection.name for collection in children] == ["Cover art", "Documents", "Photos", "Uploads"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_reverses_keeping_collections_with_media_and_applies_again():
    create_image("Kept", collection="Photos")

    call_command("migrate", "portfolio", "0004", verbosity=0)
    assert not Group.objects.filter(name__in=["Authors", "Media managers"]).exists()
    assert [collection.name for collection in Collection.get_first_root_node().get_children()] == ["Photos"]

    call_command("migrate", "portfolio", verbosity=0)
    assert Group.objects.filter(name__in=["Authors", "Media managers"]).count() == 2
    children = Collection.get_first_root_node().get_children()
    assert [collection.name for collection in children] == ["Cover art", "Documents", "Photos", "Uploads"]
    assert Image.objects.get().collection.name == "Photos"
    assert Collection.find_problems() == ([], [], [], [], [])


# Authors


def test_an_author_writes_and_publishes_an_essay(client, author, essay_index):
    assert client.get(reverse("wagtailadmin_home")).status_code == 200

    response = client.post(add_essay_url(essay_index), essay_form())

    assert response.status_code == 302
    essay = EssayPage.objects.get(slug="written-in-the-admin")
    assert essay.live and essay.owner == author


def test_an_author_edits_publishes_and_unpublishes_anyones_essay(client, author, make_essay):
    essay = make_essay("Written by someone else")

    edited = client.post(
        reverse("wagtailadmin_pages:edit", args=[essay.pk]), essay_form(title="Edited", slug=essay.slug)
    )
    essay.refresh_from_db()
    assert edited.status_code == 302
    assert essay.title == "Edited" and essay.live

    unpublished = client.post(reverse("wagtailadmin_pages:unpublish", args=[essay.pk]))
    essay.refresh_from_db()
    assert unpublished.status_code == 302
    assert not essay.live


def test_an_author_chooses_images_and_documents_from_every_collection(client, author):
    create_image("Band on stage", collection="Photos")
    create_document("Technical rider", collection="Documents")

    images = client.get(reverse("wagtailimages_chooser:choose"))
    documents = client.get(reverse("wagtaildocs_chooser:choose"))

    assert images.status_code == 200 and "Band on stage" in images.content.decode()
    assert documents.status_code == 200 and "Technical rider" in documents.content.decode()


def test_an_author_adds_images_and_documents_to_uploads_whatever_collection_is_posted(client, author):
    form = client.get(reverse("wagtailimages:add"))
    assert form.status_code == 200 and 'name="collection"' not in form.content.decode()

    assert client.post(reverse("wagtailimages:add"), image_upload("Photos")).status_code == 302
    assert client.post(reverse("wagtaildocs:add"), document_upload("Documents")).status_code == 302

    image, document = Image.objects.get(), Document.objects.get()
    assert image.collection.name == "Uploads" and image.uploaded_by_user == author
    assert document.collection.name == "Uploads" and document.uploaded_by_user == author


def test_an_author_edits_their_own_uploads_but_not_other_media(client, author):
    own = create_image("Mine", collection="Uploads", uploaded_by_user=author)
    other = create_image("Theirs", collection="Photos")

    mine = client.post(reverse("wagtailimages:edit", args=[own.pk]), {"title": "Renamed"})
    theirs = client.post(reverse("wagtailimages:edit", args=[other.pk]), {"title": "Renamed"})

    own.refresh_from_db()
    other.refresh_from_db()
    assert mine.status_code == 302 and own.title == "Renamed"
    assert refused(theirs) and other.title == "Theirs"


def test_an_author_cannot_delete_images_or_documents_not_even_their_own(client, author):
    own = [
        create_image("Mine", collection="Uploads", uploaded_by_user=author),
        create_document("Mine", collection="Uploads", uploaded_by_user=author),
    ]
    others = [create_image("Theirs", collection="Photos"), create_document("Theirs", collection="Documents")]

    for url in delete_urls(*own) + delete_urls(*others):
        assert refused(client.get(url))
        assert refused(client.post(url))
    # The multiple uploader's delete button, shown under each fresh upload, is refused too, and so is the
    # listing's bulk delete.
    multiple = client.post(
        reverse("wagtailimages:delete_multiple", args=[own[0].pk]), headers={"x-requested-with": "XMLHttpRequest"}
    )
    bulk_url = reverse("wagtail_bulk_action", args=("wagtailimages", "image", "delete"))
    client.post(f"{bulk_url}?id={own[0].pk}&id={others[0].pk}")

    assert multiple.status_code == 403
    assert Image.objects.count() == 2 and Document.objects.count() == 2


def test_an_author_cannot_manage_collections(client, author):
    root = Collection.get_first_root_node()

    response = client.post(reverse("wagtailadmin_collections:add"), {"name": "Mine", "parent": root.pk})

    assert refused(response)
    assert not Collection.objects.filter(name="Mine").exists()


# Media managers


def test_a_media_manager_adds_images_and_documents_to_any_collection(client, media_manager):
    assert client.post(reverse("wagtailimages:add"), image_upload("Photos")).status_code == 302
    assert client.post(reverse("wagtaildocs:add"), document_upload("Documents")).status_code == 302

    assert Image.objects.get().collection.name == "Photos"
    assert Document.objects.get().collection.name == "Documents"


def test_a_media_manager_edits_and_deletes_anyones_media(
    client, media_manager, django_user_model, django_capture_on_commit_callbacks
):
    uploader = django_user_model.objects.create_user("uploader")
    image = create_image("Uploaded by an author", collection="Uploads", uploaded_by_user=uploader)
    document = create_document("Uploaded by an author", collection="Uploads", uploaded_by_user=uploader)

    edited = client.post(
        reverse("wagtailimages:edit", args=[image.pk]), {"title": "Retitled", "collection": image.collection_id}
    )
    image.refresh_from_db()
    assert edited.status_code == 302 and image.title == "Retitled"

    for url in delete_urls(image, document):
        assert client.get(url).status_code == 200  # the confirmation page
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(url).status_code == 302

    assert not Image.objects.exists() and not Document.objects.exists()
    assert media_files() == []


def test_a_media_manager_manages_collections_and_their_privacy(client, media_manager):
    root = Collection.get_first_root_node()
    documents = Collection.objects.get(name="Documents")

    added = client.post(reverse("wagtailadmin_collections:add"), {"name": "Press kit", "parent": root.pk})
    private = client.post(
        reverse("wagtailadmin_collections:set_privacy", args=[documents.pk]), {"restriction_type": "login"}
    )
    press_kit = Collection.objects.get(name="Press kit")
    deleted = client.post(reverse("wagtailadmin_collections:delete", args=[press_kit.pk]))

    assert added.status_code == 302 and private.status_code == 200 and deleted.status_code == 302
    assert CollectionViewRestriction.objects.get(collection=documents).restriction_type == "login"
    assert not Collection.objects.filter(name="Press kit").exists()


def test_a_media_manager_cannot_write_publish_or_unpublish_pages(client, media_manager, essay_index, make_essay):
    essay = make_essay("Published")

    edit = client.post(
        reverse("wagtailadmin_pages:edit", args=[essay.pk]), essay_form(title="Changed", slug=essay.slug)
    )
    unpublish = client.post(reverse("wagtailadmin_pages:unpublish", args=[essay.pk]))
    add = client.post(add_essay_url(essay_index), essay_form())

    assert refused(edit) and refused(unpublish) and refused(add)
    essay.refresh_from_db()
    assert essay.title == "Published" and essay.live and essay.revisions.count() == 1
    assert not EssayPage.objects.filter(slug="written-in-the-admin").exists()


def test_a_superuser_deletes_media(admin_client, django_capture_on_commit_callbacks):
    image, document = create_image("Anyone's"), create_document("Anyone's")

    for url in delete_urls(image, document):
        with django_capture_on_commit_callbacks(execute=True):
            assert admin_client.post(url).status_code == 302

    assert not Image.objects.exists() and not Document.objects.exists()
