import datetime

import pytest
from django.urls import reverse
from taggit.models import Tag
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import EssayIndexPage, EssayPage
from portfolio.models import AboutPage, HomePage, ProjectIndexPage
from tests.factories import add_essay_url, create_essay, create_essay_index, create_home, essay_form


class PageTreeRulesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = create_home()
        cls.index = create_essay_index(cls.home)
        cls.essay = create_essay(cls.index, "Rules")

    def test_home_sits_at_the_root_and_holds_the_essays_projects_and_about(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedSubpageTypes(HomePage, {EssayIndexPage, ProjectIndexPage, AboutPage})

    def test_essays_live_only_under_the_essay_index(self):
        self.assertAllowedParentPageTypes(EssayPage, {EssayIndexPage})
        self.assertAllowedSubpageTypes(EssayPage, set())
        self.assertCanNotCreateAt(HomePage, EssayPage)

    def test_there_is_one_home_and_one_essay_index(self):
        self.assertCanCreateAt(HomePage, EssayIndexPage)
        self.assertFalse(HomePage.can_create_at(Page.get_first_root_node()))
        self.assertFalse(EssayIndexPage.can_create_at(self.home))

    def test_every_page_renders_and_its_editor_and_preview_work(self):
        for page in (self.home, self.index):
            self.assertPageIsRenderable(page)
            self.assertPageIsEditable(page)
            self.assertPageIsPreviewable(page)
        self.assertPageIsRenderable(self.essay)
        form = essay_form(slug=self.essay.slug)
        self.assertPageIsEditable(self.essay, post_data=form)
        self.assertPageIsPreviewable(self.essay, post_data=form)

    def test_the_essay_index_tag_route_is_routable(self):
        create_essay(self.index, "Tagged", tags=["Music"])
        self.assertPageIsRoutable(self.index, "tags/music/")


def test_posting_the_editor_form_creates_and_publishes_an_essay(admin_client, essay_index):
    response = admin_client.post(add_essay_url(essay_index), essay_form())

    assert response.status_code == 302
    essay = EssayPage.objects.get(slug="written-in-the-admin")
    assert essay.live and essay.featured
    assert essay.date == datetime.date(2025, 3, 4)
    assert sorted(tag.name for tag in essay.tags.all()) == ["Engineering", "Music"]
    assert [block.block_type for block in essay.body] == ["heading", "paragraph", "quote", "video", "code", "divider"]
    assert essay.body[3].value["url"] == "https://youtu.be/5MSZXmbNoLg"
    page = admin_client.get("/essays/written-in-the-admin/")
    assert page.status_code == 200 and "<b>bold</b>" in page.content.decode()


@pytest.mark.parametrize(
    "url",
    ["https://example.com/video", "https://www.youtube.com/playlist?list=PL123", "https://vimeo.com/about"],
)
def test_the_editor_refuses_a_video_that_is_not_youtube_or_vimeo(admin_client, essay_index, url):
    body = streamfield([("video", {"url": url, "caption": ""})])
    response = admin_client.post(add_essay_url(essay_index), essay_form(body=body))

    assert response.status_code == 200
    assert "Enter a YouTube or Vimeo video link" in response.content.decode()
    assert not EssayPage.objects.exists()


def test_the_editor_requires_a_description(admin_client, essay_index):
    response = admin_client.post(add_essay_url(essay_index), essay_form(description=""))
    assert response.status_code == 200
    assert not EssayPage.objects.exists()


def test_the_essay_listing_shows_date_tags_and_featured_and_filters(admin_client, essay_index):
    create_essay(essay_index, "Featured one", featured=True, tags=["Music"], date=datetime.date(2025, 8, 22))
    create_essay(essay_index, "Plain one", tags=["Engineering"])

    listing = admin_client.get(reverse("essays:index"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "Published" in html and "Featured one" in html and "Plain one" in html
    assert "22 August 2025" in html
    assert "Music" in html and "Engineering" in html

    featured = admin_client.get(reverse("essays:index"), {"featured": "true"}).content.decode()
    assert "Featured one" in featured and "Plain one" not in featured
    engineering = Tag.objects.get(name="Engineering")
    tagged = admin_client.get(reverse("essays:index"), {"tags": engineering.pk}).content.decode()
    assert "Plain one" in tagged and "Featured one" not in tagged
    dated = admin_client.get(reverse("essays:index"), {"date_from": "2025-06-01"}).content.decode()
    assert "Featured one" in dated and "Plain one" not in dated


# Slugs the site's own addresses use


@pytest.mark.parametrize(("slug", "route"), [("feed", "feed/"), ("tags", "tags/")])
def test_the_editor_refuses_a_slug_the_essay_index_uses_and_says_why(admin_client, client, essay_index, slug, route):
    response = admin_client.post(add_essay_url(essay_index), essay_form(slug=slug))

    assert response.status_code == 200
    (error,) = response.context["form"].errors["slug"]
    assert error.startswith(f"The slug '{slug}' is reserved: the essay index uses {route} for its")
    assert not EssayPage.objects.exists()
    assert client.get("/essays/feed/")["Content-Type"].startswith("application/rss+xml")


def test_the_editor_refuses_renaming_an_essay_to_the_feeds_slug(admin_client, client, essay_index):
    essay = create_essay(essay_index, "Written in the admin")

    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[essay.pk]), essay_form(slug="feed"))

    assert response.status_code == 200
    assert "The slug 'feed' is reserved" in response.context["form"].errors["slug"][0]
    assert EssayPage.objects.get().slug == "written-in-the-admin"


@pytest.mark.parametrize(("slug", "address"), [("search", "/search/"), ("admin", "/admin/")])
def test_the_editor_refuses_a_top_level_slug_the_site_answers_at_itself(admin_client, home, slug, address):
    url = reverse("wagtailadmin_pages:add", args=("portfolio", "projectindexpage", home.pk))
    form = {"title": "Projects", "slug": slug, "intro": rich_text(""), "comments": inline_formset([])}

    response = admin_client.post(url, nested_form_data({**form, "action-publish": "publish"}))

    assert response.status_code == 200
    (error,) = response.context["form"].errors["slug"]
    assert error.startswith(f"The slug '{slug}' is reserved: the site answers at {address} itself")
    assert not ProjectIndexPage.objects.exists()


def test_a_slug_the_site_uses_is_free_below_the_home_page(admin_client, client, project_index):
    url = reverse("wagtailadmin_pages:add", args=("portfolio", "projectpage", project_index.pk))
    form = nested_form_data(
        {
            "title": "Search engine",
            "slug": "search",
            "role": "",
            "summary": "A search engine.",
            "start_year": "2020",
            "end_year": "",
            "image": "",
            "technologies": "",
            "body": streamfield([]),
            "links": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )

    assert admin_client.post(url, form).status_code == 302
    assert client.get("/projects/search/").status_code == 200
