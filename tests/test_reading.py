"""Long reading: headings link to themselves on the page (not in feeds), and the type needs no download."""

import re

from django.contrib.staticfiles import finders
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text

from tests.factories import create_release, create_song
from tests.test_about import about_form


def heading_links(html):
    """(heading id, link's href, link's label) of each heading that links to itself."""
    return re.findall(
        r'<div class="section-heading">\s*<h[2-4] id="([^"]+)">.*?</h[2-4]>\s*'
        r'<a class="heading-anchor" href="#([^"]+)" aria-label="Link to the section “([^”]+)”">#</a>\s*</div>',
        html,
        re.S,
    )


def test_an_essays_headings_link_to_themselves_on_the_page_but_not_in_its_feed(client, make_essay):
    body = [
        {"type": "heading", "value": {"text": "Ürün ve ses", "level": "2"}},
        {"type": "paragraph", "value": "<p>Metin.</p>"},
        {"type": "heading", "value": {"text": "שקט", "level": "3"}},
    ]
    make_essay("Encabezados", body=body)

    html = client.get("/essays/encabezados/").content.decode()

    assert '<h2 id="urun-ve-ses">Ürün ve ses</h2>' in html
    assert '<a class="heading-anchor" href="#urun-ve-ses" aria-label="Link to the section “Ürün ve ses”">#</a>' in html
    assert '<a class="heading-anchor" href="#section"' in html
    feed = client.get("/essays/feed/").content.decode()
    assert "heading-anchor" not in feed and "Ürün ve ses" in feed


def test_the_type_is_the_systems_own_and_nothing_is_downloaded_for_it():
    css = open(finders.find("css/site.css"), encoding="utf-8").read()
    assert "@font-face" not in css and "url(" not in css
    assert "--font-reading: Charter," in css and "font-family: var(--font-reading)" in css


def test_the_about_pages_headings_written_in_the_admin_link_to_themselves(admin_client, client, home):
    bio = "<p>Ingeniera.</p><h2>Ürün ve ses</h2><p>Metin.</p><h3>🎸 En scène</h3><h2>Ürün ve ses</h2>"
    response = admin_client.post(
        reverse("wagtailadmin_pages:add", args=["portfolio", "aboutpage", home.pk]), about_form(bio=rich_text(bio))
    )
    assert response.status_code == 302

    html = client.get("/about/").content.decode()

    assert heading_links(html) == [
        ("urun-ve-ses", "urun-ve-ses", "Ürün ve ses"),
        ("en-scene", "en-scene", "🎸 En scène"),
        ("urun-ve-ses-2", "urun-ve-ses-2", "Ürün ve ses"),
    ]


def test_a_music_project_release_and_song_link_their_headings_to_themselves(client, make_project):
    heading = {"type": "heading", "value": {"text": "Die Aufnahmen", "level": "2"}}
    band = make_project("Exage", body=[heading, {"type": "paragraph", "value": "<p>Im Studio.</p>"}])
    create_release(band, "Dried By Time", liner_notes="<h3>שקט</h3><p>Notes.</p><h4>録音</h4>")
    create_song(band, "Ergot In The Rye", notes=[{**heading, "value": {"text": "¿Por qué?", "level": "2"}}])

    assert heading_links(client.get("/projects/music/exage/").content.decode()) == [
        ("die-aufnahmen", "die-aufnahmen", "Die Aufnahmen")
    ]
    assert heading_links(client.get("/projects/music/exage/dried-by-time/").content.decode()) == [
        ("section", "section", "שקט"),
        ("section-2", "section-2", "録音"),
    ]
    assert heading_links(client.get("/projects/music/exage/ergot-in-the-rye/").content.decode()) == [
        ("por-que", "por-que", "¿Por qué?")
    ]
