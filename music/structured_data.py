"""schema.org descriptions of bands, releases and videos."""

from wagtail.images.models import Filter

from portfolio.pages.site_url import absolute_url
from portfolio.pages.structured_data import SCHEMA
from portfolio.pages.video_stills import stills

ALBUM_RELEASE_TYPES = {"ep": "EPRelease", "single": "SingleRelease"}
ALBUM_PRODUCTION_TYPES = {"demo": "DemoAlbum", "live": "LiveAlbum", "compilation": "CompilationAlbum"}
VIDEO_THUMBNAIL_FILTER = Filter("fill-1280x720|format-jpeg")


def role(kind, name, roles, start_year=None, end_year=None, url=None):
    """A person in a schema.org Role: the role wraps the person under the very property it qualifies."""
    person = {"@type": "Person", "name": name} | ({"url": url} if url else {})
    data = {"@type": "OrganizationRole" if kind == "member" else "Role", kind: person}
    if roles:
        data["roleName"] = roles
    if start_year:
        data["startDate"] = str(start_year)
    if end_year:
        data["endDate"] = str(end_year)
    return data


def music_group(project, url, author, same_as, members=()):
    """The project; its members are those its page names, or else the author, in the author's roles."""
    data = {"@context": SCHEMA, "@type": "MusicGroup", "name": project.title, "url": url}
    if project.genre_list:
        data["genre"] = project.genre_list
    if project.start_year:
        data["foundingDate"] = str(project.start_year)
    if project.end_year:
        data["dissolutionDate"] = str(project.end_year)
    if project.summary:
        data["description"] = project.summary
    if same_as:
        data["sameAs"] = same_as
    if members:
        data["member"] = [
            role("member", member.name, member.role_list, member.start_year, member.end_year) for member in members
        ]
    elif author.name:
        data["member"] = [role("member", author.name, project.role_list, project.start_year, project.end_year)]
    return data


def music_album(release, url, project, project_url, tracks, request, image_url=None, compositions=None):
    """The release and its tracks; compositions maps a track's id to its song's (name, URL), for those with one."""
    compositions = compositions or {}
    data = {
        "@context": SCHEMA,
        "@type": "MusicAlbum",
        "name": release.title,
        "url": url,
        "albumReleaseType": f"{SCHEMA}/{ALBUM_RELEASE_TYPES.get(release.release_type, 'AlbumRelease')}",
        "byArtist": {"@type": "MusicGroup", "name": project.title, "url": project_url},
        "numTracks": len(tracks),
        "track": [music_recording(track, request, composition=compositions.get(track.pk)) for track in tracks],
    }
    if release.release_credits:
        data["contributor"] = contributors(release.release_credits, request)
    if release.release_type in ALBUM_PRODUCTION_TYPES:
        data["albumProductionType"] = f"{SCHEMA}/{ALBUM_PRODUCTION_TYPES[release.release_type]}"
    if release.release_date_iso:
        data["datePublished"] = release.release_date_iso
    if release.label:
        data["recordLabel"] = {"@type": "Organization", "name": release.label}
    if image_url:
        data["image"] = image_url
    return data


def video_object(music_video, request):
    """The video; its still is the author's or the one fetched into the library, on the site's own address."""
    video = music_video.video
    data = {
        "@context": SCHEMA,
        "@type": "VideoObject",
        "name": music_video.title,
        "description": f"{music_video.get_kind_display()}: {music_video.title}",
        "embedUrl": video.player_url(),
        "contentUrl": video.url,
    }
    if music_video.date or music_video.year:
        data["uploadDate"] = music_video.date.isoformat() if music_video.date else str(music_video.year)
    still = music_video.thumbnail or stills().get((video.provider, video.id))
    if still:
        data["thumbnailUrl"] = absolute_url(
            request, still.get_renditions(VIDEO_THUMBNAIL_FILTER)[VIDEO_THUMBNAIL_FILTER.spec].url
        )
    return data


def person_names(names):
    return [{"@type": "Person", "name": name} for name in names]


def music_recording(track, request, album=None, composition=None):
    """A track as a recording: of which song (composition: its name and URL), on which release (album), by whom."""
    data = {"@type": "MusicRecording", "position": track.position, "name": track.title}
    if track.iso_duration:
        data["duration"] = track.iso_duration
    if album:
        data["inAlbum"] = {"@type": "MusicAlbum", "name": album[0], "url": album[1]}
    if composition:
        data["recordingOf"] = {"@type": "MusicComposition", "name": composition[0], "url": composition[1]}
    if getattr(track, "credit_list", None):
        data["contributor"] = contributors(track.credit_list, request)
    return data


def contributors(credits, request):
    """Who played and worked on a release or track; those with a page on the site link to it."""
    return [
        role(
            "contributor",
            credit.display_name,
            credit.role_list,
            url=credit.person.get_full_url(request) if credit.person else None,
        )
        for credit in credits
    ]


def music_composition(song, url, tracks, request):
    """A song: its writers, its words, and its recordings on published releases."""
    data = {
        "@context": SCHEMA,
        "@type": "MusicComposition",
        "name": song.title,
        "url": url,
    }
    if song.composers:
        data["composer"] = person_names(song.composers)
    if song.lyricists:
        data["lyricist"] = person_names(song.lyricists)
    if song.lyrics:
        text = "\n\n".join(section.value["text"] for section in song.lyrics)
        data["lyrics"] = {"@type": "CreativeWork", "text": text}
    if song.description:
        data["description"] = song.description
    if tracks:
        data["recordedAs"] = [
            music_recording(
                track, request, (track.release.title, track.release.get_full_url(request)), (song.title, url)
            )
            for track in tracks
        ]
    return data


EVENT_STATUSES = {"scheduled": "EventScheduled", "cancelled": "EventCancelled", "postponed": "EventPostponed"}


def music_event(show, url, projects):
    """A show: when and where, who played (projects: (name, URL) pairs), and whether it happens as planned."""
    data = {
        "@context": SCHEMA,
        "@type": "MusicEvent",
        "name": show.title,
        "url": url,
        "startDate": show.starts.isoformat() if show.start_time else show.date.isoformat(),
        "eventStatus": f"{SCHEMA}/{EVENT_STATUSES[show.status]}",
        "eventAttendanceMode": f"{SCHEMA}/OfflineEventAttendanceMode",
        "location": {"@type": "Place", "name": show.venue or show.city or show.title},
    }
    if show.ends:
        data["endDate"] = show.ends.isoformat() if show.end_time else (show.end_date or show.date).isoformat()
    address = {"addressLocality": show.city, "addressCountry": show.country}
    if any(address.values()):
        data["location"]["address"] = {"@type": "PostalAddress"} | {
            key: value for key, value in address.items() if value
        }
    if projects:
        data["performer"] = [
            {"@type": "MusicGroup", "name": name, "url": project_url} for name, project_url in projects
        ]
    if show.description:
        data["description"] = show.description
    return data
