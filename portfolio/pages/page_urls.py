"""Every live page's URL at once, for links in rich text and between essays."""

from wagtail.models import Page

from portfolio.serving.content_changes import cached


def live_page_urls():
    """Every live page's URL by its id; one query once per change."""
    pages = Page.objects.live().only("url_path", "path", "depth", "locale_id")
    return cached("live-page-urls", lambda: {page.pk: page.get_url() for page in pages})


def private_sections():
    """A Q matching every page in a private section, for .exclude(): Wagtail's public() reads the restrictions at
    each call; this reads them once per change, for listings that need several queries."""
    return cached("private-sections", lambda: Page.objects.all().private_q())
