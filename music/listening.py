"""Bandcamp, Spotify, SoundCloud and Apple Music links: recognised, and turned into the players their facades load.

Like the video facade (portfolio/pages/video.py), nothing here talks to the network: each player's address is
made from the link alone, so a page asks those hosts for nothing until the reader clicks play.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError

UNSUPPORTED_MESSAGE = (
    "Enter a Spotify, SoundCloud or Apple Music link (a track, album or playlist), "
    "or the address in Bandcamp's embed code (https://bandcamp.com/EmbeddedPlayer/album=…)."
)
SPOTIFY_KINDS = {"track", "album", "playlist", "artist", "episode", "show"}
APPLE_KINDS = {"album", "playlist", "song", "station"}
SPOTIFY_ID = re.compile(r"^[A-Za-z0-9]{22}$")
SLUG_PART = re.compile(r"^[\w.~%-]+$")
BANDCAMP_PLAYER = re.compile(r"^(?:[a-z_]+=[\w#-]+/)*(?:album|track)=\d+(?:/[a-z_]+=[\w#-]+)*/?$")


@dataclass(frozen=True)
class Listen:
    provider: str  # bandcamp, spotify, soundcloud or apple-music
    url: str  # the link as given, without tracking parameters: where the plain link goes
    embed_url: str  # the player the facade loads after a click
    height: int  # the player's own height in pixels

    @property
    def provider_name(self):
        return {"bandcamp": "Bandcamp", "spotify": "Spotify", "soundcloud": "SoundCloud"}.get(
            self.provider, "Apple Music"
        )


def parse_listen_url(url):
    """The player a Bandcamp, Spotify, SoundCloud or Apple Music link stands for; ValidationError otherwise."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.scheme in {"http", "https"}:
        reader = {
            "open.spotify.com": spotify,
            "soundcloud.com": soundcloud,
            "www.soundcloud.com": soundcloud,
            "m.soundcloud.com": soundcloud,
            "music.apple.com": apple_music,
            "bandcamp.com": bandcamp,
        }.get(host)
        listen = reader(parts, segments) if reader else None
        if listen:
            return listen
    raise ValidationError(UNSUPPORTED_MESSAGE, code="unsupported_player")


def spotify(parts, segments):
    if segments and segments[0].startswith("intl-"):
        segments = segments[1:]
    if segments[:1] == ["embed"]:
        segments = segments[1:]
    if len(segments) != 2 or segments[0] not in SPOTIFY_KINDS or not SPOTIFY_ID.match(segments[1]):
        return None
    kind, item = segments
    height = 152 if kind in {"track", "episode"} else 352
    return Listen(
        "spotify", f"https://open.spotify.com/{kind}/{item}", f"https://open.spotify.com/embed/{kind}/{item}", height
    )


def soundcloud(parts, segments):
    if len(segments) not in {2, 3} or not all(SLUG_PART.match(segment) for segment in segments):
        return None
    if len(segments) == 3 and segments[1] != "sets":
        return None
    link = "https://soundcloud.com/" + "/".join(segments)
    query = urlencode({"url": link, "auto_play": "true", "visual": "false"}, quote_via=quote)
    return Listen("soundcloud", link, f"https://w.soundcloud.com/player/?{query}", 450 if len(segments) == 3 else 166)


def apple_music(parts, segments):
    # music.apple.com/<country>/<album|playlist|song>/<name>/<id>, a song of an album as ?i=<id>
    if len(segments) not in {3, 4} or len(segments[0]) != 2 or segments[1] not in APPLE_KINDS:
        return None
    if not all(SLUG_PART.match(segment) for segment in segments):
        return None
    song = dict(parse_qsl(parts.query)).get("i", "")
    query = f"?i={song}" if song.isdigit() else ""
    path = "/".join(segments)
    height = 175 if query or segments[1] == "song" else 450
    return Listen(
        "apple-music", f"https://music.apple.com/{path}{query}", f"https://embed.music.apple.com/{path}{query}", height
    )


def bandcamp(parts, segments):
    # Only the embed code's address names the album or track by number; an artist's page does not.
    player = "/".join(segments[1:])
    if segments[:1] != ["EmbeddedPlayer"] or not BANDCAMP_PLAYER.match(player):
        return None
    url = urlunsplit(("https", "bandcamp.com", f"/EmbeddedPlayer/{player.rstrip('/')}/", "", ""))
    return Listen("bandcamp", url, url, 120 if "size=small" in player else 470)


def validate_listen_url(url):
    """A field validator: the URL must be a Bandcamp, Spotify, SoundCloud or Apple Music player's."""
    parse_listen_url(url)
