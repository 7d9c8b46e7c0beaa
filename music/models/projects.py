"""Music projects: the bands and solo work the author played in, their links and videos."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from blog.models import TAGS, EssayPage
from music.blocks import MusicBodyBlock
from music.models.links import StreamingLink
from music.models.people import Member, split_list
from music.models.releases import ReleasePage
from music.models.songs import SongPage
from music.structured_data import music_group, video_object
from music.visibility import public
from portfolio.models import AuthorSettings, SummaryAndImage, YearsActive
from portfolio.models.projects import YEAR_VALIDATORS
from portfolio.pages.slugs import PageForm
from portfolio.pages.text import CleanInput
from portfolio.pages.video import parse_video_url, validate_video_url

PROJECT_KINDS = [
    ("band", "Band"),
    ("solo", "Solo project"),
    ("collaboration", "Collaboration"),
    ("session", "Session work"),
]
VIDEO_KINDS = [
    ("official", "Official music video"),
    ("playthrough", "Playthrough"),
    ("live", "Live"),
    ("lyric", "Lyric video"),
    ("studio-diary", "Studio diary"),
]


# The newest essays a project page lists; the timeline has them all.
ESSAYS_SHOWN = 10


def essays_sharing(tags):
    """Published essays with any of these tags, newest first, without their bodies, in one query."""
    return (
        public(EssayPage.objects.live())
        .filter(tagged_items__tag__in=list(tags))
        .distinct()
        .order_by("-date", "-pk")
        .for_cards()
    )


def essays_about(projects):
    """(pk, title, date, project pk) of each published essay and each of these projects it shares a tag with, in
    one query: the projects' tags need no query of their own."""
    shared = "tagged_items__tag__music_musicprojecttag_items__content_object"
    return (
        public(EssayPage.objects.live())
        .filter(**{f"{shared}__in": [project.pk for project in projects]})
        .order_by("-date", "-pk")
        .values_list("pk", "title", "date", shared)
        .distinct()
    )


class MusicProjectPageForm(PageForm):
    def clean(self):
        """A video may only belong to a release, or name a song, of this very project."""
        cleaned_data = super().clean()
        for form in self.formsets["videos"].forms:
            for field in ("release", "song"):
                page = form.is_valid() and form.cleaned_data.get(field)
                if page and (self.instance.pk is None or page.get_parent().pk != self.instance.pk):
                    form.add_error(field, f"Choose one of this project's own {field}s.")
        return cleaned_data


class MusicProjectTag(TaggedItemBase):
    content_object = ParentalKey("music.MusicProjectPage", on_delete=models.CASCADE, related_name="tagged_items")


class MusicProjectPage(CleanInput, SummaryAndImage, YearsActive, Page):
    """A band or project: who the author was in it, when, where to hear it, and its videos."""

    kind = models.CharField(max_length=20, choices=PROJECT_KINDS, default="band")
    genres = models.CharField(
        max_length=200, blank=True, help_text="Comma-separated, for example: Modern metal, Metalcore"
    )
    roles = models.CharField(
        "the author's roles",
        max_length=200,
        blank=True,
        help_text="Comma-separated, for example: Vocals, Guitar, Production",
    )
    summary = models.TextField(max_length=300, help_text="One or two sentences for listings and search results.")
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = StreamField(MusicBodyBlock(), blank=True)
    tags = ClusterTaggableManager(
        through=MusicProjectTag,
        blank=True,
        help_text="Shared with essays: essays with any of these tags are listed on this page and on the timeline.",
    )

    base_form_class = MusicProjectPageForm
    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("kind"), YearsActive.years_panel, FieldRowPanel([FieldPanel("roles"), FieldPanel("genres")])],
            heading="The project",
        ),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Project"),
            ObjectList(
                [InlinePanel("members", heading="Members, the author among them", label="member")], heading="Members"
            ),
            ObjectList([InlinePanel("links", heading="Links", label="link")], heading="Links"),
            ObjectList([InlinePanel("videos", heading="Videos", label="video")], heading="Videos"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("genres"),
        index.SearchField("roles"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("videos", [index.SearchField("title")]),
    ]

    parent_page_types = ["music.MusicTimelinePage"]
    subpage_types = ["music.ReleasePage", "music.SongPage"]
    card_template = "music/cards/music_project_card.html"
    card_prefetch = ["image"]

    class Meta:
        verbose_name = "music project"

    @property
    def genre_list(self):
        return split_list(self.genres)

    @property
    def role_list(self):
        return split_list(self.roles)

    @cached_property
    def tag_list(self):
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @cached_property
    def member_list(self):
        return list(self.members.all())

    @cached_property
    def link_list(self):
        return list(self.links.all())

    @cached_property
    def video_list(self):
        videos = self.videos.select_related("release", "track", "thumbnail")
        return list(videos)

    def releases(self):
        """The project's published releases, newest first, with their cover art."""
        releases = public(ReleasePage.objects.child_of(self).live()).select_related("cover")
        return sorted(releases, key=lambda release: release.chronology, reverse=True)

    def songs(self):
        """The project's published songs, by title."""
        return public(SongPage.objects.child_of(self).live()).order_by("title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["releases"] = self.releases()
        context["songs"] = self.songs()
        essays = list(essays_sharing(self.tag_list).prefetch_related(TAGS)[: ESSAYS_SHOWN + 1]) if self.tag_list else []
        context["essays"] = essays[:ESSAYS_SHOWN]
        if len(essays) > ESSAYS_SHOWN:
            context["more_essays_url"] = f"{self.get_parent().get_url(request)}?project={self.slug}&kind=essay"
        return context

    def structured_data(self, request, meta):
        author = AuthorSettings.for_request(request)
        group = music_group(self, meta["url"], author, [link.url for link in self.link_list], self.member_list)
        return [group] + [video_object(video, request) for video in self.video_list]


class ProjectMember(Member):
    page = ParentalKey(MusicProjectPage, on_delete=models.CASCADE, related_name="members")


class MusicProjectLink(StreamingLink):
    page = ParentalKey(MusicProjectPage, on_delete=models.CASCADE, related_name="links")


class MusicVideo(Orderable):
    """A video of the project, shown as a click-to-play facade like every video on the site."""

    page = ParentalKey(MusicProjectPage, on_delete=models.CASCADE, related_name="videos")
    title = models.CharField(max_length=200)
    url = models.URLField(
        "URL",
        validators=[validate_video_url],
        help_text="A YouTube or Vimeo link. Tracking parameters (si, utm_*…) are removed; a start time (t=) stays.",
    )
    kind = models.CharField(max_length=20, choices=VIDEO_KINDS, default="official")
    date = models.DateField(null=True, blank=True, help_text="The day it came out, if known.")
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=YEAR_VALIDATORS, help_text="The year, when the day is not known."
    )
    release = models.ForeignKey("music.ReleasePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    song = models.ForeignKey(
        "music.SongPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="videos",
        help_text="The song the video shows: its page shows the video too.",
    )
    track = models.ForeignKey("music.Track", null=True, blank=True, on_delete=models.SET_NULL, related_name="videos")
    thumbnail = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A still from the library shown on the play button; without one the button is a plain panel.",
    )

    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("date"), FieldPanel("year")], heading="When"),
        FieldRowPanel([FieldPanel("release"), FieldPanel("track")], heading="Of a release or a track"),
        FieldPanel("song"),
        FieldPanel("thumbnail"),
    ]

    def clean(self):
        super().clean()
        errors = {}
        if self.url:
            try:
                self.url = parse_video_url(self.url).url
            except ValidationError:
                pass  # the field's own validator says why, once
        if self.date and self.year and self.year != self.date.year:
            errors["year"] = f"The year does not match the date ({self.date.year}); leave one of them empty."
        if self.track and self.release and self.track.release_id != self.release.pk:
            errors["track"] = f"This track is not on {self.release.title}."
        if errors:
            raise ValidationError(errors)

    @property
    def anchor(self):
        """The id of the video on its project's page, so the timeline can link straight to it."""
        return f"video-{self.pk}"

    @property
    def timeline_year(self):
        return self.date.year if self.date else self.year

    @cached_property
    def video(self):
        return parse_video_url(self.url)
