"""Who played and worked on releases, and who was in each project: on the pages, in JSON-LD, in the admin."""

from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset

from music.models import ProjectMember, ReleaseCredit, ReleasePage
from portfolio.models import AuthorSettings
from tests.factories import admin_tabs, create_release
from tests.test_music import html_of, of_type
from tests.test_music_admin import add_url, errors_of, music_project_form, release_form


def debut(project, credits):
    tracks = [{"position": number, "title": title} for number, title in enumerate(["Dried By Time", "Ergot"], 1)]
    release = create_release(project, "Debut", tracks=tracks)
    release.credits = [ReleaseCredit(**credit) for credit in credits]
    release.save_revision().publish()
    return release


def test_release_credits_show_on_the_release_and_track_credits_on_their_tracks(client, make_project):
    release = debut(
        make_project("Exage"),
        [
            {"name": "Iván Pérez", "roles": "Vocals, Guitar"},
            {"name": "Łukasz 🥁 Nowak", "roles": "Drums programming", "tracks": "2"},
            {"name": "山田 太郎", "roles": "Mixing, Mastering", "tracks": "1-2"},
        ],
    )

    html = html_of(client, release.url)

    credits = html.split('id="credits-title"')[1]
    assert '<dt dir="auto">Iván Pérez</dt><dd>Vocals, Guitar</dd>' in credits and "Nowak" not in credits
    first, second = html.split('<li value="1">')[1].split('<li value="2">')
    assert "山田 太郎</span>: Mixing, Mastering" in first and "Nowak" not in first
    assert 'Łukasz 🥁 Nowak</span>: Drums programming; <span dir="auto">山田 太郎' in second


def test_credits_are_roles_in_the_albums_json_ld(client, make_project):
    release = debut(
        make_project("Exage"),
        [{"name": "Iván Pérez", "roles": "Vocals, Guitar"}, {"name": "Zoë", "roles": "Mastering", "tracks": "2"}],
    )

    [album] = of_type(html_of(client, release.url), "MusicAlbum")

    assert album["contributor"] == [
        {"@type": "Role", "contributor": {"@type": "Person", "name": "Iván Pérez"}, "roleName": ["Vocals", "Guitar"]}
    ]
    assert "contributor" not in album["track"][0]
    assert album["track"][1]["contributor"][0]["contributor"]["name"] == "Zoë"


def test_a_projects_members_show_with_roles_and_years_and_are_its_json_ld_members(client, make_project, home):
    author = AuthorSettings.for_site(Site.objects.get())
    author.name = "Iván Pérez"
    author.save()
    band = make_project("Exage", roles="Vocals, Guitar", start_year=2010, end_year=2019)
    band.members = [
        ProjectMember(name="Iván Pérez", roles="Vocals, Guitar", start_year=2010, end_year=2019),
        ProjectMember(name="محمد", roles="Bass", start_year=2012),
        ProjectMember(name="Someone", roles=""),
    ]
    band.save_revision().publish()

    html = html_of(client, band.url)

    assert '<dt dir="auto">محمد</dt><dd>Bass · 2012–present</dd>' in html
    assert '<dt dir="auto">Someone</dt><dd></dd>' in html
    [group] = of_type(html, "MusicGroup")
    assert group["member"] == [
        {
            "@type": "OrganizationRole",
            "member": {"@type": "Person", "name": "Iván Pérez"},
            "roleName": ["Vocals", "Guitar"],
            "startDate": "2010",
            "endDate": "2019",
        },
        {
            "@type": "OrganizationRole",
            "member": {"@type": "Person", "name": "محمد"},
            "roleName": ["Bass"],
            "startDate": "2012",
        },
        {"@type": "OrganizationRole", "member": {"@type": "Person", "name": "Someone"}},
    ]


def member(name, roles="", start_year="", end_year=""):
    return {"name": name, "roles": roles, "start_year": start_year, "end_year": end_year}


def test_members_are_edited_in_their_own_tab_with_their_years_checked(admin_client, make_project):
    band = make_project("Exage")
    edit = reverse("wagtailadmin_pages:edit", args=(band.pk,))

    refused = admin_client.post(
        edit, music_project_form(slug="exage", members=inline_formset([member("Zoë", "Bass", "2015", "2012")]))
    )
    assert "The end year (2012) cannot be before the start year (2015)." in errors_of(refused)

    accepted = admin_client.post(
        edit, music_project_form(slug="exage", members=inline_formset([member("Zoë", "Bass", "2012", "2015")]))
    )
    assert accepted.status_code == 302
    assert [(m.name, m.roles, m.years) for m in band.members.all()] == [("Zoë", "Bass", "2012–2015")]
    assert admin_tabs(admin_client.get(edit).content.decode())[:3] == ["Project", "Members", "Links"]


def credit(name, roles, tracks=""):
    return {"name": name, "roles": roles, "tracks": tracks}


def test_a_credit_for_tracks_the_release_does_not_have_is_refused_on_the_field(admin_client, make_project):
    band = make_project("Exage")

    for tracks, message in [("2, 5-6", "There is no track 5, 6 on this release."), ("one", "Enter track numbers")]:
        response = admin_client.post(
            add_url(ReleasePage, band), release_form(credits=inline_formset([credit("Zoë", "Mixing", tracks)]))
        )
        assert any(error.startswith(message) for error in errors_of(response)), errors_of(response)
    assert not ReleasePage.objects.exists()

    response = admin_client.post(
        add_url(ReleasePage, band), release_form(credits=inline_formset([credit("Zoë", "Mixing", "1-2")]))
    )
    assert response.status_code == 302
    assert ReleaseCredit.objects.get().positions == [1, 2]
    edit = reverse("wagtailadmin_pages:edit", args=(ReleasePage.objects.get().pk,))
    assert admin_tabs(admin_client.get(edit).content.decode())[:3] == ["Release", "Tracks", "Credits"]
