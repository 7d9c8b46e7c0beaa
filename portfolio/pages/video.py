"""YouTube and Vimeo links: recognised, cleaned of tracking, turned into privacy-friendly player URLs.

Nothing here talks to the network: the video facade needs only the provider,
the video's id and its start time, all of which are in the URL itself.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError

UNSUPPORTED_MESSAGE = (
    "Enter a YouTube or Vimeo video link, such as https://youtu.be/VIDEO_ID, "
    "https://www.youtube.com/watch?v=VIDEO_ID or https://vimeo.com/123456789."
)

YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
YOUTUBE_NOCOOKIE_HOSTS = {"youtube-nocookie.com", "www.youtube-nocookie.com"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d+$")
TRACKING_PARAMETERS = {"si", "feature", "fbclid", "gclid"}
START_TIME = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s?)?$")


@dataclass(frozen=True)
class Video:
    provider: str  # "youtube" or "vimeo"
    id: str
    url: str  # the link as given, without tracking parameters
    start: int = 0  # seconds
    vimeo_hash: str = ""  # unlisted Vimeo videos need it to play

    @property
    def provider_name(self):
        return "YouTube" if self.provider == "youtube" else "Vimeo"

    @property
    def embed_url(self):
        """The player the facade loads after a click, starting at once."""
        return self.player_url(autoplay=True)

    def player_url(self, autoplay=False):
        """The privacy-friendly player: youtube-nocookie.com, or Vimeo with do-not-track."""
        query = {"autoplay": "1"} if autoplay else {}
        if self.provider == "youtube":
            if self.start:
                query["start"] = str(self.start)
            return f"https://www.youtube-nocookie.com/embed/{self.id}" + (f"?{urlencode(query)}" if query else "")
        query["dnt"] = "1"
        if self.vimeo_hash:
            query["h"] = self.vimeo_hash
        fragment = f"#t={self.start}s" if self.start else ""
        return f"https://player.vimeo.com/video/{self.id}?{urlencode(query)}{fragment}"


def parse_video_url(url):
    """Return the Video a YouTube or Vimeo URL points to; raise ValidationError for anything else."""
    parts = urlsplit((url or "").strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"}:
        raise ValidationError(UNSUPPORTED_MESSAGE, code="unsupported_video")
    query = parse_qsl(parts.query, keep_blank_values=True)
    params = dict(query)
    segments = [segment for segment in parts.path.split("/") if segment]

    provider, video_id, vimeo_hash = None, None, ""
    if host == "youtu.be" and len(segments) == 1:
        provider, video_id = "youtube", segments[0]
    elif host in YOUTUBE_HOSTS and segments == ["watch"]:
        provider, video_id = "youtube", params.get("v")
    elif host in YOUTUBE_HOSTS | YOUTUBE_NOCOOKIE_HOSTS and len(segments) == 2:
        if segments[0] in {"shorts", "embed", "live"} and (segments[0] == "embed" or host in YOUTUBE_HOSTS):
            provider, video_id = "youtube", segments[1]
    elif host == "player.vimeo.com" and len(segments) == 2 and segments[0] == "video":
        provider, video_id, vimeo_hash = "vimeo", segments[1], params.get("h", "")
    elif host in VIMEO_HOSTS - {"player.vimeo.com"} and segments:
        # vimeo.com/ID, vimeo.com/ID/HASH (unlisted), vimeo.com/channels/NAME/ID
        numeric = [i for i, segment in enumerate(segments) if VIMEO_ID.match(segment)]
        if numeric:
            index = numeric[-1]
            provider, video_id = "vimeo", segments[index]
            if index + 1 < len(segments):
                vimeo_hash = segments[index + 1]

    pattern = YOUTUBE_ID if provider == "youtube" else VIMEO_ID
    if provider is None or not video_id or not pattern.match(video_id):
        raise ValidationError(UNSUPPORTED_MESSAGE, code="unsupported_video")

    start_value = params.get("t") or params.get("start") or ""
    if provider == "vimeo" and parts.fragment.startswith("t="):
        start_value = parts.fragment[2:]
    start = parse_start_time(start_value)

    kept = [(key, value) for key, value in query if not is_tracking_parameter(key)]
    fragment = parts.fragment if provider == "vimeo" else ""
    clean_url = urlunsplit(("https", parts.netloc.lower(), parts.path, urlencode(kept), fragment))
    return Video(provider=provider, id=video_id, url=clean_url, start=start, vimeo_hash=vimeo_hash)


def is_tracking_parameter(name):
    return name in TRACKING_PARAMETERS or name.startswith("utm_")


def parse_start_time(value):
    """Seconds from a start time written as 90, 90s, 1m30s or 1h2m3s; 0 when absent or unreadable."""
    match = START_TIME.match(value.strip()) if value else None
    if not match:
        return 0
    hours, minutes, seconds = (int(match.group(name) or 0) for name in "hms")
    return hours * 3600 + minutes * 60 + seconds


def validate_video_url(url):
    """A model field validator: the URL must be a YouTube or Vimeo video."""
    parse_video_url(url)
