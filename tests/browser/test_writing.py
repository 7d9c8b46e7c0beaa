"""The pages a writer's tools add, in a real browser: a series, an essay with a cover image, in both themes, on a
phone and a desktop: axe finds nothing, and nothing scrolls sideways."""

import pytest

from blog.models import EssayIndexPage, EssayPage, SeriesPage, SeriesPart
from tests.browser.test_accessibility import AXE_TAGS, RUN_AXE
from tests.factories import create_image, publish

pytestmark = pytest.mark.usefixtures("site")


@pytest.fixture
def series_and_cover(site):
    essays = list(EssayPage.objects.order_by("date"))
    cover = create_image("Studio at night", width=1600, height=1000, color=(40, 60, 90))
    essays[0].cover_image, essays[0].cover_alt = cover, "A mixing desk lit by one lamp, in a dark studio"
    essays[0].save_revision().publish()
    series = SeriesPage(title="Músicos que programan", slug="musicians-who-code", description="Two essays, one habit.")
    series.parts = [SeriesPart(essay=essay) for essay in essays[:2]]
    publish(EssayIndexPage.objects.get(), series)
    return {"series": series.url, "cover": essays[0].url, "part 2": essays[1].url}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_writing_pages_pass_axe(open_tab, axe_source, series_and_cover, scheme):
    visit = open_tab(color_scheme=scheme, bypass_csp=True)
    violations = {}
    for name, path in {**series_and_cover, "archive": "/essays/archive/", "year": "/essays/2025/"}.items():
        visit.page.goto(visit.origin + path)
        visit.page.evaluate(axe_source)
        found = visit.page.evaluate(RUN_AXE, AXE_TAGS)
        if found:
            violations[name] = found
    assert not violations, violations


def test_the_writing_pages_fit_a_320_pixel_phone(open_tab, series_and_cover):
    visit = open_tab(viewport={"width": 320, "height": 640})
    for path in series_and_cover.values():
        page = visit.go(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
