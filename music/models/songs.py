"""Songs: who wrote them, their words, and every recording and video of them."""

from django.db import models
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from music.blocks import LyricsBlock, MusicBodyBlock
from music.models.people import split_list
from music.structured_data import music_composition
from music.visibility import public
from portfolio.pages.slugs import PageForm
from portfolio.pages.text import CleanInput

SUMMARY_LENGTH = 160
NAMES_HELP = "Names, comma-separated, as they should read: the author by name like anyone else."


class SongPage(CleanInput, Page):
    """A song of a music project, at /projects/music/<project>/<song>/."""

    music_by = models.CharField("music by", max_length=250, blank=True, help_text=NAMES_HELP)
    lyrics_by = models.CharField("lyrics by", max_length=250, blank=True, help_text=NAMES_HELP)
    arranged_by = models.CharField("arranged by", max_length=250, blank=True, help_text=NAMES_HELP)
    lyrics = StreamField(
        LyricsBlock(), blank=True, help_text="Optional: one section for each verse, chorus or bridge, in order."
    )
    notes = StreamField(MusicBodyBlock(), blank=True)

    base_form_class = PageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("music_by"), FieldPanel("lyrics_by"), FieldPanel("arranged_by")], heading="Written by"
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Song"),
            ObjectList([FieldPanel("lyrics")], heading="Lyrics"),
            ObjectList([FieldPanel("notes")], heading="Notes"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("music_by"),
        index.SearchField("lyrics_by"),
        index.SearchField("lyrics"),
        index.SearchField("notes"),
    ]

    parent_page_types = ["music.MusicProjectPage"]
    subpage_types = []
    card_template = "music/cards/song_card.html"

    class Meta:
        verbose_name = "song"

    @property
    def composers(self):
        return split_list(self.music_by)

    @property
    def lyricists(self):
        return split_list(self.lyrics_by)

    @property
    def arrangers(self):
        return split_list(self.arranged_by)

    @property
    def writing_credits(self):
        """[(what, names)] as a reader sees them; music and lyrics by the same people read as one line."""
        if self.composers and self.composers == self.lyricists:
            lines = [("Music and lyrics", self.composers)]
        else:
            lines = [("Music", self.composers), ("Lyrics", self.lyricists)]
        return [(what, names) for what, names in lines + [("Arrangement", self.arrangers)] if names]

    @property
    def description(self):
        return self.search_description or " · ".join(
            f"{what} by {', '.join(names)}" for what, names in self.writing_credits
        )

    @property
    def summary(self):
        """The start of the notes' first paragraph, for cards: what the song is, in the author's words."""
        paragraph = next((child.value.source for child in self.notes if child.block_type == "paragraph"), "")
        return Truncator(" ".join(strip_tags(paragraph).split())).chars(SUMMARY_LENGTH)

    @cached_property
    def project(self):
        return self.get_parent()

    @cached_property
    def recording_list(self):
        """The tracks of published releases that are this song, oldest release first, in one query."""
        from music.models.releases import ReleasePage, Track

        releases = public(ReleasePage.objects.live())
        tracks = Track.objects.filter(song=self, release__in=releases).select_related("audio")
        return sorted(tracks, key=lambda track: (track.release.chronology, track.release.pk, track.position))

    @cached_property
    def video_list(self):
        return list(self.videos.select_related("thumbnail"))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if not self.description:
            # A song the author has not written about yet still tells search engines what it is.
            context["meta_description"] = self.summary or f"“{self.title}”, a song by {self.project.title}."
        return context

    def structured_data(self, request, meta):
        return [music_composition(self, meta["url"], self.recording_list, request)]
