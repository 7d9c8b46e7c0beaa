import io
import re
import shutil

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from blog.markdown_forms import MARKDOWN_FORMS
from blog.models import EssayPage
from portfolio.pages.blocks import BodyBlock
from tests.conftest import AUTHOR_ESSAYS
from tests.factories import image_bytes

Image = get_image_model()
Document = get_document_model()

DRUMS = ["--title", "Non-Drummers Programming Drums", "--date", "2026-11-20", "--tags", "AI, Engineering, Music"]

EVERY_BLOCK = """---
title: "Every block: a *test* essay"
description: "Covers each block, with characters Markdown cares about: * _ ` [ ] < & #"
date: 2024-02-29
tags: [Music, Engineering, C++]
featured: true
---

A paragraph with **bold**, *italic*, `code with * and _`, a [link](https://example.com/?a=1&b=2),
a [page link](/essays/other/), a [document](files/cv.pdf), a literal \\*star\\*, 2 < 3 & 4 > 1,
and a hard\\
break.

- bullet with **bold**
- second
  - nested

1. first
2. second

\\# not a heading, 1\\. not a list

## Heading with `code` & ampersand

### Subheading

```python
def f():
    return "```"
```

```
plain text code
```

> Quoted **words** and a [link](https://example.com/).
>
> Second paragraph.
>
> — Somebody Famous

---

Exage - Dried By Time (Official \\*Music\\* Video) & \\<more>

https://youtu.be/5MSZXmbNoLg?si=x&t=42

A plain one-line paragraph before a captionless video.

<https://vimeo.com/76979871>

![Alt with [brackets]](files/desk.png "A caption with \\"quotes\\"")

[![Live at the *Rock* Café](files/still.png)](https://youtu.be/5MSZXmbNoLg)
"""

OTHER = """---
title: Other
date: 2024-01-01
---

Links back to [every block](/essays/every-block/).
"""


def portable(page):
    """An essay as a dict that compares equal across sites: files by content, links by URL."""
    body = []
    for block in page.body.raw_data:
        value = str(block["value"])
        for kind, pk in re.findall(r'linktype=\\?"(page|document)\\?" id=\\?"(\d+)', value):
            target = Page.objects.get(pk=pk).url_path if kind == "page" else Document.objects.get(pk=pk).file_hash
            value = value.replace(f'id="{pk}"', f'id="{target}"').replace(f'id=\\"{pk}\\"', f'id="{target}"')
        if block["type"] == "image":
            image = Image.objects.get(pk=block["value"]["image"]["image"])
            value = str({**block["value"], "image": {**block["value"]["image"], "image": image.file_hash}})
        if block["type"] == "video" and block["value"].get("thumbnail"):
            still = Image.objects.get(pk=block["value"]["thumbnail"])
            value = str({**block["value"], "thumbnail": still.file_hash})
        body.append((block["type"], value))
    return {
        "title": page.title,
        "slug": page.slug,
        "description": page.description,
        "date": page.date,
        "featured": page.featured,
        "live": page.live,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "body": body,
    }


def site_state():
    """Every essay as an editor sees it: the latest revision of drafts."""
    return {
        page.slug: portable(page if page.live else page.get_latest_revision_as_object())
        for page in EssayPage.objects.all()
    }


def empty_the_site():
    EssayPage.objects.all().delete()
    Image.objects.all().delete()
    Document.objects.all().delete()


def export(directory):
    call_command("export_essays", str(directory), stdout=io.StringIO())


def import_all(*args):
    err = io.StringIO()
    call_command("import_essays", *[str(arg) for arg in args], stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def test_the_authors_essays_survive_a_round_trip(essay_index, tmp_path):
    import_all(AUTHOR_ESSAYS / "what-music-production-taught-me-about-software-engineering.md")
    import_all(AUTHOR_ESSAYS / "non-drummers-programming-drums.txt", *DRUMS)
    before = site_state()

    export(tmp_path / "export")
    empty_the_site()
    warnings = import_all(tmp_path / "export")

    assert warnings == ""
    assert site_state() == before


def test_every_block_type_survives_a_round_trip(essay_index, tmp_path):
    source = tmp_path / "source"
    (source / "files").mkdir(parents=True)
    (source / "files" / "desk.png").write_bytes(image_bytes())
    (source / "files" / "still.png").write_bytes(image_bytes(160, 90, color=(20, 20, 20)))
    (source / "files" / "cv.pdf").write_bytes(b"%PDF-1.4\n% a small document\n")
    (source / "every-block.md").write_text(EVERY_BLOCK, encoding="utf-8")
    (source / "other.md").write_text(OTHER, encoding="utf-8")
    assert import_all(source) == ""
    essay = EssayPage.objects.get(slug="every-block")
    kinds = {block.block_type for block in essay.body}
    assert kinds == {"paragraph", "heading", "code", "quote", "divider", "video", "image"}
    captions = [block.value["caption"] for block in essay.body if block.block_type == "video"]
    assert captions == ["Exage - Dried By Time (Official *Music* Video) & <more>", "", "Live at the Rock Café"]
    [still] = [
        block.value["thumbnail"] for block in essay.body if block.block_type == "video" and block.value["thumbnail"]
    ]
    assert (still.width, still.height) == (160, 90)
    before = site_state()

    export(tmp_path / "export")
    empty_the_site()
    assert import_all(tmp_path / "export") == ""

    assert site_state() == before


def test_a_draft_stays_a_draft_through_a_round_trip(make_essay, tmp_path):
    make_essay("Unfinished", live=False, tags=["Music"])
    before = site_state()

    export(tmp_path)
    assert "draft: true" in (tmp_path / "unfinished.md").read_text()
    empty_the_site()
    import_all(tmp_path)

    assert site_state() == before


def test_an_undated_draft_stays_undated_through_a_round_trip(make_essay, tmp_path):
    make_essay("Unfinished", live=False, date=None)
    before = site_state()

    export(tmp_path)
    assert "date:" not in (tmp_path / "unfinished.md").read_text()
    empty_the_site()
    import_all(tmp_path)

    assert site_state() == before
    assert EssayPage.objects.get(slug="unfinished").get_latest_revision_as_object().date is None


def test_export_writes_markdown_with_front_matter_and_files_beside_it(essay_index, tmp_path):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    (tmp_path / "essay.md").write_text(
        "---\ntitle: Pictured\ndate: 2025-01-01\ntags: [Music]\n---\n\nText.\n\n![A desk](desk.png)\n"
    )
    import_all(tmp_path / "essay.md")

    export(tmp_path / "out")

    markdown = (tmp_path / "out" / "essay.md").read_text()
    assert markdown.startswith("---\ntitle: Pictured\n")
    assert "date: 2025-01-01\n" in markdown and "tags:\n- Music\n" in markdown
    assert "![A desk](essay/desk.png)" in markdown
    assert (tmp_path / "out" / "essay" / "desk.png").read_bytes() == (tmp_path / "desk.png").read_bytes()


def test_an_image_deleted_from_the_library_is_left_out(essay_index, tmp_path):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    (tmp_path / "essay.md").write_text(
        "---\ntitle: Pictured\ndate: 2025-01-01\n---\n\nBefore.\n\n![A desk](desk.png)\n\nAfter.\n"
    )
    import_all(tmp_path / "essay.md")
    Image.objects.all().delete()

    export(tmp_path / "out")

    markdown = (tmp_path / "out" / "essay.md").read_text()
    assert markdown.endswith("---\n\nBefore.\n\nAfter.\n")


@pytest.mark.parametrize("repeat", [1, 2])
def test_exporting_twice_gives_the_same_files(essay_index, tmp_path, repeat):
    shutil.copy(AUTHOR_ESSAYS / "what-music-production-taught-me-about-software-engineering.md", tmp_path)
    import_all(tmp_path)
    export(tmp_path / "a")
    for _ in range(repeat):
        export(tmp_path / "b")
    name = "what-music-production-taught-me-about-software-engineering.md"
    assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_the_example_of_every_block_type_in_the_markdown_table_survives_import_render_export_import(
    client, essay_index, tmp_path
):
    source = tmp_path / "source"
    source.mkdir()
    (source / "desk.png").write_bytes(image_bytes())
    examples = "\n\n".join(form.example for form in MARKDOWN_FORMS.values())
    (source / "table.md").write_text(f"---\ntitle: Tablas\ndate: 2024-05-06\n---\n\n{examples}\n", encoding="utf-8")

    assert import_all(source) == ""
    essay = EssayPage.objects.get(slug="table")
    assert {block.block_type for block in essay.body} == set(MARKDOWN_FORMS) == set(BodyBlock.base_blocks)
    html = client.get(essay.url).content.decode()
    assert '<th scope="col" class="align-center">Länge</th>' in html and '<td class="align-right"><p>12</p>' in html
    assert '<li id="fn-1"><i>note</i>' not in html and '<li id="fn-1">A <i>note</i>.' in html
    assert '<a href="#fn-1" id="fnref-1" role="doc-noteref">1</a>' in html
    assert '<ol start="57">' in html and "☑ done" in html and "<s>struck</s>" in html
    before = site_state()

    export(tmp_path / "export")
    empty_the_site()
    assert import_all(tmp_path / "export") == ""

    assert site_state() == before
