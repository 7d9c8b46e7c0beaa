"""A series: essays in parts, in the author's order. Each part says its place and links the parts beside it; the
series' page lists them all with its own description and feed; BlogPosting says which series a part is of."""

import datetime
import json
import re

import feedparser
import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from blog.models import SeriesPage

ORIGIN = "http://localhost"


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def blog_posting(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(item for item in map(json.loads, blocks) if item["@type"] == "BlogPosting")


def series_form(parts, **overrides):
    data = {
        "title": "Лето в студии",
        "slug": "summer-in-the-studio",
        "description": "Three summers of recording, ذكريات and 録音.",
        "parts": inline_formset([{"essay": essay.pk} for essay in parts]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def add_series_url(index):
    return reverse("wagtailadmin_pages:add", args=("blog", "seriespage", index.pk))


@pytest.fixture
def parts(make_essay):
    # Written in another order than they are read: the series' order is the author's, not the dates'.
    return [
        make_essay("Setting up the room", slug="room", date=datetime.date(2024, 6, 1)),
        make_essay("Mics, and why 🎙️", slug="mics", date=datetime.date(2024, 5, 1)),
        make_essay("Mixing at night", slug="night", date=datetime.date(2024, 8, 1)),
    ]


@pytest.fixture
def series(admin_client, essay_index, parts):
    assert admin_client.post(add_series_url(essay_index), series_form(parts)).status_code == 302
    return SeriesPage.objects.get()


def test_each_part_says_its_place_and_links_the_parts_beside_it(client, series):
    first, middle, last = (html_of(client, f"/essays/{slug}/") for slug in ["room", "mics", "night"])
    link = '<a href="/essays/summer-in-the-studio/" dir="auto">Лето в студии</a>'
    assert f"Part 1 of 3 of the series {link}" in first
    assert f"Part 2 of 3 of the series {link}" in middle
    nav = re.search(r'<nav class="essay-neighbours series-neighbours".*?</nav>', middle, re.S)[0]
    assert '<span>Part 1</span> <a href="/essays/room/" dir="auto">Setting up the room</a>' in nav
    assert '<span>Part 3</span> <a href="/essays/night/" dir="auto">Mixing at night</a>' in nav
    assert 'class="previous"' not in re.search(r'series-neighbours".*?</nav>', first, re.S)[0]
    assert "Part 3 of 3" in last and "Part 4" not in last


def test_the_series_page_lists_its_parts_in_order_with_its_description_and_feed(client, series):
    html = html_of(client, "/essays/summer-in-the-studio/")
    assert "Three summers of recording, ذكريات and 録音." in html
    titles = re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == ["Setting up the room", "Mics, and why 🎙️", "Mixing at night"]
    assert 'type="application/rss+xml" title="Лето в студии (RSS)" href="/essays/summer-in-the-studio/feed/"' in html

    for url in ["/essays/summer-in-the-studio/feed/", "/essays/summer-in-the-studio/feed/atom/"]:
        feed = feedparser.parse(client.get(url).content)
        assert feed.feed.title == "Лето в студии"  # and " · " the author's name once it is set
        assert [entry.title for entry in feed.entries] == ["Mixing at night", "Setting up the room", "Mics, and why 🎙️"]


def test_a_part_says_in_its_structured_data_which_series_it_is_of(client, series):
    posting = blog_posting(html_of(client, "/essays/night/"))
    assert posting["isPartOf"] == {
        "@type": "CreativeWorkSeries",
        "name": "Лето в студии",
        "url": f"{ORIGIN}/essays/summer-in-the-studio/",
    }
    assert posting["position"] == 3


def test_an_unpublished_part_is_left_out_of_the_count_and_the_links(client, series, parts):
    parts[1].unpublish()
    first = html_of(client, "/essays/room/")
    assert "Part 1 of 2" in first
    assert '<span>Part 2</span> <a href="/essays/night/"' in first
    assert "Mics" not in html_of(client, "/essays/summer-in-the-studio/")


def test_an_essay_outside_a_series_shows_no_place(client, series, make_essay):
    make_essay("On its own", slug="alone")
    html = html_of(client, "/essays/alone/")
    assert "of the series" not in html and "series-neighbours" not in html
    assert "isPartOf" not in blog_posting(html)


def test_an_essay_is_a_part_of_one_series_only(admin_client, essay_index, series, parts):
    form = series_form([parts[0], parts[0]], slug="twice", title="Twice")
    response = admin_client.post(add_series_url(essay_index), form)
    assert response.status_code == 200
    assert "This essay is already a part of a series" in response.content.decode()
    assert SeriesPage.objects.count() == 1


def test_reordering_the_parts_in_the_editor_reorders_the_series(admin_client, client, series, parts):
    edit = reverse("wagtailadmin_pages:edit", args=(series.pk,))
    data = series_form(parts)
    for index, essay in enumerate(series.parts.order_by("sort_order")):
        data[f"parts-{index}-id"] = str(essay.pk)
    data["parts-INITIAL_FORMS"] = "3"
    data["parts-0-ORDER"], data["parts-2-ORDER"] = "2", "0"
    assert admin_client.post(edit, data).status_code == 302

    assert "Part 1 of 3" in html_of(client, "/essays/night/")
    assert "Part 3 of 3" in html_of(client, "/essays/room/")


def test_the_preview_shows_the_parts_as_being_edited(admin_client, client, series, parts):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(series.pk,))
    data = series_form(parts)
    for index, part in enumerate(series.parts.order_by("sort_order")):
        data[f"parts-{index}-id"] = str(part.pk)
    data["parts-INITIAL_FORMS"] = "3"
    data["parts-0-ORDER"], data["parts-2-ORDER"] = "2", "0"
    assert admin_client.post(url, data).json()["is_valid"]

    def titles(html):
        return re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)</a>', html)

    assert titles(admin_client.get(url).content.decode()) == [
        "Mixing at night",
        "Mics, and why 🎙️",
        "Setting up the room",
    ]
    assert titles(html_of(client, "/essays/summer-in-the-studio/"))[0] == "Setting up the room"


def test_a_series_may_not_take_a_slug_the_essay_index_uses(admin_client, essay_index, parts):
    response = admin_client.post(add_series_url(essay_index), series_form(parts, slug="2024"))
    assert response.status_code == 200
    assert "uses 2024/ for the essays of a year, which would hide this series" in response.content.decode()
    assert not SeriesPage.objects.exists()
