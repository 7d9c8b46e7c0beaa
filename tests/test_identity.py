"""The author's name is the site's name, set in one place; the home page introduces them; essays are signed."""

import json
import re

import feedparser
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site

from portfolio.models import AuthorSettings, ProjectPage
from tests.factories import create_image, create_music_project, create_release, publish


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {item["@type"]: item for item in map(json.loads, scripts)}


def brand(html):
    return re.search(r'<a class="site-name" href="/">(.*?)</a>', html).group(1)


@pytest.fixture
def author(home):
    author = AuthorSettings.for_site(Site.objects.get(is_default_site=True))
    author.name = "Zoë Ñandú"
    author.tagline = "Ingeniera de software y guitarrista 🎸"
    author.bio = "Escribe sobre código y música."
    author.portrait = create_image("Zoë", width=600, height=600, description="Zoë with a guitar")
    author.profile_links = [
        ("link", {"url": "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq", "label": ""}),
        ("link", {"url": "https://example.bandcamp.com/", "label": ""}),
        ("link", {"url": "https://github.com/example", "label": ""}),
        ("link", {"url": "https://www.linkedin.com/in/example", "label": ""}),
    ]
    author.save()
    return author


def test_the_authors_name_heads_every_page_and_names_the_site_in_titles_feeds_and_json_ld(client, author, make_essay):
    make_essay("Mezcla", tags=["Música"])

    for url in ["/", "/essays/", "/essays/mezcla/", "/search/?q=mezcla"]:
        html = html_of(client, url)
        assert brand(html) == "Zoë Ñandú", url
        assert re.search(r"<title>[^<]* · Zoë Ñandú</title>", html), url
    home = json_ld(html_of(client, "/"))
    assert home["WebSite"]["name"] == home["Person"]["name"] == "Zoë Ñandú"
    assert home["Person"]["jobTitle"] == "Ingeniera de software y guitarrista 🎸"
    assert re.match(r"http://localhost/media/images/zoe\.[0-9a-f]+\.fill-320x320\.format-jpeg", home["Person"]["image"])
    assert json_ld(html_of(client, "/essays/mezcla/"))["BlogPosting"]["author"]["name"] == "Zoë Ñandú"
    feed = feedparser.parse(client.get("/essays/feed/").content)
    assert feed.feed.title == "Essays · Zoë Ñandú" and feed.entries[0].author == "Zoë Ñandú"


def test_without_a_name_the_site_shows_none_it_invented(client, home, make_essay):
    Site.objects.update(site_name="Portfolio")  # Wagtail's own site name is the admin's, never the public site's
    make_essay("Mezcla")

    for url in ["/", "/essays/mezcla/"]:
        html = html_of(client, url)
        assert "Portfolio" not in html and brand(html) == "Home", url
        assert 'class="byline"' not in html and 'class="author-card"' not in html, url
    assert "<title>Mezcla</title>" in html_of(client, "/essays/mezcla/")
    assert feedparser.parse(client.get("/essays/feed/").content).feed.title == "Essays"
    assert json_ld(html_of(client, "/"))["WebSite"]["name"] == "Home"


def test_the_home_page_introduces_the_author_then_essays_music_and_projects(
    client, author, make_essay, project_index, timeline
):
    make_essay("مقالة عن الإيقاع", description="نص عربي.", featured=True)
    make_essay("Die Ästhetik des Lärms")
    band = create_music_project(timeline, "Exage", start_year=2010, end_year=2019)
    create_release(band, "Primer disco", release_year=2014, cover=create_image("Cover"))
    create_release(band, "Old demo", release_year=2011)
    publish(
        project_index, ProjectPage(title="Este sitio", slug="este-sitio", summary="Django y Wagtail.", role="Autora")
    )

    html = html_of(client, "/")

    intro = html[html.index('class="author-intro"') : html.index("</section>")]
    assert '<h1 id="home-title" dir="auto">Zoë Ñandú</h1>' in intro
    assert "Ingeniera de software y guitarrista 🎸" in intro
    assert re.search(r'<img alt="Zoë with a guitar"[^>]*fill-160x160', intro)
    assert "Listen on Spotify" in intro and "Listen on Bandcamp" in intro and "Code on GitHub" in intro
    assert "LinkedIn" not in intro  # neither music nor code: the footer lists it
    sections = re.findall(r'<h2 id="[a-z]+-title">([^<]+)</h2>', html)
    assert sections == ["Featured essays", "Latest essays", "Music", "Projects"]
    assert "مقالة عن الإيقاع" in html and "Die Ästhetik des Lärms" in html
    music = html[html.index('id="music-title"') : html.index('id="projects-title"')]
    assert "Primer disco" in music and "Old demo" not in music  # the newest release
    assert '<a href="/projects/music/">The whole music timeline</a>' in music
    projects = html[html.index('id="projects-title"') :]
    assert "Este sitio" in projects and '<a href="/projects/">All projects</a>' in projects


def test_without_a_release_the_home_page_shows_the_newest_video_with_its_still(client, author, timeline):
    still = create_image("Still")
    videos = [
        {"title": "Dried By Time", "url": "https://youtu.be/5MSZXmbNoLg", "kind": "official", "year": 2016},
        {"title": "Ergot In The Rye", "url": "https://youtu.be/an4gtPLFtuE", "year": 2018, "thumbnail": still},
    ]
    create_music_project(timeline, "Exage", videos=videos)

    music = html_of(client, "/").split('id="music-title"')[1]

    assert "Ergot In The Rye" in music and "Dried By Time" not in music
    figure = music.split("</figure>")[0]
    assert "video-facade video-youtube" in figure and 'class="video-thumbnail"' in figure


def test_an_essay_is_signed_and_ends_with_the_author_and_the_feeds(client, author, make_essay, essay_index):
    make_essay("Mezcla")

    html = html_of(client, "/essays/mezcla/")

    assert '<span class="byline">By <a href="/" rel="author">Zoë Ñandú</a></span>' in html
    card = html[html.index('<aside class="author-card"') : html.index("</aside>")]
    assert "Zoë Ñandú" in card and "Ingeniera de software y guitarrista 🎸" in card
    assert '<a href="/essays/feed/">RSS</a>' in card and "Listen on Spotify" in card


def test_the_dashboard_says_what_to_fill_in_until_the_author_has_a_name(admin_client, home):
    dashboard = html_of(admin_client, reverse("wagtailadmin_home"))
    assert "Who is the author?" in dashboard
    assert reverse("wagtailsettings:edit", args=["portfolio", "authorsettings"]) in dashboard
    for words in ["your name", "a one-line bio", "a portrait", "a link to listen", "a link to your code"]:
        assert words in dashboard, words

    site = Site.objects.get()
    edit_url = reverse("wagtailsettings:edit", args=["portfolio", "authorsettings", site.pk])
    response = admin_client.post(edit_url, {"name": "Zoë Ñandú", "tagline": "", "bio": "", "profile_links-count": "0"})
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Who is the author?" not in html_of(admin_client, reverse("wagtailadmin_home"))
    assert brand(html_of(admin_client, "/")) == "Zoë Ñandú"


def test_the_home_page_shows_nothing_from_a_private_section(client, author, project_index, timeline):
    band = create_music_project(timeline, "Banda secreta")
    create_release(band, "Disco privado", release_year=2020)
    secret = publish(project_index, ProjectPage(title="Proyecto privado", slug="privado", summary="No.", role="Yo"))
    for page in (band, secret):
        PageViewRestriction.objects.create(page=page, restriction_type="password", password="a-long-password-1")

    html = html_of(client, "/")

    assert "Disco privado" not in html and "Proyecto privado" not in html
    assert 'id="projects-title"' not in html and '<a href="/projects/music/">The whole music timeline</a>' in html
