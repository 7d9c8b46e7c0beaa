"""The admin in a real browser, under the site's Content-Security-Policy: no violation, no request elsewhere."""

from playwright.sync_api import expect


def test_an_editor_edits_previews_and_publishes_an_essay_without_a_csp_violation(admin_tab, make_essay):
    essay = make_essay("Before the edit")
    page = admin_tab.page

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


def test_an_editor_browsing_the_site_gets_wagtails_userbar_under_the_sites_strict_policy(admin_tab, make_essay):
    essay = make_essay("With the userbar")
    page = admin_tab.go(essay.url)

    page.locator("wagtail-userbar").get_by_role("button", name="View Wagtail quick actions").click()
    expect(page.get_by_role("menuitem", name="Edit this page")).to_be_visible()
