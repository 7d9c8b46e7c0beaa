import datetime
import re
from html import escape
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.html import escape as django_escape
from django.utils.text import slugify

from blog.models import EssayPage
from portfolio.pages.block_migrations import HeadingTextToRichText
from tests.factories import create_image

DAY = datetime.timedelta(days=1)


class ResourceCollector(HTMLParser):
    """Every URL a browser would fetch while loading the page (not links the reader may follow)."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"img", "script", "iframe", "source", "video", "audio", "embed"} and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag in {"img", "source"} and attrs.get("srcset"):
            self.urls += [candidate.split()[0] for candidate in attrs["srcset"].split(",")]
        if tag == "link" and attrs.get("rel") in {"stylesheet", "preload", "icon"}:
            self.urls.append(attrs["href"])


def loaded_urls(html):
    collector = ResourceCollector()
    collector.feed(html)
    return collector.urls


def text(response):
    return response.content.decode()


def test_home_page_lists_the_featured_essays_then_the_latest(client, make_essay):
    make_essay("Featured old", featured=True, date=datetime.date(2020, 5, 1))
    for day in range(1, 5):
        make_essay(f"Plain {day}", date=datetime.date(2025, 6, day))
    make_essay("Draft essay", live=False, featured=True)

    html = text(client.get("/"))

    assert "Hello from the author." in html
    featured = html[html.index("Featured essays") : html.index("Latest essays")]
    latest = html[html.index("Latest essays") :]
    assert re.findall(r">(Featured old|Plain \d)</a>", featured) == ["Featured old"]
    assert re.findall(r">(Featured old|Plain \d)</a>", latest) == ["Plain 4", "Plain 3", "Plain 2", "Plain 1"]
    assert "Draft essay" not in html


def test_home_page_without_a_featured_essay_lists_only_the_latest(client, make_essay):
    make_essay("Plain", date=datetime.date(2025, 6, 1))

    html = text(client.get("/"))

    assert "Featured essays" not in html
    assert "Latest essays" in html and ">Plain</a>" in html and ">All essays</a>" in html


def test_essay_index_lists_newest_first_ten_a_page(client, make_essay):
    start = datetime.date(2025, 1, 1)
    for number in range(12):
        make_essay(f"Essay number {number}", date=start + number * DAY)

    first = text(client.get("/essays/"))
    second = text(client.get("/essays/?page=2"))

    titles = re.findall(r"Essay number (\d+)</a>", first)
    assert titles == [str(number) for number in range(11, 1, -1)]
    assert re.findall(r"Essay number (\d+)</a>", second) == ["1", "0"]
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_page_size_is_a_setting(client, make_essay, settings):
    settings.ESSAYS_PER_PAGE = 2
    for number in range(3):
        make_essay(f"Essay number {number}")
    assert text(client.get("/essays/")).count('class="card"') == 2
    assert client.get("/essays/?page=2").status_code == 200


@pytest.mark.parametrize("page", ["3", "0", "-1", "x", "", "1.5", "99999999999999999999"])
def test_a_page_past_the_end_or_not_a_number_is_a_404(client, make_essay, page):
    make_essay("Only essay")
    response = client.get(f"/essays/?page={page}")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_essay_index_lists_the_tags_in_use(client, make_essay):
    make_essay("One", tags=["Music", "Engineering"])
    make_essay("Two", tags=["Music"])
    make_essay("Hidden", tags=["Secret"], live=False)

    html = text(client.get("/essays/"))

    assert re.search(r'href="/essays/tags/music/">Music <span class="count">\(2\)', html)
    assert re.search(r'href="/essays/tags/engineering/">Engineering <span class="count">\(1\)', html)
    assert "Secret" not in html


def test_tag_page_lists_only_that_tags_published_essays(client, make_essay):
    make_essay("Tagged", tags=["Music"])
    make_essay("Untagged", tags=["Engineering"])
    make_essay("Tagged draft", tags=["Music"], live=False)

    response = client.get("/essays/tags/music/")

    assert response.status_code == 200
    html = text(response)
    assert "Essays tagged “Music”" in html
    assert ">Tagged</a>" in html
    assert "Untagged" not in html and "Tagged draft" not in html


@pytest.mark.parametrize("path", ["/essays/tags/no-such-tag/", "/essays/tags/drafts-only/"])
def test_a_tag_without_published_essays_is_a_404(client, make_essay, path):
    make_essay("Draft", tags=["Drafts only"], live=False)
    assert client.get(path).status_code == 404


def test_essay_page_shows_its_fields(client, make_essay):
    make_essay(
        "Mixing is debugging",
        date=datetime.date(2025, 8, 22),
        description="Lessons from the studio.",
        tags=["Music", "Engineering"],
    )

    response = client.get("/essays/mixing-is-debugging/")

    assert response.status_code == 200
    html = text(response)
    assert '<h1 dir="auto">Mixing is debugging</h1>' in html
    assert '<time datetime="2025-08-22">22 August 2025</time>' in html
    assert '<meta name="description" content="Lessons from the studio.">' in html
    assert "1 min read" in html
    assert 'href="/essays/tags/music/"><bdi>Music</bdi></a>' in html
    assert 'href="/essays/tags/engineering/"><bdi>Engineering</bdi></a>' in html


def test_reading_time_counts_the_words_of_the_body(client, make_essay):
    words = " ".join(["word"] * 2300)
    make_essay("Long read", body=[{"type": "paragraph", "value": f"<p>{words}</p>"}])
    assert "10 min read" in text(client.get("/essays/long-read/"))


def test_a_description_taken_from_the_opening_sentences_is_shown_once(client, make_essay):
    opening = "<p>I have produced music since I was a teenager. Not as a hobby &mdash; as work. And more.</p>"
    body = [{"type": "paragraph", "value": opening}]
    derived = "I have produced music since I was a teenager. Not as a hobby — as work."
    make_essay("Derived", description=derived, body=body)
    make_essay("Own words", description="A summary of its own.", body=body)

    html = text(client.get("/essays/derived/"))
    article = html[html.index('<article class="essay">') : html.index("</article>")]
    assert article.count("since I was a teenager") == 1 and 'class="lede"' not in article
    assert f'name="description" content="{derived}"' in html
    assert '<p class="lede" dir="auto">A summary of its own.</p>' in text(client.get("/essays/own-words/"))


def heading(text, level="2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def test_headings_have_stable_anchors_and_a_table_of_contents_from_three(client, make_essay):
    body = [heading("Rookie mode"), heading("Details", "3"), heading("Rookie mode"), heading("Know when to stop")]
    make_essay("With contents", body=body)
    make_essay("Short", body=[heading("One"), heading("Two")])

    html = text(client.get("/essays/with-contents/"))

    assert '<h2 id="rookie-mode">Rookie mode</h2>' in html
    assert '<h3 id="details">Details</h3>' in html
    assert '<h2 id="rookie-mode-2">Rookie mode</h2>' in html
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert re.findall(r'href="#([^"]+)"', toc) == ["rookie-mode", "details", "rookie-mode-2", "know-when-to-stop"]
    assert 'class="toc"' not in text(client.get("/essays/short/"))


def test_headings_stored_as_plain_text_read_the_same_after_their_migration(client, make_essay):
    # What blog 0011, portfolio 0013 and music 0005 do to each heading saved while it was plain text.
    written = ["C++ & <templates>", 'The "good enough" trap', "*Not* emphasis", "عن الإيقاع 🎸"]
    migrated = [HeadingTextToRichText().apply({"text": words, "level": "2"}) for words in written]
    make_essay("Migrated", body=[{"type": "heading", "value": value} for value in migrated])

    html = text(client.get("/essays/migrated/"))

    headings = re.findall(r'<h2 id="(?!toc-title)([^"]*)">(.*?)</h2>', html)
    assert headings == [(slugify(words) or "section", escape(words, quote=False)) for words in written]
    toc = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]
    assert re.findall(r'<a href="#[^"]*">(.*?)</a>', toc) == [django_escape(words) for words in written]


def test_rich_text_keeps_emphasis_lists_links_and_inline_code(client, make_essay, essay_index):
    rich = (
        '<p><b>Bold</b>, <i>italic</i>, <code>x = 1</code>, <a href="https://example.com/">out</a> and '
        f'<a linktype="page" id="{essay_index.pk}">in</a>.</p><ul><li>one</li></ul><ol><li>first</li></ol>'
    )
    make_essay("Rich", body=[{"type": "paragraph", "value": rich}])

    html = text(client.get("/essays/rich/"))

    assert "<b>Bold</b>" in html and "<i>italic</i>" in html and "<code>x = 1</code>" in html
    assert '<a href="https://example.com/">out</a>' in html
    assert '<a href="/essays/">in</a>' in html
    assert "<ul><li>one</li></ul>" in html and "<ol><li>first</li></ol>" in html


def test_code_is_highlighted_on_the_server(client, make_essay):
    source = 'def hello():\n    return "<world>"'
    make_essay("Code", body=[{"type": "code", "value": {"language": "python", "source": source}}])

    html = text(client.get("/essays/code/"))

    assert '<div class="highlight"><pre tabindex="0">' in html
    assert '<span class="k">def</span><span class="w"> </span><span class="nf">hello</span>' in html
    assert "&lt;world&gt;" in html and "<world>" not in html
    assert [url for url in loaded_urls(html) if url.endswith(".js")] == ["/static/js/video.js"]


def test_quote_with_attribution_and_divider(client, make_essay):
    body = [
        {"type": "quote", "value": {"text": "<p>Ship the track.</p>", "attribution": "A producer"}},
        {"type": "divider", "value": None},
        {"type": "quote", "value": {"text": "<p>Unattributed.</p>", "attribution": ""}},
    ]
    make_essay("Quotes", body=body)

    html = text(client.get("/essays/quotes/"))

    assert "<blockquote><p>Ship the track.</p></blockquote>" in html
    assert "<figcaption>— A producer</figcaption>" in html
    assert html.count("<figcaption>") == 1
    assert "<hr>" in html


def test_image_block_renders_a_responsive_picture_with_alt_text_and_caption(client, make_essay):
    image = create_image("Studio", width=960, height=540)
    value = {"image": {"image": image.pk, "alt_text": "A mixing desk", "decorative": False}, "caption": "My studio"}
    make_essay("Pictures", body=[{"type": "image", "value": value}])

    html = text(client.get("/essays/pictures/"))

    assert "<picture>" in html
    assert 'type="image/avif"' in html and 'type="image/webp"' in html
    assert re.search(
        r'<img alt="A mixing desk" fetchpriority="high" height="270" loading="eager" [^>]*width="480">', html
    )
    assert "<figcaption>My studio</figcaption>" in html
    assert all(url.startswith("/") for url in loaded_urls(html))


def test_video_block_is_a_facade_that_loads_nothing_from_the_video_host(client, make_essay):
    value = {"url": "https://youtu.be/5MSZXmbNoLg", "caption": "Exage - Dried By Time (Official Music Video)"}
    make_essay("With video", body=[{"type": "video", "value": value}])

    html = text(client.get("/essays/with-video/"))

    assert "<iframe" not in html
    assert all(url.startswith("/") for url in loaded_urls(html))
    # Without JavaScript the facade is a plain link to the video.
    assert '<a class="video-facade video-youtube" href="https://youtu.be/5MSZXmbNoLg"' in html
    assert 'data-embed-url="https://www.youtube-nocookie.com/embed/5MSZXmbNoLg?autoplay=1"' in html
    assert "<figcaption>Exage - Dried By Time (Official Music Video)</figcaption>" in html


def test_a_vimeo_facade_is_vimeos_not_youtubes(client, make_essay):
    make_essay(
        "On Vimeo", body=[{"type": "video", "value": {"url": "https://vimeo.com/76979871", "caption": "A film"}}]
    )

    html = text(client.get("/essays/on-vimeo/"))

    assert '<a class="video-facade video-vimeo" href="https://vimeo.com/76979871"' in html
    assert "on Vimeo</span>" in html and "YouTube" not in html


def test_drafts_and_private_essays_are_not_served(client, make_essay):
    from wagtail.models import PageViewRestriction

    make_essay("Draft", live=False)
    private = make_essay("Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    assert client.get("/essays/draft/").status_code == 404
    assert client.get("/essays/private/").status_code == 302
    assert "Private" not in text(client.get("/essays/"))


def test_unpublishing_the_essay_index_with_its_essays_in_the_admin_takes_them_all_down(
    admin_client, client, make_essay, essay_index
):
    make_essay("Going down")
    url = reverse("wagtailadmin_pages:unpublish", args=(essay_index.pk,))

    admin_client.post(url, {"include_descendants": "on"})

    assert client.get("/essays/going-down/").status_code == 404
    assert client.get("/essays/").status_code == 404


def test_missing_pages_get_the_sites_own_404(client, home):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = text(response)
    assert "Page not found" in html and 'class="site-header"' in html


def test_a_server_error_shows_the_sites_own_500_without_a_traceback(client, make_essay, monkeypatch):
    make_essay("Broken")

    def fail(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(EssayPage, "get_context", fail)
    client.raise_request_exception = False

    response = client.get("/essays/broken/")

    assert response.status_code == 500
    html = text(response)
    assert "Something went wrong" in html
    assert "Traceback" not in html and "database exploded" not in html
    assert "noted" not in html  # it is logged, but nobody is told: the page promises nothing more


def test_a_search_with_no_results_points_to_the_essays_wherever_they_are(client, essay_index):
    essay_index.slug = "writing"
    essay_index.save_revision().publish()

    html = client.get("/search/", {"q": "nothing-matches-this"}).content.decode()

    assert '<a href="/writing/">all essays</a>' in html


def test_an_essay_is_found_by_the_language_and_the_words_of_its_code(client, make_essay):
    code = {"type": "code", "value": {"language": "rust", "source": 'println!("¡ñandú!");'}}
    make_essay("Con código", body=[code])

    for query in ["Rust", "println"]:
        assert "/essays/con-codigo/" in client.get("/search/", {"q": query}).content.decode(), query
