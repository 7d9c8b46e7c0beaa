"""An editor that helps: the code block's source in a monospace box where Tab indents, every language Pygments
knows, an icon for every block, Wagtail's accessibility checks with the site's rules, uploads into Uploads."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.blocks import EssayBodyBlock
from blog.models import EssayPage
from tests.factories import add_essay_url, essay_form, image_bytes


def editor(admin_client, essay_index):
    return admin_client.get(add_essay_url(essay_index)).content.decode()


def test_the_code_source_is_a_monospace_box_with_its_tab_script(admin_client, essay_index):
    html = editor(admin_client, essay_index)
    assert "data-code-source" in html and "code-source" in html
    assert "/static/js/code-source.js" in html and "/static/css/code-source.css" in html
    assert "Tab indents the line or the selected lines" in html


def test_the_language_chooser_offers_every_language_pygments_knows(admin_client, client, essay_index):
    html = editor(admin_client, essay_index)
    for value, label in [("haskell", "Haskell"), ("elixir", "Elixir"), ("nixos", "Nix"), ("python", "Python")]:
        assert f"&lt;option value=\\&quot;{value}\\&quot;&gt;{label}&lt;/option&gt;" in html, label

    source = '    main = putStrLn "héllo, 世界"\n'
    body = streamfield([("code", {"language": "haskell", "source": source})])
    assert admin_client.post(add_essay_url(essay_index), essay_form(body=body)).status_code == 302

    essay = EssayPage.objects.get()
    assert essay.body[0].value["source"] == source  # the first line keeps its indentation
    page = client.get(essay.url).content.decode()
    assert '<div class="highlight">' in page and "putStrLn" in page and "世界" in page


def test_the_editor_refuses_a_language_pygments_does_not_offer(admin_client, essay_index):
    for language, problem in [("klingon-ǂ", "Select a valid choice."), ("", "This field is required.")]:
        body = streamfield([("code", {"language": language, "source": 'print("שלום, 世界 🎸")'})])
        response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))
        assert response.status_code == 200, language
        assert problem in response.content.decode(), language
    assert not EssayPage.objects.exists()


def test_every_block_has_an_icon_the_admin_draws(admin_client):
    sprite = admin_client.get(reverse("wagtailadmin_sprite")).content.decode()
    icons = {name: block.meta.icon for name, block in EssayBodyBlock.base_blocks.items()}
    missing = {name: icon for name, icon in icons.items() if f'id="icon-{icon}"' not in sprite}
    assert not missing, missing


def test_the_checks_panel_runs_the_sites_rules(admin_client, essay_index):
    html = editor(admin_client, essay_index)
    config = re.search(r'id="accessibility-axe-configuration"[^>]*>(.*?)</script>', html, re.S)
    configuration = config[1] if config else html
    for rule in ["image-alt", "alt-text-quality", "heading-order", "empty-heading", "link-text-quality"]:
        assert f'"{rule}"' in configuration, rule
    assert "Link text says nothing of where it goes" in configuration


def test_a_preview_marks_vague_link_text_for_the_checks(admin_client, essay_index):
    paragraph = (
        '<p>Read the manual <a href="https://example.com/a">here</a>, or <a href="https://example.com/b">Click '
        'Here!</a>, or the <a href="https://example.com/c">guide to mixing vocals</a>, or '
        '<a href="https://example.com/d">aquí</a>.</p>'
    )
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "essaypage", essay_index.pk))
    body = streamfield([("paragraph", rich_text(paragraph))])
    assert admin_client.post(url, essay_form(body=body)).json()["is_valid"]

    preview = admin_client.get(url).content.decode()
    marked = re.findall(r'<a href="https://example.com/(\w)" data-vague-link>', preview)
    assert marked == ["a", "b"]


def test_published_pages_carry_no_check_marks(admin_client, essay_index):
    body = streamfield([("paragraph", rich_text('<p>See <a href="https://example.com/a">here</a>.</p>'))])
    admin_client.post(add_essay_url(essay_index), essay_form(body=body))
    assert "data-vague-link" not in Client().get(EssayPage.objects.get().url).content.decode()


@pytest.mark.parametrize(
    ("chooser", "model", "file"),
    [
        ("wagtailimages_chooser", get_image_model, lambda: SimpleUploadedFile("café.png", image_bytes())),
        ("wagtaildocs_chooser", get_document_model, lambda: SimpleUploadedFile("notes.pdf", b"%PDF-1.7\n")),
    ],
)
def test_a_superusers_upload_from_a_page_editor_lands_in_uploads(admin_client, home, chooser, model, file):
    form = admin_client.get(reverse(f"{chooser}:choose")).json()["html"]
    selected = re.search(r'<select name="[^"]*collection"[^>]*>.*?<option value="(\d+)"\s+selected', form, re.S)
    uploads = Collection.objects.get(name="Uploads")
    assert selected and selected[1] == str(uploads.pk)

    prefix = "image-chooser-upload" if "images" in chooser else "document-chooser-upload"
    data = {f"{prefix}-title": "Upload", f"{prefix}-file": file(), f"{prefix}-collection": selected[1]}
    response = admin_client.post(reverse(f"{chooser}:create"), data)
    assert response.status_code == 200, response.content[:500]
    assert model().objects.get(title="Upload").collection == uploads
