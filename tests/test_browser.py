"""In a real browser, under the Content-Security-Policy: the admin works and public pages break no rule."""

import re

from playwright.sync_api import expect

from tests.factories import create_image


def test_an_editor_edits_previews_and_publishes_an_essay_without_a_csp_violation(admin_page, make_essay):
    essay = make_essay("Before the edit")
    page = admin_page

    page.goto(f"/admin/pages/{essay.pk}/edit/")
    page.fill("#id_title", "After the edit")
    paragraph = page.locator(".public-DraftEditor-content").first
    paragraph.click()
    page.keyboard.press("End")
    page.keyboard.type(" Written in the browser.")

    page.click("[data-side-panel-toggle='preview']")
    preview = page.frame_locator("iframe[id$='preview-iframe']")
    expect(preview.locator("h1")).to_have_text("After the edit", timeout=10_000)

    page.locator(".w-dropdown-button").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("has been published")

    page.goto(essay.url)
    expect(page.locator("h1")).to_have_text("After the edit")
    expect(page.locator("main")).to_contain_text("Written in the browser.")


def test_an_editor_browsing_the_site_gets_wagtails_userbar_under_the_sites_strict_policy(admin_page, make_essay):
    essay = make_essay("With the userbar")
    admin_page.goto(essay.url)

    admin_page.locator("wagtail-userbar").get_by_role("button", name="View Wagtail quick actions").click()
    expect(admin_page.get_by_role("menuitem", name="Edit this page")).to_be_visible()


def test_a_public_essay_plays_its_video_from_youtube_nocookie_without_a_csp_violation(
    browser_page, make_essay, foreign_requests
):
    image = create_image("Studio", width=960, height=540)
    essay = make_essay(
        "Watch this",
        body=[
            {"type": "paragraph", "value": "<p>Some <b>words</b>.</p>"},
            {"type": "image", "value": {"image": {"image": image.pk, "alt_text": "A desk", "decorative": False}}},
            {"type": "code", "value": {"language": "python", "source": "print('hi')"}},
            {"type": "video", "value": {"url": "https://youtu.be/5MSZXmbNoLg", "caption": "Dried By Time"}},
        ],
    )
    page = browser_page
    page.goto(essay.url)
    expect(page.locator("main img[alt='A desk']")).to_be_visible()

    with page.expect_request(re.compile(r"^https://www\.youtube-nocookie\.com/embed/5MSZXmbNoLg"), timeout=5_000):
        page.get_by_role("link", name=re.compile("Play")).click()
    expect(page.locator("iframe.video-player")).to_be_attached()
    # The policy let the frame load (no violation); the test's browser refused to go out and fetch it.
    assert [url.split("?")[0] for url in foreign_requests] == ["https://www.youtube-nocookie.com/embed/5MSZXmbNoLg"]
    foreign_requests.clear()
