from django.conf import settings
from django.db import models
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from portfolio.blocks import BodyBlock, table_of_contents
from portfolio.pagination import paginate

WORDS_READ_PER_MINUTE = 230
# Fewer headings than this read fine without a table of contents.
TABLE_OF_CONTENTS_MIN_HEADINGS = 3


class EssayPageTag(TaggedItemBase):
    content_object = ParentalKey("blog.EssayPage", on_delete=models.CASCADE, related_name="tagged_items")


class EssayQuerySet(PageQuerySet):
    def published(self):
        """Essays a visitor may read, newest first, with what their cards show."""
        return self.live().public().order_by("-date", "-pk").prefetch_related("tags")

    def tags_in_use(self):
        """The tags of these essays, by name, each with its number of essays."""
        return (
            Tag.objects.filter(blog_essaypagetag_items__content_object__in=self)
            .annotate(essay_count=models.Count("blog_essaypagetag_items", distinct=True))
            .order_by("name")
        )


EssayManager = PageManager.from_queryset(EssayQuerySet)


class EssayIndexPage(RoutablePageMixin, Page):
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

    @path("")
    def essay_list(self, request):
        essays = self.essays()
        return self.render(
            request,
            context_overrides={
                "essays": paginate(request, essays, settings.ESSAYS_PER_PAGE),
                "tags": essays.tags_in_use(),
            },
        )

    @path("tags/<slug:tag_slug>/", name="tag")
    def essays_by_tag(self, request, tag_slug):
        tag = get_object_or_404(Tag, slug=tag_slug)
        essays = self.essays().filter(tags=tag)
        if not essays.exists():
            raise Http404("No published essay has this tag.")
        page = paginate(request, essays, settings.ESSAYS_PER_PAGE)
        return self.render(request, context_overrides={"essays": page, "tag": tag}, template="blog/essay_tag_page.html")


class EssayPage(Page):
    """A long-form essay."""

    date = models.DateField("published on", default=timezone.localdate)
    description = models.TextField(
        max_length=300,
        help_text="One or two sentences: shown in listings and search results, and as the page's meta description.",
    )
    featured = models.BooleanField(default=False, help_text="Featured essays are shown first on the home page.")
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

    class Meta:
        verbose_name = "essay"

    @property
    def reading_time(self):
        """Minutes an average reader needs for the body, at least one."""
        words = sum(len(text.split()) for text in self.body.stream_block.get_searchable_content(self.body))
        return max(1, round(words / WORDS_READ_PER_MINUTE))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        headings = table_of_contents(self.body)
        context["table_of_contents"] = headings if len(headings) >= TABLE_OF_CONTENTS_MIN_HEADINGS else []
        return context
