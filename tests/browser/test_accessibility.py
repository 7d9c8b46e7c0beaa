"""Every page type passes axe-core (WCAG 2.2 A and AA, and best practices) in the light and the dark theme."""

import io

import pytest
from django.core.management import call_command

from blog.markdown_forms import MARKDOWN_FORMS
from tests.browser.test_reader import PAGES
from tests.factories import image_bytes

# Every test reads the site as `make run` builds it.
pytestmark = pytest.mark.usefixtures("site")


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
RUN_AXE = """async (tags) => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return results.violations.map((violation) => ({
    rule: violation.id,
    help: violation.help,
    nodes: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5),
  }));
}"""
PAGES_AND_ERRORS = {**PAGES, "software project": "/projects/this-site/", "not found": "/no-such-page/"}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_type_passes_axe(open_tab, axe_source, scheme):
    # axe is injected by the test, so the site's own Content-Security-Policy is set aside for it.
    visit = open_tab(color_scheme=scheme, bypass_csp=True)
    violations = {}
    for name, path in PAGES_AND_ERRORS.items():
        visit.page.goto(visit.origin + path)
        visit.page.evaluate(axe_source)
        found = visit.page.evaluate(RUN_AXE, AXE_TAGS)
        if found:
            violations[name] = found
    assert not violations, violations


def test_dark_theme_text_has_readable_contrast(open_tab):
    page = open_tab(color_scheme="dark").go("/essays/what-music-production-taught-me-about-software-engineering/")
    ratio = page.evaluate(
        """() => {
            const luminance = (color) => {
                const [r, g, b] = color.match(/\\d+/g).slice(0, 3).map((value) => {
                    const channel = value / 255;
                    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
                });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const paragraph = document.querySelector(".essay-body p");
            const text = luminance(getComputedStyle(paragraph).color);
            const background = luminance(getComputedStyle(document.documentElement).backgroundColor);
            return (Math.max(text, background) + 0.05) / (Math.min(text, background) + 0.05);
        }"""
    )
    assert ratio >= 7, f"body text contrast in the dark theme is {ratio:.1f}:1"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_an_essay_with_every_imported_block_passes_axe(open_tab, axe_source, scheme, tmp_path):
    """Tables, footnotes, task lists and h4 headings, as the importer makes them from Markdown."""
    (tmp_path / "desk.png").write_bytes(image_bytes())
    examples = "\n\n".join(form.example for form in MARKDOWN_FORMS.values())
    (tmp_path / "blocks.md").write_text(f"---\ntitle: Bloques\ndate: 2024-05-06\n---\n\n{examples}\n", encoding="utf-8")
    call_command("import_essays", str(tmp_path), stdout=io.StringIO(), stderr=io.StringIO())

    visit = open_tab(color_scheme=scheme, bypass_csp=True)
    visit.page.goto(visit.origin + "/essays/blocks/")
    visit.page.evaluate(axe_source)
    violations = visit.page.evaluate(RUN_AXE, AXE_TAGS)
    assert violations == [], violations
