"""The admin's "Import Markdown" (a dry run, then the import) and "Export as Markdown", through its forms."""

import io
import zipfile

from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from blog.models import EssayPage
from tests.factories import image_bytes, media_files

IMPORT_URL = "/admin/essays/import-markdown/"
ESSAY = (
    "---\ntitle: Café con leche ☕\npubDatetime: 2024-03-01T08:00:00Z\nauthor: Zoë\n---\n\nUna taza.\n\n"
    "![Taza](taza.png)\n"
)


def zip_of(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_upload_is_checked_in_a_dry_run_then_imported_when_confirmed(admin_client, essay_index):
    files = [SimpleUploadedFile("cafe.md", ESSAY.encode()), SimpleUploadedFile("taza.png", image_bytes())]

    checked = admin_client.post(IMPORT_URL, {"files": files})

    html = checked.content.decode()
    assert checked.status_code == 200 and "Would create &#x27;Café con leche ☕&#x27; (cafe) from cafe.md" in html
    assert "Dry run: 1 essays: 1 to create" in html and "front matter key &#x27;author&#x27; has no use" in html
    assert not EssayPage.objects.exists() and media_files() == []

    imported = admin_client.post(IMPORT_URL, {"token": checked.context["token"]})

    assert "Created &#x27;Café con leche ☕&#x27;" in imported.content.decode()
    essay = EssayPage.objects.get(slug="cafe")
    assert essay.live and [block.block_type for block in essay.body] == ["paragraph", "image"]


def test_a_zip_of_a_blog_with_bad_files_reports_every_problem_and_imports_nothing(admin_client, essay_index):
    blog = zip_of(
        {
            "blog/_posts/2020-01-01-uno.md": "---\ntitle: Uno\n---\n\n![Falta](missing.png)\n",
            "blog/_posts/2020-01-02-dos.markdown": "---\ntitle: [Dos\n---\n\nDos.\n",
            "blog/.git/config": "hidden",
        }
    )

    response = admin_client.post(IMPORT_URL, {"files": [SimpleUploadedFile("blog.zip", blog)]})

    html = response.content.decode()
    assert "2 problems found; nothing was imported" in html
    assert "blog/_posts/2020-01-01-uno.md:5: image file &#x27;missing.png&#x27; does not exist" in html
    assert "blog/_posts/2020-01-02-dos.markdown:2: bad YAML in front matter" in html
    assert 'name="token"' not in html and not EssayPage.objects.exists()


def test_a_zip_that_writes_outside_its_folder_is_refused(admin_client, essay_index):
    evil = zip_of({"../../escape.md": "---\ntitle: Out\ndate: 2024-01-01\n---\n\nOut.\n"})
    response = admin_client.post(IMPORT_URL, {"files": [SimpleUploadedFile("evil.zip", evil)]})
    assert "would be written outside its folder" in response.content.decode()
    assert not EssayPage.objects.exists()


def test_a_forged_token_is_refused(admin_client, essay_index):
    assert admin_client.post(IMPORT_URL, {"token": "../../etc"}).status_code in {302, 403}


def downloaded(response):
    return b"".join(response.streaming_content)


def test_an_essay_and_all_essays_export_as_zips_that_import_again(admin_client, essay_index, make_essay):
    uno = make_essay("Uno ünï", tags=["Música"])
    make_essay("二")

    one = admin_client.get(f"/admin/essays/{uno.pk}/export-markdown/")
    every = downloaded(admin_client.get("/admin/essays/export-markdown/"))

    assert one["Content-Disposition"] == f'attachment; filename="{uno.slug}.zip"'
    with zipfile.ZipFile(io.BytesIO(downloaded(one))) as archive:
        assert archive.namelist() == [f"{uno.slug}.md"]
        assert "title: Uno ünï" in archive.read(f"{uno.slug}.md").decode()
    with zipfile.ZipFile(io.BytesIO(every)) as archive:
        assert len(archive.namelist()) == 2
    EssayPage.objects.all().delete()
    again = admin_client.post(IMPORT_URL, {"files": [SimpleUploadedFile("all.zip", every)]})
    assert "Dry run: 2 essays: 2 to create" in again.content.decode()


def test_the_essay_editor_offers_the_export(admin_client, make_essay):
    essay = make_essay("Exportable")
    html = admin_client.get(f"/admin/pages/{essay.pk}/edit/").content.decode()
    assert f"/admin/essays/{essay.pk}/export-markdown/" in html


def test_an_admin_user_without_the_right_to_publish_essays_cannot_import(client, django_user_model, essay_index):
    user = django_user_model.objects.create_user("reader", password="a-long-password-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 302  # Wagtail answers a forbidden admin page with a redirect
    assert client.get("/admin/essays/export-markdown/").status_code == 302
