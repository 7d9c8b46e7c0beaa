"""Which service a profile or streaming link points to, told from its host name."""

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Platform:
    key: str
    name: str


WEBSITE = Platform("website", "Website")
PLATFORMS = [
    (("open.spotify.com", "spotify.com", "spotify.link"), Platform("spotify", "Spotify")),
    (("music.apple.com", "itunes.apple.com"), Platform("apple-music", "Apple Music")),
    (("bandcamp.com",), Platform("bandcamp", "Bandcamp")),
    (("youtube.com", "youtu.be", "music.youtube.com"), Platform("youtube", "YouTube")),
    (("soundcloud.com",), Platform("soundcloud", "SoundCloud")),
    (("github.com",), Platform("github", "GitHub")),
    (("gitlab.com",), Platform("gitlab", "GitLab")),
    (("linkedin.com",), Platform("linkedin", "LinkedIn")),
    (("instagram.com",), Platform("instagram", "Instagram")),
    (("x.com", "twitter.com"), Platform("x", "X")),
    (("vimeo.com",), Platform("vimeo", "Vimeo")),
]


def platform_for(url):
    """The platform of a URL: the host or any parent domain of it names it; anything else is a website."""
    host = (urlsplit(url).hostname or "").lower()
    for hosts, platform in PLATFORMS:
        if any(host == known or host.endswith("." + known) for known in hosts):
            return platform
    return WEBSITE
