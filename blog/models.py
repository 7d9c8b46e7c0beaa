import bisect
import heapq
import html
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from blog.blocks import EssayBodyBlock
from blog.feeds import AtomWithContent, EssayFeed, SeriesFeed
from blog.forms import EssayPageForm
from blog.tags import SLUG_PATTERN
from portfolio.models import AuthorSettings
from portfolio.pages.blocks import prefetch_pictures, table_of_contents
from portfolio.pages.page_urls import live_page_urls
from portfolio.pages.pagination import paginate
from portfolio.pages.site_url import absolute_url
from portfolio.pages.structured_data import blog_posting, creative_work_series
from portfolio.pages.text import CleanInput
from portfolio.serving.content_changes import cached
from portfolio.templatetags.seo import SOCIAL_IMAGE_FILTER

WORDS_READ_PER_MINUTE = 230
# Fewer headings than this read fine without a table of contents.
TABLE_OF_CONTENTS_MIN_HEADINGS = 3


class EssayPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.EssayPage", on_delete=models.CASCADE, related_name="tagged_items")


# Essays' tags for a listing, kept in a list: a plain prefetch_related("tags") builds a tag manager's queryset
# for every essay, which costs more than the query itself.
TAGS = models.Prefetch("tags", to_attr="prefetched_tags")
# The size of a cover on a card (templates/blog/cards/essay_card.html), twice the size it is shown at.
CARD_COVER = "fill-160x160"
# Covers with the renditions cards and feeds show, read for a whole listing or feed in two queries.
COVERS = models.Prefetch(
    "cover_image", queryset=get_image_model().objects.prefetch_renditions(CARD_COVER, SOCIAL_IMAGE_FILTER.spec)
)


class EssayQuerySet(PageQuerySet):
    def published(self):
        """Essays a visitor may read, newest first, with their tags and their cards' covers."""
        return self.live().public().order_by("-date", "-pk").prefetch_related(TAGS, COVERS)

    def for_cards(self):
        """Without the bodies, which cards never show."""
        return self.defer_streamfields()

    def years(self):
        """(year, number of essays, when the newest was last published) for each year these essays are dated in,
        newest first."""
        return (
            self.order_by()
            .filter(date__isnull=False)
            .annotate(year=ExtractYear("date"))
            .values_list("year")
            .annotate(count=models.Count("pk"), lastmod=models.Max("last_published_at"))
            .order_by("-year")
        )

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
# A year page's address below the essay index: four digits, the years a date can hold.
YEAR_PATTERN = r"[1-9][0-9]{3}"


def validate_essay_slug(slug, kind="essay"):
    """Refuse a slug the essay index uses for an address of its own."""
    used_for = RESERVED_SLUGS.get(slug) or ("the essays of a year" if re.fullmatch(YEAR_PATTERN, slug) else None)
    if used_for:
        raise ValidationError(
            f"The slug '{slug}' is reserved: the essay index uses {slug}/ for {used_for}, which would "
            f"hide this {kind}. Choose another slug.",
            code="reserved_slug",
        )


@dataclass
class EssayYear:
    year: int
    count: int  # published essays dated in that year
    url: str


class EssayIndexPage(CleanInput, RoutablePageMixin, Page):
    """Every essay, newest first, and one page per tag."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portfolio.HomePage"]
    subpage_types = ["blog.EssayPage", "blog.SeriesPage"]
    max_count = 1

    class Meta:
        verbose_name = "essay index"

    def essays(self):
        return EssayPage.objects.child_of(self).published()

    def essay_years(self, request=None):
        """Each year with published essays, newest first, with its number of essays: read once per change."""

        def load():
            return [(year, count) for year, count, _lastmod in self.essays().years()]

        base = self.get_url(request)
        return [
            EssayYear(year, count, base + self.reverse_subpage("year", args=[str(year)]))
            for year, count in cached(f"essay-years:{self.pk}", load)
        ]

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
                "years": self.essay_years(request),
            },
        )

    @path("archive/", name="archive")
    def archive(self, request):
        years = self.essay_years(request)
        # Titles and dates only: neither tags nor covers.
        essays = paginate(request, self.essays().for_cards().prefetch_related(None), settings.ARCHIVE_ESSAYS_PER_PAGE)
        return self.render(
            request,
            context_overrides={
                "essays": essays,
                "groups": grouped_by_year(essays, years),
                "years": years,
                "meta_title": "Essay archive",
                "meta_description": f"Every essay, {sum(year.count for year in years)} in all, by year.",
                "route_crumb": "Archive",
            },
            template="blog/essay_archive_page.html",
        )

    @re_path(rf"^(?P<year>{YEAR_PATTERN})/$", name="year")
    def essays_of_year(self, request, year):
        years = self.essay_years(request)
        this_year = next((found for found in years if found.year == int(year)), None)
        if this_year is None:
            raise Http404("No published essay is dated in this year.")
        essays = self.essays().filter(date__year=this_year.year)
        position = years.index(this_year)
        return self.render(
            request,
            context_overrides={
                "essays": paginate(request, essays.for_cards(), settings.ESSAYS_PER_PAGE),
                "year": this_year,
                "years": years,
                # Years are listed newest first: the one after in the list is the one before in time.
                "earlier_year": years[position + 1] if position + 1 < len(years) else None,
                "later_year": years[position - 1] if position > 0 else None,
                "meta_title": f"Essays from {year}",
                "meta_description": f"The {this_year.count} essays written in {year}, newest first.",
                "route_crumb": year,
            },
            template="blog/essay_year_page.html",
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
        """The index, the archive, a page for each year and each tag in use, each last modified when its newest
        essay was published."""
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        # One queryset for both: each essays() reads the site's view restrictions again.
        essays = self.essays().order_by()
        years = list(essays.years())
        if years:
            newest = max(lastmod for _year, _count, lastmod in years)
            urls.append({"location": base + self.reverse_subpage("archive"), "lastmod": newest})
        for year, _count, lastmod in years:
            urls.append({"location": base + self.reverse_subpage("year", args=[str(year)]), "lastmod": lastmod})
        by_tag = essays.values("tags__slug").annotate(lastmod=models.Max("last_published_at"))
        for row in by_tag.filter(tags__slug__isnull=False).exclude(tags__slug="").order_by("tags__slug"):
            tag_url = base + self.reverse_subpage("tag", args=[row["tags__slug"]])
            urls.append({"location": tag_url, "lastmod": row["lastmod"]})
        return urls


def grouped_by_year(essays, years):
    """A page of essays, newest first, in runs of one year each, each run with its year (and its count)."""
    known = {year.year: year for year in years}
    groups = []
    for essay in essays:
        if not groups or groups[-1]["year"].year != essay.date.year:
            groups.append({"year": known.get(essay.date.year, EssayYear(essay.date.year, 0, "")), "essays": []})
        groups[-1]["essays"].append(essay)
    return groups


@dataclass
class ReadingOrder:
    order: list  # (date, pk) of each essay, oldest first
    titles: dict  # pk: title
    tags: dict  # pk: the set of its tags' pks
    tag_names: dict  # a tag's pk: (name, slug)
    series: dict  # pk: (its series' pk, the series' title, its place in the series) for each part of a series

    def tags_of(self, pk):
        """An essay's tags as published, without a query."""
        return [Tag(pk=tag, name=self.tag_names[tag][0], slug=self.tag_names[tag][1]) for tag in self.tags[pk]]


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
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown at the top of the essay, on its cards, in feeds and when it is shared (cropped to 1200×630 "
        "around the image's focal point). Without one, the body's first image is shared, then the site's default.",
    )
    cover_alt = models.CharField(
        "cover's alt text",
        max_length=250,
        blank=True,
        help_text="What the cover shows, for readers who cannot see it. Leave it blank to use the image's own "
        "description.",
    )
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    tags = ClusterTaggableManager(through=EssayPageTag, blank=True)
    body = StreamField(EssayBodyBlock())

    objects = EssayManager()
    base_form_class = EssayPageForm

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel([FieldPanel("date"), FieldPanel("tags"), FieldPanel("featured")], heading="About this essay"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], heading="Cover image"),
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
    card_prefetch = [TAGS, COVERS]

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

    @property
    def card_cover(self):
        """The cover a card shows, if the listing read the covers with its essays (COVERS, or joined): a listing
        that did not shows its cards without, rather than make a query for each."""
        return self.cover_image if type(self).cover_image.is_cached(self) else None

    @property
    def cover_alt_text(self):
        """The cover's alt text: the author's for this essay, or the image's own description."""
        return self.cover_alt or (getattr(self.cover_image, "description", "") if self.cover_image else "")

    def clean(self):
        super().clean()
        try:
            validate_essay_slug(self.slug)
        except ValidationError as error:
            raise ValidationError({"slug": error}) from error
        if self.cover_image and not self.cover_alt_text:
            raise ValidationError(
                {"cover_alt": "Say what the cover shows: this image has no description to use instead."}
            )
        self.body_without_markdown()

    def body_without_markdown(self):
        """Markdown blocks saved without the editor (a script, the shell) become their blocks too, as in the editor."""
        if not any(raw["type"] == "markdown" for raw in self.body.raw_data):
            return
        try:
            self.body = self.body.stream_block.clean(self.body)
        except blocks.StreamBlockValidationError as error:
            problems = [message for child in error.block_errors.values() for message in child.messages]
            raise ValidationError({"body": problems or error.messages}) from error

    def save(self, *args, update_fields=None, **kwargs):
        # Kept with the page, so that listings show it without loading and walking every essay's body; not counted
        # again for a save of other fields (a new revision's).
        if update_fields is None or {"body", "reading_minutes"} & set(update_fields):
            self.reading_minutes = reading_minutes(self.body)
        if self.date is None and self.live:
            # Publishing sets first_published_at before saving, so an undated essay shows the day it went live,
            # and keeps it when it is published again.
            self.date = timezone.localdate(self.first_published_at or timezone.now())
        return super().save(*args, update_fields=update_fields, **kwargs)

    def serve_preview(self, request, mode_name):
        # A preview shows the body being edited, and an undated essay as if it went live today.
        self.reading_minutes = reading_minutes(self.body)
        self.date = self.date or timezone.localdate()
        return super().serve_preview(request, mode_name)

    @property
    def social_image(self):
        """The cover, or else the body's first image that is still in the library: shown when the essay is shared
        and in feeds."""
        if self.cover_image:
            return self.cover_image
        images = (block.value["image"] for block in self.body if block.block_type == "image")
        return next((image for image in images if image), None)

    @property
    def social_image_alt(self):
        return self.cover_alt_text if self.cover_image else None

    def reading_order(self):
        """The published essays of this essay's index, oldest first, with their titles, tags and places in a series:
        read in one query once per change, so that no essay needs queries of its own for its previous, next and
        related essays and the parts of its series."""

        def load():
            rows = (
                EssayPage.objects.sibling_of(self)
                .live()
                .public()
                .order_by("date", "pk")
                .values_list(
                    "date",
                    "pk",
                    "title",
                    "tagged_items__tag",
                    "tagged_items__tag__name",
                    "tagged_items__tag__slug",
                    "series_parts__page",
                    "series_parts__page__title",
                    "series_parts__sort_order",
                )
            )
            order, titles, tags, tag_names, series = [], {}, {}, {}, {}
            for date, pk, title, tag, tag_name, tag_slug, series_pk, series_title, place in rows:
                if pk not in tags:
                    order.append((date, pk))
                    titles[pk], tags[pk] = title, set()
                    if series_pk is not None:
                        series[pk] = (series_pk, series_title, place or 0)
                if tag is not None:
                    tags[pk].add(tag)
                    tag_names[tag] = (tag_name, tag_slug)
            return ReadingOrder(order, titles, tags, tag_names, series)

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
        # Their covers joined, not prefetched, and their tags from the reading order: three queries fewer on every
        # essay; the renditions are in the cache.
        essays = EssayPage.objects.filter(pk__in=chosen).for_cards().select_related("cover_image").in_bulk()
        for essay in essays.values():
            essay.prefetched_tags = reading.tags_of(essay.pk)
        return [essays[pk] for pk in chosen if pk in essays]

    def get_context(self, request, *args, **kwargs):
        reading = self.reading_order()
        if self.pk in reading.tags and not getattr(request, "is_preview", False):
            # The tags as published, from the reading order (a preview shows the ones being edited): no query.
            self.prefetched_tags = reading.tags_of(self.pk)
        context = super().get_context(request, *args, **kwargs)
        headings = table_of_contents(self.body)
        prefetch_pictures(self.body, SOCIAL_IMAGE_FILTER.spec)  # the first may be the page's social image too
        context["table_of_contents"] = headings if len(headings) >= TABLE_OF_CONTENTS_MIN_HEADINGS else []
        context["previous_essay"], context["next_essay"] = self.neighbours()
        context["related_essays"] = self.related()
        context["series"] = self.series_place()
        return context

    def series_place(self):
        """This essay's place in its live series (None outside one): the series, "part 2 of 5", the previous and
        next published parts; from the reading order."""
        reading, urls = self.reading_order(), live_page_urls()
        found = reading.series.get(self.pk)
        if found is None or found[0] not in urls:
            return None
        series_pk, title, _place = found
        parts = sorted((place, pk) for pk, (other, _title, place) in reading.series.items() if other == series_pk)
        parts = [pk for _place, pk in parts]
        position = parts.index(self.pk)

        def link(pk):
            return EssayLink(reading.titles[pk], urls[pk]) if pk in urls else None

        return SeriesPlace(
            EssayLink(title, urls.get(series_pk, "")),
            position + 1,
            len(parts),
            link(parts[position - 1]) if position > 0 else None,
            link(parts[position + 1]) if position + 1 < len(parts) else None,
        )

    def structured_data(self, request, meta):
        author = AuthorSettings.for_request(request)
        image_url = meta["image"]["url"] if meta["image"] else None
        home_url = absolute_url(request, "/")
        posting = blog_posting(self, meta["url"], self.tag_list, author, home_url, image_url)
        place = self.series_place()
        if place:
            posting["isPartOf"] = {
                "@type": "CreativeWorkSeries",
                "name": place.series.title,
                "url": absolute_url(request, place.series.url),
            }
            posting["position"] = place.number
        return [posting]


@dataclass
class SeriesPlace:
    series: EssayLink
    number: int  # 1 for the first part
    count: int
    previous: EssayLink | None
    next: EssayLink | None


class SeriesPage(CleanInput, RoutablePageMixin, Page):
    """An essay in parts: its own description, its parts in the author's order, and a feed of them."""

    description = models.TextField(
        max_length=300, help_text="What the series is about: shown on its page, in its feed and in search results."
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        InlinePanel("parts", heading="Parts", label="part", help_text="The essays of the series, in reading order."),
    ]

    search_fields = Page.search_fields + [index.SearchField("description")]

    parent_page_types = ["blog.EssayIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "series"
        verbose_name_plural = "series"

    def clean(self):
        super().clean()
        try:
            validate_essay_slug(self.slug, kind="series")
        except ValidationError as error:
            raise ValidationError({"slug": error}) from error

    def essays(self):
        """The published parts, in reading order."""
        return (
            EssayPage.objects.filter(series_parts__page=self)
            .live()
            .public()
            .order_by("series_parts__sort_order", "pk")
            .prefetch_related(TAGS, COVERS)
        )

    @path("")
    def part_list(self, request):
        if getattr(request, "is_preview", False):
            # The parts as being edited, in their new order, which the database does not hold yet.
            parts = [part.essay.specific for part in self.parts.all() if part.essay_id and part.essay.live]
        else:
            parts = list(self.essays().for_cards())
        return self.render(request, context_overrides={"parts": parts})

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return SeriesFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return SeriesFeed(self, feed_type=AtomWithContent)(request)

    def structured_data(self, request, meta):
        return [creative_work_series(self.title, self.description, meta["url"])]


class SeriesPart(Orderable):
    """One essay of a series, at its place in the series."""

    page = ParentalKey(SeriesPage, on_delete=models.CASCADE, related_name="parts")
    essay = models.ForeignKey(EssayPage, on_delete=models.CASCADE, related_name="series_parts")

    panels = [PageChooserPanel("essay", page_type="blog.EssayPage")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["essay"],
                name="blog_essay_in_one_series",
                violation_error_message="This essay is already a part of a series: an essay has one place in one "
                "series.",
            )
        ]
