"""Who played and worked on releases, and who was in each project: on the pages, in JSON-LD, in the admin."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import inline_formset

from music.models import ProjectMember, ReleaseCredit, ReleasePage, Track, TrackCredit
from portfolio.models import AboutPage, AuthorSettings
from tests.factories import (
    admin_tabs,
    create_home,
    create_music_project,
    create_project_index,
    create_release,
    create_timeline,
    publish,
)
from tests.test_music import html_of, of_type
from tests.test_music_admin import add_url, errors_of, music_project_form, release_form, track


def debut(project, credits, track_credits=((), ())):
    """A release of two tracks with credits for the whole of it and, for each track, its own."""
    tracks = [
        Track(position=number, title=title, performers=[TrackCredit(**credit) for credit in performers])
        for number, (title, performers) in enumerate(zip(["Dried By Time", "Ergot"], track_credits, strict=True), 1)
    ]
    release = create_release(project, "Debut")
    release.tracks = tracks
    release.credits = [ReleaseCredit(**credit) for credit in credits]
    release.save_revision().publish()
    return release


def test_release_credits_show_on_the_release_and_track_credits_beside_their_tracks(client, make_project):
    release = debut(
        make_project("Exage"),
        [{"name": "Iván Pérez", "roles": "Vocals, Guitar"}],
        (
            [{"name": "山田 太郎", "roles": "Mixing, Mastering"}],
            [{"name": "Łukasz 🥁 Nowak", "roles": "Drums programming"}, {"name": "山田 太郎", "roles": "Mixing"}],
        ),
    )

    html = html_of(client, release.url)

    credits = html.split('id="credits-title"')[1]
    assert '<dt dir="auto">Iván Pérez</dt><dd>Vocals, Guitar</dd>' in credits and "Nowak" not in credits
    first, second = html.split('<li value="1">')[1].split('<li value="2">')
    assert '<span dir="auto">山田 太郎</span>: Mixing, Mastering</span>' in first and "Nowak" not in first
    assert 'Łukasz 🥁 Nowak</span>: Drums programming; <span dir="auto">山田 太郎</span>: Mixing</span>' in second


def test_credits_are_roles_in_the_albums_and_each_tracks_json_ld(client, make_project):
    release = debut(
        make_project("Exage"),
        [{"name": "Iván Pérez", "roles": "Vocals, Guitar"}],
        ([], [{"name": "زينب", "roles": "Mastering"}]),
    )

    [album] = of_type(html_of(client, release.url), "MusicAlbum")

    assert album["contributor"] == [
        {"@type": "Role", "contributor": {"@type": "Person", "name": "Iván Pérez"}, "roleName": ["Vocals", "Guitar"]}
    ]
    assert "contributor" not in album["track"][0]
    assert album["track"][1]["contributor"] == [
        {"@type": "Role", "contributor": {"@type": "Person", "name": "زينب"}, "roleName": ["Mastering"]}
    ]


def test_a_credit_with_a_page_links_to_it_while_it_is_published(client, make_project, home):
    about = publish(home, AboutPage(title="Iván Pérez", slug="about", bio="<p>Hola.</p>"))
    release = debut(
        make_project("Exage"),
        [{"person": about, "roles": "Production"}],
        ([{"name": "Iván", "person": about, "roles": "Guitar"}], []),
    )

    html = html_of(client, release.url)
    [album] = of_type(html, "MusicAlbum")

    assert '<dt dir="auto"><a href="/about/">Iván Pérez</a></dt><dd>Production</dd>' in html
    assert '<span dir="auto"><a href="/about/">Iván</a></span>: Guitar' in html
    person = {"@type": "Person", "name": "Iván", "url": "http://localhost/about/"}
    assert album["track"][0]["contributor"] == [{"@type": "Role", "contributor": person, "roleName": ["Guitar"]}]

    about.unpublish()
    html = html_of(client, release.url)
    assert '<dt dir="auto">Iván Pérez</dt>' in html and '<span dir="auto">Iván</span>: Guitar' in html
    assert "/about/" not in html.split('id="tracks-title"')[1]


@pytest.mark.slow
def test_a_release_page_costs_the_same_queries_with_5_or_200_tracks_and_credits(
    client, make_project, home, without_the_page_cache
):
    about = publish(home, AboutPage(title="Iván Pérez", slug="about", bio="<p>Hola.</p>"))
    release = create_release(make_project("Exage"), "Debut")

    def add(first, last):
        for number in range(first, last):
            performers = [TrackCredit(name=f"Zoë {number}", roles="Mixing"), TrackCredit(person=about, roles="Guitar")]
            release.tracks.add(Track(position=number + 1, title=f"Pista {number} 🎸", performers=performers))
            release.credits.add(ReleaseCredit(name=f"山田 {number}", roles="Mastering"))
        release.save_revision().publish()

    def count():
        client.get(release.url)
        with CaptureQueriesContext(connection) as captured:
            html = html_of(client, release.url)
        return len(captured), html.count('<a href="/about/">Iván Pérez</a>')

    add(0, 5)
    few = count()
    add(5, 200)
    assert TrackCredit.objects.count() == 400
    assert count() == (few[0], 200)
    assert few[1] == 5


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


def credit(name="", roles="", person=""):
    return {"name": name, "person": person, "roles": roles}


def test_track_credits_are_edited_inside_their_track_and_need_a_name_or_a_page(admin_client, make_project, home):
    band = make_project("Exage")
    about = publish(home, AboutPage(title="Iván Pérez", slug="about", bio="<p>Hola.</p>"))

    def post(*performers):
        tracks = [track(1, "Dried By Time", performers=inline_formset(list(performers))), track(2, "Ergot")]
        return admin_client.post(add_url(ReleasePage, band), release_form(tracks=inline_formset(tracks)))

    refused = post(credit(roles="Guitar"))
    assert "Give their name or choose their page." in errors_of(refused)
    assert not ReleasePage.objects.exists()

    accepted = post(credit("Zoë", "Mixing, Mastering"), credit(roles="Guitar", person=str(about.pk)))
    assert accepted.status_code == 302, errors_of(accepted)
    release = ReleasePage.objects.get()
    [first, second] = release.tracks.order_by("position")
    assert [(c.display_name, c.roles) for c in first.performers.all()] == [
        ("Zoë", "Mixing, Mastering"),
        ("Iván Pérez", "Guitar"),
    ]
    assert not second.performers.exists()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(release.pk,))).content.decode()
    assert admin_tabs(edit)[:3] == ["Release", "Tracks", "Credits"]
    assert 'name="tracks-0-performers-0-name" value="Zoë"' in edit


def test_a_preview_shows_track_credits_before_they_are_saved(admin_client, make_project, home):
    band = make_project("Exage")
    about = publish(home, AboutPage(title="Iván Pérez", slug="about", bio="<p>Hola.</p>"))
    performers = inline_formset([credit("Zoë 🥁", "Drums programming"), credit(roles="Guitar", person=str(about.pk))])
    tracks = inline_formset([track(1, "Dried By Time", performers=performers)])
    add = reverse("wagtailadmin_pages:preview_on_add", args=("music", "releasepage", band.pk))
    edit = reverse("wagtailadmin_pages:preview_on_edit", args=(create_release(band, "Debut demo", slug="demo").pk,))

    for url in (add, edit):
        assert admin_client.post(url, release_form(tracks=tracks)).json()["is_valid"]
        html = admin_client.get(url).content.decode()
        played = html.split('<li value="1">')[1].split("</li>")[0]
        assert '<span dir="auto">Zoë 🥁</span>: Drums programming; <span dir="auto"><a href="/about/">Iván' in played
    assert not TrackCredit.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_credits_for_some_tracks_onto_those_tracks_and_their_drafts():
    """Credits once named their tracks ("1, 3-5") on the release; each becomes a credit of every track it named."""
    band = create_music_project(create_timeline(create_project_index(create_home())), "Exage")
    release = create_release(band, "Debut", tracks=[{"position": n, "title": f"Track {n}"} for n in (1, 2, 3, 4)])
    revision = release.get_latest_revision()
    revision.content["credits"] = [{"pk": None, "page": release.pk, "name": "山田", "roles": "Mixing", "tracks": "3"}]
    revision.save()
    call_command("migrate", "music", "0013", verbosity=0)
    with connection.cursor() as cursor:
        for order, (name, tracks) in enumerate([("Iván Pérez", ""), ("山田", "1, 3-4"), ("Zoë", "2")]):
            cursor.execute(
                "INSERT INTO music_releasecredit (page_id, sort_order, name, roles, tracks) "
                "VALUES (%s, %s, %s, %s, %s)",
                [release.pk, order, name, "Guitar", tracks],
            )

    call_command("migrate", "music", verbosity=0)

    by_track = {track.position: [c.name for c in track.performers.all()] for track in release.tracks.all()}
    assert by_track == {1: ["山田"], 2: ["Zoë"], 3: ["山田"], 4: ["山田"]}
    assert [credit.name for credit in ReleaseCredit.objects.all()] == ["Iván Pérez"]
    draft = ReleasePage.objects.get().get_latest_revision().as_object()
    assert not draft.credits.all()
    assert {t.position: [c.name for c in t.performers.all()] for t in draft.tracks.all()} == {
        1: [],
        2: [],
        3: ["山田"],
        4: [],
    }
