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
from portfolio.templatetags.seo import social_rendition

FEED_LENGTH = 20
SITE_RELATIVE_URL = re.compile(r'\b(href|src)="(/(?!/)[^"]*)"')
SRCSET = re.compile(r'\bsrcset="([^"]*)"')
MEDIA_RSS = "http://search.yahoo.com/mrss/"


class CleanText:
    """A feed generator that removes the characters XML cannot carry from everything it writes, as rows saved
    before text was cleaned on save may hold them: one would fail the whole feed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*clean_data(list(args)), **clean_data(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*clean_data(list(args)), **clean_data(kwargs))


class MediaImage:
    """Each essay's image as a Media RSS media:content element, which feed readers show beside it. Not an
    enclosure: that needs the file's length, one read of the storage (a request, on object storage) per essay."""

    def add_image(self, handler, item):
        image = item.get("image")
        if image:
            handler.addQuickElement("media:content", "", {"medium": "image", "type": "image/jpeg", **image})


class RssWithContent(CleanText, MediaImage, Rss201rev2Feed):
    """RSS 2.0 with each essay's full body in content:encoded, beside its summary, and its image."""

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
            "xmlns:media": MEDIA_RSS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content:encoded", item["content"])
        self.add_image(handler, item)


class AtomWithContent(CleanText, MediaImage, Atom1Feed):
    """Atom with each essay's full body in <content>, beside its <summary>, and its image."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "html"})
        self.add_image(handler, item)


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

    def essays(self):
        essays = self.index.essays()
        return essays.filter(tags=self.tag) if self.tag else essays

    def items(self):
        essays = list(self.essays()[:FEED_LENGTH])
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
        return {"content": absolute_urls(str(body), absolute_url(self.request, "")), "image": self.image(essay)}

    def image(self, essay):
        """The essay's shared image (its cover, or else its body's first image), as link previews show it."""
        if essay.social_image is None:
            return None
        social = social_rendition(essay.social_image)
        return {"url": absolute_url(self.request, social.url), "width": str(social.width), "height": str(social.height)}


class SeriesFeed(EssayFeed):
    """The published parts of a series, newest first."""

    def __init__(self, series, *, feed_type=RssWithContent):
        super().__init__(series, feed_type=feed_type)
        self.series = series

    def title(self):
        return f"{self.series.title} · {self.site_name}" if self.site_name else self.series.title

    def link(self):
        return self.series.get_full_url(self.request)

    def description(self):
        return self.series.description

    def essays(self):
        return self.series.essays().order_by("-date", "-pk")


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
