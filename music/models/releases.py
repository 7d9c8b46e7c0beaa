"""Releases: albums, EPs, singles and the rest, with their tracks and links."""

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from music.audio import DURATION, validate_audio
from music.models.links import StreamingLink
from music.models.people import Credit
from music.structured_data import music_album
from portfolio.models.projects import YEAR_VALIDATORS
from portfolio.pages.slugs import PageForm
from portfolio.pages.text import CleanInput
from portfolio.pages.video import parse_video_url, validate_video_url

RELEASE_TYPES = [
    ("album", "Album"),
    ("ep", "EP"),
    ("single", "Single"),
    ("demo", "Demo"),
    ("live", "Live"),
    ("compilation", "Compilation"),
]
MONTHS = [(number, calendar.month_name[number]) for number in range(1, 13)]


class ReleasePageForm(PageForm):
    def clean(self):
        """Two tracks may not share a position (the second is marked); a track's song is one of the project's."""
        cleaned_data = super().clean()
        titles_by_position = {}
        project = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        for form in self.formsets["tracks"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE") or not form.cleaned_data:
                continue
            song = form.cleaned_data.get("song")
            if song and project and not song.is_child_of(project):
                form.add_error("song", f"Choose a song of {project.title}; “{song.title}” is another project's.")
            position = form.cleaned_data.get("position")
            if position in titles_by_position:
                form.add_error("position", f"Position {position} is already taken by “{titles_by_position[position]}”.")
            else:
                titles_by_position[position] = form.cleaned_data.get("title")
        return cleaned_data


class ReleasePage(CleanInput, Page):
    """One release of a music project, dated as precisely as is known."""

    release_type = models.CharField("type", max_length=20, choices=RELEASE_TYPES, default="album")
    release_year = models.PositiveSmallIntegerField(
        "year", null=True, blank=True, validators=YEAR_VALIDATORS, help_text="Leave empty if unknown."
    )
    release_month = models.PositiveSmallIntegerField(
        "month", null=True, blank=True, choices=MONTHS, help_text="Only if known."
    )
    release_day = models.PositiveSmallIntegerField(
        "day",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text="Only if known.",
    )
    label = models.CharField(max_length=120, blank=True, help_text="The record label; empty if self-released.")
    cover = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="cover art",
    )
    liner_notes = RichTextField(blank=True, features=["h3", "h4", "bold", "italic", "link", "ol", "ul"])

    base_form_class = ReleasePageForm
    content_panels = Page.content_panels + [
        FieldPanel("release_type"),
        FieldRowPanel(
            [FieldPanel("release_year"), FieldPanel("release_month"), FieldPanel("release_day")],
            heading="Release date",
            help_text="As precisely as it is known: a year alone, a month and year, or a full date.",
        ),
        FieldPanel("label"),
        FieldPanel("cover"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Release"),
            ObjectList([InlinePanel("tracks", heading="Track list", label="track")], heading="Tracks"),
            ObjectList(
                [InlinePanel("credits", heading="Who played and worked on it", label="credit")], heading="Credits"
            ),
            ObjectList(
                [InlinePanel("links", heading="Streaming links", label="link"), FieldPanel("liner_notes")],
                heading="Links and notes",
            ),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("label"),
        index.SearchField("liner_notes"),
        index.RelatedFields("tracks", [index.SearchField("title"), index.SearchField("credits")]),
    ]

    parent_page_types = ["music.MusicProjectPage"]
    subpage_types = []
    card_template = "music/cards/release_card.html"
    card_prefetch = ["cover"]

    class Meta:
        verbose_name = "release"

    def clean(self):
        super().clean()
        if self.release_month and not self.release_year:
            raise ValidationError({"release_month": "Give the year too, or leave the month empty."})
        if self.release_day and not self.release_month:
            raise ValidationError({"release_day": "Give the month too, or leave the day empty."})
        if self.release_day:
            try:
                datetime.date(self.release_year, self.release_month, self.release_day)
            except ValueError:
                month = calendar.month_name[self.release_month]
                message = f"{month} {self.release_year} has no day {self.release_day}."
                raise ValidationError({"release_day": message}) from None

    @property
    def release_date(self):
        """The date as a reader sees it, as precise as it is known: "2016", "March 2016" or "12 March 2016"."""
        if not self.release_year:
            return ""
        if not self.release_month:
            return str(self.release_year)
        month = calendar.month_name[self.release_month]
        return f"{self.release_day} {month} {self.release_year}" if self.release_day else f"{month} {self.release_year}"

    @property
    def release_date_iso(self):
        """The date in ISO 8601 at its precision: 2016, 2016-03 or 2016-03-12."""
        parts = [f"{self.release_year:04d}" if self.release_year else None]
        parts += [f"{part:02d}" for part in (self.release_month, self.release_day) if part]
        return "-".join(parts) if parts[0] else ""

    @property
    def chronology(self):
        """Sorts releases in time, unknown parts of the date counting as the start."""
        return (self.release_year or 0, self.release_month or 0, self.release_day or 0)

    @property
    def description(self):
        return " · ".join(part for part in (self.get_release_type_display(), self.release_date, self.label) if part)

    @property
    def social_image(self):
        return self.cover

    @cached_property
    def project(self):
        """The music project the release is by (its title and URL are all a release needs of it)."""
        return self.get_parent()

    @cached_property
    def release_credits(self):
        """The credits for the whole release; a track's own are on the track."""
        return published_people(self.credits.select_related("person"))

    @cached_property
    def track_list(self):
        """The tracks in order, each with its own credits (one query for all); pages count only while published."""
        tracks = self.tracks.select_related("song", "audio").order_by("position")
        if isinstance(tracks, models.QuerySet):
            # Saved tracks, not a preview's tracks in memory (whose credits are in memory too, and may be unsaved).
            tracks = tracks.prefetch_related(
                Prefetch("performers", queryset=TrackCredit.objects.select_related("person"))
            )
        tracks = list(tracks)
        for track in tracks:
            if track.song and not track.song.live:
                track.song = None
            track.credit_list = published_people(track.performers.all())
        return tracks

    @property
    def running_time(self):
        """The total length as m:ss (or h:mm:ss), when every track's length is known."""
        tracks = self.track_list
        if not tracks or any(track.seconds is None for track in tracks):
            return ""
        return format_duration(sum(track.seconds for track in tracks))

    def structured_data(self, request, meta):
        image_url = meta["image"]["url"] if meta["image"] else None
        project_url = self.project.get_full_url(request)
        compositions = {
            track.pk: (track.song.title, track.song.get_full_url(request)) for track in self.track_list if track.song
        }
        return [
            music_album(self, meta["url"], self.project, project_url, self.track_list, request, image_url, compositions)
        ]


def published_people(credits):
    """The credits in order, a person's page kept only while it is published (an unpublished one has no URL)."""
    credits = list(credits)
    for credit in credits:
        if credit.person and not credit.person.live:
            credit.name, credit.person = credit.display_name, None
    return credits


def format_duration(seconds):
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class TrackManager(models.Manager):
    def get_queryset(self):
        # Every track names its release (in choosers too), so the release comes in the same query.
        return super().get_queryset().select_related("release")


class Track(Orderable, ClusterableModel):
    release = ParentalKey(ReleasePage, on_delete=models.CASCADE, related_name="tracks")
    position = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="The track's number on the release."
    )
    title = models.CharField(max_length=200)
    duration = models.CharField(max_length=7, blank=True, validators=[DURATION], help_text="m:ss, for example 3:45")
    song = models.ForeignKey(
        "music.SongPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recordings",
        help_text="The song this track is a recording of: its page lists every release it is on.",
    )
    credits = models.CharField(
        "writing credits", max_length=250, blank=True, help_text="For example: Music and lyrics by …"
    )
    audio = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The recording from the media library (MP3, OGG, FLAC or WAV), played on the page.",
    )
    video_url = models.URLField(
        "video",
        blank=True,
        validators=[validate_video_url],
        help_text="A YouTube or Vimeo video of this track, if there is one.",
    )

    objects = TrackManager()

    panels = [
        FieldRowPanel([FieldPanel("position"), FieldPanel("title"), FieldPanel("duration")]),
        FieldPanel("song"),
        FieldPanel("audio"),
        FieldPanel("credits"),
        FieldPanel("video_url"),
        InlinePanel("performers", heading="Who played and worked on this track", label="credit"),
    ]

    def __str__(self):
        return f"{self.release.title} — {self.position}. {self.title}"

    def clean(self):
        super().clean()
        if self.video_url:
            self.video_url = parse_video_url(self.video_url).url
        try:
            validate_audio(self.audio)
        except ValidationError as error:
            raise ValidationError({"audio": error}) from None

    @property
    def seconds(self):
        if not self.duration:
            return None
        minutes, seconds = self.duration.split(":")
        return int(minutes) * 60 + int(seconds)

    @property
    def iso_duration(self):
        """The length in ISO 8601, as structured data wants it: PT3M45S."""
        if self.seconds is None:
            return None
        minutes, seconds = divmod(self.seconds, 60)
        return f"PT{minutes}M{seconds}S"


class ReleaseCredit(Credit):
    page = ParentalKey(ReleasePage, on_delete=models.CASCADE, related_name="credits")


class TrackCredit(Credit):
    """Someone who played or worked on one track, edited inside the track."""

    track = ParentalKey(Track, on_delete=models.CASCADE, related_name="performers")


class ReleaseLink(StreamingLink):
    page = ParentalKey(ReleasePage, on_delete=models.CASCADE, related_name="links")
