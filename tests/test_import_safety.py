"""Nothing anyone writes in an essay folder, and nothing that stops an import, takes the site down or loses a thing:
the importer reads only inside the folder it is given, refuses hostile front matter quickly, makes clean slugs, keeps
out characters feeds cannot carry, and leaves no file in the media folder that no image or document names."""

import signal
import sqlite3
import subprocess
import sys
import time
from urllib.parse import quote

import feedparser
import pytest
from django.db import connection
from django.utils.text import slugify
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from blog.models import EssayPage
from tests.environments import PROJECT, environment
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

    image = Image.objects.get()
    assert [block.value["image"].pk for block in EssayPage.objects.get(slug="desk").body] == [image.pk, image.pk]


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


def test_two_images_of_one_name_in_different_folders_are_both_kept(essay_index, tmp_path):
    for folder, color in [("red", (200, 0, 0)), ("blue", (0, 0, 200))]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "desk.png").write_bytes(image_bytes(color=color))
    essay_file(tmp_path, "desks.md", "![Red](red/desk.png)\n\n![Blue](blue/desk.png)")

    import_essays(tmp_path)

    names = sorted(image.file.name for image in Image.objects.all())
    assert len(set(names)) == 2 and [str(name) for name in media_files()] == names


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


@pytest.mark.parametrize(
    ("slug", "route"), [("feed", "feed/"), ("tags", "tags/"), ("page", "page/"), ("archive", "archive/")]
)
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


# Files: staged until the pages are committed


def photo_essays(folder, count=40):
    """Essays with a large, distinct photo each: enough for an import to take a few seconds."""
    folder.mkdir()
    for number in range(count):
        PillowImage.effect_noise((1200, 900), 40 + number).convert("RGB").save(folder / f"photo-{number}.jpg")
        essay_file(folder, f"photo-{number}.md", f"![Noise {number}](photo-{number}.jpg)")
    (folder / "cv.pdf").write_bytes(b"%PDF-1.4\n" + bytes(1_000_000))
    essay_file(folder, "cv.md", "My [CV](cv.pdf).")
    return folder


@pytest.fixture
def site_database_url(essay_index, tmp_path):
    """The URL of a database holding the site as the test built it, which another process can open: the test's own
    on PostgreSQL, a copy of it on SQLite (whose test database lives in this process's memory)."""
    if connection.vendor == "sqlite":
        with sqlite3.connect(tmp_path / "site.sqlite3") as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{tmp_path / 'site.sqlite3'}"
    settings = connection.settings_dict
    user = quote(settings["USER"]) + (f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else "")
    return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


def run_import(database_url, media_root, *arguments):
    """import_essays in a process of its own, with this database and media folder."""
    command = [sys.executable, "manage.py", "import_essays", *[str(argument) for argument in arguments]]
    env = environment("dev", DATABASE_URL=database_url, MEDIA_ROOT=str(media_root))
    return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stopped_once_files_appear(process, stop):
    """Send the signal as soon as the run has written its first file; return what it said on stderr."""
    while process.poll() is None and not media_files():
        time.sleep(0.005)
    process.send_signal(stop)
    _out, err = process.communicate(timeout=60)
    assert process.returncode not in {0, None}, "the run ended before it could be stopped"
    return err


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_killed_mid_import_leaves_no_file_after_the_next_run(site_database_url, media_root, tmp_path):
    essays = photo_essays(tmp_path / "essays")
    killed = run_import(site_database_url, media_root, essays)

    stopped_once_files_appear(killed, signal.SIGKILL)
    note = essay_file(tmp_path, "note.md", "A later note.")
    next_run = run_import(site_database_url, media_root, note)
    out, err = next_run.communicate(timeout=60)

    assert next_run.returncode == 0, err
    assert media_files() == []
    # Nothing of the killed run is on the site: every one of its essays would still be created.
    dry_run = run_import(site_database_url, media_root, essays, "--dry-run")
    out, err = dry_run.communicate(timeout=60)
    assert out.count("Would create") == 41, err


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"])
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_stopped_with_a_signal_rolls_back_and_removes_its_files(site_database_url, media_root, tmp_path, stop):
    essays = photo_essays(tmp_path / "essays")
    stopped = run_import(site_database_url, media_root, essays)

    said = stopped_once_files_appear(stopped, stop)

    assert "Interrupted; nothing was imported." in said and "Traceback" not in said
    assert media_files() == []
    dry_run = run_import(site_database_url, media_root, essays, "--dry-run")
    out, err = dry_run.communicate(timeout=60)
    assert out.count("Would create") == 41, err  # no row of the stopped run is left


def test_files_of_a_run_killed_after_its_commit_are_moved_into_place_by_the_next_run(
    client, essay_index, tmp_path, monkeypatch
):
    (tmp_path / "desk.png").write_bytes(image_bytes())
    essay_file(tmp_path, "desk.md", "![A desk](desk.png)")
    essay_file(tmp_path, "note.md", "A note.")
    with monkeypatch.context() as killed:
        # The run dies after its transaction has been committed, before moving its files.
        killed.setattr("blog.importing.staging.settle", lambda folder: None)
        import_essays(tmp_path / "desk.md")
    assert [path.parts[0] for path in media_files()] == [".import-staging"]

    import_essays(tmp_path / "note.md")

    image = Image.objects.get()
    assert [str(path) for path in media_files()] == [image.file.name]
    assert client.get("/essays/desk/").status_code == 200
    assert image.get_rendition("width-100").file.size > 0
