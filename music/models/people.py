"""People named on music pages: writers, performers and members, as text (most have no page of their own)."""

from django.core.validators import RegexValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from portfolio.models import YearsActive

TRACKS_MESSAGE = "Enter track numbers and ranges, for example 1, 3-5."


def split_list(text):
    """The items of a comma-separated list, as an editor typed them."""
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_positions(text):
    """Track numbers written as "1, 3-5" as a sorted list; ValueError for anything else."""
    positions = set()
    for part in split_list(text):
        first, _, last = part.partition("-")
        first, last = int(first), int(last or first)
        if first < 1 or last < first:
            raise ValueError(part)
        positions.update(range(first, last + 1))
    return sorted(positions)


class Credit(Orderable):
    """Someone who played or worked on a release, by name, with what they did."""

    name = models.CharField(max_length=120, help_text="As it should read; the author by name like anyone else.")
    roles = models.CharField(
        "instruments and roles",
        max_length=250,
        help_text="Comma-separated, for example: Vocals, Guitar, Drums programming, Mixing, Mastering, Production",
    )
    tracks = models.CharField(
        max_length=100,
        blank=True,
        validators=[RegexValidator(r"^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$", TRACKS_MESSAGE)],
        help_text="Track numbers, for example 1, 3-5; empty for the whole release.",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("roles"), FieldPanel("tracks")])]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def role_list(self):
        return split_list(self.roles)

    @property
    def positions(self):
        return parse_positions(self.tracks.replace(" ", ""))


class Member(YearsActive, Orderable):
    """Someone in a music project, by name, with their roles and years in it."""

    name = models.CharField(max_length=120, help_text="As it should read; the author by name like anyone else.")
    roles = models.CharField(max_length=250, blank=True, help_text="Comma-separated, for example: Vocals, Guitar")

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("roles")]), YearsActive.years_panel]

    class Meta(Orderable.Meta):
        abstract = True

    @property
    def role_list(self):
        return split_list(self.roles)
