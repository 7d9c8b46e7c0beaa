import re

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from portfolio.models import AboutPage, CareerStep
from tests.factories import create_image, publish


def about_form(**overrides):
    data = {
        "title": "About",
        "slug": "about",
        "bio": rich_text("<p>Engineer and <b>musician</b>.</p>"),
        "photo": "",
        "photo_alt": "",
        "career_steps": inline_formset(
            [
                {"period": "2010–2019", "title": "Singer and guitarist in Exage", "details": "Metalcore."},
                {"period": "", "title": "Broadcast media systems", "details": ""},
            ]
        ),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_the_about_page_is_written_in_the_admin(admin_client, home, client):
    url = reverse("wagtailadmin_pages:add", args=("portfolio", "aboutpage", home.pk))

    assert admin_client.post(url, about_form()).status_code == 302

    html = client.get("/about/").content.decode()
    assert "Engineer and <b>musician</b>." in html
    assert re.findall(r'<span class="career-title">([^<]+)</span>', html) == [
        "Singer and guitarist in Exage",
        "Broadcast media systems",
    ]
    assert '<span class="career-period">2010–2019</span>' in html
    assert not AboutPage.can_create_at(home)


def test_the_about_page_shows_the_authors_photo_with_its_alt_text(client, home):
    photo = create_image("Portrait", width=600, height=600)
    page = AboutPage(
        title="About",
        slug="about",
        bio="<p>Hello.</p>",
        photo=photo,
        photo_alt="The author at the mixing desk",
        career_steps=[CareerStep(period="1997", title="First EP")],
    )
    publish(home, page)

    html = client.get("/about/").content.decode()

    assert re.search(r'<img alt="The author at the mixing desk" [^>]*src="/media/images/portrait', html)
    assert re.search(r'<meta property="og:image" content="http://localhost/media/images/portrait', html)


def test_the_navigation_lists_essays_projects_music_and_about_and_marks_where_the_reader_is(
    client, make_essay, timeline, home
):
    make_essay("An essay")
    publish(home, AboutPage(title="About", slug="about", bio="<p>Hi.</p>", show_in_menus=True))
    timeline.show_in_menus = True
    timeline.save_revision().publish()

    def navigation(url):
        html = client.get(url).content.decode()
        nav = html.split('<nav class="site-nav" aria-label="Main">')[1].split("</nav>")[0]
        return re.findall(r'<a href="([^"]+)"(?: aria-current="(\w+)")?>([^<]+)</a>', nav)

    assert navigation("/") == [
        ("/essays/", "", "Essays"),
        ("/projects/", "", "Projects"),
        ("/projects/music/", "", "Music"),
        ("/about/", "", "About"),
    ]
    assert ("/projects/music/", "page", "Music") in navigation("/projects/music/")
    assert ("/projects/", "", "Projects") in navigation("/projects/music/")
    assert ("/essays/", "true", "Essays") in navigation("/essays/an-essay/")
