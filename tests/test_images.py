"""Images as visitors get them: responsive pictures, alt text, focal points, renditions made once, deleted images."""

import io
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import streamfield

from blog.models import EssayPage
from tests.factories import (
    add_essay_url,
    create_image,
    essay_form,
    media_files,
)

Image = get_image_model()
Rendition = Image.get_rendition_model()


class PictureCollector(HTMLParser):
    """Each <picture> of a page as {"sources": [attrs of each <source>], "img": attrs of its <img>}."""

    def __init__(self):
        super().__init__()
        self.pictures = []
        self.meta = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "picture":
            self.pictures.append({"sources": [], "img": None})
        elif tag == "source" and self.pictures:
            self.pictures[-1]["sources"].append(attrs)
        elif tag == "img" and self.pictures and self.pictures[-1]["img"] is None:
            self.pictures[-1]["img"] = attrs
        elif tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs["content"]


def page_images(client, url):
    collector = PictureCollector()
    response = client.get(url)
    assert response.status_code == 200
    collector.feed(response.content.decode())
    return collector


def image_block(image, alt_text="", decorative=False, caption=""):
    return {
        "type": "image",
        "value": {"image": {"image": image.pk, "alt_text": alt_text, "decorative": decorative}, "caption": caption},
    }


def paragraph(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def essay_with_images(make_essay, title, count, **image_fields):
    """An essay of `count` images, each after a paragraph, each a different image."""
    body = []
    for number in range(count):
        body += [
            paragraph(f"Part {number}."),
            image_block(create_image(f"{title} {number}", **image_fields), "A photo"),
        ]
    return make_essay(title, body=body)


def widths(srcset):
    return [candidate.split()[1] for candidate in srcset.split(", ")]


def test_images_are_pictures_in_avif_and_webp_with_a_jpeg_fallback_of_known_size(client, make_essay):
    essay_with_images(make_essay, "Three photos", 3, width=1600, height=900)

    pictures = page_images(client, "/essays/three-photos/").pictures

    assert len(pictures) == 3
    for picture in pictures:
        assert [source["type"] for source in picture["sources"]] == ["image/avif", "image/webp"]
        for source in picture["sources"]:
            assert widths(source["srcset"]) == ["480w", "800w", "1200w"]
            assert source["sizes"] == "(min-width: 48rem) 46rem, 100vw"
        img = picture["img"]
        assert img["src"].endswith(".jpg") and widths(img["srcset"]) == ["480w", "800w", "1200w"]
        assert (img["width"], img["height"]) == ("480", "270")
        assert img["alt"] == "A photo"


def test_only_the_first_image_of_a_page_loads_at_once(client, make_essay):
    essay_with_images(make_essay, "Three photos", 3)

    first, *others = [picture["img"] for picture in page_images(client, "/essays/three-photos/").pictures]

    assert first["loading"] == "eager" and first["fetchpriority"] == "high"
    assert all(img["loading"] == "lazy" and "fetchpriority" not in img for img in others)


# Alt text, through the page editor


def essay_with_image_form(image, **image_value):
    body = streamfield([("image", {"image": {"image": image.pk, **image_value}, "caption": ""})])
    return essay_form(body=body)


def test_the_editor_refuses_an_image_without_alt_text_on_the_alt_text_field(admin_client, essay_index):
    image = create_image("Desk", description="A mixing desk")

    response = admin_client.post(add_essay_url(essay_index), essay_with_image_form(image, alt_text="", decorative=""))

    assert response.status_code == 200
    assert not EssayPage.objects.exists()
    errors = response.context["form"].errors["body"].as_data()[0].as_json_data()
    image_errors = errors["blockErrors"][0]["blockErrors"]["image"]["blockErrors"]
    assert image_errors == {
        "alt_text": {"messages": ["Please add some alt text for your image or mark it as decorative"]}
    }


def test_a_decorative_image_needs_no_alt_text_and_is_rendered_with_an_empty_alt(admin_client, client, essay_index):
    image = create_image("Texture")

    response = admin_client.post(add_essay_url(essay_index), essay_with_image_form(image, alt_text="", decorative="on"))

    assert response.status_code == 302
    (img,) = [picture["img"] for picture in page_images(client, "/essays/written-in-the-admin/").pictures]
    assert img["alt"] == ""


def test_alt_text_given_in_the_editor_is_rendered(admin_client, client, essay_index):
    image = create_image("Desk", description="The image's own description")

    admin_client.post(
        add_essay_url(essay_index), essay_with_image_form(image, alt_text="My desk at night", decorative="")
    )

    (img,) = [picture["img"] for picture in page_images(client, "/essays/written-in-the-admin/").pictures]
    assert img["alt"] == "My desk at night"


# Focal points


def half_blue_half_red():
    """A tall PNG, blue above and red below."""
    image = PillowImage.new("RGB", (600, 1200), (0, 0, 255))
    image.paste((255, 0, 0), (0, 600, 600, 1200))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def shared_image_colours(client, url):
    """The colours of the corners of the page's shared (cropped) image."""
    image_url = page_images(client, url).meta["og:image"]
    path = settings.MEDIA_ROOT / image_url.split(settings.MEDIA_URL, 1)[1]
    with PillowImage.open(path) as rendition:
        rendition = rendition.convert("RGB")
        corners = [(0, 0), (rendition.width - 1, rendition.height - 1)]
        return {closest_primary(rendition.getpixel(corner)) for corner in corners}


def closest_primary(rgb):
    return "red" if rgb[0] > rgb[2] else "blue"


def test_crops_keep_the_focal_point_in_view(client, make_essay):
    image = create_image("Tall", content=half_blue_half_red())
    image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height = 300, 1000, 100, 100
    image.save()
    make_essay("Tall", body=[image_block(image, "A tall picture")])

    assert shared_image_colours(client, "/essays/tall/") == {"red"}

    image.focal_point_y = 200
    image.save()
    caches["default"].clear()
    assert shared_image_colours(client, "/essays/tall/") == {"blue"}


# Renditions: made once, read in a fixed number of queries


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_a_page_with_ten_images_costs_the_queries_of_a_page_with_two(client, without_the_page_cache, make_essay):
    essay_with_images(make_essay, "Two", 2, width=300, height=200)
    essay_with_images(make_essay, "Ten", 10, width=300, height=200)
    counts = {}
    for url in ("/essays/two/", "/essays/ten/"):
        client.get(url)  # the first view makes the renditions, which Wagtail keeps in the shared cache
        counts[url] = queries_for(client, url)

    assert counts["/essays/ten/"] == counts["/essays/two/"]


def test_with_the_shared_cache_lost_an_essays_images_cost_no_query_each(client, without_the_page_cache, make_essay):
    essay_with_images(make_essay, "Two", 2, width=300, height=200)
    essay_with_images(make_essay, "Ten", 10, width=300, height=200)
    cold, warm = {}, {}
    for url in ("/essays/two/", "/essays/ten/"):
        client.get(url)
        caches["default"].clear()
        cold[url] = queries_for(client, url)
        warm[url] = queries_for(client, url)

    assert cold["/essays/ten/"] == cold["/essays/two/"]  # every image's renditions read in one query
    assert warm["/essays/ten/"] == warm["/essays/two/"]


def test_renditions_are_made_once_whatever_the_views_and_uses(client, make_essay):
    photo = create_image("Photo", width=300, height=200)
    make_essay("Twice", body=[image_block(photo, "First use"), paragraph("Between."), image_block(photo, "Second use")])

    client.get("/essays/twice/")
    renditions, files = list(Rendition.objects.values_list("filter_spec", flat=True)), media_files()
    caches["default"].clear()
    client.get("/essays/twice/")

    assert sorted(renditions) == sorted(set(renditions))
    assert len(renditions) == 3 * 3 + 1  # three formats in three widths, and the shared image
    assert Rendition.objects.count() == len(renditions) and media_files() == files


def test_the_same_image_keeps_the_alt_text_of_each_use(client, make_essay):
    photo = create_image("Photo")
    make_essay("Twice", body=[image_block(photo, "First use"), image_block(photo, "Second use")])

    pictures = page_images(client, "/essays/twice/").pictures

    assert [picture["img"]["alt"] for picture in pictures] == ["First use", "Second use"]


# Deleting an image a page uses


def test_deleting_a_used_image_shows_its_usage_and_asks_first(admin_client, make_essay):
    photo = create_image("Studio")
    make_essay("Pictured", body=[image_block(photo, "The studio")])

    confirm = admin_client.get(reverse("wagtailimages:delete", args=[photo.pk]))
    usage = admin_client.get(reverse("wagtailimages:image_usage", args=[photo.pk]))

    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "This image is referenced 1 time." in html
    assert reverse("wagtailimages:image_usage", args=[photo.pk]) in html
    assert "Are you sure you want to delete this image?" in html
    assert usage.status_code == 200 and "Pictured" in usage.content.decode()
    assert Image.objects.filter(pk=photo.pk).exists()


def test_a_page_whose_image_was_deleted_still_renders_without_it(admin_client, client, make_essay):
    photo, other = create_image("Studio"), create_image("Stage")
    essay = make_essay(
        "Pictured",
        body=[image_block(photo, "The studio", caption="Gone"), paragraph("Still here."), image_block(other, "Stage")],
    )

    assert admin_client.post(reverse("wagtailimages:delete", args=[photo.pk])).status_code == 302

    response = client.get("/essays/pictured/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Still here." in html and "Gone" not in html
    (img,) = [picture["img"] for picture in page_images(client, "/essays/pictured/").pictures]
    assert img["alt"] == "Stage" and img["loading"] == "eager"
    assert admin_client.get(reverse("wagtailadmin_pages:edit", args=[essay.pk])).status_code == 200


# The admin's image listing


def test_the_image_listing_filters_by_collection_and_tag(admin_client):
    create_image("Live at the club", collection="Photos").tags.add("live")
    create_image("Album cover", collection="Cover art").tags.add("artwork")
    create_image("Rehearsal", collection="Photos").tags.add("rehearsal")
    photos = Image.objects.get(title="Live at the club").collection

    def listed(**filters):
        html = admin_client.get(reverse("wagtailimages:index"), filters).content.decode()
        return {title for title in ("Live at the club", "Album cover", "Rehearsal") if title in html}

    assert listed() == {"Live at the club", "Album cover", "Rehearsal"}
    assert listed(collection_id=photos.pk) == {"Live at the club", "Rehearsal"}
    assert listed(tag="live") == {"Live at the club"}
    assert listed(collection_id=photos.pk, tag="artwork") == set()
