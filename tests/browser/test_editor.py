"""The page editor in a real browser: its Checks panel runs the site's accessibility rules on the preview, the code
block's source box indents with Tab without trapping the keyboard, and pasted Markdown becomes blocks."""

from playwright.sync_api import expect

from tests.factories import create_image


def image_block(image, alt):
    return {"type": "image", "value": {"image": {"image": image.pk, "alt_text": alt, "decorative": False}}}


def test_the_checks_panel_flags_an_image_without_alt_text_and_a_vague_link(admin_tab, make_essay):
    photo = create_image("Studio", width=800, height=500)
    essay = make_essay(
        "Unchecked",
        body=[
            {"type": "paragraph", "value": '<p>The session notes are <a href="https://example.com/n">here</a>.</p>'},
            image_block(photo, "IMG_2041.jpg"),
        ],
    )
    page = admin_tab.page

    page.goto(f"/admin/pages/{essay.pk}/edit/")
    page.click("[data-side-panel-toggle='checks']")

    panel = page.locator("[data-side-panel='checks']")
    expect(panel).to_contain_text("Image alt text has inappropriate pattern", timeout=20_000)
    expect(panel).to_contain_text("Link text says nothing of where it goes")


def test_tab_indents_the_code_source_and_escape_lets_it_go(admin_tab, make_essay):
    essay = make_essay("Code", body=[{"type": "code", "value": {"language": "python", "source": "pass"}}])
    page = admin_tab.page

    page.goto(f"/admin/pages/{essay.pk}/edit/")
    source = page.locator("textarea[data-code-source]")
    expect(source).to_have_css(
        "font-family", 'ui-monospace, SFMono-Regular, "Cascadia Mono", Menlo, Consolas, "Liberation Mono", monospace'
    )
    source.click()
    page.keyboard.press("Home")
    page.keyboard.press("Tab")
    expect(source).to_have_value("    pass")
    expect(source).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(source).to_have_value("pass")

    page.keyboard.press("Escape")
    page.keyboard.press("Tab")
    expect(source).not_to_be_focused()
    expect(source).to_have_value("pass")


def test_markdown_pasted_into_a_markdown_block_becomes_headings_and_a_list(admin_tab, make_essay):
    essay = make_essay("Pasted", body=[{"type": "paragraph", "value": "<p>Written before the paste.</p>"}])
    admin_tab.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = admin_tab.page

    page.goto(f"/admin/pages/{essay.pk}/edit/")
    page.get_by_role("button", name="Insert a block").last.click()
    page.get_by_role("option", name="Markdown").click()
    box = page.locator("textarea[data-code-source]")
    box.click()
    page.evaluate("text => navigator.clipboard.writeText(text)", "## Über Gain\n\n- erstens 🎚️\n- 二番目\n\n### Danach")
    page.keyboard.press("Control+V")
    expect(box).to_have_value("## Über Gain\n\n- erstens 🎚️\n- 二番目\n\n### Danach")

    page.locator(".w-dropdown-button").get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("has been published")

    page.goto(essay.url)
    body = page.locator("main")
    expect(body.locator("h2", has_text="Über Gain")).to_be_visible()
    expect(body.locator("h3", has_text="Danach")).to_be_visible()
    expect(body.locator("li", has_text="二番目")).to_be_visible()
    expect(body).to_contain_text("Written before the paste.")
    expect(body).not_to_contain_text("##")
