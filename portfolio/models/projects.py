"""The portfolio of work: an index of projects, software and career projects, and years active."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portfolio.pages.blocks import BodyBlock
from portfolio.pages.cards import prefetch_for_cards
from portfolio.pages.text import CleanInput

YEAR_VALIDATORS = [MinValueValidator(1900), MaxValueValidator(2100)]


class YearsActive(models.Model):
    """A start and an end year, both optional: an empty end means still going."""

    start_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="Leave empty if unknown."
    )
    end_year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="Leave empty while it is still going."
    )

    years_panel = FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")], heading="Years active")

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError(
                {"end_year": f"The end year ({self.end_year}) cannot be before the start year ({self.start_year})."}
            )

    @property
    def years(self):
        """The years as a reader sees them: "2010–2019", "2010–present", "until 2019", or "" when unknown."""
        if self.start_year and self.end_year:
            return str(self.start_year) if self.start_year == self.end_year else f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"{self.start_year}–present"
        return f"until {self.end_year}" if self.end_year else ""


class SummaryAndImage:
    """A project's summary and image stand for it wherever a page's description and picture are shown."""

    @property
    def description(self):
        return self.summary

    @property
    def social_image(self):
        return self.image


class ProjectIndexPage(CleanInput, Page):
    """The portfolio: the music timeline and every other project, in the order the author arranges them."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["portfolio.HomePage"]
    subpage_types = ["music.MusicTimelinePage", "portfolio.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "project index"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["projects"] = prefetch_for_cards(list(self.get_children().live().public().specific()))
        return context


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey("portfolio.ProjectPage", on_delete=models.CASCADE, related_name="tagged_items")


class ProjectPage(CleanInput, SummaryAndImage, YearsActive, Page):  # noqa: DJ008 (Page gives it __str__)
    """A software or career project: what it was, the author's role, and where to see it."""

    role = models.CharField(max_length=120, blank=True, help_text="The author's part, e.g. Lead engineer.")
    summary = models.TextField(max_length=300, help_text="One or two sentences for listings and search results.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    technologies = ClusterTaggableManager(
        through=ProjectPageTag, blank=True, verbose_name="technology tags", help_text="e.g. Python, Django, PostgreSQL"
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("role"), YearsActive.years_panel, FieldPanel("technologies")], heading="About the project"
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        InlinePanel("links", heading="Links", label="link"),
        FieldPanel("body"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("role"),
        index.SearchField("body"),
        index.RelatedFields("technologies", [index.SearchField("name")]),
    ]

    parent_page_types = ["portfolio.ProjectIndexPage"]
    subpage_types = []
    card_template = "portfolio/cards/project_card.html"
    card_prefetch = ["image", "technologies"]

    class Meta:
        verbose_name = "project"

    @cached_property
    def technology_list(self):
        return sorted(self.technologies.all(), key=lambda tag: tag.name.lower())


class ProjectLink(Orderable):
    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="links")
    url = models.URLField("URL")
    label = models.CharField(max_length=60, help_text="e.g. Source code, Live site, Case study")

    panels = [FieldPanel("url"), FieldPanel("label")]
