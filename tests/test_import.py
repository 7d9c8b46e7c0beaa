import datetime
import io
import re
import shutil
import textwrap
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from blog.models import EssayPage
from portfolio.models import VideoStill
from tests.conftest import AUTHOR_ESSAYS
from tests.factories import create_image, cut_short_jpeg_bytes, image_bytes, media_files
from tests.servers import loopback_http_server
from tests.test_video_stills import Platforms

Image = get_image_model()
Document = get_document_model()


def import_essays(*args):
    """Run import_essays; return what it printed on stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_essays", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args):
    """Run import_essays expecting a refusal; return everything it said."""
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_essays", *[str(arg) for arg in args], stdout=io.StringIO(), stderr=err)
    return err.getvalue() + str(error.value)


def essay_file(folder, name, body, *, front_matter=None):
    front_matter = front_matter or {"title": "A title", "date": "2025-01-02"}
    header = "".join(f"{key}: {value}\n" for key, value in front_matter.items())
    path = Path(folder) / name
    path.write_text(f"---\n{header}---\n\n{textwrap.dedent(body).strip()}\n", encoding="utf-8")
    return path


def blocks(page):
    return [(block.block_type, block.value) for block in page.body]


# The author's essays


def test_the_authors_markdown_essay_imports_without_warnings(essay_index):
    path = AUTHOR_ESSAYS / "what-music-production-taught-me-about-software-engineering.md"
    out, err = import_essays(path)

    assert err == ""
    assert "Created 'What Music Production Taught Me About Software Engineering'" in out
    essay = EssayPage.objects.get(slug="what-music-production-taught-me-about-software-engineering")
    assert essay.live and essay.featured
    assert essay.date == datetime.date(2025, 8, 22)
    assert essay.description.startswith("The surprising parallels")
    assert sorted(tag.name for tag in essay.tags.all()) == ["Engineering", "Music"]

    kinds = [block.block_type for block in essay.body]
    assert kinds.count("heading") == 14 and kinds.count("video") == 2
    assert set(kinds) == {"paragraph", "heading", "video", "divider"}
    videos = [block.value for block in essay.body if block.block_type == "video"]
    assert [video["url"] for video in videos] == ["https://youtu.be/5MSZXmbNoLg", "https://youtu.be/an4gtPLFtuE"]
    assert videos[0]["caption"] == "Exage - Dried By Time (Official Music Video)"
    assert videos[1]["caption"].startswith("Exage - Ergot In The Rye (Guitar Playthrough)")
    prose = "".join(block.value.source for block in essay.body if block.block_type == "paragraph")
    assert "<li><b>Fail early</b> (while it’s cheap)</li>" in prose
    assert "<b>The lesson:</b>" in prose and "<i>you</i>" in prose
    assert '<a href="/projects/music">Music</a>' in prose
    # The caption lines became captions, not paragraphs too.
    assert "Official Music Video" not in prose


def test_the_authors_plain_text_essay_imports_with_its_title_date_and_tags(essay_index):
    out, err = import_essays(
        AUTHOR_ESSAYS / "non-drummers-programming-drums.txt",
        "--title",
        "Non-Drummers Programming Drums",
        "--date",
        "2026-11-20",
        "--tags",
        "AI, Engineering, Music",
    )

    assert err == ""
    essay = EssayPage.objects.get(slug="non-drummers-programming-drums")
    assert essay.title == "Non-Drummers Programming Drums"
    assert essay.date == datetime.date(2026, 11, 20)
    assert sorted(tag.name for tag in essay.tags.all()) == ["AI", "Engineering", "Music"]
    assert essay.description == "I have produced music since I was a teenager. Not as a hobby — as work."
    [(kind, value)] = blocks(essay)
    assert kind == "paragraph"
    lines = [line for line in (AUTHOR_ESSAYS / "non-drummers-programming-drums.txt").read_text().split("\n") if line]
    assert value.source.count("<p>") == len(lines) == 18
    assert "<p>Most people using AI to code today are non-drummers programming drums.</p>" in value.source


# Markdown to blocks


EVERY_BLOCK = """
    Intro with **bold**, *italic*, `inline code`, [a link](https://example.com/) and [the essays](/essays).

    - one
    - two
      - nested

    1. first
    2. second

    ## A section

    ### A subsection

    ```python
    print("hi")
    ```

    > Ship the track.
    >
    > — A producer

    ---

    Dried By Time (Official Music Video)

    https://www.youtube.com/watch?v=5MSZXmbNoLg&si=abc&t=42

    <https://vimeo.com/76979871>

    ![A mixing desk](desk.png "My studio")
"""


def test_markdown_becomes_one_block_per_kind(essay_index, tmp_path):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    essay_file(tmp_path, "every-block.md", EVERY_BLOCK)

    out, err = import_essays(tmp_path / "every-block.md")

    assert err == ""
    essay = EssayPage.objects.get(slug="every-block")
    kinds = [block.block_type for block in essay.body]
    assert kinds == ["paragraph", "heading", "heading", "code", "quote", "divider", "video", "video", "image"]
    body = essay.body
    assert body[0].value.source == (
        "<p>Intro with <b>bold</b>, <i>italic</i>, <code>inline code</code>, "
        f'<a href="https://example.com/">a link</a> and <a linktype="page" id="{essay_index.pk}">the essays</a>.</p>'
        "<ul><li>one</li><li>two<ul><li>nested</li></ul></li></ul><ol><li>first</li><li>second</li></ol>"
    )
    assert (body[1].value["text"].source, body[1].value["level"]) == ("<p>A section</p>", "2")
    assert (body[2].value["text"].source, body[2].value["level"]) == ("<p>A subsection</p>", "3")
    assert dict(body[3].value) == {"language": "python", "source": 'print("hi")'}
    assert body[4].value["text"].source == "<p>Ship the track.</p>"
    assert body[4].value["attribution"] == "A producer"
    assert dict(body[6].value) == {
        "url": "https://www.youtube.com/watch?v=5MSZXmbNoLg&t=42",
        "caption": "Dried By Time (Official Music Video)",
        "thumbnail": None,
    }
    assert dict(body[7].value) == {"url": "https://vimeo.com/76979871", "caption": "", "thumbnail": None}
    image = body[8].value["image"]
    assert image.contextual_alt_text == "A mixing desk" and body[8].value["caption"] == "My studio"
    assert Image.objects.count() == 1


def test_a_site_relative_link_to_an_existing_page_becomes_a_page_link(make_essay, tmp_path):
    target = make_essay("Target")
    essay_file(tmp_path, "linker.md", "See [the target](/essays/target/) and [elsewhere](/projects/music).")

    import_essays(tmp_path / "linker.md")

    source = EssayPage.objects.get(slug="linker").body[0].value.source
    assert f'<a linktype="page" id="{target.pk}">the target</a>' in source
    assert '<a href="/projects/music">elsewhere</a>' in source


def test_essays_of_one_run_can_link_to_each_other(essay_index, tmp_path):
    essay_file(tmp_path, "a.md", "Read [b](/essays/b/) next.")
    essay_file(tmp_path, "b.md", "Read [a](/essays/a/) first.")

    import_essays(tmp_path)

    a, b = EssayPage.objects.get(slug="a"), EssayPage.objects.get(slug="b")
    assert f'<a linktype="page" id="{b.pk}">b</a>' in a.body[0].value.source
    assert f'<a linktype="page" id="{a.pk}">a</a>' in b.body[0].value.source


def test_raw_html_is_never_rendered_and_is_reported(client, essay_index, tmp_path):
    body = """
        Text with <script>alert(1)</script> inline <b>tags</b>.

        <div onclick="steal()">a block of HTML</div>

        After.
    """
    path = essay_file(tmp_path, "html.md", body)

    out, err = import_essays(path)

    assert f"{path}:6: raw HTML <script> is not allowed" in err
    assert f"{path}:8: HTML tags are not published in essays; their text was kept" in err
    html = client.get("/essays/html/").content.decode()
    assert "<script>alert" not in html and "onclick" not in html and "<div onclick" not in html
    assert "alert(1)" in html and "a block of HTML" in html  # the text between tags stays, as text


def test_a_bare_url_that_is_not_a_video_stays_a_link_in_text(essay_index, tmp_path):
    essay_file(tmp_path, "link.md", "Caption line\n\nhttps://example.com/not-a-video")
    import_essays(tmp_path / "link.md")
    kinds = [block.block_type for block in EssayPage.objects.get(slug="link").body]
    assert kinds == ["paragraph"]


def test_an_unknown_code_language_is_kept_as_plain_text_with_a_warning(essay_index, tmp_path):
    path = essay_file(tmp_path, "code.md", "```klingon\nqapla'\n```\n\n```js\nlet a\n```")
    out, err = import_essays(path)
    essay = EssayPage.objects.get(slug="code")
    assert [block.value["language"] for block in essay.body] == ["text", "javascript"]
    assert f"{path}:6: code language 'klingon' is not offered" in err


def test_level_one_headings_move_every_level_down_one_with_a_warning(essay_index, tmp_path):
    path = essay_file(tmp_path, "levels.md", "# Top\n\n## Part\n\n### Section\n\n#### Deep\n\n# Second")
    out, err = import_essays(path)
    levels = [block.value["level"] for block in EssayPage.objects.get(slug="levels").body]
    assert levels == ["2", "3", "4", "4", "2"]
    assert f"{path}:6: a # heading becomes ##" in err and f"{path}:12: a level-5 heading becomes a level-4" in err


# Front matter


def test_front_matter_slug_tags_as_a_string_and_draft(essay_index, tmp_path):
    front_matter = {
        "title": "Drafted",
        "date": "2025-02-03",
        "tags": "Music, engineering , music",
        "slug": "custom-slug",
        "draft": "true",
        "featured": "false",
    }
    essay_file(tmp_path, "file-name.md", "Body.", front_matter=front_matter)

    import_essays(tmp_path / "file-name.md")

    essay = EssayPage.objects.get(slug="custom-slug")
    assert not essay.live and essay.has_unpublished_changes
    latest = essay.get_latest_revision_as_object()
    assert latest.title == "Drafted"
    assert {tag.name for tag in latest.tags.all()} == {"Music", "engineering"}


def test_a_missing_description_is_taken_from_the_start_of_the_body(essay_index, tmp_path):
    essay_file(tmp_path, "described.md", "First sentence here. Second sentence.\n\nLater paragraph.")
    import_essays(tmp_path / "described.md")
    assert EssayPage.objects.get(slug="described").description == "First sentence here. Second sentence."


def test_utf8_with_a_byte_order_mark_and_crlf_line_endings(essay_index, tmp_path):
    text = "---\r\ntitle: Windows café\r\ndate: 2025-01-01\r\n---\r\n\r\n## Heading\r\n\r\nLine one\r\nline two\r\n"
    (tmp_path / "windows.md").write_bytes(text.encode("utf-8-sig"))

    out, err = import_essays(tmp_path / "windows.md")

    assert err == ""
    essay = EssayPage.objects.get(slug="windows")
    assert essay.title == "Windows café"
    assert blocks(essay)[0] == ("heading", blocks(essay)[0][1])
    assert essay.body[1].value.source == "<p>Line one line two</p>"


# Re-import and dry run


def test_reimport_updates_not_duplicates(essay_index, tmp_path):
    path = essay_file(tmp_path, "essay.md", "First version.")
    import_essays(path)
    essay = EssayPage.objects.get(slug="essay")

    essay_file(tmp_path, "essay.md", "Second version.", front_matter={"title": "Renamed", "date": "2025-01-02"})
    out, _ = import_essays(path)

    assert "Updated 'Renamed'" in out
    assert EssayPage.objects.count() == 1
    essay.refresh_from_db()
    assert essay.title == "Renamed" and essay.body[0].value.source == "<p>Second version.</p>"
    assert essay.revisions.count() == 2


def test_reimporting_an_unchanged_file_changes_nothing(essay_index, tmp_path):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    path = essay_file(tmp_path, "same.md", "Text.\n\n![A desk](desk.png)")
    import_essays(path)

    out, _ = import_essays(path)

    assert "Unchanged 'A title'" in out
    assert EssayPage.objects.get(slug="same").revisions.count() == 1
    assert Image.objects.count() == 1


def test_an_essay_wagtail_refuses_to_publish_is_reported_by_file_and_nothing_is_imported(make_essay, tmp_path):
    essay = make_essay("Música ao vivo", slug="musica", cover_image=create_image(description=""), cover_alt="Palco")
    essay.cover_alt = ""  # a draft of the author's that publishing would refuse
    essay.save_revision(clean=False)
    path = essay_file(tmp_path, "musica.md", "Nova versão 🎶.", front_matter={"title": "Nova", "date": "2025-01-01"})

    said = refused(path)

    assert f"{path}:1: Say what the cover shows" in said and "Nothing was imported." in said
    essay.refresh_from_db()
    assert essay.title == "Música ao vivo" and essay.revisions.count() == 2


def write_world_blog(folder, count, prefix):
    """count essays in several scripts, each with its own photo, tags and a link to the one before."""
    folder.mkdir()
    for number in range(count):
        (folder / f"photo-{number}.png").write_bytes(image_bytes(color=(number * 9 % 256, 80, 200)))
        before = f"[the one before]({prefix}-{number - 1}.md)" if number else "the first"
        body = f"Café №{number} — שלום, 東京 🎸, {before}.\n\n![Ensayo {number}](photo-{number}.png)"
        tags = "[música, موسيقى, 音楽]"
        essay_file(
            folder,
            f"{prefix}-{number}.md",
            body,
            front_matter={"title": f"Take {number} 🎙", "date": f"2025-01-{number + 1:02d}", "tags": tags},
        )


def queries_to_import(folder):
    with CaptureQueriesContext(connection) as captured:
        import_essays(folder)
    return len(captured)


def test_the_queries_of_an_import_grow_by_a_bounded_number_per_essay(essay_index, tmp_path):
    write_world_blog(tmp_path / "ten", 10, "ten")
    write_world_blog(tmp_path / "twenty", 20, "twenty")

    ten, twenty = queries_to_import(tmp_path / "ten"), queries_to_import(tmp_path / "twenty")

    assert EssayPage.objects.live().count() == 30
    # Each essay is made, revised and published by Wagtail, its image added and both indexed: 74 queries an essay,
    # most of them Wagtail's own, and 79 a run (86 and 140 before they were cut; docs/performance.md).
    per_essay = (twenty - ten) / 10
    assert per_essay <= 76, (ten, twenty)
    assert ten - 10 * per_essay <= 100, (ten, twenty)  # what a run costs whatever its size


def test_dry_run_reports_and_writes_nothing(make_essay, tmp_path):
    make_essay("Existing", slug="existing")
    (tmp_path / "desk.png").write_bytes(image_bytes())
    essay_file(tmp_path, "new.md", "New.\n\n![A desk](desk.png)")
    essay_file(tmp_path, "existing.md", "Changed.", front_matter={"title": "Existing", "date": "2025-01-01"})
    files_before = media_files()

    out, _ = import_essays(tmp_path, "--dry-run")

    assert "Would create 'A title' (new)" in out
    assert "Would update 'Existing' (existing)" in out
    assert not EssayPage.objects.filter(slug="new").exists()
    assert EssayPage.objects.get(slug="existing").revisions.count() == 1
    assert Image.objects.count() == 0 and media_files() == files_before


def test_imported_essays_are_searchable_and_their_images_know_where_they_are_used(client, essay_index, tmp_path):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    path = essay_file(tmp_path, "forró.md", "Notes on the zabumba in forró.\n\n![A desk](desk.png)")
    import_essays(path)
    essay = EssayPage.objects.get(slug="forro")

    assert "/essays/forro/" in client.get("/search/", {"q": "zabumba"}).content.decode()
    assert [ref.object_id for ref in ReferenceIndex.get_references_to(Image.objects.get())] == [str(essay.pk)]

    essay_file(tmp_path, "forró.md", "Notes on the triângulo in forró.")
    import_essays(path)

    assert "/essays/forro/" in client.get("/search/", {"q": "triângulo"}).content.decode()
    assert "/essays/forro/" not in client.get("/search/", {"q": "zabumba"}).content.decode()
    assert not ReferenceIndex.get_references_to(Image.objects.get()).exists()


# Images and documents


def test_images_upload_once_whatever_the_number_of_imports(essay_index, tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "desk.png").write_bytes(image_bytes())
    essay_file(tmp_path, "one.md", "![A desk](img/desk.png)")
    essay_file(tmp_path, "two.md", "![The same desk](img/desk.png)")

    import_essays(tmp_path / "one.md", tmp_path / "two.md")
    import_essays(tmp_path / "one.md")

    assert Image.objects.count() == 1
    assert Image.objects.get().file_hash


def test_an_image_linking_to_a_video_is_the_video_with_its_still_from_the_library(client, essay_index, tmp_path):
    (tmp_path / "still.png").write_bytes(image_bytes(160, 90))
    essay_file(tmp_path, "live.md", "[![Live at the Café](still.png)](https://youtu.be/5MSZXmbNoLg?si=track)")

    import_essays(tmp_path / "live.md")

    [(kind, value)] = blocks(EssayPage.objects.get(slug="live"))
    assert kind == "video" and value["url"] == "https://youtu.be/5MSZXmbNoLg" and value["caption"] == "Live at the Café"
    assert value["thumbnail"] == Image.objects.get()
    html = client.get("/essays/live/").content.decode()
    assert re.search(r'<img alt="" class="video-thumbnail" height="90" loading="lazy" src="/media/images/still', html)


def test_a_missing_video_still_is_refused_naming_the_file_and_line(essay_index, tmp_path):
    path = essay_file(tmp_path, "live.md", "Intro.\n\n[![Live](gone.png)](https://vimeo.com/76979871)")

    said = refused(path)

    assert f"{path}:8: video thumbnail file 'gone.png' does not exist" in said
    assert not EssayPage.objects.exists() and media_files() == []


def test_a_relative_link_to_a_pdf_uploads_it_as_a_document(essay_index, tmp_path):
    (tmp_path / "cv.pdf").write_bytes(b"%PDF-1.4\n%fake but enough\n")
    essay_file(tmp_path, "cv.md", "Read [my CV](cv.pdf).")

    import_essays(tmp_path / "cv.md")

    document = Document.objects.get()
    assert f'<a linktype="document" id="{document.pk}">my CV</a>' in EssayPage.objects.get().body[0].value.source


def test_a_document_over_the_upload_limit_is_refused_as_in_the_admin(essay_index, tmp_path, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 100
    (tmp_path / "demo.wav").write_bytes(b"RIFF" + bytes(100))
    essay_file(tmp_path, "demo.md", "Hear [the demo](demo.wav).")

    said = refused(tmp_path / "demo.md")

    assert f"{tmp_path / 'demo.md'}:6: document 'demo.wav': This file is too big (104\xa0bytes)." in said
    assert not EssayPage.objects.exists() and not Document.objects.exists() and media_files() == []


# Bad input: a clear error naming file and line, and nothing imported


HEAD = "---\ntitle: T\ndate: 2025-01-01\n"  # front matter lines 1-3 of a valid essay
BAD_FILES = [
    ("bad-yaml.md", "---\ntitle: [unclosed\ndate: 2025-01-01\n---\nBody\n", ":3: bad YAML in front matter"),
    ("no-title.md", "---\ndate: 2025-01-01\n---\nBody\n", ":1: missing title"),
    ("blank-title.md", "---\ntitle: ''\ndate: 2025-01-01\n---\nBody\n", ":2: missing title"),
    ("no-date.md", "---\ntitle: T\n---\nBody\n", ":1: missing date"),
    ("bad-date.md", "---\ntitle: T\ndate: next tuesday\n---\nBody\n", ":3: date 'next tuesday' is not a date"),
    ("impossible-date.md", "---\ntitle: T\ndate: 2025-02-30\n---\nBody\n", ":3: date '2025-02-30' is not a date"),
    ("bad-flag.md", HEAD + "featured: maybe\n---\nB\n", ":4: featured must be true or false"),
    ("bad-slug.md", HEAD + "slug: Not A Slug\n---\nB\n", ":4: slug 'Not A Slug' may hold"),
    ("no-front-matter.md", "Just text\n", ":1: missing title: add 'title: ...' to the front matter, or start"),
    ("unclosed.md", HEAD + "", ":1: the front matter opened with '---' is never closed"),
    ("missing-image.md", HEAD + "---\n\nText\n\n![Alt](nope.png)\n", ":8: image file 'nope.png'"),
    ("no-alt.md", HEAD + "---\n\n![](desk.png)\n", ":6: image 'desk.png' has no alt text"),
    ("site-image.md", HEAD + "---\n\n![A](/assets/a.png)\n", ":6: image '/assets/a.png' is an address on the old"),
    ("inline-image.md", HEAD + "---\n\nText ![A](desk.png) text\n", ":6: an image must stand"),
    ("fake-image.md", HEAD + "---\n\n![A](fake.png)\n", ":6: image 'fake.png':"),
    ("cut-image.md", HEAD + "---\n\n![A](cut.jpg)\n", ":6: image 'cut.jpg': This image is damaged or incomplete"),
    ("missing-doc.md", HEAD + "---\n\n[CV](cv.pdf)\n", ":6: document file 'cv.pdf'"),
    ("empty-doc.md", HEAD + "---\n\n[CV](empty.pdf)\n", ":6: document 'empty.pdf': The submitted file is empty."),
    ("empty-body.md", HEAD + "---\n", ":1: the essay has no body"),
    ("long-heading.md", HEAD + "---\n\n## " + "x" * 201 + "\n", ":6: heading:"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES, ids=[name for name, _, _ in BAD_FILES])
def test_bad_input_is_refused_with_file_line_and_nothing_is_imported(essay_index, tmp_path, name, content, message):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    (tmp_path / "fake.png").write_bytes(b"this is text, not a PNG")
    (tmp_path / "cut.jpg").write_bytes(cut_short_jpeg_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")
    essay_file(tmp_path, "good.md", "A good essay with an image.\n\n![A desk](desk.png)")
    (tmp_path / name).write_text(content, encoding="utf-8")

    said = refused(tmp_path / "good.md", tmp_path / name)

    assert f"{tmp_path / name}{message}" in said
    assert "nothing was imported" in said
    assert not EssayPage.objects.exists()
    assert not Image.objects.exists() and not Document.objects.exists()
    assert media_files() == []


def test_a_file_that_is_not_utf8_is_refused_with_its_line(essay_index, tmp_path):
    (tmp_path / "latin1.md").write_bytes("---\ntitle: Café\ndate: 2025-01-01\n---\n\nolé\n".encode("latin-1"))
    said = refused(tmp_path / "latin1.md")
    assert f"{tmp_path / 'latin1.md'}:2: the file is not UTF-8 text (byte 0xe9)" in said


def test_every_bad_file_of_a_run_is_reported(essay_index, tmp_path):
    (tmp_path / "a.md").write_text("---\ndate: 2025-01-01\n---\nA\n")
    (tmp_path / "b.md").write_text("---\ntitle: B\ndate: soon\n---\nB\n")
    said = refused(tmp_path)
    assert "a.md:1: missing title" in said and "b.md:3: date 'soon'" in said
    assert "2 problem(s) found" in said


def test_two_files_with_one_slug_are_refused(essay_index, tmp_path):
    essay_file(tmp_path, "one.md", "One", front_matter={"title": "One", "date": "2025-01-01", "slug": "same"})
    essay_file(tmp_path, "two.md", "Two", front_matter={"title": "Two", "date": "2025-01-01", "slug": "same"})
    assert "slug 'same' is also the slug of" in refused(tmp_path)
    assert not EssayPage.objects.exists()


def test_plain_text_needs_a_title_and_a_date(essay_index, tmp_path):
    (tmp_path / "plain.txt").write_text("A paragraph.\n")
    assert "plain.txt:1: a plain-text essay has no title of its own; give one with --title" in refused(
        tmp_path / "plain.txt"
    )
    assert "no date of its own" in refused(tmp_path / "plain.txt", "--title", "Plain")
    assert "date 'someday' is not a date" in refused(tmp_path / "plain.txt", "--title", "P", "--date", "someday")


def test_one_title_for_several_plain_text_files_is_refused(essay_index, tmp_path):
    (tmp_path / "a.txt").write_text("A\n")
    (tmp_path / "b.txt").write_text("B\n")
    assert "--title names one essay, but this run has 2 plain-text files" in refused(tmp_path, "--title", "T")


def test_other_file_types_and_missing_paths_are_refused(essay_index, tmp_path):
    (tmp_path / "notes.rst").write_text("Title\n=====\n")
    assert "notes.rst:1: not an essay file" in refused(tmp_path / "notes.rst")
    assert "nowhere.md: no such file or folder" in refused(tmp_path / "nowhere.md")
    assert "No .md, .markdown or .txt files found" in refused(tmp_path)


def test_importing_before_the_site_exists_says_what_to_do(db, tmp_path):
    essay_file(tmp_path, "early.md", "Body.")
    assert "run 'manage.py load_initial_data' first" in refused(tmp_path / "early.md")


def test_a_folder_is_searched_for_essays(essay_index, tmp_path):
    shutil.copytree(AUTHOR_ESSAYS, tmp_path / "essays")
    said = refused(tmp_path / "essays")  # the .txt file has no title
    assert "non-drummers-programming-drums.txt:1: a plain-text essay has no title" in said
    out, err = import_essays(tmp_path / "essays", "--title", "Drums", "--date", "2026-11-20")
    assert EssayPage.objects.count() == 2 and err == ""


@pytest.fixture
def second_essay_fails(monkeypatch):
    """Saving the essay "second" fails, as on a full disk, once "first" is written."""
    original = EssayPage.save_revision

    def fail_on_second(page, *args, **kwargs):
        if page.slug == "second":
            raise RuntimeError("disk full")
        return original(page, *args, **kwargs)

    monkeypatch.setattr(EssayPage, "save_revision", fail_on_second)


def test_a_failure_while_writing_rolls_back_pages_and_removes_uploaded_files(essay_index, tmp_path, second_essay_fails):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    essay_file(tmp_path, "first.md", "![A desk](desk.png)")
    essay_file(tmp_path, "second.md", "Second.")

    with pytest.raises(RuntimeError):
        import_essays(tmp_path)

    assert not EssayPage.objects.exists()
    assert not Image.objects.exists()
    assert media_files() == []


@pytest.fixture
def still_host(settings):
    with loopback_http_server(Platforms) as server:
        server.asked = []
        settings.VIDEO_STILL_URLS = {"youtube": f"{server.url}/vi/{{id}}/hqdefault.jpg", "vimeo": ""}
        yield server


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_import_leaves_no_video_still(essay_index, tmp_path, second_essay_fails, still_host):
    essay_file(tmp_path, "first.md", "Écoutez :\n\n{{< youtube 5MSZXmbNoLg >}}")
    essay_file(tmp_path, "second.md", "二つ目 🎸")

    with pytest.raises(RuntimeError):
        import_essays(tmp_path)

    assert still_host.asked == []
    assert not EssayPage.objects.exists() and not VideoStill.objects.exists() and not Image.objects.exists()
    assert media_files() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_import_fetches_its_video_stills_once_it_is_committed(client, essay_index, tmp_path, still_host):
    essay_file(tmp_path, "first.md", "Écoutez :\n\n{{< youtube 5MSZXmbNoLg >}}")

    import_essays(tmp_path)

    assert still_host.asked == ["/vi/5MSZXmbNoLg/hqdefault.jpg"]
    [still] = VideoStill.objects.all()
    assert [str(path) for path in media_files()] == [still.image.file.name]
    assert 'class="video-facade video-youtube has-still"' in client.get("/essays/first/").content.decode()


def test_tags_are_shared_whatever_their_case(make_essay, tmp_path):
    make_essay("Existing", tags=["Music"])
    essay_file(tmp_path, "lower.md", "Body.", front_matter={"title": "Lower", "date": "2025-01-01", "tags": "music"})

    import_essays(tmp_path / "lower.md")

    assert [tag.name for tag in EssayPage.objects.get(slug="lower").tags.all()] == ["Music"]
    assert Tag.objects.count() == 1
