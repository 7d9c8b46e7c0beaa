from music.models.links import StreamingLink
from music.models.projects import MusicProjectLink, MusicProjectPage, MusicProjectTag, MusicVideo, ProjectMember
from music.models.releases import ReleaseCredit, ReleaseLink, ReleasePage, Track
from music.models.shows import SetlistEntry, ShowLink, ShowPage
from music.models.songs import SongPage
from music.models.timeline import MusicTimelinePage

__all__ = [
    "MusicProjectLink",
    "MusicProjectPage",
    "MusicProjectTag",
    "MusicTimelinePage",
    "MusicVideo",
    "ProjectMember",
    "ReleaseCredit",
    "ReleaseLink",
    "ReleasePage",
    "SetlistEntry",
    "ShowLink",
    "ShowPage",
    "SongPage",
    "StreamingLink",
    "Track",
]
