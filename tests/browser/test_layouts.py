"""Every page type at a phone's 320 and 390 px, a tablet's 768 and a desktop's 1280, light and dark, with content
the author did not write: long words, emoji, Arabic and Hebrew, accents, the author's own name and portrait, and
headings that link to themselves in every kind of rich text. Nothing scrolls sideways, and axe-core finds nothing."""

import datetime

import pytest
from wagtail.models import Site

from blog.models import EssayIndexPage
from music.models import MusicProjectPage, MusicTimelinePage
from portfolio.models import AboutPage, AuthorSettings
from tests.browser.test_accessibility import AXE_TAGS, RUN_AXE
from tests.browser.test_reader import PAGES
from tests.factories import create_essay, create_image, create_music_project, create_release, create_song

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("site", "varied_content")]

WIDTHS = [320, 390, 768, 1280]
VARIED_PAGES = {
    **PAGES,
    "long essay": "/essays/donaudampfschifffahrtsgesellschaftskapitanswitwe/",
    "emoji essay": "/essays/guitar-tones/",
    "arabic essay": "/essays/الإيقاع-والبرمجة/",
    "hebrew band": "/projects/music/להקה-שקטה/",
    "accented release": "/projects/music/exage/cancion-de-cuna/",
    "song with notes": "/projects/music/exage/nana/",
    "search, many kinds": "/search/?q=m%C3%BAsica",
}


@pytest.fixture
def varied_content(site):
    author = AuthorSettings.for_site(Site.objects.get(is_default_site=True))
    author.name = "Zoë Ñandú-Łukasiewicz"
    author.tagline = "Ingeniera de software y música 🎸 — مهندسة"
    author.bio = "Escribe sobre código y música."
    author.portrait = create_image("Zoë", width=640, height=640, description="Zoë con su guitarra")
    author.profile_links = [
        ("link", {"url": "https://open.spotify.com/artist/5uz4tOA6Ao23QNgoPagWIq", "label": ""}),
        ("link", {"url": "https://github.com/example", "label": ""}),
    ]
    author.save()
    index = EssayIndexPage.objects.get()
    long_word = "Donaudampfschifffahrtsgesellschaftskapitänswitwe"
    create_essay(
        index,
        long_word,
        slug="donaudampfschifffahrtsgesellschaftskapitanswitwe",
        description=f"{long_word} {long_word} — und ihre Música.",
        tags=["Música", long_word],
        date=datetime.date(2026, 1, 2),
        body=[
            {"type": "heading", "value": {"text": long_word * 2, "level": "2"}},
            {"type": "paragraph", "value": f"<p>{long_word * 3} música.</p>"},
            {"type": "video", "value": {"url": "https://vimeo.com/76979871", "caption": f"{long_word} 🎬"}},
        ],
    )
    create_essay(index, "🎸 Guitar tones", slug="guitar-tones", tags=["🎸", "Música"], date=datetime.date(2026, 1, 3))
    create_essay(
        index,
        "الإيقاع والبرمجة",
        slug="الإيقاع-والبرمجة",
        description="مقالة عن الموسيقى والبرمجة.",
        tags=["موسيقى", "Música"],
        date=datetime.date(2026, 1, 4),
        body=[
            {"type": "heading", "value": {"text": "الطبول", "level": "2"}},
            {"type": "paragraph", "value": "<p>نص عربي طويل عن الطبول والبرمجة والموسيقى.</p>"},
        ],
    )
    timeline = MusicTimelinePage.objects.get()
    create_music_project(
        timeline,
        "להקה שקטה",
        slug="להקה-שקטה",
        summary="להקת רוק שקטה מאוד. Música.",
        start_year=1999,
        end_year=2003,
        tags=["Música"],
        videos=[{"title": "שיר ארוך " * 6, "url": "https://vimeo.com/76979871", "year": 2001}],
        body=[{"type": "heading", "value": {"text": "ההקלטות באולפן הישן", "level": "2"}}],
    )
    exage = MusicProjectPage.objects.get(slug="exage")
    notes = f"<h3>Notas — ملاحظات</h3><p>Grabada en casa.</p><h4>{long_word}</h4><p>Más.</p>"
    create_release(
        exage, "Canción de cuna", slug="cancion-de-cuna", release_year=2018, release_type="single", liner_notes=notes
    )
    heading = {"type": "heading", "value": {"text": f"¿Por qué? 🌙 {long_word}", "level": "2"}}
    create_song(exage, "Nana 🌙", slug="nana", notes=[heading, {"type": "paragraph", "value": "<p>Una nana.</p>"}])
    about = AboutPage.objects.get()
    about.bio += f"<h2>Música — موسيقى</h2><p>Desde siempre.</p><h3>{long_word}</h3><p>Y más.</p>"
    about.save_revision().publish()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_and_axe_finds_nothing(open_tab, axe_source, width, scheme):
    visit = open_tab(viewport={"width": width, "height": 900}, color_scheme=scheme, bypass_csp=True)
    sideways, violations, anchored = {}, {}, set()
    for name, path in VARIED_PAGES.items():
        response = visit.page.goto(visit.origin + path)
        assert response.ok, f"{path}: {response.status}"
        scroll_width = visit.page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            sideways[name] = scroll_width
        if visit.page.locator(".heading-anchor").count():
            anchored.add(name)
        visit.page.evaluate(axe_source)
        found = visit.page.evaluate(RUN_AXE, AXE_TAGS)
        if found:
            violations[name] = found
    assert not sideways, sideways
    assert not violations, violations
    assert {"about", "hebrew band", "accented release", "song with notes", "long essay"} <= anchored, anchored
