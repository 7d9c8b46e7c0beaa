"""An essay's cover image: at the top of the essay, on its cards, as its shared image (Open Graph, JSON-LD) and in
its feeds; without one, the body's first image, then the site's default social image (Settings → Author)."""

import io
import json
import re
from pathlib import Path

import feedparser
import pytest
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.models import Site

from blog.models import EssayPage
from portfolio.models import AuthorSettings
from tests.factories import add_essay_url, create_image, essay_form

ORIGIN = "http://localhost"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def meta(html, name):
    match = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def blog_posting(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(item for item in map(json.loads, blocks) if item["@type"] == "BlogPosting")


def body_image(image, alt):
    return [{"type": "image", "value": {"image": {"image": image.pk, "alt_text": alt, "decorative": False}}}]


def halves_png(width=2400, height=630):
    """Red on the left half, blue on the right."""
    picture = PillowImage.new("RGB", (width, height), (220, 0, 0))
    picture.paste((0, 0, 220), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def cover():
    return create_image("Tokyo café", width=1600, height=1000)


def test_a_cover_chosen_in_the_editor_shows_on_the_essay_its_card_and_its_shared_image(
    admin_client, client, essay_index, cover
):
    form = essay_form(slug="kissaten", cover_image=cover.pk, cover_alt="Un café de Tokio, 喫茶店の窓際")
    assert admin_client.post(add_essay_url(essay_index), form).status_code == 302

    essay = html_of(client, "/essays/kissaten/")
    header, body = essay.split('<div class="essay-body"', 1)
    assert '<figure class="image essay-cover">' in header and 'alt="Un café de Tokio, 喫茶店の窓際"' in header
    assert 'fetchpriority="high"' in header
    og_image = meta(essay, "og:image")
    assert re.match(rf"{ORIGIN}/media/images/tokyo-cafe\.[0-9a-f]+\.fill-1200x630\.format-jpeg\.jpg$", og_image)
    assert (meta(essay, "og:image:width"), meta(essay, "og:image:height")) == ("1200", "630")
    assert meta(essay, "og:image:alt") == "Un café de Tokio, 喫茶店の窓際"
    assert blog_posting(essay)["image"] == og_image

    card = html_of(client, "/essays/")
    assert '<article class="card card-with-image">' in card
    assert re.search(r'<img alt="" class="card-image"[^>]* src="/media/images/tokyo-cafe\.[^"]*fill-160x160', card)

    for url in ["/essays/feed/", "/essays/feed/atom/"]:
        (entry,) = feedparser.parse(client.get(url).content).entries
        assert entry.media_content == [
            {"url": og_image, "medium": "image", "type": "image/jpeg", "width": "1200", "height": "630"}
        ]


def test_without_a_cover_the_first_body_image_is_shared_then_the_sites_default(client, make_essay, cover):
    make_essay("Pictured", body=body_image(cover, "Neon over Shinjuku"))
    make_essay("Plain")
    html = html_of(client, "/essays/pictured/")
    assert "tokyo-cafe" in meta(html, "og:image") and meta(html, "og:image:alt") == "Neon over Shinjuku"
    assert '<figure class="image essay-cover">' not in html
    assert meta(html_of(client, "/essays/plain/"), "og:image") is None

    default = create_image("Portrait", width=1200, height=1200, description="مؤلف الموقع مع غيتار")
    settings = AuthorSettings.for_site(Site.objects.get(is_default_site=True))
    settings.social_image = default
    settings.save()

    plain = html_of(client, "/essays/plain/")
    assert re.match(rf"{ORIGIN}/media/images/portrait\.[0-9a-f]+\.fill-1200x630\.format-jpeg", meta(plain, "og:image"))
    assert meta(plain, "og:image:alt") == "مؤلف الموقع مع غيتار"
    assert blog_posting(plain)["image"] == meta(plain, "og:image")
    assert "portrait" in meta(html_of(client, "/essays/archive/"), "og:image")
    assert "tokyo-cafe" in meta(html_of(client, "/essays/pictured/"), "og:image")
    # Feeds carry an essay's own image only.
    entries = {entry.title: entry for entry in feedparser.parse(client.get("/essays/feed/").content).entries}
    assert "tokyo-cafe" in entries["Pictured"].media_content[0]["url"] and "media_content" not in entries["Plain"]


def test_the_shared_image_is_cropped_around_the_focal_point(client, make_essay, media_root):
    photo = create_image("Halves", content=halves_png())
    photo.focal_point_x, photo.focal_point_y, photo.focal_point_width, photo.focal_point_height = 2100, 315, 200, 200
    photo.save()
    make_essay("Focused", cover_image=photo, cover_alt="The blue half")

    url = meta(html_of(client, "/essays/focused/"), "og:image")
    with PillowImage.open(Path(media_root) / url.removeprefix(f"{ORIGIN}/media/")) as shared:
        assert shared.size == (1200, 630)
        red, green, blue = shared.convert("RGB").getpixel((600, 315))
    assert blue > 150 and red < 60


def test_a_cover_needs_alt_text_unless_the_image_has_a_description(admin_client, essay_index, cover):
    response = admin_client.post(add_essay_url(essay_index), essay_form(slug="no-alt", cover_image=cover.pk))
    assert response.status_code == 200
    assert "Say what the cover shows" in response.content.decode()
    assert not EssayPage.objects.filter(slug="no-alt").exists()

    cover.description = "Steam over a cup of coffee"
    cover.save()
    assert (
        admin_client.post(add_essay_url(essay_index), essay_form(slug="no-alt", cover_image=cover.pk)).status_code
        == 302
    )
    essay = EssayPage.objects.get(slug="no-alt")
    assert meta(html_of(admin_client, essay.url), "og:image:alt") == "Steam over a cup of coffee"


def test_the_editor_offers_the_cover_next_to_its_alt_text(admin_client, essay_index):
    html = admin_client.get(add_essay_url(essay_index)).content.decode()
    assert "Cover image" in html and 'name="cover_image"' in html and 'name="cover_alt"' in html
    assert reverse("wagtailimages_chooser:choose") in html
