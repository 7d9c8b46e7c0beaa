from django.forms import CheckboxSelectMultiple, RadioSelect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_filters import BooleanFilter, DateFromToRangeFilter, ModelMultipleChoiceFilter
from taggit.models import Tag
from wagtail import hooks
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button

from blog import admin_views
from blog.models import EssayPage


class EssayFilterSet(PageFilterSet):
    featured = BooleanFilter(
        label="Featured", widget=RadioSelect(choices=[("", "Any"), ("true", "Yes"), ("false", "No")])
    )
    date = DateFromToRangeFilter(label="Published on", widget=DateRangePickerWidget)
    tags = ModelMultipleChoiceFilter(
        label="Tags",
        queryset=lambda request: Tag.objects.filter(blog_essaypagetag_items__isnull=False).distinct().order_by("name"),
        widget=CheckboxSelectMultiple,
        distinct=True,
    )

    class Meta:
        model = EssayPage
        fields = []


def publication(essay):
    """Where an essay stands: "Draft", "Scheduled for …" or the date readers see. Never a time ago, which
    read as published for a draft."""
    if essay.live:
        return date_format(essay.date, "j F Y") if essay.date else "Live"
    if essay.go_live_at and essay.go_live_at > timezone.now():
        return f"Scheduled for {date_format(timezone.localtime(essay.go_live_at), 'j F Y, H:i')}"
    return "Expired" if essay.expired else "Draft"


class EssayIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("tags")


class EssayListingViewSet(PageListingViewSet):
    """A flat list of every essay, with its date, tags and featured flag, filterable by each."""

    model = EssayPage
    index_view_class = EssayIndexView
    icon = "doc-full"
    menu_label = "Essays"
    menu_order = 150
    add_to_admin_menu = True
    filterset_class = EssayFilterSet
    columns = IndexView.base_columns + [
        Column("date", label="Published", accessor=publication, sort_key="date", width="16%"),
        Column("tags", label="Tags", accessor=lambda essay: ", ".join(tag.name for tag in essay.tag_list)),
        BooleanColumn("featured", label="Featured", sort_key="featured", width="8%"),
    ]


@hooks.register("register_admin_viewset")
def register_essay_listing():
    return EssayListingViewSet("essays")


@hooks.register("register_admin_urls")
def register_markdown_urls():
    return [
        path("essays/import-markdown/", admin_views.import_markdown, name="blog_import_markdown"),
        path("essays/export-markdown/", admin_views.export_all, name="blog_export_essays"),
        path("essays/<int:page_id>/export-markdown/", admin_views.export_essay, name="blog_export_essay"),
    ]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return MenuItem("Import Markdown", reverse("blog_import_markdown"), icon_name="upload", order=151)


@hooks.register("register_admin_menu_item")
def register_export_menu_item():
    return MenuItem("Export as Markdown", reverse("blog_export_essays"), icon_name="download", order=152)


@hooks.register("register_page_header_buttons")
def export_essay_button(page, user, view_name, next_url=None):
    if isinstance(page.specific_deferred, EssayPage):
        yield Button("Export as Markdown", url=admin_views.export_url(page), icon_name="download", priority=80)


@hooks.register("register_page_listing_more_buttons")
def export_essay_listing_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, EssayPage):
        yield Button("Export as Markdown", url=admin_views.export_url(page), icon_name="download", priority=80)
