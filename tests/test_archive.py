"""The essay archive: every essay by year at /essays/archive/, one year at /essays/<year>/, in the sitemap and linked
from the essay index."""

import datetime
import re
from xml.etree import ElementTree

import pytest

from blog.models import EssayPage
from tests.factories import add_essay_url, essay_form


def text(response):
    return response.content.decode()


@pytest.fixture
def three_years(make_essay):
    make_essay("Ночь в студии", date=datetime.date(2023, 11, 2))
    make_essay("録音の日", date=datetime.date(2024, 3, 1))
    make_essay("موسيقى الليل", date=datetime.date(2024, 7, 9))
    make_essay("Café 🎸 sessions", date=datetime.date(2025, 1, 5))
    make_essay("A draft of 2022", date=datetime.date(2022, 1, 1), live=False)


def test_archive_lists_every_essay_under_its_year_with_counts(client, three_years):
    html = text(client.get("/essays/archive/"))

    sections = re.findall(r'<h2 id="archive-(\d+)">.*?\((\d+) essays?\)</span></h2>(.*?)</section>', html, re.S)
    assert [(year, count) for year, count, _ in sections] == [("2025", "1"), ("2024", "2"), ("2023", "1")]
    titles = [re.findall(r'dir="auto">([^<]+)</a>', body) for _, _, body in sections]
    assert titles == [["Café 🎸 sessions"], ["موسيقى الليل", "録音の日"], ["Ночь в студии"]]
    assert "2022" not in html and "A draft" not in html
    assert '<a href="/essays/2024/">2024 <span class="count">(2)</span></a>' in html


def test_a_year_page_lists_that_years_essays_and_its_neighbouring_years(client, three_years):
    html = text(client.get("/essays/2024/"))

    assert "<h1>Essays from 2024</h1>" in html
    assert re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)</a>', html) == [
        "موسيقى الليل",
        "録音の日",
    ]
    assert '<span>Earlier</span> <a href="/essays/2023/">2023</a>' in html
    assert '<span>Later</span> <a href="/essays/2025/">2025</a>' in html
    assert '<span aria-current="page">2024' in html
    assert "<title>Essays from 2024</title>" in html  # and " · " the author's name once it is set


@pytest.mark.parametrize(
    "url", ["/essays/2022/", "/essays/1999/", "/essays/twenty/", "/essays/0999/", "/essays/99999/"]
)
def test_a_year_without_published_essays_or_that_is_not_a_year_is_a_404(client, three_years, url):
    assert client.get(url).status_code == 404


def test_archive_and_year_pages_are_paginated_like_every_listing(client, make_essay, settings):
    settings.ESSAYS_PER_PAGE = 2
    settings.ARCHIVE_ESSAYS_PER_PAGE = 2
    for day in range(1, 4):
        make_essay(f"Essay {day}", date=datetime.date(2024, 1, day))

    assert text(client.get("/essays/2024/")).count('class="card"') == 2
    archive_second = text(client.get("/essays/archive/?page=2"))
    assert re.findall(r'dir="auto">(Essay \d)</a>', archive_second) == ["Essay 1"]
    assert "(3 essays)" in archive_second  # the year's count, not the page's
    assert client.get("/essays/2024/?page=3").status_code == 404
    assert client.get("/essays/archive/?page=x").status_code == 404


def test_the_essay_index_links_to_the_archive_and_each_year(client, three_years):
    html = text(client.get("/essays/"))
    assert '<a href="/essays/archive/">Every essay, by year</a>' in html
    for year, count in [(2025, 1), (2024, 2), (2023, 1)]:
        assert f'<a href="/essays/{year}/">{year} <span class="count">({count})</span></a>' in html


def test_the_sitemap_lists_the_archive_and_every_year_with_essays(client, three_years):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [url.findtext("s:loc", namespaces=ns) for url in root]
    origin = "http://localhost"
    assert {
        f"{origin}/essays/archive/",
        f"{origin}/essays/2025/",
        f"{origin}/essays/2024/",
        f"{origin}/essays/2023/",
    } <= set(locations)
    assert f"{origin}/essays/2022/" not in locations


@pytest.mark.parametrize("slug", ["archive", "2024"])
def test_an_essay_may_not_take_a_slug_the_archive_uses(admin_client, essay_index, slug):
    response = admin_client.post(add_essay_url(essay_index), essay_form(slug=slug))

    assert response.status_code == 200
    assert f"The slug &#x27;{slug}&#x27; is reserved" in text(response)
    assert not EssayPage.objects.filter(slug=slug).exists()
