"""Long reading: headings link to themselves on the page (not in feeds), and the type needs no download."""

from django.contrib.staticfiles import finders


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
