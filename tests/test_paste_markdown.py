"""Markdown pasted in the essay editor becomes the blocks the importer's reader makes of it, in place, on save."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.markdown_forms import MARKDOWN_FORMS
from blog.models import EssayPage
from tests.factories import add_essay_url, essay_form

PASTED = """# Über die Stille

Ein Absatz mit **fett**, *kursiv* und einem [Link](https://example.org/ünï).

- 第一 item
- second 🎧 item

```python
print("مرحبا")
```

| Spur | Länge |
|:--|--:|
| Intro | 1:02 |

> Ship the track.
>
> — Zoë
"""


def kinds(essay):
    return [child.block_type for child in essay.body]


def test_pasted_markdown_becomes_blocks_in_place_keeping_the_others(admin_client, essay_index):
    body = streamfield(
        [
            ("paragraph", rich_text("<p>Before the paste.</p>")),
            ("markdown", PASTED),
            ("divider", ""),
        ]
    )
    response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))
    assert response.status_code == 302, response.content.decode()[-2000:]

    essay = EssayPage.objects.get()
    assert kinds(essay) == ["paragraph", "heading", "paragraph", "code", "table", "quote", "divider"]
    assert "Before the paste." in essay.body[0].value.source
    assert essay.body[1].value["text"].source == "<p>Über die Stille</p>" and essay.body[1].value["level"] == "2"
    prose = essay.body[2].value.source
    assert "<b>fett</b>" in prose and "<i>kursiv</i>" in prose and "<li>第一 item</li>" in prose and "🎧" in prose
    assert essay.body[3].value["language"] == "python" and "مرحبا" in essay.body[3].value["source"]
    assert essay.body[5].value["attribution"] == "Zoë"

    page = Client().get(essay.url).content.decode()
    assert '<h2 id="uber-die-stille">Über die Stille</h2>' in page
    assert "<li>second 🎧 item</li>" in page and "**" not in page and "# Über" not in page


def test_an_edit_pastes_between_the_blocks_already_there(admin_client, make_essay):
    essay = make_essay("Editiert", slug="editiert", body=[{"type": "paragraph", "value": "<p>Erster.</p>"}])
    body = streamfield(
        [
            ("paragraph", rich_text("<p>Erster.</p>")),
            ("markdown", "1. ایک\n2. دو\n\n---"),
            ("code", {"language": "text", "source": "danach"}),
        ]
    )
    form = essay_form(title="Editiert", slug="editiert", body=body)
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=(essay.pk,)), form)
    assert response.status_code == 302

    essay.refresh_from_db()
    assert kinds(essay) == ["paragraph", "paragraph", "divider", "code"]
    assert "<ol><li>ایک</li><li>دو</li></ol>" in essay.body[1].value.source


def test_a_preview_shows_the_blocks_the_markdown_makes(admin_client, essay_index):
    url = reverse("wagtailadmin_pages:preview_on_add", args=("blog", "essaypage", essay_index.pk))
    body = streamfield([("markdown", "## Vorschau\n\n- *eins*")])
    assert admin_client.post(url, essay_form(body=body)).json()["is_valid"]

    preview = admin_client.get(url).content.decode()
    assert ">Vorschau</h2>" in preview and "<li><i>eins</i></li>" in preview and "## Vorschau" not in preview


def test_the_revision_and_the_editor_hold_blocks_not_markdown(admin_client, essay_index):
    admin_client.post(add_essay_url(essay_index), essay_form(body=streamfield([("markdown", "## Zwei\n\nText.")])))
    essay = EssayPage.objects.get()
    assert "markdown" not in [raw["type"] for raw in essay.get_latest_revision_as_object().body.raw_data]

    editor = admin_client.get(reverse("wagtailadmin_pages:edit", args=(essay.pk,))).content.decode()
    assert "Zwei" in editor and "## Zwei" not in editor


@pytest.mark.parametrize("block_type", [name for name in MARKDOWN_FORMS if name != "image"])
def test_every_form_of_the_importers_table_can_be_pasted(admin_client, essay_index, block_type):
    example = MARKDOWN_FORMS[block_type].example
    body = streamfield([("markdown", f"Ein Satz[^1].\n\n{example}" if block_type == "footnotes" else example)])
    response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))
    assert response.status_code == 302
    assert kinds(EssayPage.objects.get())[-1] == block_type


def test_markdown_that_makes_no_blocks_is_refused(admin_client, essay_index):
    body = streamfield([("markdown", "[^1]: a note nothing refers to\n\n<!-- a comment -->")])
    response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))
    assert response.status_code == 200 and not EssayPage.objects.exists()
    assert "makes no blocks" in " ".join(response.context["form"].errors["body"].as_data()[0].block_errors[0].messages)


def test_pasted_headings_go_under_the_heading_above(admin_client, essay_index):
    body = streamfield(
        [
            ("heading", {"text": rich_text("<p>Mixing</p>"), "level": "2"}),
            ("markdown", "### Gain\n\n#### Staging\n\n## Mastering"),
        ]
    )
    admin_client.post(add_essay_url(essay_index), essay_form(body=body))
    levels = [child.value["level"] for child in EssayPage.objects.get().body]
    assert levels == ["2", "3", "4", "2"]


def test_a_link_to_a_page_of_the_site_becomes_a_page_link(admin_client, essay_index, make_essay):
    other = make_essay("Gain staging", slug="gain-staging")
    markdown = f"See [gain staging]({other.url}) and [the manual](https://example.org/manual)."
    admin_client.post(add_essay_url(essay_index), essay_form(body=streamfield([("markdown", markdown)])))

    source = EssayPage.objects.get(slug="written-in-the-admin").body[0].value.source
    assert f'<a linktype="page" id="{other.pk}">gain staging</a>' in source
    assert '<a href="https://example.org/manual">the manual</a>' in source


@pytest.mark.parametrize(
    ("markdown", "said"),
    [
        ("Text.\n\n![My desk](desk.png)", "Line 3: the image 'desk.png' cannot come with pasted Markdown"),
        ("![A photo](https://example.org/photo.jpg)", "Line 1: the image 'https://example.org/photo.jpg' cannot"),
        ("A [PDF](notes.pdf).", "Line 1: the document 'notes.pdf' cannot come with pasted Markdown"),
        ("[![Still](still.jpg)](https://youtu.be/5MSZXmbNoLg)", "add a Video block and choose its still there"),
        ("Read [part two](part-2.md).", "Line 1: 'part-2.md' links to a Markdown file"),
        ("One\n\ntwo ![inline](x.png) words", "Line 3: an image must stand alone in its own paragraph"),
    ],
)
def test_markdown_that_cannot_be_read_is_refused_on_its_block_by_line(admin_client, essay_index, markdown, said):
    body = streamfield([("paragraph", rich_text("<p>Kept.</p>")), ("markdown", markdown)])
    response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))

    assert response.status_code == 200
    assert not EssayPage.objects.exists()
    errors = response.context["form"].errors["body"].as_data()[0]
    assert list(errors.block_errors) == [1]  # on the Markdown block, not the paragraph before it
    assert said in " ".join(errors.block_errors[1].messages)


def test_the_editor_offers_the_markdown_block_with_its_help(admin_client, essay_index):
    html = admin_client.get(add_essay_url(essay_index)).content.decode()
    assert "Paste Markdown; it becomes headings, paragraphs, lists" in html
    assert "clipboard-list" in html


def test_markdown_saved_without_the_editor_becomes_blocks_too(make_essay):
    essay = make_essay("Scripted", slug="scripted")
    essay.body = [("markdown", "## Aus einem Skript\n\n1. eins\n2. zwei")]
    essay.save_revision().publish()

    essay.refresh_from_db()
    assert kinds(essay) == ["heading", "paragraph"]
    assert "<ol><li>eins</li><li>zwei</li></ol>" in essay.body[1].value.source

    essay.body = [("markdown", "![Ein Bild](bild.png)")]
    with pytest.raises(ValidationError, match="Line 1: the image 'bild.png'"):
        essay.full_clean()


def test_a_markdown_block_is_never_shown_as_markdown(make_essay):
    essay = make_essay("Unclean", slug="unclean")
    essay.body = [("paragraph", "<p>Visible.</p>"), ("markdown", "## Nie **roh**")]
    essay.save(clean=False)
    page = Client().get(essay.url).content.decode()
    assert "Visible." in page and "Nie" not in page and "**" not in page
