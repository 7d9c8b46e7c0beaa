"""Shows: their page, the shows list, the timeline, the iCalendar feed, MusicEvent data and the admin form."""

import datetime
import re

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from music.models import ShowPage
from tests.factories import admin_tabs, create_release, create_show, create_song
from tests.test_music import html_of, of_type, timeline_groups
from tests.test_music_admin import add_url, errors_of

FUTURE = datetime.date(2099, 3, 14)


@pytest.fixture
def bands(make_project):
    return make_project("Exage"), make_project("Discrepancy")


def test_a_show_page_says_when_where_who_and_what_was_played(client, timeline, bands):
    exage, discrepancy = bands
    ergot = create_song(exage, "Ergot In The Rye")
    show = create_show(
        timeline,
        "Exage at Foro Alicia",
        date=datetime.date(2016, 3, 12),
        start_time=datetime.time(21, 30),
        end_time=datetime.time(23, 45),
        time_zone="America/Mexico_City",
        venue="Foro Alicia",
        city="Ciudad de México",
        country="México",
        projects=[exage, discrepancy],
        setlist=[
            {"song": ergot},
            {"title": "Raining Blood", "cover": True},
            {"title": "Dried By Time", "encore": True},
        ],
        links=[("Fotos 📷", "https://example.com/fotos")],
        notes="<p>Sold out — ¡gracias!</p>",
    )

    html = html_of(client, show.url)

    assert (
        '<time datetime="2016-03-12T21:30:00-06:00">Saturday 12 March 2016, 21:30–23:45 (America/Mexico City)</time>'
        in html
    )
    assert '<dd dir="auto">Foro Alicia, Ciudad de México, México</dd>' in html
    assert '<a href="/projects/music/exage/">Exage</a>, <a href="/projects/music/discrepancy/">Discrepancy</a>' in html
    main, encore = html.split("<h3>Encore</h3>")
    assert '<a href="/projects/music/exage/ergot-in-the-rye/">Ergot In The Rye</a>' in main
    assert 'Raining Blood <span class="setlist-cover">(cover)</span>' in main
    assert '<ol class="setlist" start="3"><li dir="auto">Dried By Time</li>' in encore
    assert "Sold out — ¡gracias!" in html and '<a href="https://example.com/fotos">Fotos 📷</a>' in html

    [event] = of_type(html, "MusicEvent")
    assert {"name", "startDate", "location", "eventStatus"} <= set(event)
    assert (event["startDate"], event["endDate"]) == ("2016-03-12T21:30:00-06:00", "2016-03-12T23:45:00-06:00")
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"] == {
        "@type": "Place",
        "name": "Foro Alicia",
        "address": {"@type": "PostalAddress", "addressLocality": "Ciudad de México", "addressCountry": "México"},
    }
    assert [performer["name"] for performer in event["performer"]] == ["Exage", "Discrepancy"]


def test_a_cancelled_show_says_so_everywhere(client, timeline, bands):
    show = create_show(timeline, "Festival", date=FUTURE, status="cancelled", projects=[bands[0]])

    html = html_of(client, show.url)
    assert '<p class="show-status-banner"><strong>Cancelled.</strong></p>' in html
    assert of_type(html, "MusicEvent")[0]["eventStatus"] == "https://schema.org/EventCancelled"
    assert "Show (cancelled)" in html_of(client, timeline.url)
    assert "STATUS:CANCELLED" in client.get("/projects/music/shows.ics").content.decode()


def test_the_shows_page_lists_upcoming_soonest_first_then_past_latest_first(client, timeline, bands):
    for title, date in [("Later", FUTURE), ("Sooner", datetime.date(2098, 1, 1)), ("Old", datetime.date(2001, 5, 5))]:
        create_show(timeline, title, date=date, projects=[bands[0]])
    create_show(timeline, "Older", date=datetime.date(1999, 1, 1))

    html = html_of(client, "/projects/music/shows/")

    upcoming, past = html.split('id="past-title"')
    assert re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)<', upcoming) == ["Sooner", "Later"]
    assert re.findall(r'class="card-title" dir="auto"><a href="[^"]+">([^<]+)<', past) == ["Old", "Older"]
    assert '<a href="/projects/music/shows.ics">' in html


def test_a_show_today_is_upcoming_until_its_day_ends_where_it_is(client, timeline):
    # Kiritimati is 14 hours ahead of UTC: its day ends before UTC's; Pago Pago, 11 hours behind, ends after.
    today = datetime.datetime.now(datetime.UTC).date()
    create_show(timeline, "Ahead", date=today - datetime.timedelta(days=1), time_zone="Pacific/Kiritimati")
    create_show(timeline, "Behind", date=today, time_zone="Pacific/Pago_Pago")

    upcoming, past = html_of(client, "/projects/music/shows/").split('id="past-title"')

    assert ">Behind<" in upcoming and ">Ahead<" in past


def test_shows_are_on_the_timeline_and_its_filters(client, timeline, bands):
    exage, discrepancy = bands
    create_show(timeline, "With Exage", date=datetime.date(2016, 3, 12), projects=[exage])
    create_show(timeline, "With Discrepancy", date=datetime.date(2016, 4, 1), projects=[discrepancy])
    create_show(timeline, "Soon", date=FUTURE, projects=[exage])

    html = html_of(client, "/projects/music/")
    assert ("2016", ["With Discrepancy", "With Exage"]) in timeline_groups(html)
    assert "Upcoming shows" in html and ">Soon</a>" in html.split('class="timeline-year"')[0]
    assert [group[1] for group in timeline_groups(html_of(client, "/projects/music/?kind=show"))] == [
        ["Soon"],
        ["With Discrepancy", "With Exage"],
    ]
    filtered = html_of(client, "/projects/music/?project=discrepancy&kind=show")
    assert [group[1] for group in timeline_groups(filtered)] == [["With Discrepancy"]]


def test_the_calendar_has_every_show_in_utc_escaped_and_folded(client, timeline, bands):
    create_show(
        timeline,
        "Exage; live, unplugged — 東京",
        date=datetime.date(2030, 3, 14),
        start_time=datetime.time(21, 0),
        time_zone="America/Mexico_City",
        venue="Foro Alicia",
        city="Ciudad de México",
        projects=[bands[0]],
    )
    create_show(timeline, "Festival " + "ñ" * 80, date=datetime.date(2030, 7, 4), end_date=datetime.date(2030, 7, 6))

    response = client.get("/projects/music/shows.ics")

    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = text.replace("\r\n ", "")
    assert "DTSTART:20300315T030000Z" in unfolded  # 21:00 in Mexico City
    assert "SUMMARY:Exage\\; live\\, unplugged — 東京" in unfolded
    assert "LOCATION:Foro Alicia\\, Ciudad de México" in unfolded and "DESCRIPTION:With Exage" in unfolded
    assert "DTSTART;VALUE=DATE:20300704\r\nDTEND;VALUE=DATE:20300707" in unfolded
    assert unfolded.count("BEGIN:VEVENT") == 2 and "URL:http://localhost/projects/music/exage-live" in unfolded
    assert client.get("/projects/shows.ics").status_code == 404


# The admin


def show_form(projects=(), **overrides):
    data = {
        "title": "Foro Alicia",
        "slug": "foro-alicia",
        "status": "scheduled",
        "date": "2016-03-12",
        "start_time": "21:30",
        "end_date": "",
        "end_time": "23:00",
        "time_zone": "America/Mexico_City",
        "venue": "Foro Alicia",
        "city": "Ciudad de México",
        "country": "México",
        "setlist": inline_formset([]),
        "notes": rich_text(""),
        "links": inline_formset([]),
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data) | {"projects": [str(project.pk) for project in projects]}


def entry(song="", title="", cover=False, encore=False):
    return {"song": song, "title": title, **({"cover": "on"} if cover else {}), **({"encore": "on"} if encore else {})}


def test_a_show_is_created_in_tabs_with_its_projects_and_setlist(admin_client, timeline, bands, client):
    exage = bands[0]
    song = create_song(exage, "Ergot In The Rye")

    response = admin_client.post(
        add_url(ShowPage, timeline),
        show_form(projects=[exage], setlist=inline_formset([entry(song.pk), entry(title="Cover", cover=True)])),
    )

    assert response.status_code == 302, errors_of(response)
    show = ShowPage.objects.get()
    assert show.starts_at == datetime.datetime(2016, 3, 13, 3, 30, tzinfo=datetime.UTC)
    assert [item.name for item in show.setlist.all()] == ["Ergot In The Rye", "Cover"]
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=(show.pk,))).content.decode()
    assert admin_tabs(edit)[:3] == ["Show", "Setlist", "Notes"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "20:00"}, "The show cannot end before it starts (Saturday 12 March 2016, 21:30–20:00"),
        ({"end_date": "2016-03-11", "end_time": ""}, "The show cannot end before it starts"),
        ({"setlist": inline_formset([entry()])}, "Choose a song or give its title."),
    ],
)
def test_a_show_with_a_mistake_is_refused_on_the_field(admin_client, timeline, overrides, message):
    response = admin_client.post(add_url(ShowPage, timeline), show_form(**overrides))

    assert any(error.startswith(message) for error in errors_of(response)), errors_of(response)
    assert not ShowPage.objects.exists()


def test_a_setlist_song_must_be_a_song_of_a_project_that_played(admin_client, timeline, bands):
    exage, discrepancy = bands
    theirs = create_song(discrepancy, "Theirs")

    response = admin_client.post(
        add_url(ShowPage, timeline),
        show_form(projects=[exage], setlist=inline_formset([entry(theirs.pk)])),
    )

    assert "Choose a song of Exage; “Theirs” is by Discrepancy." in errors_of(response)
    assert not ShowPage.objects.exists()


def test_private_shows_and_releases_stay_off_every_music_listing(client, timeline, bands):
    exage = bands[0]
    song = create_song(exage, "Ergot In The Rye")
    secret = create_release(
        exage, "Secret record", release_year=2016, tracks=[{"position": 1, "title": "Ergot", "song": song}]
    )
    gig = create_show(timeline, "Secret gig", date=FUTURE, projects=[exage])
    for page in (secret, gig):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="ß-secret"
        )
    create_show(timeline, "Open gig", date=FUTURE, projects=[exage])

    pages = [html_of(client, url) for url in (song.url, "/projects/music/", "/projects/music/shows/", exage.url)]
    calendar = client.get("/projects/music/shows.ics").content.decode()

    assert not [html for html in pages if "Secret" in html] and "Secret" not in calendar
    assert "Open gig" in pages[1] and "Open gig" in pages[2] and "Open gig" in calendar


def test_songs_shows_and_the_studio_are_found_by_site_search(client, timeline, bands):
    exage = bands[0]
    create_song(exage, "Ergot In The Rye", music_by="Zoë Ångström")
    create_show(timeline, "Foro Alicia", date=FUTURE, venue="Foro Alicia", city="Ciudad de México", projects=[exage])

    songs = html_of(client, "/search/?q=ergot")
    shows = html_of(client, "/search/?q=alicia")

    assert '<a href="/projects/music/exage/ergot-in-the-rye/">Ergot In The Rye</a>' in songs
    assert "Song · Music by Zoë Ångström" in songs
    assert '<a href="/projects/music/foro-alicia/">Foro Alicia</a>' in shows and "With Exage" in shows
