"""The About page: who the author is, with a photo and a short career timeline."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from portfolio.pages.text import CleanInput


class AboutPage(CleanInput, Page):
    bio = RichTextField(
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"], help_text="Who the author is, in a few paragraphs."
    )
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    photo_alt = models.CharField(
        "photo's alt text", max_length=200, blank=True, help_text="What the photo shows, for readers who cannot see it."
    )

    content_panels = Page.content_panels + [
        FieldPanel("bio"),
        FieldRowPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading="Photo"),
        InlinePanel("career_steps", heading="Career timeline", label="step"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("bio"),
        index.RelatedFields("career_steps", [index.SearchField("title"), index.SearchField("details")]),
    ]

    parent_page_types = ["portfolio.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "about page"

    @property
    def social_image(self):
        return self.photo


class CareerStep(Orderable):
    """One line of the career timeline, newest or oldest first as the author orders them."""

    page = ParentalKey(AboutPage, on_delete=models.CASCADE, related_name="career_steps")
    period = models.CharField(max_length=40, blank=True, help_text="When, in words: 2010–2019, Since 2020, By 2000…")
    title = models.CharField(max_length=200, help_text="The role or the milestone.")
    details = models.CharField(max_length=300, blank=True)

    panels = [FieldRowPanel([FieldPanel("period"), FieldPanel("title")]), FieldPanel("details")]
