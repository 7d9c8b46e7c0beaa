"""Every live page at a glance (id, path, title, URL, type), cached: enough for routing, links and breadcrumbs
without queries."""

from dataclasses import dataclass

from portfolio.content_cache import cached
from portfolio.visibility import pages


@dataclass(frozen=True)
class LivePage:
    id: int
    url_path: str
    title: str
    url: str
    content_type_id: int


@dataclass(frozen=True)
class LivePages:
    by_id: dict
    by_url_path: dict


def live_pages():
    def load():
        found = [
            LivePage(page.pk, page.url_path, page.title, page.get_url(), page.content_type_id)
            for page in pages().live().defer_streamfields().order_by("path")
        ]
        return LivePages({page.id: page for page in found}, {page.url_path: page for page in found})

    return cached("live-pages", load)
