"""The studio: the instruments, gear and software the music was made with."""

from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from portfolio.models import YearsActive
from portfolio.pages.slugs import PageForm
from portfolio.pages.text import CleanInput

STUDIO_CATEGORIES = [
    ("instrument", "Instruments"),
    ("gear", "Gear"),
    ("software", "Software"),
    ("sample-library", "Sample libraries"),
]


class StudioPage(CleanInput, Page):
    """The studio, one page under the music timeline: what is in it, by kind, with the years each was used."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    base_form_class = PageForm
    content_panels = Page.content_panels + [FieldPanel("intro")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Studio"),
            ObjectList([InlinePanel("items", heading="Instruments, gear and software", label="item")], heading="Items"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    parent_page_types = ["music.MusicTimelinePage"]
    subpage_types = []
    max_count = 1
    card_template = "music/cards/studio_card.html"

    class Meta:
        verbose_name = "studio"

    @property
    def description(self):
        return self.search_description

    @cached_property
    def sections(self):
        """[(category label, items)] in the categories' order, with every photo's renditions in one query."""
        items = list(self.items.select_related("photo").prefetch_related("photo__renditions"))
        return [
            (label, [item for item in items if item.category == key])
            for key, label in STUDIO_CATEGORIES
            if any(item.category == key for item in items)
        ]


class StudioItem(YearsActive, Orderable):
    page = ParentalKey(StudioPage, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=20, choices=STUDIO_CATEGORIES, default="instrument")
    notes = models.CharField(max_length=250, blank=True, help_text="What it was used for, for example: drums.")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("category")]),
        FieldPanel("notes"),
        YearsActive.years_panel,
        FieldPanel("photo"),
    ]

    @property
    def years_used(self):
        """ "From 1997" rather than "1997–present": an item's start says when it came, not that it is still played."""
        if self.start_year and not self.end_year:
            return f"From {self.start_year}"
        return self.years
