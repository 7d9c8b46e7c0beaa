"""Template tags for sound on music pages (and production work on the About page, which is portfolio's)."""

from django import template

from music.audio import audio_type
from music.models.production import production_works

register = template.Library()


@register.inclusion_tag("music/audio_player.html")
def audio_player(document, title="", duration=""):
    """The browser's own player for a library recording, with its length and a download link."""
    return {"document": document, "title": title, "duration": duration, "mime_type": audio_type(document)}


@register.inclusion_tag("music/production_work.html")
def production_work():
    """The work done for clients, latest first, for the About page (portfolio's, which never imports music)."""
    return {"works": production_works()}
