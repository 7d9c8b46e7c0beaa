from music.models.links import StreamingLink
from music.models.production import ProductionWork
from music.models.projects import MusicProjectLink, MusicProjectPage, MusicProjectTag, MusicVideo, ProjectMember
from music.models.releases import ReleaseCredit, ReleaseLink, ReleasePage, Track, TrackCredit
from music.models.shows import SetlistEntry, ShowLink, ShowPage
from music.models.songs import SongPage
from music.models.studio import StudioItem, StudioPage
from music.models.timeline import MusicTimelinePage

__all__ = [
    "MusicProjectLink",
    "MusicProjectPage",
    "MusicProjectTag",
    "MusicTimelinePage",
    "MusicVideo",
    "ProductionWork",
    "ProjectMember",
    "ReleaseCredit",
    "ReleaseLink",
    "ReleasePage",
    "SetlistEntry",
    "ShowLink",
    "ShowPage",
    "SongPage",
    "StreamingLink",
    "StudioItem",
    "StudioPage",
    "Track",
    "TrackCredit",
]
