from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from portfolio.pages.platforms import WEBSITE, platform_for

STREAMING_PLATFORMS = {"spotify", "apple-music", "bandcamp", "youtube", "soundcloud"}


class StreamingLink(Orderable):
    """A link out to where the music lives; its platform is told from the URL, so it can never go stale."""

    url = models.URLField(
        "URL",
        help_text="Spotify, Apple Music, Bandcamp, YouTube and SoundCloud links are recognised; "
        "anything else shows as a website.",
    )

    panels = [FieldPanel("url")]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def platform(self):
        platform = platform_for(self.url)
        return platform if platform.key in STREAMING_PLATFORMS else WEBSITE
