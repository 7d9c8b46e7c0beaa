"""Search puts what matches best first (essays, projects, music) and gives every result a summary."""

import io
import re

from django.core.management import call_command

from portfolio.models import AboutPage, CareerStep
from tests.factories import create_music_project, publish


def results(client, query):
    """[(title, summary)] of the search results in order."""
    html = client.get("/search/", {"q": query}).content.decode()
    cards = re.findall(r"<li>\s*<article.*?</article>", html, re.S)
    found = []
    for card in cards:
        title = re.search(r'class="card-title"[^>]*><a href="[^"]+">([^<]+)</a>', card).group(1)
        paragraphs = [text.strip() for text in re.findall(r"<p[^>]*>(.*?)</p>", card, re.S)]
        found.append((title, [text for text in paragraphs if text]))
    return found


def test_on_the_seeded_site_music_finds_the_music_and_essays_before_about_and_home(db, client):
    call_command("load_initial_data", stdout=io.StringIO(), stderr=io.StringIO())

    found = results(client, "music")

    titles = [title for title, _ in found]
    assert titles[:2] == ["Music", "What Music Production Taught Me About Software Engineering"]
    assert titles.index("About") > titles.index("Non-Drummers Programming Drums")
    assert titles[-2:] in (["About", "Software and music"], ["Software and music", "About"])
    for title, paragraphs in found:
        assert len(paragraphs) >= 2, title  # its kind, and a summary


def test_a_title_holding_every_word_comes_first_whatever_its_case(client, essay_index, timeline):
    """Ranked with accents and case folded, on SQLite and on PostgreSQL alike."""
    home = essay_index.get_parent()
    bio = "<p>" + "Música y código. " * 3 + "</p>"
    publish(home, AboutPage(title="Acerca de", slug="acerca", bio=bio, career_steps=[CareerStep(title="Trabajo")]))
    create_music_project(timeline, "Banda de rock", summary="Música en vivo, rock y código.")
    create_music_project(timeline, "Música de cámara", summary="Cuartetos.")

    for typed in ["MÚSICA", "musica", "Musica"]:
        titles = [title for title, _ in results(client, typed)]

        assert titles[0] == "Música de cámara" and titles[-1] == "Acerca de", typed
    assert [title for title, _ in results(client, "camara")] == ["Música de cámara"]
