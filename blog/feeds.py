"""RSS and Atom feeds of essays, with each essay's full body and absolute links."""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from portfolio.models import AuthorSettings
from portfolio.pages.blocks import read_together
from portfolio.pages.site_url import absolute_url
from portfolio.pages.text import clean_data

FEED_LENGTH = 20
SITE_RELATIVE_URL = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')
SRCSET = re.compile(r'\bsrcset="([^"]*)"')


class CleanText:
    """A feed generator that removes the characters XML cannot carry from everything it writes, as rows saved
    before text was cleaned on save may hold them: one would fail the whole feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*clean_data(list(args)), **clean_data(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*clean_data(list(args)), **clean_data(kwargs))


class RssWithContent(CleanText, Rss201rev2Feed):
    """RSS 2.0 with each essay's full body in content:encoded, beside its summary."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": "http://purl.org/rss/1.0/modules/content/"}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])


class AtomWithContent(CleanText, Atom1Feed):
    """Atom with each essay's full body in <content>, beside its <summary>."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})


class EssayFeed(Feed):
    """The newest essays of an essay index, or of one of its tags."""

    def __init__(self, index, *, tag=None, feed_type=RssWithContent):
        super().__init__()
        self.index = index
        self.tag = tag
        self.feed_type = feed_type

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # The feed generator writes hundreds of small pieces, and a WSGI server sends each one with a system
        # call of its own: one piece makes a cached feed several times cheaper to serve.
        response.content = b"".join(response)
        return response

    def get_object(self, request, *args, **kwargs):
        self.request = request
        self.author = AuthorSettings.for_request(request)
        self.site_name = self.author.name
        return self.index

    def title(self):
        essays = f"Essays tagged “{self.tag.name}”" if self.tag else "Essays"
        return f"{essays} · {self.site_name}" if self.site_name else essays

    def link(self):
        url = self.index.get_full_url(self.request)
        return url + self.index.reverse_subpage("tag", args=[self.tag.slug]) if self.tag else url

    def feed_url(self):
        return absolute_url(self.request, self.request.path)

    def description(self):
        about = f" about {self.tag.name}" if self.tag else ""
        return f"The newest essays{about}, in full."

    def author_name(self):
        return self.author.name or None

    def items(self):
        essays = self.index.essays()
        if self.tag:
            essays = essays.filter(tags=self.tag)
        essays = list(essays[:FEED_LENGTH])
        read_together(essay.body for essay in essays)
        return essays

    def item_title(self, essay):
        return essay.title

    def item_description(self, essay):
        return essay.description

    def item_link(self, essay):
        return essay.get_full_url(self.request)

    def item_pubdate(self, essay):
        return timezone.make_aware(datetime.datetime.combine(essay.date, datetime.time()))

    def item_updateddate(self, essay):
        return essay.last_published_at

    def item_categories(self, essay):
        return [tag.name for tag in essay.tag_list]

    def item_author_name(self, essay):
        return self.author.name or None

    def item_extra_kwargs(self, essay):
        body = essay.body.render_as_block(context={"request": self.request, "page": essay})
        return {"content": absolute_urls(str(body), absolute_url(self.request, ""))}


def absolute_urls(html, origin):
    """Site-relative href, src and srcset URLs made absolute, as feed readers need them."""
    html = SITE_RELATIVE_URL.sub(lambda match: f'{match[1]}="{origin}{match[2]}"', html)

    def absolute_srcset(match):
        candidates = []
        for candidate in match[1].split(","):
            url, _, size = candidate.strip().partition(" ")
            if url.startswith("/") and not url.startswith("//"):
                url = origin + url
            candidates.append(f"{url} {size}".strip())
        return f'srcset="{", ".join(candidates)}"'

    return SRCSET.sub(absolute_srcset, html)
