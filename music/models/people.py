"""People named on music pages: writers, performers and members, as text (most have no page of their own)."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from portfolio.models import YearsActive


def split_list(text):
    """The items of a comma-separated list, as an editor typed them."""
    return [item.strip() for item in text.split(",") if item.strip()]


class Credit(Orderable):
    """Someone who played or worked on a release or a track, by name or by their page, with what they did."""

    name = models.CharField(
        max_length=120,
        blank=True,
        help_text="As it should read; the author by name like anyone else. Empty to use their page's title.",
    )
    person = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="their page",
        help_text="Their page on this site, if they have one: the name links to it.",
    )
    roles = models.CharField(
        "instruments and roles",
        max_length=250,
        help_text="Comma-separated, for example: Vocals, Guitar, Drums programming, Mixing, Mastering, Production",
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("person"), FieldPanel("roles")])]

    class Meta(Orderable.Meta):
        abstract = True

    def clean(self):
        super().clean()
        if not self.name and not self.person_id:
            raise ValidationError({"name": "Give their name or choose their page."})

    @property
    def display_name(self):
        return self.name or (self.person.title if self.person else "")

    @property
    def role_list(self):
        return split_list(self.roles)


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
