"""Nothing anyone writes in an essay folder, and nothing that stops an import, takes the site down or loses a thing:
the importer reads only inside the folder it is given, refuses hostile front matter quickly, makes clean slugs, keeps
out characters feeds cannot carry, and leaves no file in the media folder that no image or document names."""

import feedparser
import pytest
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from blog.models import EssayPage
from tests.factories import image_bytes, media_files
from tests.test_import import essay_file, import_essays, refused

Image = get_image_model()
Document = get_document_model()


def nothing_was_imported():
    return not EssayPage.objects.exists() and not Image.objects.exists() and not Document.objects.exists()


# Only inside the folder


@pytest.mark.parametrize("link", ["../secret/private.pdf", "%2e%2e/secret/private.pdf", "sub/../../secret/private.pdf"])
def test_a_link_out_of_the_folder_is_refused_and_nothing_is_stored(essay_index, tmp_path, link):
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "private.pdf").write_bytes(b"%PDF-1.4\nthe author's tax return\n")
    essays = tmp_path / "essays"
    (essays / "sub").mkdir(parents=True)
    path = essay_file(essays, "leak.md", f"Read [this]({link}).")

    said = refused(essays)

    assert f"{path}:6: document '{link}' leads outside the folder being imported ({essays}); it was not read" in said
    assert nothing_was_imported() and media_files() == []


@pytest.mark.parametrize(
    ("name", "markdown", "kind"),
    [("desk.png", "![A desk](desk.png)", "image"), ("cv.pdf", "My [CV](cv.pdf).", "document")],
)
def test_a_symlink_out_of_the_folder_is_refused_and_nothing_is_stored(essay_index, tmp_path, name, markdown, kind):
    outside = tmp_path / "elsewhere" / name
    outside.parent.mkdir()
    outside.write_bytes(image_bytes() if kind == "image" else b"%PDF-1.4\nprivate\n")
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / name).symlink_to(outside)
    path = essay_file(essays, "linked.md", markdown)

    said = refused(path)

    assert f"{path}:6: {kind} '{name}' leads outside the folder being imported ({essays}); it was not read" in said
    assert nothing_was_imported() and media_files() == []


def test_an_essay_file_that_is_a_symlink_out_of_the_folder_is_refused(essay_index, tmp_path):
    outside = essay_file(tmp_path, "private.md", "Not for the site.")
    essays = tmp_path / "essays"
    essays.mkdir()
    (essays / "public.md").symlink_to(outside)

    said = refused(essays)

    assert f"{essays / 'public.md'}:1: the file leads outside the folder being imported ({essays})" in said
    assert nothing_was_imported()


def test_files_anywhere_inside_the_folder_given_are_used_symlinks_and_dot_dots_too(essay_index, tmp_path):
    essays = tmp_path / "essays"
    (essays / "2025").mkdir(parents=True)
    (essays / "shared").mkdir()
    (essays / "shared" / "desk.png").write_bytes(image_bytes())
    (essays / "2025" / "still.png").symlink_to(essays / "shared" / "desk.png")
    essay_file(essays / "2025", "desk.md", "![A desk](../shared/desk.png)\n\n![The same desk](still.png)")

    import_essays(essays)

    assert [block.value["image"].pk for block in EssayPage.objects.get(slug="desk").body] == [
        Image.objects.get().pk
    ] * 2


def test_files_named_with_accents_and_spaces_are_found(essay_index, tmp_path):
    (tmp_path / "café con leche.png").write_bytes(image_bytes())
    essay_file(tmp_path, "cafe.md", "![Un café](<café con leche.png>)")

    import_essays(tmp_path)

    assert Image.objects.get().title == "café con leche"


def test_hidden_files_and_folders_are_skipped(essay_index, tmp_path):
    essay_file(tmp_path, "visible.md", "On the site.")
    for hidden in [".obsidian", ".git", "notes/.trash"]:
        (tmp_path / hidden).mkdir(parents=True)
        essay_file(tmp_path / hidden, "hidden.md", "Not an essay.", front_matter={"title": "H", "date": "2025-01-01"})
    essay_file(tmp_path / "notes", ".draft.md", "Not yet.")

    out, err = import_essays(tmp_path)

    assert [essay.slug for essay in EssayPage.objects.all()] == ["visible"]
    assert out.count("Created") == 1 and err == ""


# Front matter


def alias_bomb(levels=9):
    """A "billion laughs": each list holds nine of the one before, nine levels deep, 9^9 strings written out."""
    lists = ["&l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lists += [f"&l{level} [{', '.join([f'*l{level - 1}'] * 9)}]" for level in range(1, levels)]
    return f"[{', '.join(lists)}]"


@pytest.mark.parametrize(("key", "line"), [("date", 3), ("featured", 4), ("draft", 4), ("slug", 4)])
def test_an_alias_bomb_is_refused_without_being_expanded(essay_index, tmp_path, key, line):
    front_matter = {"title": "Laughs", "date": "2025-01-01", key: alias_bomb()}
    path = essay_file(tmp_path, "laughs.md", "Body.", front_matter=front_matter)

    said = refused(path)

    assert f"{path}:{line}: '{key}' stands for more than 1000 values once its aliases (*name) are written out" in said
    assert "lol" not in said and nothing_was_imported()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("&loop [*loop]", ":4: 'tags' stands for more than 1000 values"),
        ("[" * 5000 + "]" * 5000, ":2: bad YAML in front matter: lists or mappings nested too deeply"),
        ("9" * 5000, ":4: 'tags' holds a number too long to read"),
    ],
    ids=["self-referencing alias", "nested too deep", "a number of 5,000 digits"],
)
def test_hostile_yaml_gets_a_clear_error(essay_index, tmp_path, value, message):
    path = essay_file(tmp_path, "hostile.md", "Body.", front_matter={"title": "T", "date": "2025-01-01", "tags": value})

    said = refused(path)

    assert f"{path}{message}" in said and "Traceback" not in said


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("date", "[2025, 1, 2]", "date must be a date written YYYY-MM-DD, not a list"),
        ("featured", "{yes: no}", "featured must be true or false, not a mapping"),
        ("title", "1984", "title must be text, not 1984; put it in quotes"),
        ("slug", "[a, b]", "slug must be text, not a list"),
        ("date", "'" + "soon " * 100 + "'", "date 'soon soon soon soon soon soon soon soon soon soon soon soon …'"),
    ],
)
def test_a_value_of_the_wrong_kind_is_named_by_its_kind_not_printed(essay_index, tmp_path, key, value, message):
    front_matter = {"title": "T", "date": "2025-01-01", key: value}
    path = essay_file(tmp_path, "kinds.md", "Body.", front_matter=front_matter)

    said = refused(path)

    line = 3 if key == "date" else 2 if key == "title" else 4
    assert f"{path}:{line}: {message}" in said


# Titles and slugs


def test_a_slug_too_long_is_refused_at_its_line(essay_index, tmp_path):
    slug = "-".join(["una-noche-de-musica-en-vivo"] * 11)  # 307 characters
    path = essay_file(tmp_path, "long.md", "Body.", front_matter={"title": "T", "date": "2025-01-01", "slug": slug})

    said = refused(path)

    assert f"{path}:4: slug is 307 characters long; a slug holds at most 255: shorten it" in said
    assert "Traceback" not in said and nothing_was_imported()


def test_a_title_too_long_is_refused_at_its_line(essay_index, tmp_path):
    title = "Lo que la producción musical me enseñó sobre la ingeniería de software, " * 4  # 287 characters
    path = essay_file(tmp_path, "long.md", "Body.", front_matter={"title": title.strip(), "date": "2025-01-01"})

    said = refused(path)

    assert f"{path}:2: title is 287 characters long; a title holds at most 255: shorten it" in said


@pytest.mark.parametrize(
    ("file_name", "title", "slug"),
    [
        ("🎸.md", "🎸 Guitar tones", "guitar-tones"),
        ("🎸🥁.md", "🎸🥁", "guitar-drum-with-drumsticks"),
        ("音楽.md", "音楽と私", "音楽"),
        ("موسيقى.md", "موسيقى الروك", "موسيقى"),
        ("-Día de música-.md", "Día de música", "dia-de-musica"),
    ],
)
def test_a_slug_made_from_a_file_name_or_title_in_any_script_is_clean_and_reachable(
    client, essay_index, tmp_path, file_name, title, slug
):
    essay_file(tmp_path, file_name, "Body.", front_matter={"title": title, "date": "2025-01-01"})

    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    assert essay.slug == slug
    assert client.get(essay.url).status_code == 200


def test_a_title_longer_than_a_slug_holds_gives_a_slug_cut_at_a_word(essay_index, tmp_path):
    # Copied from a PDF, with its ligatures (ﬁ, ﬂ), which a slug spells out in two letters each.
    words = "Reﬂections on ﬁnding the ﬁnal ﬂow of a song, ﬁfteen years into a ﬁeld of ﬂeeting ﬁxes"
    title = ", ".join([words] * 3)[:255].rsplit(" ", 1)[0]
    essay_file(tmp_path, "🎶.md", "Body.", front_matter={"title": title, "date": "2025-01-01"})

    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    whole = slugify(title)
    assert len(whole) > 255 >= len(essay.slug)
    assert whole.startswith(essay.slug + "-")


@pytest.mark.parametrize(("slug", "route"), [("feed", "feed/"), ("tags", "tags/")])
def test_a_slug_the_essay_index_uses_is_refused_with_the_reason(client, essay_index, tmp_path, slug, route):
    named = essay_file(tmp_path, "named.md", "Body.", front_matter={"title": "T", "date": "2025-01-01", "slug": slug})
    derived = essay_file(tmp_path, f"{slug}.md", "Body.")

    said = refused(named, derived)

    assert f"{named}:4: The slug '{slug}' is reserved: the essay index uses {route} for its" in said
    assert f"{derived}:1: The slug '{slug}' is reserved" in said and "It comes from the file name" in said
    assert nothing_was_imported()
    assert client.get("/essays/feed/").status_code == 200


# Characters feeds cannot carry


def test_characters_xml_and_html_cannot_carry_are_removed_and_the_feeds_still_parse(client, essay_index, tmp_path):
    text = (
        "---\n"
        'title: "Línea uno\\vLínea dos\\a"\n'  # YAML escapes: a word processor's line break, a bell
        'description: "Un café \\0con\\x1b leche \\ud800y \\x85pan"\n'  # NUL, escape, a lone surrogate, NEL
        "date: 2025-01-01\n"
        "tags: [M\x00úsica]\n"
        "---\n\n"
        "Una noche\x00 en vivo\x1f,\x0bpegada de Word.\n\n```text\ncolumnas\tcon\ttabulador\x08\n```\n"
    )
    (tmp_path / "pasted.md").write_text(text, encoding="utf-8")

    import_essays(tmp_path)

    essay = EssayPage.objects.get()
    assert essay.title == "Línea uno Línea dos"
    assert essay.description == "Un café con leche y pan"
    assert [tag.name for tag in essay.tags.all()] == ["Música"]
    assert essay.body[0].value.source == "<p>Una noche en vivo, pegada de Word.</p>"
    assert essay.body[1].value["source"] == "columnas\tcon\ttabulador"
    for url in ["/essays/feed/", "/essays/feed/atom/"]:
        response = client.get(url)
        feed = feedparser.parse(response.content)
        assert response.status_code == 200 and not feed.bozo, url
        assert [entry.title for entry in feed.entries] == ["Línea uno Línea dos"]


def test_a_title_given_on_the_command_line_is_cleaned_too(essay_index, tmp_path):
    (tmp_path / "notes.txt").write_text("A paragraph.\n")

    # A terminal that is not UTF-8 hands Python undecodable bytes as lone surrogates.
    import_essays(tmp_path / "notes.txt", "--title", "Notas\udce9\x1b[31m", "--date", "2025-01-01", "--tags", "A\x00B")

    essay = EssayPage.objects.get()
    assert essay.title == "Notas[31m" and [tag.name for tag in essay.tags.all()] == ["AB"]
