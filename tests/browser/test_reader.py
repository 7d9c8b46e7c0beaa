"""A reader in a real browser: the journey through the site, the keyboard, videos, small screens, budgets."""

import pytest

# Every test reads the site as `make run` builds it.
pytestmark = pytest.mark.usefixtures("site")


ESSAY = "/essays/what-music-production-taught-me-about-software-engineering/"
PAGES = {
    "home": "/",
    "essay index": "/essays/",
    "essay": ESSAY,
    "tag": "/essays/tags/music/",
    "archive": "/essays/archive/",
    "year": "/essays/2025/",
    "search": "/search/?q=music",
    "projects": "/projects/",
    "music timeline": "/projects/music/",
    "music project": "/projects/music/exage/",
    "release": "/projects/music/exage/debut/",
    "about": "/about/",
}
IMAGE_TYPES = {"image"}
REQUEST_BUDGET = 10
BYTES_BUDGET = 150_000
# Sums the layout shifts the page makes while it loads, and names what moved. None is the target; a CI run on a
# loaded machine once measured 0.00014 on the search page (a sub-pixel move, not seen again in ten runs), so shifts
# under a thousandth, which nobody can see, are tolerated and shown when anything fails.
LAYOUT_SHIFT_OBSERVER = """
window.layoutShift = 0;
window.layoutShiftSources = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.hadRecentInput) continue;
    window.layoutShift += entry.value;
    for (const source of entry.sources || []) {
      if (source.node && source.node.outerHTML) window.layoutShiftSources.push(source.node.outerHTML.slice(0, 80));
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""
INVISIBLE_SHIFT = 0.001


def test_a_reader_goes_from_home_to_an_essay_a_tag_the_timeline_a_project_and_a_release(open_tab):
    page = open_tab().go("/")

    page.get_by_role("link", name="What Music Production Taught Me About Software Engineering").first.click()
    page.wait_for_url(f"**{ESSAY}")
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "What Music Production Taught Me About Software Engineering"
    )

    page.locator(".essay-header .tags").get_by_role("link", name="Music").click()
    page.wait_for_url("**/essays/tags/music/")
    assert page.get_by_role("heading", level=1).inner_text() == "Essays tagged “Music”"

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Music").click()
    page.wait_for_url("**/projects/music/")
    assert page.get_by_role("heading", name="2016").is_visible()

    page.locator(".timeline-project").get_by_role("link", name="Exage").first.click()
    page.wait_for_url("**/projects/music/exage/")
    assert page.get_by_text("2010–2019").is_visible()

    page.get_by_role("link", name="Debut").click()
    page.wait_for_url("**/projects/music/exage/debut/")
    assert page.get_by_text("March 2016").is_visible()
    assert page.get_by_text("Dried By Time").first.is_visible()


def test_a_keyboard_reader_reaches_every_link_and_the_search_and_sees_where_the_focus_is(open_tab):
    page = open_tab().go(ESSAY)
    focusable = page.evaluate(
        """() => [...document.querySelectorAll('a[href], input, button, [tabindex]:not([tabindex="-1"])')]
                 .filter((element) => element.getClientRects().length)
                 .map((element, index) => (element.dataset.focusOrder = index))"""
    )

    reached, unseen = [], []
    for _ in range(len(focusable) + 5):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const element = document.activeElement;
                const style = getComputedStyle(element);
                return {
                    order: element.dataset.focusOrder,
                    visible: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
                    name: element.outerHTML.slice(0, 80),
                };
            }"""
        )
        if focused["order"] is None:
            break
        reached.append(int(focused["order"]))
        if not focused["visible"]:
            unseen.append(focused["name"])

    assert sorted(reached) == list(range(len(focusable)))
    assert not unseen, f"focused without a visible outline: {unseen}"
    search = page.locator("#site-search-query")
    assert int(search.get_attribute("data-focus-order")) in reached


def test_the_skip_link_is_the_first_stop_and_shows_itself(open_tab):
    page = open_tab().go(ESSAY)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.bounding_box()["y"] >= 0


def test_clicking_a_video_facade_loads_the_privacy_enhanced_player_and_nothing_before(open_tab):
    visit = open_tab()
    visit.allowed_hosts.add("www.youtube-nocookie.com")
    page = visit.go("/projects/music/exage/")
    assert not [request for request in visit.requests if "youtube" in request.url]
    assert page.locator("iframe").count() == 0

    page.get_by_role("link", name="Play “Dried By Time (Official Music Video)” on YouTube").click()

    player = page.locator("iframe.video-player").first
    player.wait_for()
    assert player.get_attribute("src") == "https://www.youtube-nocookie.com/embed/5MSZXmbNoLg?autoplay=1"
    assert player.get_attribute("title") == "Dried By Time (Official Music Video)"
    assert [request.url for request in visit.requests if "youtube" in request.url] == [
        "https://www.youtube-nocookie.com/embed/5MSZXmbNoLg?autoplay=1"
    ]
    # The site's Permissions-Policy lets the player have what its `allow` asks, and denies the rest.
    frame = player.element_handle().content_frame()
    allowed = "feature => document.featurePolicy.allowsFeature(feature)"
    for feature in ["fullscreen", "autoplay", "encrypted-media", "picture-in-picture"]:
        assert frame.evaluate(allowed, feature), feature
    assert not frame.evaluate(allowed, "camera")
    assert not page.evaluate(allowed, "geolocation")


def test_without_javascript_a_video_is_a_working_link(open_tab):
    visit = open_tab(java_script_enabled=False)
    visit.allowed_hosts.add("youtu.be")
    page = visit.go(ESSAY)

    page.get_by_role("link", name="Play “Exage - Dried By Time (Official Music Video)” on YouTube").click()

    page.wait_for_url("https://youtu.be/5MSZXmbNoLg")


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_320_pixel_phone(open_tab, name):
    page = open_tab(viewport={"width": 320, "height": 640}).go(PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("path", ["/search/?q=music", "/projects/", "/projects/music/exage/"])
def test_cards_with_or_without_an_image_give_their_titles_room_on_a_phone(open_tab, path):
    page = open_tab(viewport={"width": 390, "height": 844}).go(path)
    widths = page.eval_on_selector_all(".card-title", "titles => titles.map(t => t.getBoundingClientRect().width)")
    assert widths and min(widths) > 200, widths


def test_a_long_table_of_contents_is_folded_on_a_phone_and_open_on_a_desktop(open_tab):
    phone = open_tab(viewport={"width": 390, "height": 844}).go(ESSAY)
    assert not phone.is_visible(".toc ol") and phone.is_visible(".toc summary")
    phone.click(".toc summary")
    assert phone.is_visible(".toc ol")

    desktop = open_tab(viewport={"width": 1280, "height": 800}).go(ESSAY)
    assert desktop.is_visible(".toc ol") and not desktop.is_visible(".toc summary")


def test_an_essay_without_contents_keeps_its_tags_clear_of_the_first_paragraph(open_tab):
    page = open_tab(viewport={"width": 390, "height": 844}).go("/essays/non-drummers-programming-drums/")
    gap = page.evaluate(
        """() => document.querySelector(".essay-body > :first-child").getBoundingClientRect().top
               - document.querySelector(".essay-header .tags").getBoundingClientRect().bottom"""
    )
    assert gap >= 16


def test_topic_counts_are_plain_text_inside_their_pill(open_tab):
    page = open_tab().go("/essays/")
    assert page.eval_on_selector(".tag-cloud .count", "count => getComputedStyle(count).borderTopStyle") == "none"


def test_every_page_keeps_to_its_budget_and_nothing_shifts_as_it_loads(open_tab):
    over = {}
    for name, path in PAGES.items():
        visit = open_tab()
        visit.page.add_init_script(LAYOUT_SHIFT_OBSERVER)
        page = visit.go(path)
        page.wait_for_load_state("networkidle")
        others = [request for request in visit.requests if request.resource_type not in IMAGE_TYPES]
        transferred = sum(
            request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"] for request in others
        )
        shift = page.evaluate("window.layoutShift")
        if len(others) > REQUEST_BUDGET or transferred > BYTES_BUDGET or shift >= INVISIBLE_SHIFT:
            moved = page.evaluate("window.layoutShiftSources")
            over[name] = {"requests": len(others), "bytes": transferred, "layout shift": shift, "moved": moved}
    assert not over, over
