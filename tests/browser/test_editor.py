"""The page editor in a real browser: its Checks panel runs the site's accessibility rules on the preview, and the
code block's source box indents with Tab without trapping the keyboard."""

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
