"""Every page type passes axe-core (WCAG 2.2 A and AA, and best practices) in the light and the dark theme."""

import pytest

from tests.browser.test_reader import PAGES

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
