"""The home page's music: the newest release, named with the band that made it."""

import re

from tests.factories import create_music_project, create_release


def music_section(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index('id="music-title"') :].split("</section>")[0]


def test_the_latest_release_card_names_its_band_and_links_to_it(client, home, timeline):
    exage = create_music_project(timeline, "Exage")
    create_release(exage, "Dried By Time", release_year=2016, release_type="single")
    night = create_music_project(timeline, "فرقة الليل 🌙", slug="firqat-al-layl")
    create_release(night, "Nuits d’été", slug="nuits-dete", release_year=2024, release_month=6, release_type="ep")

    music = music_section(client)

    [card] = re.findall(r'<article class="card.*?</article>', music, re.S)
    assert '<a href="/projects/music/firqat-al-layl/nuits-dete/">Nuits d’été</a>' in card
    assert '<p class="meta">By <a href="/projects/music/firqat-al-layl/"><bdi>فرقة الليل 🌙</bdi></a> · EP' in card
    assert "Exage" not in music and "Dried By Time" not in music


def test_a_release_card_elsewhere_does_not_repeat_the_band_of_its_own_page(client, home, timeline):
    exage = create_music_project(timeline, "Exage")
    create_release(exage, "Ergot In The Rye", release_year=2018)

    html = client.get("/projects/music/exage/").content.decode()

    [card] = [card for card in re.findall(r'<article class="card.*?</article>', html, re.S) if "Ergot" in card]
    assert '<p class="meta">Album · 2018</p>' in card
