from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField

from portfolio.pages.platforms import platform_for
from portfolio.serving.content_changes import cached

# The profile links the home page offers as "listen" and as "code".
LISTEN_PLATFORMS = {"spotify", "apple-music", "bandcamp", "youtube", "soundcloud", "vimeo"}
CODE_PLATFORMS = {"github", "gitlab"}


class ProfileLinkBlock(blocks.StructBlock):
    url = blocks.URLBlock(label="URL", help_text="A profile page: Spotify, YouTube, GitHub, Bandcamp, LinkedIn...")
    label = blocks.CharBlock(required=False, max_length=60, help_text="Shown instead of the service's name.")

    class Meta:
        icon = "link"


@register_setting(icon="user")
class AuthorSettings(BaseSiteSetting):
    """Who writes the site: the one place for the name that heads every page, titles, feeds and structured data."""

    name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The author's name, as readers should see it: the site's name in its header, titles and feeds.",
    )
    tagline = models.CharField(
        "one-line bio",
        max_length=160,
        blank=True,
        help_text="Shown under the name on the home page, e.g. Software engineer and musician.",
    )
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A photo of the author for the home page; its alt text is the image's own.",
    )
    bio = models.TextField(blank=True, max_length=500, help_text="Two or three sentences about the author.")
    profile_links = StreamField(
        [("link", ProfileLinkBlock())],
        blank=True,
        help_text="Music services (Spotify, Bandcamp, YouTube...) are the home page's links to listen; GitHub and "
        "GitLab its links to code.",
    )
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

    panels = [
        FieldPanel("name"),
        FieldPanel("tagline"),
        FieldPanel("portrait"),
        FieldPanel("bio"),
        FieldPanel("profile_links"),
        FieldPanel("social_image"),
    ]

    class Meta:
        verbose_name = "author"

    @classmethod
    def for_site(cls, site):
        """The site's settings, or blank ones until the author saves them: unlike Wagtail's, reading never writes a
        row, so that a visit changes nothing (a write would empty the page cache). Every page shows them: read once
        per change."""
        return cached(
            f"author-settings:{site.pk}",
            lambda: cls.base_queryset().filter(site=site).select_related("portrait", "social_image").first(),
        ) or cls(site=site)

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

    def listen_links(self):
        return [profile for profile in self.profiles() if profile["platform"] in LISTEN_PLATFORMS]

    def code_links(self):
        return [profile for profile in self.profiles() if profile["platform"] in CODE_PLATFORMS]

    def missing(self):
        """What the home page and the site's name still wait for, in the admin's words."""
        wanted = [
            ("name", "your name (the site's name in its header, titles, feeds and search results)"),
            ("tagline", "a one-line bio"),
            ("portrait", "a portrait"),
        ]
        missing = [words for field, words in wanted if not getattr(self, field)]
        if not self.listen_links():
            missing.append("a link to listen to your music (Spotify, Bandcamp, YouTube...)")
        if not self.code_links():
            missing.append("a link to your code (GitHub, GitLab)")
        return missing
