from wagtail import hooks

from portfolio.rich_text import CachedPageLinkHandler


# Runs after Wagtail's own registration (order 0), so that this handler replaces its page link handler.
@hooks.register("register_rich_text_features", order=1)
def register_cached_page_links(features):
    features.register_link_type(CachedPageLinkHandler)
