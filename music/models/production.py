"""Production work: music made for others (news packages, commercials, mixes), a snippet listed on the timeline
and the About page."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from portfolio.models import YearsActive
from portfolio.serving.content_changes import cached


class ProductionWork(YearsActive, index.Indexed, models.Model):
    """One client's work: who it was for, what was made, and when, as exactly as it is known."""

    client = models.CharField(max_length=200)
    what = models.CharField(
        "what was made", max_length=250, help_text="For example: the news music package, commercials, a mix."
    )
    period = models.CharField(
        max_length=60,
        blank=True,
        help_text="How the time reads when the years are not exact, for example “By 2000”; else the years are shown.",
    )
    notes = models.TextField(blank=True, max_length=1000)

    panels = [
        FieldRowPanel([FieldPanel("client"), FieldPanel("what")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year"), FieldPanel("period")], heading="When"),
        FieldPanel("notes"),
    ]
    search_fields = [index.SearchField("client"), index.SearchField("what"), index.SearchField("notes")]

    class Meta:
        verbose_name = "production work"
        verbose_name_plural = "production work"
        ordering = [models.F("start_year").desc(nulls_last=True), "client"]

    def __str__(self):
        return f"{self.client}: {self.what}"

    @property
    def when(self):
        return self.period or self.years


def production_works():
    """Every work for a client, latest first, as the About page and the timeline both show them: read once per
    change, so neither page pays a query for them."""
    return cached("production-work", lambda: list(ProductionWork.objects.all()))
