"""Whatever script, accent or symbol an author types, every page still answers, and every link leads somewhere."""

import importlib
import io
import re
from urllib.parse import unquote, urlsplit

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from taggit.models import Tag

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
