"""Whatever script, accent or symbol an author types, every page still answers, and every link leads somewhere."""

import importlib
import io
import re
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Site
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.models import EssayPage
from music.models import MusicProjectPage, ReleasePage
from portfolio.models import AuthorSettings
from tests.factories import add_essay_url, essay_form

TAGS = ["Música en vivo", "音楽", "موسيقى", "Ünïcödé Ñ", "🎸", "🎸🥁"]


def links_to_tag_pages(html):
    return re.findall(r'href="([^"]*/essays/tags/[^"]*)"', html)


@pytest.mark.parametrize("tag", TAGS)
def test_a_tag_in_any_script_keeps_every_page_up(client, make_essay, tag):
    make_essay("Tagged", tags=[tag])

    for url in ["/", "/essays/", "/essays/tagged/", "/essays/feed/", "/essays/feed/atom/", "/sitemap.xml"]:
        assert client.get(url).status_code == 200, url
    assert client.get("/search/", {"q": tag}).status_code == 200


@pytest.mark.parametrize("tag", TAGS)
def test_a_tags_link_leads_to_its_page_and_its_feed(client, make_essay, tag):
    make_essay("Tagged", tags=[tag])

    links = set(links_to_tag_pages(client.get("/essays/tagged/").content.decode()))

    assert len(links) == 1
    (link,) = links
    page = client.get(link)
    assert page.status_code == 200
    assert "Tagged" in page.content.decode()
    assert client.get(link + "feed/").status_code == 200


def test_the_sitemap_lists_each_tag_page_at_an_address_that_answers(client, make_essay):
    for number, tag in enumerate(TAGS):
        make_essay(f"Essay {number}", tags=[tag])

    sitemap = client.get("/sitemap.xml").content.decode()
    tag_pages = re.findall(r"<loc>([^<]*/essays/tags/[^<]*)</loc>", sitemap)

    assert len(tag_pages) == len(TAGS)
    for url in tag_pages:
        assert client.get(urlsplit(url).path).status_code == 200, unquote(url)


def test_an_essay_imported_with_tags_in_any_script_has_reachable_tag_pages(client, essay_index, tmp_path):
    (tmp_path / "live.md").write_text(
        "---\ntitle: En vivo\ndate: 2025-01-02\ntags: [Música en vivo, 音楽, 🎸]\n---\n\nUna noche.\n", encoding="utf-8"
    )
    call_command("import_essays", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    links = set(links_to_tag_pages(client.get("/essays/live/").content.decode()))

    assert len(links) == 3
    for link in links:
        assert "Una noche." in client.get(link + "feed/").content.decode()


def test_a_tag_saved_without_a_slug_gets_one_from_its_symbols(db):
    migration = importlib.import_module("blog.migrations.0005_tags_without_slugs")
    Tag.objects.bulk_create([Tag(name="🎸", slug=""), Tag(name="guitar", slug="guitar")])  # slugs are unique

    migration.give_tags_without_a_slug_one(django_apps, None)

    assert dict(Tag.objects.values_list("name", "slug")) == {"🎸": "guitar_1", "guitar": "guitar"}


# Characters XML and HTML cannot carry


def parsed_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    return feed


def test_a_title_pasted_from_a_word_processor_is_saved_clean_and_the_feeds_answer(client, make_essay):
    make_essay("Línea uno\x0bLínea dos", description="Un café\x1b con\x00 leche\ufffe", tags=["En\x07 vivo"])

    essay = EssayPage.objects.get()
    assert (essay.title, essay.description) == ("Línea uno Línea dos", "Un café con leche")
    assert [tag.name for tag in essay.tags.all()] == ["En vivo"]
    for url in ["/essays/feed/", "/essays/feed/atom/", "/essays/tags/en-vivo/feed/"]:
        assert [entry.title for entry in parsed_feed(client, url).entries] == ["Línea uno Línea dos"], url


def test_the_feeds_answer_for_rows_saved_before_text_was_cleaned(client, make_essay):
    essay = make_essay("Clean", tags=["Clean"])
    # Rows written before this rule, as an update writes them, without saving a model (no NUL: PostgreSQL holds none).
    EssayPage.objects.filter(pk=essay.pk).update(title="Old\x0b title", description="Old\x1b description")
    Tag.objects.update(name="Old\x0c tag")
    AuthorSettings.objects.create(site=Site.objects.get())
    AuthorSettings.objects.update(name="Old\x02 author")

    for url in ["/essays/feed/", "/essays/feed/atom/", "/essays/tags/clean/feed/"]:
        feed = parsed_feed(client, url)
        assert [entry.title for entry in feed.entries] == ["Old  title"], url
        assert feed.feed.title.endswith(" · Old author")
        assert [tag.term for tag in feed.entries[0].tags] == ["Old  tag"]


def test_the_editor_saves_clean_text_in_the_page_and_its_revision(admin_client, client, essay_index):
    body = streamfield(
        [
            ("heading", {"text": rich_text("<p>Una\x07 sección</p>"), "level": "2"}),
            ("paragraph", rich_text("<p>Pegado\x0cde Word.</p>")),
            ("code", {"language": "text", "source": "columnas\tcon\ttabulador\x08"}),
        ]
    )
    form = essay_form(
        title="Escrito\x0ben el admin", description="Sin\x1b escapes.", tags="Música\x0ben vivo, Rock", body=body
    )

    assert admin_client.post(add_essay_url(essay_index), form).status_code == 302

    essay = EssayPage.objects.get()
    assert (essay.title, essay.draft_title, essay.description) == ("Escrito en el admin",) * 2 + ("Sin escapes.",)
    assert sorted(tag.name for tag in essay.tags.all()) == ["Música en vivo", "Rock"]
    assert essay.body[0].value.plain == "Una sección"
    assert re.sub(r" data-block-key=\"\w+\"", "", essay.body[1].value.source) == "<p>Pegado de Word.</p>"
    assert essay.body[2].value["source"] == "columnas\tcon\ttabulador"
    assert essay.latest_revision.content["title"] == "Escrito en el admin"
    assert essay.latest_revision.object_str == "Escrito en el admin"
    assert parsed_feed(client, "/essays/feed/").entries[0].title == "Escrito en el admin"


def test_a_release_its_tracks_and_the_author_are_saved_clean(client, make_project, make_release):
    project = make_project("Banda\x0b sonora", genres="Rock\x1b", summary="Una\x00 banda.")
    make_release(project, "Disco\x07", label="Sello\x0c", tracks=[{"position": 1, "title": "Uno\x1bDos"}])
    AuthorSettings.objects.create(site=Site.objects.get(), name="Autora\x0b", bio="Bio\x01")

    project = MusicProjectPage.objects.get()
    release = ReleasePage.objects.get()
    author = AuthorSettings.objects.get()
    assert (project.title, project.genres, project.summary) == ("Banda  sonora", "Rock", "Una banda.")
    assert (release.title, release.label, release.tracks.get().title) == ("Disco", "Sello ", "UnoDos")
    assert (author.name, author.bio) == ("Autora ", "Bio")


@pytest.mark.parametrize("query", ["%00", "guitar%00", "%0B", "%1B[31m", "%ED%A0%80", "%EF%BF%BE", "%C0%80"])
def test_search_answers_a_query_with_characters_a_database_cannot_take(client, make_essay, query):
    make_essay("Guitar tones")

    response = client.get(f"/search/?q={query}")

    assert response.status_code == 200


def test_search_finds_the_words_around_a_control_character(client, make_essay):
    make_essay("Guitar tones")

    assert "Guitar tones" in client.get("/search/?q=guitar%00").content.decode()


# Slugs


def slug_the_editor_types(title):
    """What Wagtail's page editor puts in the slug field as a title is typed (urlify, in its core.js): symbols
    dropped, spaces made hyphens, cut at 255 characters wherever that falls."""
    kept = "".join(character for character in title.lower() if character.isalnum() or character in "-_ \t")
    return re.sub(r"[-\s]+", "-", kept)[:255].rstrip("-")


def long_title():
    """A title a title field holds whose slug is longer than a slug field holds: copied from a PDF, with ligatures
    (ﬁ, ﬂ), which a slug spells out in two letters each."""
    words = "Reﬂections on ﬁnding the ﬁnal ﬂow of a song, ﬁfteen years into a ﬁeld of ﬂeeting ﬁxes"
    title = ", ".join([words] * 3)[:255].rsplit(" ", 1)[0]
    whole = slugify(title, allow_unicode=True)
    assert len(title) <= 255 < len(whole) and whole[255] != "-"
    return title


@pytest.mark.parametrize(
    ("title", "slug"),
    [("🎸 Guitar tones", "guitar-tones"), ("🎸🥁 — Drums", "drums"), ("¿🎸? Rock and roll", "rock-and-roll")],
)
def test_a_title_with_symbols_gets_a_slug_without_a_hyphen_at_either_end_or_doubled(
    admin_client, essay_index, title, slug
):
    assert slug_the_editor_types(title) != slug

    response = admin_client.post(add_essay_url(essay_index), essay_form(title=title, slug=slug_the_editor_types(title)))

    assert response.status_code == 302
    assert EssayPage.objects.get().slug == slug


def test_a_slug_typed_with_doubled_or_outer_hyphens_is_tidied(admin_client, essay_index):
    admin_client.post(add_essay_url(essay_index), essay_form(slug="-guitar--tones-"))

    assert EssayPage.objects.get().slug == "guitar-tones"


def test_a_page_saved_in_code_with_a_long_title_gets_a_slug_cut_at_a_word(make_essay):
    essay = make_essay(long_title(), slug="")

    assert len(essay.slug) <= 255 and slugify(long_title(), allow_unicode=True).startswith(essay.slug + "-")


def test_a_slug_the_editor_chose_is_kept_when_it_is_already_clean(admin_client, essay_index):
    title = long_title()

    admin_client.post(add_essay_url(essay_index), essay_form(title=title, slug="reﬂexiones_sobre-la-producción"))

    assert EssayPage.objects.get().slug == "reﬂexiones_sobre-la-producción"


@pytest.mark.parametrize("name", ["🎸" * 40, "ﬁ" * 100, "Música en vivo y en directo " * 3 + "con amigos"])
def test_a_tag_whose_slug_is_longer_than_a_slug_holds_gets_one_cut_at_a_word(client, make_essay, name):
    make_essay("Tagged", tags=[name[:100]])

    slug = Tag.objects.get().slug
    assert 0 < len(slug) <= 100 and not slug.endswith(("-", "_"))
    assert client.get(f"/essays/tags/{slug}/").status_code == 200


def test_two_long_tags_alike_get_different_slugs(make_essay):
    make_essay("Tagged", tags=["🎸" * 40, "🎸" * 39 + "🥁"])

    slugs = sorted(Tag.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2 and all(len(slug) <= 100 for slug in slugs)


def test_a_tag_typed_with_a_control_character_is_the_tag_of_the_same_name(admin_client, essay_index, make_essay):
    make_essay("Rock first", tags=["Rock"])

    response = admin_client.post(add_essay_url(essay_index), essay_form(tags="Rock\x01, Ro\x00ll"))

    assert response.status_code == 302
    essay = EssayPage.objects.get(slug="written-in-the-admin")
    assert sorted(tag.name for tag in essay.tags.all()) == ["Rock", "Roll"]
    assert Tag.objects.count() == 2


def test_right_to_left_titles_and_text_take_their_own_direction(client, make_essay):
    body = [{"type": "paragraph", "value": "<p>هذا نص عربي طويل بما يكفي.</p>"}]
    make_essay("مقالة بالعربية", slug="arabic", description="وصف قصير.", tags=["מוזיקה"], body=body)

    essay = client.get("/essays/arabic/").content.decode()
    assert '<h1 dir="auto">مقالة بالعربية</h1>' in essay
    assert '<p class="lede" dir="auto">وصف قصير.</p>' in essay
    assert '<div class="essay-body" dir="auto">' in essay
    assert "<bdi>מוזיקה</bdi>" in essay
    listing = client.get("/essays/").content.decode()
    assert re.search(r'class="card-title" dir="auto"><a href="/essays/arabic/">مقالة بالعربية</a>', listing)
