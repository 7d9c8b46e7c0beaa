"""Text from every corner of Unicode, published as essays, tags, projects and releases: no page, feed, sitemap or
search answers with a server error."""

import html
from urllib.parse import quote

from django.db import transaction
from django.utils.text import slugify
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.test.utils.form_data import rich_text, streamfield

from blog.models import EssayPage
from tests.factories import add_essay_url, create_music_project, create_release, essay_form

# What people paste and what breaks parsers: controls, line and page breaks, combining marks, right-to-left text
# and its marks, zero-width joiners and emoji sequences, noncharacters, lone surrogates, markup.
TRICKY = [
    *"\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9f\t\n\r",
    *"\u0301\u0308\u200b\u200d\u200e\u200f\u202e\u2066\u2069\ufeff\ufdd0\ufffd\ufffe\uffff\ud800\udfff",
    "\U0010ffff",
    "🎸",
    "👩‍👩‍👧",
    "🏳️‍🌈",
    "עִבְרִית",
    "موسيقى",
    "音楽",
    "Ñandú",
    "ﬁ",
    "<b>",
    "&amp;",
    "]]>",
    '"',
    "feed",
    "tags",
    " ",
    "-",
]
# Every code point, surrogates included, which Python allows in text although no UTF-8 file or request holds them.
ANY_CHARACTER = st.characters(exclude_categories=())
TEXT = st.one_of(
    st.text(ANY_CHARACTER, max_size=40),
    st.lists(st.sampled_from(TRICKY), max_size=30).map("".join),
    st.text(ANY_CHARACTER, min_size=200, max_size=600),
)


def as_sent(text):
    """Text as a browser sends it in a form: a lone surrogate cannot be encoded, and is sent as U+FFFD. Without NUL,
    which Django's form fields refuse with a field error ("Null characters are not allowed"), not a server error."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace").replace("\x00", "")


def addresses(essay, project, release):
    tag_pages = [f"/essays/tags/{quote(tag.slug)}/" for tag in essay.tags.all()]
    return [
        "/",
        "/essays/",
        essay.url,
        "/essays/feed/",
        "/essays/feed/atom/",
        *tag_pages,
        *(page + "feed/" for page in tag_pages),
        "/projects/",
        "/projects/music/",
        project.url,
        release.url,
        "/sitemap.xml",
    ]


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,  # the same examples on every run, so that CI is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(title=TEXT, description=TEXT, tags=st.lists(TEXT, max_size=4), body=TEXT, music=TEXT, query=TEXT)
def test_no_text_makes_any_page_answer_with_a_server_error(
    admin_client, essay_index, timeline, title, description, tags, body, music, query
):
    # Titles, descriptions and blocks end in a letter, so that the editor always has something to publish; the rest is
    # whatever was drawn. The essay goes through the editor, the music through code.
    title = as_sent(title[:250]) + " e"
    form = essay_form(
        title=title,
        slug=slugify(title, allow_unicode=True)[:255].strip("-") or "essay",
        description=as_sent(description[:290]) + ".",
        tags=", ".join(as_sent(tag[:90]) for tag in tags),
        body=streamfield(
            [
                ("heading", {"text": rich_text(f"<p>{html.escape(as_sent(body[:190]))} h</p>"), "level": "2"}),
                ("paragraph", rich_text(f"<p>{html.escape(as_sent(body))} p</p>")),
                ("code", {"language": "text", "source": as_sent(body) + " c"}),
            ]
        ),
    )
    with transaction.atomic():
        response = admin_client.post(add_essay_url(essay_index), form)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        essay = EssayPage.objects.get()
        project = create_music_project(
            timeline,
            music[:250] + " p",
            slug="",
            summary=music[:290] + ".",
            genres=music[:100],
            roles=music[:100],
            tags=[tag.name for tag in essay.tags.all()],
        )
        release = create_release(
            project,
            music[:250] + " r",
            slug="",
            label=music[:120],
            liner_notes=f"<p>{html.escape(music)}</p>",
            tracks=[{"position": 1, "title": music[:199] + "t", "credits": music[:250]}],
        )

        for url in addresses(essay, project, release):
            assert admin_client.get(url).status_code < 500, url
        search = quote(query.encode("utf-8", "surrogatepass"))  # bytes no valid UTF-8 holds, as anyone can send
        assert admin_client.get(f"/search/?q={search}").status_code < 500
        transaction.set_rollback(True)
