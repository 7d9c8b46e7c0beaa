from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from portfolio.pages.platforms import platform_for
from portfolio.serving.content_changes import cached


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
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="default social image",
        help_text="Shown when a page without an image of its own is shared (cropped to 1200×630 around its focal "
        "point). Its description is its alt text.",
    )

    panels = [FieldPanel("name"), FieldPanel("bio"), FieldPanel("profile_links"), FieldPanel("social_image")]

    class Meta:
        verbose_name = "author"

    @classmethod
    def for_site(cls, site):
        """The site's settings, or blank ones until the author saves them: unlike Wagtail's, reading never writes a
        row, so that a visit changes nothing (a write would empty the page cache). Every page shows them: read once
        per change."""
        found = cached(
            f"author-settings:{site.pk}",
            lambda: cls.base_queryset().filter(site=site).select_related("social_image").first(),
        )
        return found or cls(site=site)

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
