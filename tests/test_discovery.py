import datetime
import json
import re
import xml.etree.ElementTree as ElementTree

import feedparser
import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction, Site
from wagtail.test.utils.form_data import nested_form_data, streamfield

from portfolio.models import AboutPage, AuthorSettings
from tests.factories import create_image, publish

ORIGIN = "http://localhost"  # the test site's address (its Wagtail Site record)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def json_ld(html):
    """Every JSON-LD object in the page, by @type."""
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {item["@type"]: item for item in map(json.loads, blocks)}


def meta(html, name):
    match = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)">', html)
    return match and match.group(1)


def dated(make_essay, count, **fields):
    return [
        make_essay(f"Essay {number}", date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number), **fields)
        for number in range(count)
    ]


@pytest.fixture
def author(home):
    settings = AuthorSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name = "Ada Example"
    settings.bio = "Engineer and guitarist."
    settings.profile_links = [
        ("link", {"url": "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq", "label": ""}),
        ("link", {"url": "https://github.com/example", "label": ""}),
    ]
    settings.save()
    return settings


# Feeds


def test_rss_feed_has_the_newest_twenty_essays_in_full(client, make_essay, author, essay_index):
    dated(make_essay, 21, tags=["Music"])
    body = [
        {"type": "paragraph", "value": f'<p>See <a linktype="page" id="{essay_index.pk}">all</a>.</p>'},
        {
            "type": "image",
            "value": {"image": {"image": create_image().pk, "alt_text": "A desk", "decorative": False}, "caption": ""},
        },
        {"type": "video", "value": {"url": "https://youtu.be/5MSZXmbNoLg", "thumbnail": create_image("Still").pk}},
    ]
    make_essay("Newest", date=datetime.date(2026, 1, 1), tags=["Music", "Engineering"], body=body)

    response = client.get("/essays/feed/")

    assert response["Content-Type"].startswith("application/rss+xml")
    ElementTree.fromstring(response.content)  # well-formed XML
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert feed.feed.title == "Essays · Ada Example"
    assert len(feed.entries) == 20
    newest = feed.entries[0]
    assert newest.title == "Newest"
    assert newest.link == f"{ORIGIN}/essays/newest/"
    assert newest.summary == "What Newest is about."
    assert [tag.term for tag in newest.tags] == ["Engineering", "Music"]
    assert newest.author == "Ada Example"
    assert newest.published_parsed[:3] == (2026, 1, 1)
    content = newest.content[0].value
    assert f'<a href="{ORIGIN}/essays/">all</a>' in content
    assert re.search(rf'<img alt="A desk" [^>]*src="{ORIGIN}/media/images/', content)
    assert f'srcset="{ORIGIN}/media/images/' in response.content.decode()  # feedparser drops srcset
    assert re.search(rf'<img alt="" class="video-thumbnail" [^>]*src="{ORIGIN}/media/images/still', content)
    assert [entry.title for entry in feed.entries[1:3]] == ["Essay 20", "Essay 19"]


@pytest.mark.parametrize("url", ["/essays/feed/", "/essays/feed/atom/", "/essays/tags/music/feed/"])
def test_feeds_reach_the_server_in_one_piece(client, make_essay, url):
    """The WSGI server sends each piece of a response with a system call of its own."""
    dated(make_essay, 3, tags=["Music"])

    assert len(list(client.get(url))) == 1


def test_atom_feed_parses_with_summary_and_content(client, make_essay, author):
    make_essay("Only", tags=["Music"])

    response = client.get("/essays/feed/atom/")

    assert response["Content-Type"].startswith("application/atom+xml")
    ElementTree.fromstring(response.content)
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    [entry] = feed.entries
    assert entry.summary == "What Only is about."
    assert "The text of Only." in entry.content[0].value
    assert entry.link == f"{ORIGIN}/essays/only/"
    assert entry.author == "Ada Example"


def test_tag_feed_has_only_that_tags_essays(client, make_essay):
    make_essay("Tagged", tags=["Music"])
    make_essay("Other", tags=["Engineering"])
    feed = feedparser.parse(client.get("/essays/tags/music/feed/").content)
    assert [entry.title for entry in feed.entries] == ["Tagged"]
    assert "Music" in feed.feed.title
    assert client.get("/essays/tags/unknown/feed/").status_code == 404


def test_drafts_and_private_essays_stay_out_of_feeds(client, make_essay):
    make_essay("Public")
    make_essay("Draft", live=False)
    PageViewRestriction.objects.create(page=make_essay("Private"), restriction_type="login")
    feed = feedparser.parse(client.get("/essays/feed/").content)
    assert [entry.title for entry in feed.entries] == ["Public"]


def test_pages_advertise_the_feeds(client, make_essay):
    make_essay("Tagged", tags=["Music"])
    for url in ["/", "/essays/", "/essays/tagged/", "/essays/tags/music/"]:
        html = html_of(client, url)
        assert '<link rel="alternate" type="application/rss+xml" title="Essays (RSS)" href="/essays/feed/">' in html
        assert 'type="application/atom+xml" title="Essays (Atom)" href="/essays/feed/atom/"' in html
    tag_page = html_of(client, "/essays/tags/music/")
    assert 'type="application/rss+xml" title="Essays tagged “Music” (RSS)" href="/essays/tags/music/feed/"' in tag_page


# Sitemap and robots


def test_sitemap_lists_live_public_pages_with_dates_and_tag_pages(client, make_essay):
    make_essay("Public", tags=["Music"])
    make_essay("Draft", live=False, tags=["Secret"])
    PageViewRestriction.objects.create(page=make_essay("Private"), restriction_type="login")

    response = client.get("/sitemap.xml")

    root = ElementTree.fromstring(response.content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    entries = {url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns) for url in root}
    assert set(entries) == {
        f"{ORIGIN}/",
        f"{ORIGIN}/essays/",
        f"{ORIGIN}/essays/public/",
        f"{ORIGIN}/essays/tags/music/",
        f"{ORIGIN}/essays/archive/",
        f"{ORIGIN}/essays/2025/",
    }
    assert all(re.match(r"\d{4}-\d{2}-\d{2}", lastmod) for lastmod in entries.values())


def test_robots_txt_keeps_crawlers_out_of_admin_and_search_and_names_the_sitemap(client, home):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert lines == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /search/",
        f"Sitemap: {ORIGIN}/sitemap.xml",
    ]


# Search


def test_a_word_in_an_essays_body_finds_it(client, make_essay):
    body = [{"type": "paragraph", "value": "<p>The snare needs ghost notes.</p>"}]
    make_essay("Drums", body=body, date=datetime.date(2025, 8, 22), description="About drums.")
    make_essay("Unrelated")

    html = html_of(client, "/search/?q=ghost")

    assert "1 result for “ghost”" in html
    assert '<a href="/essays/drums/">Drums</a>' in html
    assert 'Essay · <time datetime="2025-08-22">22 August 2025</time>' in html
    assert '<p dir="auto">About drums.</p>' in html
    assert 'value="ghost"' in html
    assert "Unrelated" not in html


def test_search_finds_other_page_types_too(client, essay_index):
    assert '<a href="/essays/">Essays</a>' in html_of(client, "/search/?q=essays")


def test_search_leaves_out_drafts_and_private_pages(client, make_essay):
    make_essay("Findable draft", live=False)
    PageViewRestriction.objects.create(page=make_essay("Findable secret"), restriction_type="login")
    assert "Nothing matched" in html_of(client, "/search/?q=findable")


def test_an_empty_query_gets_a_friendly_prompt(client, home):
    for url in ["/search/", "/search/?q=", "/search/?q=%20%20"]:
        assert "Type a word or two above" in html_of(client, url)


@pytest.mark.parametrize(
    "query",
    ["x" * 1000, "%", "100%", '"unbalanced', "'", 'a "b c" d', "<script>alert(1)</script>", "col:x", "(", "-", "*"],
)
def test_odd_queries_get_a_clean_page_and_are_never_reflected_unescaped(client, make_essay, query):
    make_essay("Something")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    if "<" in query:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_search_results_are_paginated_keeping_the_query(client, make_essay):
    dated(make_essay, 12, description="All about reverb.")
    first = html_of(client, "/search/?q=reverb")
    assert first.count('class="card"') == 10
    assert 'href="?q=reverb&amp;page=2" rel="next"' in first
    assert html_of(client, "/search/?q=reverb&page=2").count('class="card"') == 2
    assert client.get("/search/?q=reverb&page=3").status_code == 404


def test_a_page_without_a_description_shows_the_start_of_its_text_in_search_results(client, home):
    publish(home, AboutPage(title="About", slug="about", bio="<p>I play <b>guitar</b> and write code.</p>"))

    html = html_of(client, "/search/?q=guitar")

    assert '<a href="/about/">About</a>' in html
    assert '<p dir="auto">I play guitar and write code.</p>' in html


def test_every_page_has_one_search_box(client, make_essay):
    make_essay("Tagged", tags=["Music"])
    for url in ["/", "/essays/", "/essays/tagged/", "/essays/tags/music/"]:
        html = html_of(client, url)
        header = html.split('<header class="site-header">')[1].split("</header>")[0]
        assert '<form class="site-search" role="search" aria-label="Site" action="/search/" method="get">' in header
        assert '<input id="site-search-query" type="search" name="q"' in header
        assert html.count('type="search"') == 1
    search = html_of(client, "/search/?q=x")
    assert search.count('type="search"') == 1 and '<input id="search-query" type="search" name="q" value="x"' in search


@pytest.mark.postgresql
def test_postgresql_search_finds_body_words_and_stemmed_forms(client, make_essay):
    body = [{"type": "paragraph", "value": "<p>Every drummer knows the feel of a real kit.</p>"}]
    make_essay("Real kits", body=body, description="About kits.")
    make_essay("Guitars", description="About strings.")

    assert '<a href="/essays/real-kits/">Real kits</a>' in html_of(client, "/search/?q=feel")
    stemmed = html_of(client, "/search/?q=drummers")
    assert '<a href="/essays/real-kits/">Real kits</a>' in stemmed and "Guitars" not in stemmed


# Meta data


def test_every_page_type_has_title_description_canonical_and_sharing_tags(client, make_essay, author):
    make_essay("Mixing", description="Lessons from the studio.", tags=["Music"])
    pages = {
        "/": ("Home · Ada Example", f"{ORIGIN}/"),
        "/essays/": ("Essays · Ada Example", f"{ORIGIN}/essays/"),
        "/essays/mixing/": ("Mixing · Ada Example", f"{ORIGIN}/essays/mixing/"),
        "/essays/tags/music/": ("Essays tagged “Music” · Ada Example", f"{ORIGIN}/essays/tags/music/"),
        "/search/?q=mixing": ("Search · Ada Example", f"{ORIGIN}/search/"),
    }
    for url, (title, canonical) in pages.items():
        html = html_of(client, url)
        assert f"<title>{title}</title>" in html, url
        assert f'<link rel="canonical" href="{canonical}">' in html, url
        assert meta(html, "og:url") == canonical
        assert meta(html, "og:title") == title.split(" · ")[0]
        assert meta(html, "twitter:card") == "summary"
        for name in ("description", "og:description", "twitter:title", "twitter:description"):
            assert meta(html, name), (url, name)
    essay = html_of(client, "/essays/mixing/")
    assert meta(essay, "description") == meta(essay, "og:description") == "Lessons from the studio."
    assert meta(essay, "og:type") == "article" and meta(essay, "article:tag") == "Music"
    assert meta(html_of(client, "/essays/tags/music/"), "description") == "Essays about Music, newest first."
    assert meta(html_of(client, "/essays/"), "description") == "Engineer and guitarist."  # no intro: the author


def test_a_page_without_a_description_is_described_by_the_start_of_its_introduction(client, home):
    home.intro = "<p>I write <b>software</b> and play guitar. " + "More about me. " * 20 + "</p>"
    home.save_revision().publish()

    description = meta(html_of(client, "/"), "description")

    assert description.startswith("I write software and play guitar. More about me.")
    assert len(description) <= 160 and description.endswith("…")


def test_an_essay_with_an_image_shares_it(client, make_essay):
    image = create_image("Desk", width=1600, height=1000)
    value = {"image": {"image": image.pk, "alt_text": "A mixing desk", "decorative": False}, "caption": ""}
    make_essay("Pictured", body=[{"type": "image", "value": value}])

    html = html_of(client, "/essays/pictured/")

    assert re.match(rf"{ORIGIN}/media/images/desk\.2e16d0ba\.fill-1200x630\.format-jpeg", meta(html, "og:image"))
    assert meta(html, "og:image:width") == "1200" and meta(html, "og:image:height") == "630"
    assert meta(html, "og:image:alt") == "A mixing desk"
    assert meta(html, "twitter:card") == "summary_large_image"
    assert json_ld(html)["BlogPosting"]["image"] == meta(html, "og:image")


def test_a_page_past_the_first_has_its_own_canonical_url(client, make_essay, settings):
    settings.ESSAYS_PER_PAGE = 1
    dated(make_essay, 2)
    assert f'<link rel="canonical" href="{ORIGIN}/essays/?page=2">' in html_of(client, "/essays/?page=2")


# Structured data


def test_home_page_describes_the_website_and_its_author(client, author):
    data = json_ld(html_of(client, "/"))
    website = data["WebSite"]
    assert website["url"] == f"{ORIGIN}/" and website["name"] == "Ada Example"
    assert website["potentialAction"]["@type"] == "SearchAction"
    assert website["potentialAction"]["target"]["urlTemplate"] == f"{ORIGIN}/search/?q={{search_term_string}}"
    assert website["potentialAction"]["query-input"] == "required name=search_term_string"
    person = data["Person"]
    assert person["name"] == "Ada Example" and person["description"] == "Engineer and guitarist."
    assert person["sameAs"] == ["https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq", "https://github.com/example"]
    assert "BreadcrumbList" not in data


def test_without_an_author_name_there_is_no_person(client, home):
    assert "Person" not in json_ld(html_of(client, "/"))


def test_essay_is_a_blog_posting_with_breadcrumbs(client, make_essay, author):
    essay = make_essay("Mixing", description="Lessons.", tags=["Music", "Engineering"], date=datetime.date(2025, 8, 22))

    data = json_ld(html_of(client, "/essays/mixing/"))

    posting = data["BlogPosting"]
    url = f"{ORIGIN}/essays/mixing/"
    assert posting["headline"] == "Mixing" and posting["description"] == "Lessons."
    assert posting["datePublished"] == "2025-08-22"
    assert posting["dateModified"] == essay.last_published_at.isoformat()
    assert posting["author"] == {"@type": "Person", "name": "Ada Example", "url": f"{ORIGIN}/"}
    assert posting["keywords"] == ["Engineering", "Music"]
    assert posting["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    crumbs = [(item["position"], item["name"], item["item"]) for item in data["BreadcrumbList"]["itemListElement"]]
    assert crumbs == [(1, "Home", f"{ORIGIN}/"), (2, "Essays", f"{ORIGIN}/essays/"), (3, "Mixing", url)]


def test_pages_below_home_have_breadcrumbs(client, make_essay):
    make_essay("Tagged", tags=["Music"])

    def trail(url):
        return [item["name"] for item in json_ld(html_of(client, url))["BreadcrumbList"]["itemListElement"]]

    assert trail("/essays/") == ["Home", "Essays"]
    assert trail("/essays/tags/music/") == ["Home", "Essays", "Music"]
    assert trail("/search/?q=x") == ["Home", "Search"]


def test_structured_data_cannot_break_out_of_its_script(client, make_essay):
    body = [{"type": "paragraph", "value": "<p>Harmless.</p>"}]
    make_essay("</script><script>alert(1)</script>", slug="sneaky", body=body)
    html = html_of(client, "/essays/sneaky/")
    assert "<script>alert(1)" not in html
    assert json_ld(html)["BlogPosting"]["headline"] == "</script><script>alert(1)</script>"


def test_author_settings_are_edited_in_the_admin(admin_client, home, client):
    site = Site.objects.get(is_default_site=True)
    url = reverse("wagtailsettings:edit", args=["portfolio", "authorsettings", site.pk])
    data = nested_form_data(
        {
            "name": "Ada Example",
            "bio": "Engineer.",
            "profile_links": streamfield([("link", {"url": "https://ada.bandcamp.com/", "label": ""})]),
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert json_ld(html_of(client, "/"))["Person"]["sameAs"] == ["https://ada.bandcamp.com/"]
    assert '<a href="https://ada.bandcamp.com/" rel="me">Bandcamp</a>' in html_of(client, "/")


# Related reading


def test_an_essay_links_to_the_previous_and_next_by_date(client, make_essay):
    dated(make_essay, 3)
    middle = html_of(client, "/essays/essay-1/")
    assert '<a href="/essays/essay-0/" rel="prev">Essay 0</a>' in middle
    assert '<a href="/essays/essay-2/" rel="next">Essay 2</a>' in middle
    first = html_of(client, "/essays/essay-0/")
    assert 'rel="prev">' not in first.split("essay-neighbours")[1]


def test_previous_and_next_skip_drafts_and_private_essays_and_order_a_shared_day_by_creation(client, make_essay):
    day = datetime.date(2025, 3, 1)
    make_essay("Morning", date=day)
    make_essay("Draft", date=day, live=False)
    PageViewRestriction.objects.create(page=make_essay("Private", date=day), restriction_type="login")
    make_essay("Noon", date=day)
    make_essay("Evening", date=day)

    noon = html_of(client, "/essays/noon/").split("essay-neighbours")[1]

    assert '<a href="/essays/morning/" rel="prev">Morning</a>' in noon
    assert '<a href="/essays/evening/" rel="next">Evening</a>' in noon


def test_an_essay_published_since_appears_as_its_neighbours_next(client, make_essay):
    make_essay("Older", date=datetime.date(2025, 1, 1))
    assert 'rel="next"' not in html_of(client, "/essays/older/")

    make_essay("Newer", date=datetime.date(2025, 2, 1))

    assert '<a href="/essays/newer/" rel="next">Newer</a>' in html_of(client, "/essays/older/")


def test_related_essays_are_ranked_by_shared_tags_then_date_leaving_out_the_previous_and_next(client, make_essay):
    make_essay("Subject", tags=["Music", "Engineering", "AI"], date=datetime.date(2021, 1, 1))
    make_essay("Before", tags=["Music", "Engineering", "AI"], date=datetime.date(2020, 12, 1))
    make_essay("After", tags=["Music", "Engineering", "AI"], date=datetime.date(2021, 2, 1))
    make_essay("Two shared old", tags=["Music", "AI"], date=datetime.date(2020, 1, 1))
    make_essay("One shared new", tags=["Music"], date=datetime.date(2025, 6, 1))
    make_essay("Three shared", tags=["Music", "Engineering", "AI"], date=datetime.date(2019, 1, 1))
    make_essay("One shared old", tags=["AI"], date=datetime.date(2018, 1, 1))
    make_essay("Nothing shared", tags=["Cooking"])
    make_essay("Draft sharing all", tags=["Music", "Engineering", "AI"], live=False)

    html = html_of(client, "/essays/subject/")

    related = html.split('id="related-title"')[1]
    assert re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)</a>', related) == [
        "Three shared",
        "Two shared old",
        "One shared new",
    ]
