"""Video stills fetched once, on the server, into the media library: a facade shows one without the reader's
browser asking YouTube or Vimeo for anything.

The addresses are settings (VIDEO_STILL_URLS, "" for none), so that tests serve stills from a loopback server.
The downloads of one save run side by side, and the save waits for them VIDEO_STILL_DEADLINE seconds in all, however
many videos it has and however long a host takes to answer.
"""

import io
import json
from concurrent.futures import ThreadPoolExecutor, wait
from http.client import HTTPException
from urllib.error import URLError
from urllib.parse import quote, urlsplit
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import UnidentifiedImageError
from wagtail.blocks import StreamValue
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from portfolio.models import VideoStill
from portfolio.pages.video import parse_video_url
from portfolio.serving.content_changes import cached

# A platform's still is a JPEG of some 30-100 KB; anything this big is not one.
MAX_STILL_BYTES = 2 * 1024 * 1024
STILL_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Downloads at once: a page rarely has more videos than this, and a hung host holds one thread each.
FETCHES_AT_ONCE = 4


class StillNotFetched(Exception):
    """Why a still could not be had, in words for the author."""


def videos_on(page):
    """(Video, title) of each video on the page that has no still of the author's choosing: its body's video
    blocks and its own video rows (a music project's), as they are in memory, saved or not."""
    found = []
    body = getattr(page, "body", None)
    for block in body if isinstance(body, StreamValue) else []:
        if block.block_type == "video" and not block.value.get("thumbnail"):
            found.append((parse_video_url(block.value["url"]), block.value.get("caption", "")))
    rows = getattr(page, "videos", None)
    if rows is not None:
        found += [(row.video, row.title) for row in rows.all() if not row.thumbnail_id]
    return found


def fetch_missing_stills(videos):
    """Fetches the still of each video that has none yet; returns a warning for each that could not be fetched.

    Only the downloads run in threads, which never touch the database; the images are stored here. Downloads not
    done by the deadline are given up: their threads end on their own at the host's timeout.
    """
    wanted = {}
    for video, title in videos:
        source = settings.VIDEO_STILL_URLS.get(video.provider)
        if source and (video.provider, video.id) not in wanted:
            wanted[(video.provider, video.id)] = (video, title, source)
    for provider, video_id in VideoStill.objects.filter(video_id__in=[key[1] for key in wanted]).values_list(
        "provider", "video_id"
    ):
        wanted.pop((provider, video_id), None)
    if not wanted:
        return []
    deadline = settings.VIDEO_STILL_DEADLINE
    pool = ThreadPoolExecutor(max_workers=min(FETCHES_AT_ONCE, len(wanted)), thread_name_prefix="video-still")
    downloads = {pool.submit(fetch_still, video, source): (video, title) for video, title, source in wanted.values()}
    wait(downloads, timeout=deadline)
    pool.shutdown(wait=False, cancel_futures=True)
    warnings = []
    for download, (video, title) in downloads.items():
        try:
            if not download.done() or download.cancelled():
                raise StillNotFetched(f"no answer within {deadline:g} s")
            image = library_image(download.result(), video, title)
        except StillNotFetched as error:
            name = f"“{title}”" if title else video.url
            warnings.append(
                f"The still of {name} could not be fetched from {video.provider_name} ({error}): its play button "
                "stays a plain panel. The next save tries again; or choose a still from the media library."
            )
            continue
        VideoStill.objects.get_or_create(provider=video.provider, video_id=video.id, defaults={"image": image})
    return warnings


def fetch_stills_after_commit(videos, report):
    """Fetches the stills once the transaction saving the videos is committed, and reports each warning: a run
    rolled back (an import that fails, or is stopped) leaves no still behind."""
    videos = list(videos)
    if videos:
        transaction.on_commit(lambda: [report(warning) for warning in fetch_missing_stills(videos)])


def fetch_still(video, source):
    """The still's bytes: YouTube's is at a fixed address; Vimeo's oEmbed answer names its own."""
    address = source.format(id=video.id, url=quote(video.url, safe=""))
    if video.provider == "vimeo":
        try:
            address = json.loads(download(address))["thumbnail_url"]
        except (ValueError, KeyError, TypeError) as error:
            raise StillNotFetched("its answer named no still") from error
    return download(address)


def download(address):
    if urlsplit(address).scheme not in {"http", "https"}:
        raise StillNotFetched("not a web address")
    request = Request(address, headers={"User-Agent": "portfolio-video-stills"})
    try:
        with urlopen(request, timeout=settings.VIDEO_STILL_TIMEOUT) as response:  # noqa: S310 (http(s) only)
            data = response.read(MAX_STILL_BYTES + 1)
    except URLError as error:
        raise StillNotFetched(str(getattr(error, "reason", error))) from error
    except (TimeoutError, OSError, HTTPException) as error:
        raise StillNotFetched(str(error) or "no answer") from error
    if len(data) > MAX_STILL_BYTES:
        raise StillNotFetched("the file is too big to be a still")
    return data


def library_image(data, video, title):
    """The still as an image of the media library; the same file fetched twice is one image."""
    try:
        with PillowImage.open(io.BytesIO(data)) as picture:
            extension = STILL_FORMATS.get(picture.format)
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise StillNotFetched("the answer was not an image") from error
    if extension is None:
        raise StillNotFetched(f"a {picture.format} image is not a still")
    Image = get_image_model()
    file_hash = hash_filelike(io.BytesIO(data))
    existing = Image.objects.filter(file_hash=file_hash).first()
    if existing:
        return existing
    return Image.objects.create(
        title=f"Still: {title or video.url}"[:255],
        file=ImageFile(io.BytesIO(data), name=f"{video.provider}-{video.id}.{extension}"),
        file_size=len(data),
        file_hash=file_hash,
        collection=Collection.get_first_root_node(),
    )


def stills():
    """Every fetched still by (platform, video id), read once per change of content."""
    return cached(
        "video-stills",
        lambda: {(still.provider, still.video_id): still.image for still in VideoStill.objects.select_related("image")},
    )


def still_of(video, chosen=None):
    """The still the author chose for the video, or else the one fetched for it; None without either."""
    return chosen or stills().get((video.provider, video.id))
