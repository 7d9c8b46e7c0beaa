"""Shows: where and when the projects played, what they played, and whether it happened."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from music.structured_data import music_event
from portfolio.pages.slugs import PageForm
from portfolio.pages.text import CleanInput

SHOW_STATUSES = [("scheduled", "Scheduled"), ("cancelled", "Cancelled"), ("postponed", "Postponed")]
TIME_ZONES = [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


class ShowPageForm(PageForm):
    def clean(self):
        """A show ends after it starts; a setlist's songs are songs of the projects that played."""
        cleaned_data = super().clean()
        show = ShowPage(**{name: cleaned_data.get(name) for name in ("date", "start_time", "end_date", "end_time")})
        show.time_zone = cleaned_data.get("time_zone") or "UTC"
        if show.date and show.ends and show.ends < show.starts:
            field = "end_time" if show.end_time and (show.end_date or show.date) == show.date else "end_date"
            self.add_error(field, f"The show cannot end before it starts ({show.when}).")
        projects = list(cleaned_data.get("projects") or [])
        for form in self.formsets["setlist"].forms:
            song = form.is_valid() and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("song")
            if song and not any(song.is_child_of(project) for project in projects):
                played = (
                    " or ".join(project.title for project in projects) or "a project that played (choose them first)"
                )
                form.add_error("song", f"Choose a song of {played}; “{song.title}” is by {song.get_parent().title}.")
        return cleaned_data


class ShowPage(CleanInput, Page):
    """One show, at /projects/music/<show>/: its date in the venue's time zone, who played, and the setlist."""

    date = models.DateField(help_text="The day of the show, where it takes place.")
    start_time = models.TimeField(null=True, blank=True, help_text="Local time at the venue; empty if not known.")
    end_date = models.DateField(null=True, blank=True, help_text="Only if it ends on another day (a festival).")
    end_time = models.TimeField(null=True, blank=True, help_text="Local time at the venue; empty if not known.")
    time_zone = models.CharField(max_length=64, choices=TIME_ZONES, default=settings.TIME_ZONE)
    venue = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    country = models.CharField(max_length=120, blank=True)
    projects = ParentalManyToManyField(
        "music.MusicProjectPage", blank=True, related_name="shows", verbose_name="projects that played"
    )
    status = models.CharField(max_length=20, choices=SHOW_STATUSES, default="scheduled")
    notes = RichTextField(blank=True, features=["bold", "italic", "link", "ol", "ul"])
    # The start, and when the show is over (its end, or else the end of its day where it is), in UTC: kept on save
    # so that shows are sorted by the database and told upcoming or past without time zone arithmetic.
    starts_at = models.DateTimeField(null=True, editable=False, db_index=True)
    over_at = models.DateTimeField(null=True, editable=False, db_index=True)

    base_form_class = ShowPageForm
    content_panels = Page.content_panels + [
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldPanel("time_zone"),
            ],
            heading="When",
        ),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("city"), FieldPanel("country")], heading="Where"),
        FieldPanel("projects", widget=forms.CheckboxSelectMultiple),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Show"),
            ObjectList([InlinePanel("setlist", heading="Setlist", label="song")], heading="Setlist"),
            ObjectList([FieldPanel("notes"), InlinePanel("links", heading="Links", label="link")], heading="Notes"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("venue"),
        index.SearchField("city"),
        index.SearchField("country"),
        index.SearchField("notes"),
    ]

    parent_page_types = ["music.MusicTimelinePage"]
    subpage_types = []
    card_template = "music/cards/show_card.html"
    card_prefetch = ["projects"]

    class Meta:
        verbose_name = "show"

    def save(self, *args, **kwargs):
        if self.date:
            next_day = datetime.datetime.combine(self.date + datetime.timedelta(days=1), datetime.time(), self.zone)
            self.starts_at = self.starts.astimezone(datetime.UTC)
            self.over_at = (self.ends or next_day).astimezone(datetime.UTC)
        return super().save(*args, **kwargs)

    @property
    def zone(self):
        return zoneinfo.ZoneInfo(self.time_zone or "UTC")

    @property
    def starts(self):
        """The start where the show is; midnight when its time is not known."""
        return datetime.datetime.combine(self.date, self.start_time or datetime.time(), self.zone)

    @property
    def ends(self):
        """The end where the show is, if any of it is known; the last minute of its day when only the day is."""
        if not (self.end_date or self.end_time):
            return None
        time = self.end_time or datetime.time(23, 59)
        return datetime.datetime.combine(self.end_date or self.date, time, self.zone)

    @property
    def when(self):
        """The date and time as a reader sees them: "Saturday 14 March 2026, 21:00 (America/Mexico City)"."""
        text = f"{self.date:%A} {self.date.day} {self.date:%B %Y}"
        if self.start_time:
            text += f", {self.start_time:%H:%M}"
            if self.end_time and not self.end_date:
                text += f"–{self.end_time:%H:%M}"
            text += f" ({self.get_time_zone_display()})"
        if self.end_date and self.end_date != self.date:
            text += f" to {self.end_date:%A} {self.end_date.day} {self.end_date:%B %Y}"
        return text

    @property
    def place(self):
        return ", ".join(part for part in (self.venue, self.city, self.country) if part)

    @property
    def description(self):
        status = "" if self.status == "scheduled" else f"{self.get_status_display()}: "
        return self.search_description or status + " · ".join(
            part for part in (f"{self.date.day} {self.date:%B %Y}", self.place) if part
        )

    @cached_property
    def project_list(self):
        return list(self.projects.all())

    @cached_property
    def setlist_parts(self):
        """(the main set, the encore), each a list of setlist entries with their songs, in one query."""
        entries = list(self.setlist.select_related("song"))
        for entry in entries:
            if entry.song and not entry.song.live:
                entry.song = None
        return [entry for entry in entries if not entry.encore], [entry for entry in entries if entry.encore]

    def structured_data(self, request, meta):
        projects = [(project.title, project.get_full_url(request)) for project in self.project_list]
        return [music_event(self, meta["url"], projects)]


class SetlistEntry(Orderable):
    show = ParentalKey(ShowPage, on_delete=models.CASCADE, related_name="setlist")
    song = models.ForeignKey(
        "music.SongPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A song of a project that played.",
    )
    title = models.CharField(max_length=200, blank=True, help_text="For a song without a page, such as a cover.")
    cover = models.BooleanField(default=False, help_text="Someone else's song.")
    encore = models.BooleanField(default=False)

    panels = [FieldPanel("song"), FieldRowPanel([FieldPanel("title"), FieldPanel("cover"), FieldPanel("encore")])]

    def clean(self):
        super().clean()
        if not self.song_id and not self.title:
            raise ValidationError({"title": "Choose a song or give its title."})

    @property
    def name(self):
        return self.title or (self.song.title if self.song else "")


class ShowLink(Orderable):
    show = ParentalKey(ShowPage, on_delete=models.CASCADE, related_name="links")
    label = models.CharField(max_length=80, help_text="What the link is: Tickets, Photos, A recording…")
    url = models.URLField("URL")

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("url")])]
