import bisect
import heapq
import html
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from blog.feeds import AtomWithContent, EssayFeed
from blog.tags import SLUG_PATTERN
from portfolio.models import AuthorSettings
from portfolio.pages.blocks import BodyBlock, table_of_contents
from portfolio.pages.page_urls import live_page_urls
from portfolio.pages.pagination import paginate
from portfolio.pages.site_url import absolute_url
from portfolio.pages.structured_data import blog_posting
from portfolio.pages.text import CleanInput
from portfolio.serving.content_changes import cached

WORDS_READ_PER_MINUTE = 230
# Fewer headings than this read fine without a table of contents.
TABLE_OF_CONTENTS_MIN_HEADINGS = 3


class EssayPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.EssayPage", on_delete=models.CASCADE, related_name="tagged_items")


# Essays' tags for a listing, kept in a list: a plain prefetch_related("tags") builds a tag manager's queryset
# for every essay, which costs more than the query itself.
TAGS = models.Prefetch("tags", to_attr="prefetched_tags")


class EssayQuerySet(PageQuerySet):
    def published(self):
        """Essays a visitor may read, newest first, with their tags."""
        return self.live().public().order_by("-date", "-pk").prefetch_related(TAGS)

    def for_cards(self):
        """Without the bodies, which cards never show."""
        return self.defer_streamfields()

    def tags_in_use(self):
        """The tags of these essays, by name, each with its number of essays."""
        return (
            Tag.objects.filter(blog_essaypagetag_items__content_object__in=self)
            .annotate(essay_count=models.Count("blog_essaypagetag_items", distinct=True))
            .order_by("name")
        )


EssayManager = PageManager.from_queryset(EssayQuerySet)


def reading_minutes(body):
    """Minutes an average reader needs for a body, at least one."""
    words = sum(len(text.split()) for text in body.stream_block.get_searchable_content(body))
    return max(1, round(words / WORDS_READ_PER_MINUTE))


# The first part of the essay index's own addresses (its routes below), and what is there: an essay with one of
# these slugs would be hidden behind them.
RESERVED_SLUGS = {
    "feed": "its RSS and Atom feeds",
    "tags": "its tag pages",
    "page": "its numbered pages",
    "archive": "its archive of essays by year",
}


def validate_essay_slug(slug):
    """Refuse a slug the essay index uses for an address of its own."""
    if slug in RESERVED_SLUGS:
        raise ValidationError(
            f"The slug '{slug}' is reserved: the essay index uses {slug}/ for {RESERVED_SLUGS[slug]}, which would "
            "hide this essay. Choose another slug.",
            code="reserved_slug",
        )


class EssayIndexPage(CleanInput, RoutablePageMixin, Page):
    """Every essay, newest first, and one page per tag."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portfolio.HomePage"]
    subpage_types = ["blog.EssayPage"]
    max_count = 1

    class Meta:
        verbose_name = "essay index"

    def essays(self):
        return EssayPage.objects.child_of(self).published()

    def tagged_essays(self, tag_slug):
        """A tag and its published essays; 404 if the tag is unknown or has none."""
        tag = get_object_or_404(Tag, slug=tag_slug)
        essays = self.essays().filter(tags=tag)
        if not essays.exists():
            raise Http404("No published essay has this tag.")
        return tag, essays

    @path("")
    def essay_list(self, request):
        essays = self.essays()
        return self.render(
            request,
            context_overrides={
                "essays": paginate(request, essays.for_cards(), settings.ESSAYS_PER_PAGE),
                "tags": cached(f"essay-tags:{self.pk}", lambda: list(essays.tags_in_use())),
            },
        )

    @re_path(rf"^tags/(?P<tag_slug>{SLUG_PATTERN})/$", name="tag")
    def essays_by_tag(self, request, tag_slug):
        tag, essays = self.tagged_essays(tag_slug)
        return self.render(
            request,
            context_overrides={
                "essays": paginate(request, essays.for_cards(), settings.ESSAYS_PER_PAGE),
                "tag": tag,
                "meta_title": f"Essays tagged “{tag.name}”",
                "meta_description": f"Essays about {tag.name}, newest first.",
                "route_crumb": tag.name,
            },
            template="blog/essay_tag_page.html",
        )

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return EssayFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return EssayFeed(self, feed_type=AtomWithContent)(request)

    @re_path(rf"^tags/(?P<tag_slug>{SLUG_PATTERN})/feed/$", name="tag_feed")
    def tag_feed(self, request, tag_slug):
        tag, _essays = self.tagged_essays(tag_slug)
        return EssayFeed(self, tag=tag)(request)

    def get_sitemap_urls(self, request=None):
        """The index, and a page for each tag in use, last modified when its newest essay was published."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        newest = self.essays().order_by().values("tags__slug").annotate(lastmod=models.Max("last_published_at"))
        for row in newest.filter(tags__slug__isnull=False).exclude(tags__slug="").order_by("tags__slug"):
            tag_url = base + self.reverse_subpage("tag", args=[row["tags__slug"]])
            urls.append({"location": tag_url, "lastmod": row["lastmod"]})
        return urls


@dataclass
class ReadingOrder:
    order: list  # (date, pk) of each essay, oldest first
    titles: dict  # pk: title
    tags: dict  # pk: the set of its tags' pks


@dataclass
class EssayLink:
    title: str
    url: str


class EssayPage(CleanInput, Page):
    """A long-form essay."""

    date = models.DateField(
        "published on",
        null=True,
        blank=True,
        help_text="Leave it blank to show the day the essay first goes live, scheduled or not.",
    )
    description = models.TextField(
        max_length=300,
        help_text="One or two sentences: shown in listings and search results, and as the page's meta description.",
    )
    featured = models.BooleanField(default=False, help_text="Featured essays are shown first on the home page.")
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    tags = ClusterTaggableManager(through=EssayPageTag, blank=True)
    body = StreamField(BodyBlock())

    objects = EssayManager()

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("tags"), FieldPanel("featured")], heading="About this essay"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("featured"),
    ]

    parent_page_types = ["blog.EssayIndexPage"]
    subpage_types = []
    og_type = "article"
    card_template = "blog/cards/essay_card.html"
    card_prefetch = [TAGS]

    class Meta:
        verbose_name = "essay"
        # Essays in date order, featured ones first on the home page: listings and an essay's previous and next
        # read a few rows of an index instead of scanning every essay.
        indexes = [
            models.Index(fields=["date", "page_ptr"], name="blog_essay_date_order"),
            models.Index(fields=["featured", "date", "page_ptr"], name="blog_essay_featured_order"),
        ]

    @cached_property
    def tag_list(self):
        """The tags by name, so every listing shows them alike; prefetched with TAGS when listed."""
        tags = getattr(self, "prefetched_tags", None)
        return sorted(self.tags.all() if tags is None else tags, key=lambda tag: tag.name.lower())

    @property
    def description_opens_body(self):
        """Whether the body's first paragraph begins with the description, as when the importer took the opening
        sentences for one: the essay then says it once, not as a lede and again as its first words."""
        first = self.body[0] if self.body else None
        if first is None or first.block_type != "paragraph" or not self.description:
            return False
        opening = " ".join(html.unescape(strip_tags(first.value.source)).split())
        return opening.startswith(" ".join(self.description.removesuffix("…").split()))

    def clean(self):
        super().clean()
        try:
            validate_essay_slug(self.slug)
        except ValidationError as error:
            raise ValidationError({"slug": error}) from error

    def save(self, *args, **kwargs):
        # Kept with the page, so that listings show it without loading and walking every essay's body.
        self.reading_minutes = reading_minutes(self.body)
        if self.date is None and self.live:
            # Publishing sets first_published_at before saving, so an undated essay shows the day it went live,
            # and keeps it when it is published again.
            self.date = timezone.localdate(self.first_published_at or timezone.now())
        return super().save(*args, **kwargs)

    def serve_preview(self, request, mode_name):
        # A preview shows the body being edited, and an undated essay as if it went live today.
        self.reading_minutes = reading_minutes(self.body)
        self.date = self.date or timezone.localdate()
        return super().serve_preview(request, mode_name)

    @property
    def social_image(self):
        """The body's first image that is still in the library, shown when the essay is shared."""
        images = (block.value["image"] for block in self.body if block.block_type == "image")
        return next((image for image in images if image), None)

    def reading_order(self):
        """The published essays of this essay's index, oldest first, with their titles and tags: read in one query
        once per change, so that no essay needs queries of its own for its previous, next and related essays."""

        def load():
            rows = (
                EssayPage.objects.sibling_of(self)
                .live()
                .public()
                .order_by("date", "pk")
                .values_list("date", "pk", "title", "tagged_items__tag")
            )
            order, titles, tags = [], {}, {}
            for date, pk, title, tag in rows:
                if pk not in tags:
                    order.append((date, pk))
                    titles[pk], tags[pk] = title, set()
                if tag is not None:
                    tags[pk].add(tag)
            return ReadingOrder(order, titles, tags)

        return cached(f"essay-reading-order:{self.path[: -self.steplen]}", load)

    def neighbour_pks(self):
        """The published essays just before and just after this one by date; either may be None."""
        reading = self.reading_order()
        here = (self.date, self.pk)
        position = bisect.bisect_left(reading.order, here)
        after = position + 1 if position < len(reading.order) and reading.order[position] == here else position
        return [
            reading.order[position - 1][1] if position > 0 else None,
            reading.order[after][1] if after < len(reading.order) else None,
        ]

    def neighbours(self):
        """The previous and next essays as links."""
        titles, urls = self.reading_order().titles, live_page_urls()
        return [EssayLink(titles[pk], urls[pk]) if pk in urls else None for pk in self.neighbour_pks()]

    def related(self, limit=3):
        """Published essays sharing the most of this one's tags, then the newest, but for the previous and next,
        already linked: ranked in the reading order, then read in one query with their tags."""
        wanted = {tag.pk for tag in self.tag_list}
        reading = self.reading_order()
        linked = {self.pk, *self.neighbour_pks()}
        ranked = ((len(wanted & reading.tags[pk]), date, pk) for date, pk in reading.order if pk not in linked)
        chosen = [pk for _shared, _date, pk in heapq.nlargest(limit, (rank for rank in ranked if rank[0]))]
        essays = EssayPage.objects.filter(pk__in=chosen).for_cards().prefetch_related(TAGS).in_bulk()
        return [essays[pk] for pk in chosen if pk in essays]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        headings = table_of_contents(self.body)
        context["table_of_contents"] = headings if len(headings) >= TABLE_OF_CONTENTS_MIN_HEADINGS else []
        context["previous_essay"], context["next_essay"] = self.neighbours()
        context["related_essays"] = self.related()
        return context

    def structured_data(self, request, meta):
        author = AuthorSettings.for_request(request)
        image_url = meta["image"]["url"] if meta["image"] else None
        home_url = absolute_url(request, "/")
        return [blog_posting(self, meta["url"], self.tag_list, author, home_url, image_url)]
