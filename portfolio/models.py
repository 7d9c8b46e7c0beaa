from django.db import models
from django.urls import reverse
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from portfolio.platforms import platform_for
from portfolio.site_url import absolute_url
from portfolio.structured_data import person, website


class HomePage(Page):
    """The site's root: an introduction, then the essays worth reading first."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text="A few sentences about the author, shown at the top of the home page.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["blog.EssayIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def structured_data(self, request, meta):
        home_url = self.get_full_url(request)
        search_url = absolute_url(request, reverse("search"))
        author = AuthorSettings.for_request(request)
        return [website(meta["site_name"] or self.title, home_url, search_url), person(author, home_url)]


class ProfileLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label="URL", help_text="A profile page: Spotify, YouTube, GitHub, Bandcamp, LinkedIn...")
    label = blocks.CharBlock(required=False, max_length=60, help_text="Shown instead of the service's name.")

    class Meta:
        icon = "link"


@register_setting(icon="user")
class AuthorSettings(BaseSiteSetting):
    """Who writes the site: shown in feeds, structured data and the footer."""

    name = models.CharField(max_length=120, blank=True, help_text="The author's name, as readers should see it.")
    bio = models.TextField(blank=True, max_length=500, help_text="Two or three sentences about the author.")
    profile_links = StreamField([("link", ProfileLinkBlock())], blank=True)

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("profile_links")]

    class Meta:
        verbose_name = "author"

    def profiles(self):
        """Each profile link with the platform it points to."""
        return [
            {
                "url": link.value["url"],
                "name": link.value["label"] or platform_for(link.value["url"]).name,
                "platform": platform_for(link.value["url"]).key,
            }
            for link in self.profile_links
        ]
